"""Crash-safe file writes: a reader sees either the old file or the complete new one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def fsync_dir(directory: Path) -> None:
    """Make a rename or a new name in ``directory`` itself durable."""
    fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_temp(directory: Path, data: bytes, *, mode: int) -> Path:
    fd, name = tempfile.mkstemp(dir=directory, prefix=".tmp-")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)
        raise
    return Path(name)


def write_atomic(path: Path, data: bytes, *, mode: int = 0o600) -> None:
    """Write ``data`` to ``path`` via temp file + fsync + rename + fsync of the directory."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = _write_temp(path.parent, data, mode=mode)
    try:
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    fsync_dir(path.parent)


def create_exclusive(path: Path, data: bytes, *, mode: int = 0o600) -> bool:
    """Atomically create ``path`` with ``data`` unless it exists; True if this call created it.

    ``os.link`` fails when the name exists, so two processes racing to create the same file
    cannot both win, and nobody ever sees it half-written.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = _write_temp(path.parent, data, mode=mode)
    try:
        os.link(temp, path)
    except FileExistsError:
        return False
    finally:
        os.unlink(temp)
    fsync_dir(path.parent)
    return True
