"""The one exception base of the :mod:`devices` package.

Same shape as ``kiosk.errors.KioskError`` (devices may not import kiosk): ``message`` is plain
Chinese for the person at the kiosk, ``detail`` is for the log and never holds personal data.
"""

from __future__ import annotations


class DeviceError(Exception):
    """Base of all errors raised by :mod:`devices`."""

    def __init__(self, message: str, *, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail or message

    def __str__(self) -> str:
        return self.message


class DeviceUnavailable(DeviceError):
    """A device is unplugged, missing or not answering; callers may retry later."""
