"""One text format for every stored instant, and the clock type that repositories take.

Instants are stored as UTC ISO-8601 with milliseconds and a ``Z`` (``2026-11-22T08:13:05.042Z``)
so that text order is time order and SQL can compare them directly.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The default clock: an aware datetime in UTC."""
    return datetime.now(UTC)


def to_text(instant: datetime) -> str:
    """Format an aware datetime as stored text; naive datetimes are refused, not guessed."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("naive datetime: the store only takes timezone-aware instants")
    utc = instant.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def from_text(text: str) -> datetime:
    """Parse text written by :func:`to_text` back into an aware UTC datetime."""
    return datetime.fromisoformat(text).astimezone(UTC)


def optional_from_text(text: str | None) -> datetime | None:
    return None if text is None else from_text(text)
