"""Local receipt numbers (受理回执编号), issued offline the moment an application is queued.

Format: ``DEVICE-YYYYMMDD-NNNNNN-C``, for example ``KS01-20261122-000042-D``

- ``DEVICE``: the device code, 2-8 of ``0-9A-Z``, assigned at enrolment; it makes numbers from
  different kiosks distinct without any network.
- ``YYYYMMDD``: the issue date in China Standard Time (UTC+8, no daylight saving), the date the
  citizen sees on the slip.
- ``NNNNNN``: this device's sequence, at least six digits (it widens, it never wraps). It comes
  from the ``counters`` table, not from the rows, so it never repeats even after applications
  are purged, and does not restart each day, so a wrong clock cannot cause a repeat.
- ``C``: an ISO 7064 MOD 37,36 check character (``0-9A-Z``) over device, date and sequence,
  which catches every single mistyped character and every swap of two adjacent characters.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta, timezone

from sqlite_utils import Database

from kiosk.storage.transactions import immediate

CHINA_TZ = timezone(timedelta(hours=8), "CST")

_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_DEVICE_CODE = re.compile(r"[0-9A-Z]{2,8}")
_RECEIPT_NO = re.compile(r"([0-9A-Z]{2,8})-(\d{8})-(\d{6,})-([0-9A-Z])")


def check_char(text: str) -> str:
    """ISO 7064 MOD 37,36 (hybrid) check character for ``text`` (``0-9A-Z`` only)."""
    modulus = 36
    product = modulus
    for char in text:
        total = (product + _ALPHABET.index(char)) % modulus or modulus
        product = (total * 2) % (modulus + 1)
    return _ALPHABET[(modulus + 1 - product) % modulus]


def validate_device_code(device_code: str) -> str:
    if not _DEVICE_CODE.fullmatch(device_code):
        raise ValueError("device code must be 2-8 characters of 0-9 and A-Z")
    return device_code


def format_receipt_no(device_code: str, *, issued_at: datetime, sequence: int) -> str:
    validate_device_code(device_code)
    if sequence < 1:
        raise ValueError("receipt sequence starts at 1")
    date = issued_at.astimezone(CHINA_TZ).strftime("%Y%m%d")
    digits = f"{sequence:06d}"
    return f"{device_code}-{date}-{digits}-{check_char(device_code + date + digits)}"


def normalize_receipt_no(text: str) -> str:
    """Fold what a person types or a scanner reads: case, spaces, full-width characters."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(folded.split()).upper()


def is_valid_receipt_no(text: str) -> bool:
    """True when ``text`` (after normalising) is well formed and its check character matches."""
    match = _RECEIPT_NO.fullmatch(normalize_receipt_no(text))
    if match is None:
        return False
    device, date, digits, check = match.groups()
    return check_char(device + date + digits) == check


def issue_receipt_no(db: Database, *, device_code: str, issued_at: datetime) -> str:
    """Take the next sequence number and format it; joins the caller's transaction if any."""
    validate_device_code(device_code)
    with immediate(db):
        (sequence,) = db.conn.execute(
            "UPDATE counters SET value = value + 1 WHERE name = 'receipt_no' RETURNING value"
        ).fetchone()
    return format_receipt_no(device_code, issued_at=issued_at, sequence=sequence)
