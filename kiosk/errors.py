"""The one exception base of the core package.

Every error the core raises carries two texts: ``message`` is plain Chinese for the person at
the kiosk (shown and spoken), ``detail`` is for the log and must never contain personal data
(no names, no ID numbers, no answers).
"""

from __future__ import annotations


class KioskError(Exception):
    """Base of all errors raised by :mod:`kiosk`."""

    def __init__(self, message: str, *, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail or message

    def __str__(self) -> str:
        return self.message
