"""One sync at a time per data directory (the UI's worker and ``kiosk sync`` may both run).

An advisory ``flock`` on ``<data_dir>/sync.lock``: the kernel drops it when the holder dies,
so a crashed sync never leaves the kiosk locked out.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from sync.errors import SyncBusy

LOCK_FILENAME = "sync.lock"


class SyncLock:
    def __init__(self, data_dir: Path) -> None:
        self._path = Path(data_dir) / LOCK_FILENAME
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock or raise :class:`SyncBusy` at once (never waits)."""
        if self._fd is not None:
            return
        fd = os.open(self._path, os.O_CREAT | os.O_RDWR, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise SyncBusy() from None
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> SyncLock:
        self.acquire()
        return self

    def __exit__(self, *_: object) -> None:
        self.release()
