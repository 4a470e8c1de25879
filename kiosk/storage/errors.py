"""Errors raised by the local store.

Messages are for the person at the kiosk; ``detail`` goes to the log and names only tables,
ids and counts, never answers, names or ID numbers.
"""

from __future__ import annotations

from datetime import datetime

from kiosk.errors import KioskError
from kiosk.i18n import tr


class StoreError(KioskError):
    """Base of every error raised by :mod:`kiosk.storage`."""


class StoreClosed(StoreError):
    def __init__(self) -> None:
        super().__init__(tr("本机数据暂时不可用，请联系工作人员。"), detail="store is closed")


class SchemaTooNew(StoreError):
    """The database was written by a newer version of the software; opening it could damage it."""


class NotFound(StoreError):
    """A record that the caller named does not exist."""


class DraftClosed(StoreError):
    """The draft was already submitted or abandoned; it no longer takes answers."""


class InvalidPin(StoreError):
    """A PIN that is not exactly four digits."""


class PinNotSet(StoreError):
    """The draft has no PIN, so it cannot be unlocked with one."""


class PinLocked(StoreError):
    """Too many wrong PINs; the draft refuses PINs until ``locked_until``."""

    def __init__(self, message: str, *, detail: str, locked_until: datetime) -> None:
        super().__init__(message, detail=detail)
        self.locked_until = locked_until


class UnknownDraftCode(StoreError):
    """No draft has the code typed or scanned; ``attempts_left`` before code entry locks."""

    def __init__(self, message: str, *, detail: str, attempts_left: int) -> None:
        super().__init__(message, detail=detail)
        self.attempts_left = attempts_left


class MistypedDraftCode(UnknownDraftCode):
    """The code fails its check character: a typing slip, not a guess, so it is not counted
    towards the lock-out (``attempts_left`` is unchanged)."""


class CodeLocked(StoreError):
    """Too many unknown draft codes on this kiosk; code entry refuses codes until
    ``locked_until`` (the PIN path is not affected)."""

    def __init__(self, message: str, *, detail: str, locked_until: datetime) -> None:
        super().__init__(message, detail=detail)
        self.locked_until = locked_until


class CatalogConflict(StoreError):
    """A catalogue version that is already installed with different content."""


class ChecksumMismatch(StoreError):
    """Content whose SHA-256 differs from the one it was announced or stored with."""


class MaterialCorrupted(StoreError):
    """A material file whose decoded bytes no longer hash to its content address."""


class AlreadyRated(StoreError):
    """An application can be rated once."""


class InvalidStage(StoreError):
    """An outbox stage change that would go backwards."""


class DeviceKeyError(StoreError):
    """The device secret file exists but is not usable."""


class StorageKeyError(StoreError):
    """The storage key is missing, damaged, or does not open the store."""
