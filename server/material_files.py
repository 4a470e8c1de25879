"""Material bytes on disk: content-addressed files, written so that a file the server has
acknowledged survives a power cut.

The database holds each material's metadata (declared size, bytes received, complete or not:
``server.materials``); this module holds the bytes, under one root directory::

    ROOT/complete/ab/abcdef…   a verified file, named by its SHA-256; never changed again
    ROOT/partial/abcdef…       an upload in progress
    ROOT/partial/abcdef….X.tmp a whole file being written, about to be renamed into place

Every app process that serves the same database must see the same ROOT (several uvicorn
workers on one machine share it anyway; app processes on several machines need it on shared
storage: see ``docs/operations.md``). The database is the truth about how many bytes of a
partial file count: bytes past ``materials.received`` (written, then the process died before
its commit) are cut off before the next write; a partial file shorter than that (lost by
hand) makes the upload go back to what is really there.

Durability: bytes are ``fdatasync``-ed before the database records them, a new file's
directory entry is synced before the database points to it, and a finished file is renamed
into ``complete/`` (then that directory synced) before the database calls it complete. So a
commit — and the answer the kiosk gets after it — never refers to bytes that a power cut can
still take away. And since nothing unverified or unsynced is ever renamed into
``complete/``, a file there proves the material is held, whatever the database says.

The API (callers hold the material's row lock, ``server.materials``, while they write):

``MaterialFiles(root)``                 the store; directories are made on first write
``.write_at(sha, offset, data)``        cut the partial file to ``offset``, append ``data``, sync
``.partial_size(sha)``                  bytes in the partial file (0 if none)
``.partial_digest(sha)``                SHA-256 (hex) of the partial file, read from disk once
``.promote(sha)``                       rename the partial file to its complete name, durably
``.store(sha, data)``                   write a whole verified file (temp file, sync, rename)
``.store_many([(sha, data), ...])``     the same for several files, their syncs together
``.discard_partial(sha)``               delete the partial file (after a hash mismatch; by GC)
``.partials()``                         ``(sha, size, mtime)`` of every partial file (for GC)
``.sweep_temporaries(before)``          delete temp files older than ``before`` (a crash's)
``.read(sha)``                          the complete file's bytes (None if absent)
``.complete_size(sha)``                 the complete file's size, None if there is none
``.completes()``                        ``(sha, size, mtime)`` of every complete file (for GC)
``.complete_digest(sha)``               SHA-256 of the complete file (an audit's re-check)
``.discard_complete(sha)``              delete the complete file, durably (retention, upload GC)
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
import re
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from pathlib import Path

from server.errors import ServerError

ENV_MATERIALS_DIR = "KIOSK_SERVER_MATERIALS"
_SHA = re.compile(r"^[0-9a-f]{64}$")
_READ_BLOCK = 1 << 20
_fdatasync = getattr(os, "fdatasync", os.fsync)


class MaterialStorageError(ServerError):
    """The material directory cannot be used (missing permission, full disk ...)."""


def default_materials_dir(db_url: str) -> Path:
    """Where material files go when no directory is given.

    A SQLite database keeps them beside its file (``server.db`` -> ``server-materials/``), so
    the two travel together; any other database (PostgreSQL) in ``kiosk-server-materials/``
    under the working directory, as the default SQLite file is.
    """
    for prefix in ("sqlite:///", "sqlite+pysqlite:///"):
        if db_url.startswith(prefix):
            path = db_url[len(prefix) :].split("?", 1)[0]
            if path and path != ":memory:":
                database = Path(path)
                return database.with_name(f"{database.stem}-materials")
    return Path("kiosk-server-materials")


class MaterialFiles:
    def __init__(self, root: Path | str) -> None:
        self.root = Path(root).absolute()
        self._complete = self.root / "complete"
        self._partial = self.root / "partial"
        self._made: set[Path] = set()
        self._made_lock = threading.Lock()
        self._fanout_ready = False
        self._serial = itertools.count(1)

    def __repr__(self) -> str:
        return f"MaterialFiles({str(self.root)!r})"

    # ------------------------------------------------------------------ names

    def complete_path(self, sha256: str) -> Path:
        _check(sha256)
        return self._complete / sha256[:2] / sha256

    def partial_path(self, sha256: str) -> Path:
        _check(sha256)
        return self._partial / sha256

    # ------------------------------------------------------------------ partial uploads

    def partial_size(self, sha256: str) -> int:
        try:
            return self.partial_path(sha256).stat().st_size
        except FileNotFoundError:
            return 0
        except OSError as error:
            raise _storage_error("stat", error) from error

    def write_at(self, sha256: str, offset: int, data: bytes) -> None:
        """Make the partial file exactly ``offset`` bytes, then append ``data``; synced."""
        self._write(self.partial_path(sha256), offset, data, name_durable=True)

    def _write(self, path: Path, offset: int, data: bytes, *, name_durable: bool) -> None:
        try:
            self._ensure_dir(self._partial)
            created = False
            try:
                fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
                created = True
            except FileExistsError:
                fd = os.open(path, os.O_RDWR)
            try:
                if os.fstat(fd).st_size != offset:
                    os.ftruncate(fd, offset)
                view = memoryview(data)
                position = offset
                while view:
                    written = os.pwrite(fd, view, position)
                    view = view[written:]
                    position += written
                _fdatasync(fd)
            finally:
                os.close(fd)
            if created and name_durable:
                _sync_dir(self._partial)
        except OSError as error:
            raise _storage_error("write", error) from error

    def partial_digest(self, sha256: str) -> str:
        return _digest_file(self.partial_path(sha256))

    def promote(self, sha256: str) -> None:
        """The (verified) partial file becomes the complete file, durably."""
        self._rename_into_place(self.partial_path(sha256), sha256)

    def _rename_into_place(self, source: Path, sha256: str) -> None:
        target = self.complete_path(sha256)
        try:
            self._ensure_fanout()
            os.replace(source, target)
            _sync_dir(target.parent)
        except OSError as error:
            raise _storage_error("rename", error) from error

    def discard_partial(self, sha256: str) -> None:
        try:
            self.partial_path(sha256).unlink(missing_ok=True)
        except OSError as error:
            raise _storage_error("delete", error) from error

    def partials(self) -> Iterator[tuple[str, int, float]]:
        """``(sha256, size, mtime)`` of each partial file, in no particular order."""
        try:
            entries = list(os.scandir(self._partial))
        except FileNotFoundError:
            return
        for entry in entries:
            if not _SHA.match(entry.name):
                continue
            try:
                info = entry.stat()
            except FileNotFoundError:
                continue  # finished or discarded meanwhile
            yield entry.name, info.st_size, info.st_mtime

    # ------------------------------------------------------------------ complete files

    def completes(self) -> Iterator[tuple[str, int, float]]:
        """``(sha256, size, mtime)`` of each complete file, in no particular order (for GC:
        a file whose row a crash took is held all the same, and must not be forgotten)."""
        try:
            fanout = list(os.scandir(self._complete))
        except FileNotFoundError:
            return
        for directory in fanout:
            if not directory.is_dir():
                continue
            try:
                entries = list(os.scandir(directory.path))
            except FileNotFoundError:
                continue
            for entry in entries:
                if not _SHA.match(entry.name):
                    continue
                try:
                    info = entry.stat()
                except FileNotFoundError:
                    continue  # removed meanwhile
                yield entry.name, info.st_size, info.st_mtime

    def store(self, sha256: str, data: bytes) -> None:
        """Write a whole file the caller has verified: temp file, sync, rename, sync dir.

        The temporary (partial) name need not be durable: it is renamed at once, and the
        sync of ``complete/``'s directory makes the final name durable."""
        temporary = self._temporary(sha256)
        try:
            self._write(temporary, 0, data, name_durable=False)
            self._rename_into_place(temporary, sha256)
        finally:
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)

    def store_many(self, items: Sequence[tuple[str, bytes]]) -> None:
        """:meth:`store` for several verified files at once (one batch request), with the
        same guarantees, in a quarter of the time: every file is written, then all are synced
        *together*, then renamed into place, then their directories synced together. The
        filesystem's journal commits syncs that wait at the same moment as one (ext4 and XFS
        group commit), so N files cost about two journal commits instead of 2·N; the order
        (data durable before the name, names durable before the answer) is unchanged."""
        if len(items) == 1:
            self.store(*items[0])
            return
        temporaries: list[tuple[Path, str]] = []
        try:
            try:
                self._ensure_dir(self._partial)
                self._ensure_fanout()
                for sha256, data in items:
                    temporary = self._temporary(sha256)
                    temporaries.append((temporary, sha256))
                    _write_new(temporary, data)
                _sync_all([path for path, _ in temporaries], directories=False)
                for temporary, sha256 in temporaries:
                    os.replace(temporary, self.complete_path(sha256))
                _sync_all(
                    sorted({self.complete_path(sha).parent for _, sha in temporaries}),
                    directories=True,
                )
            except OSError as error:
                raise _storage_error("write", error) from error
        finally:
            for temporary, _ in temporaries:
                with contextlib.suppress(OSError):
                    temporary.unlink(missing_ok=True)

    def _temporary(self, sha256: str) -> Path:
        # A name of its own: two requests storing the same file at once must not share one.
        return self._partial / f"{sha256}.{os.getpid()}-{next(self._serial)}.tmp"

    def sweep_temporaries(self, before: float) -> int:
        """Delete temporary files last changed before ``before`` (a Unix time): what a crash
        in the middle of :meth:`store` leaves. Returns how many went."""
        swept = 0
        try:
            entries = list(os.scandir(self._partial))
        except FileNotFoundError:
            return 0
        for entry in entries:
            if not entry.name.endswith(".tmp"):
                continue
            with contextlib.suppress(FileNotFoundError):
                if entry.stat().st_mtime < before:
                    os.unlink(entry.path)
                    swept += 1
        return swept

    def complete_size(self, sha256: str) -> int | None:
        try:
            return self.complete_path(sha256).stat().st_size
        except FileNotFoundError:
            return None
        except OSError as error:
            raise _storage_error("stat", error) from error

    def read(self, sha256: str) -> bytes | None:
        try:
            return self.complete_path(sha256).read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise _storage_error("read", error) from error

    def complete_digest(self, sha256: str) -> str:
        return _digest_file(self.complete_path(sha256))

    def discard_complete(self, sha256: str) -> None:
        """Delete the complete file and sync its directory, so a power cut does not bring
        back a file retention removed (server/retention.py, server/upload_gc.py)."""
        path = self.complete_path(sha256)
        try:
            path.unlink()
        except FileNotFoundError:
            return
        except OSError as error:
            raise _storage_error("delete", error) from error
        _sync_dir(path.parent)

    # ------------------------------------------------------------------ helpers

    def _ensure_fanout(self) -> None:
        """All 256 ``complete/xx`` directories at once: one directory sync for them all,
        instead of one for each new prefix during the first few hundred uploads."""
        if self._fanout_ready:
            return
        self._ensure_dir(self._complete)
        with self._made_lock:
            made = False
            for prefix in range(256):
                directory = self._complete / f"{prefix:02x}"
                if not directory.is_dir():
                    directory.mkdir(mode=0o700, exist_ok=True)
                    made = True
            if made:
                _sync_dir(self._complete)
            self._fanout_ready = True

    def _ensure_dir(self, path: Path) -> None:
        if path in self._made:
            return
        with self._made_lock:
            missing = []
            probe = path
            while not probe.is_dir():
                missing.append(probe)
                probe = probe.parent
            for directory in reversed(missing):
                directory.mkdir(mode=0o700, exist_ok=True)
                _sync_dir(directory.parent)  # the new directory's entry, durably
            self._made.add(path)


def _check(sha256: str) -> None:
    if not _SHA.match(sha256):
        raise ValueError("not a lower-case hex SHA-256")


def _digest_file(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            while block := handle.read(_READ_BLOCK):
                digest.update(block)
    except OSError as error:
        raise _storage_error("read", error) from error
    return digest.hexdigest()


def _write_new(path: Path, data: bytes) -> None:
    """Write a new file, not yet synced (:func:`_sync_all` does that)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


_SYNCERS = ThreadPoolExecutor(max_workers=8, thread_name_prefix="material-sync")
"""Threads that only wait on the disk, so that several syncs are in flight at once."""


def _sync_all(paths: Sequence[Path], *, directories: bool) -> None:
    """Sync every path (files: data; directories: entries) at the same time; raises the
    first OSError once all have ended."""
    sync = _sync_dir if directories else _sync_data
    futures = [_SYNCERS.submit(sync, path) for path in paths]
    wait(futures)
    for future in futures:
        future.result()


def _sync_data(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        _fdatasync(fd)
    finally:
        os.close(fd)


def _sync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _storage_error(action: str, error: OSError) -> MaterialStorageError:
    return MaterialStorageError(
        "服务器保存材料文件失败，请稍后再试。",
        detail=f"material {action}: {type(error).__name__} errno {error.errno}",
    )
