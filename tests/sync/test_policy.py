"""The error policy's arithmetic, without a network: backoff and Retry-After."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from sync.backoff import Backoff
from sync.transport import parse_retry_after


def test_full_jitter_stays_under_a_doubling_capped_ceiling():
    backoff = Backoff(base_s=2.0, cap_s=60.0, rng=random.Random(3))
    delays = [backoff.next_delay() for _ in range(12)]
    ceilings = [min(60.0, 2.0 * 2**n) for n in range(12)]
    assert all(backoff.floor_s <= d <= c for d, c in zip(delays, ceilings, strict=True))
    assert max(delays[6:]) <= 60.0
    # Jitter: retries of many kiosks spread out instead of coming back in step.
    many = [Backoff(rng=random.Random(seed)).delay_for(5) for seed in range(200)]
    assert min(many) < 8 < max(many) and len(set(many)) == 200
    backoff.reset()
    assert backoff.ceiling(1) == 2.0


def test_retry_after_in_seconds_or_as_a_date():
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    later = datetime.now(UTC) + timedelta(seconds=30)
    assert 25 <= parse_retry_after(format_datetime(later, usegmt=True)) <= 31
