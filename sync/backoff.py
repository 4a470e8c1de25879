"""Capped exponential backoff with full jitter.

Full jitter (a uniform delay between zero and the capped exponential) spreads the retries of
many kiosks that lost the same link at the same moment, so they do not come back in step and
knock the server over again (AWS Architecture Blog, "Exponential Backoff And Jitter").
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass
class Backoff:
    base_s: float = 2.0
    cap_s: float = 900.0
    floor_s: float = 0.05
    """Never retry sooner than this: a zero delay would spin on a dead link."""
    rng: random.Random = field(default_factory=random.Random)
    failures: int = 0

    def ceiling(self, failures: int | None = None) -> float:
        """The largest delay after ``failures`` consecutive failures."""
        n = self.failures if failures is None else failures
        return min(self.cap_s, self.base_s * 2 ** max(0, n - 1))

    def next_delay(self) -> float:
        """Count one more failure and return how long to wait before the next try."""
        self.failures += 1
        return self.delay_for(self.failures)

    def delay_for(self, failures: int) -> float:
        return max(self.floor_s, self.rng.uniform(0, self.ceiling(failures)))

    def reset(self) -> None:
        self.failures = 0
