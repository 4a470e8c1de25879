"""The one exception base of the :mod:`accessibility` package.

Same shape as ``kiosk.errors.KioskError`` (accessibility may not import kiosk): ``message`` is
plain Chinese for the person at the kiosk, ``detail`` is for the log and never holds personal
data (no spoken text: it may contain a name or an ID number).
"""

from __future__ import annotations


class AccessibilityError(Exception):
    """Base of all errors raised by :mod:`accessibility`."""

    def __init__(self, message: str, *, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail or message

    def __str__(self) -> str:
        return self.message


class SpeechError(AccessibilityError):
    """Speech could not be synthesised or played; the screen still works without it."""
