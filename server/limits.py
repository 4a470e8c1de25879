"""Back-pressure: a per-device request rate (429) and a per-process cap on requests in flight
(503), both answered with Retry-After so well-behaved kiosks back off instead of hammering.

Both are kept in the process, not the database: they protect this process, and with N
processes behind a proxy the effective device rate is at most N times the setting. That is
deliberate: a database round trip per request to count requests would cost more than the
requests it limits.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.protocol import ErrorCode
from server.bodies import ASGIApp, Receive, Scope, Send, send_error
from server.errors import ApiError


@dataclass
class _Bucket:
    tokens: float
    stamp: float


class DeviceRateLimiter:
    """Token bucket per device code: ``rate`` requests per second, bursts up to ``burst``."""

    def __init__(
        self, *, rate: float, burst: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    def check(self, device_code: str) -> None:
        """Take one token, or raise ``rate_limited`` with the seconds until one is free."""
        if self.rate <= 0:
            return
        now = self._clock()
        with self._lock:
            bucket = self._buckets.get(device_code)
            if bucket is None:
                if len(self._buckets) > 100_000:  # forget idle devices rather than grow forever
                    self._buckets.clear()
                bucket = self._buckets[device_code] = _Bucket(float(self.burst), now)
            bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.stamp) * self.rate)
            bucket.stamp = now
            if bucket.tokens >= 1:
                bucket.tokens -= 1
                return
            wait = (1 - bucket.tokens) / self.rate
        raise ApiError(
            ErrorCode.RATE_LIMITED,
            detail=f"device {device_code} over {self.rate}/s",
            retry_after=max(1, math.ceil(wait)),
        )


class InFlightLimit:
    """ASGI middleware: refuse with 503 + Retry-After when too many requests are running."""

    def __init__(self, app: ASGIApp, *, limit: int, retry_after: int = 2) -> None:
        self.app = app
        self.limit = limit
        self.retry_after = retry_after
        self._running = 0
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.limit <= 0:
            await self.app(scope, receive, send)
            return
        with self._lock:
            admitted = self._running < self.limit
            if admitted:
                self._running += 1
        if not admitted:
            error = ApiError(
                ErrorCode.OVERLOADED, detail="in-flight limit", retry_after=self.retry_after
            )
            await send_error(send, error)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            with self._lock:
                self._running -= 1
