"""Idle time-out: a spoken warning, at least 20 s to answer 继续办理, then the session ends.

Time comes from an injected monotonic clock, so the rule is tested without waiting; the UI
ticks the flow from a timer and reports every touch or key as activity.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from kiosk.i18n import tr

MIN_WARNING_S = 20


class IdlePhase(StrEnum):
    ACTIVE = "active"
    WARNING = "warning"
    """The warning is on screen; only 继续办理 (or any touch) keeps the session."""
    EXPIRED = "expired"


@dataclass(frozen=True)
class IdleState:
    phase: IdlePhase
    seconds_left: int
    """Seconds until the warning (ACTIVE) or until the session ends (WARNING)."""
    speak: str = ""
    """Set once, on the tick that shows the warning."""

    @property
    def text(self) -> str:
        return warning_text(self.seconds_left)


def warning_text(seconds_left: int) -> str:
    return tr(
        "您还在办理吗？{n}秒后将结束本次办理。"
        "已填写的内容会保存为草稿，下次可以继续。要接着办，请点“继续办理”。"
    ).format(n=seconds_left)


class IdleFlow:
    def __init__(
        self,
        *,
        timeout_s: float = 120,
        warning_s: float = 30,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        if warning_s < MIN_WARNING_S:
            raise ValueError(f"the warning must leave at least {MIN_WARNING_S} s to answer")
        self.timeout_s = timeout_s
        self.warning_s = warning_s
        self._now = now
        self._last = now()
        self._phase = IdlePhase.ACTIVE
        self._warned_at: float | None = None

    @property
    def phase(self) -> IdlePhase:
        return self._phase

    def activity(self) -> None:
        """A touch or key press. During the warning it counts as 继续办理 (the resident is here)."""
        self.extend()

    def extend(self) -> None:
        """继续办理: a fresh idle period; extendable any number of times."""
        self._last = self._now()
        self._phase = IdlePhase.ACTIVE
        self._warned_at = None

    def tick(self) -> IdleState:
        now = self._now()
        if self._phase is IdlePhase.ACTIVE:
            idle = now - self._last
            if idle < self.timeout_s:
                return IdleState(IdlePhase.ACTIVE, int(self.timeout_s - idle + 0.999))
            self._phase = IdlePhase.WARNING
            self._warned_at = now
            left = int(self.warning_s)
            return IdleState(IdlePhase.WARNING, left, speak=warning_text(left))
        if self._phase is IdlePhase.WARNING:
            assert self._warned_at is not None
            left = self.warning_s - (now - self._warned_at)
            if left > 0:
                return IdleState(IdlePhase.WARNING, int(left + 0.999))
            self._phase = IdlePhase.EXPIRED
        return IdleState(IdlePhase.EXPIRED, 0)
