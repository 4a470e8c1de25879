"""Resident ID-card reader: SAM frame protocol, a serial backend and a pty simulator.

The reader returns the card's raw :class:`CardRecord`; the identity rules (GB 11643 check,
age, region) are the kiosk core's and are applied by the caller.
"""

from __future__ import annotations

from devices.cardreader.base import CardReader, CardRecord, Status
from devices.cardreader.errors import (
    CardExpired,
    CardReaderError,
    CardReadFailed,
    NoCard,
    ReaderFault,
    ReaderNotResponding,
)
from devices.cardreader.nations import NATIONS

__all__ = [
    "NATIONS",
    "CardExpired",
    "CardReadFailed",
    "CardReader",
    "CardReaderError",
    "CardRecord",
    "NoCard",
    "ReaderFault",
    "ReaderNotResponding",
    "Status",
]
