"""What a flow hands back to its screen: where to go next, what to say, what went wrong.

Screens render an :class:`Outcome` and nothing else, so every navigation rule lives in the
flows and is tested without Qt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from kiosk.domain.answers import FieldError


class ScreenName(StrEnum):
    """The screens of the citizen's journey (the UI registry maps each to a factory)."""

    HOME = "home"
    SEARCH = "search"
    SERVICES = "services"
    IDENTIFY = "identify"
    GUIDE = "guide"
    PIN = "pin"
    WIZARD = "wizard"
    MATERIALS = "materials"
    REVIEW = "review"
    RECEIPT = "receipt"
    PROGRESS = "progress"
    RATING = "rating"
    RESUME = "resume"
    ADMIN = "admin"
    CASES = "cases"


@dataclass(frozen=True)
class Outcome:
    """The result of one resident action."""

    screen: ScreenName | None = None
    """The screen to show next; None keeps the current one (re-rendered)."""
    speak: str = ""
    """Said aloud in voice mode (the new screen's own prompt is said as well)."""
    errors: tuple[FieldError, ...] = ()
    message: str = ""
    """A short notice for the resident (a refusal or a confirmation), shown and spoken."""
    end_session: bool = False
    """Forget the resident and go home (结束, idle timeout)."""
    quit: bool = False
    """Leave kiosk mode (admin only)."""

    @property
    def ok(self) -> bool:
        return not self.errors and not self.message


def sentence(*parts: str) -> str:
    """Joins short phrases into sentences that a speaker reads with pauses (a Chinese full
    stop after Chinese, ". " between English ones)."""
    out = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if out and not out.endswith(("。", "？", "！", "：")):
            out += " "
        if part[-1] in "。？！：.?!:":
            out += part
        else:
            out += part + ("。" if _CJK.match(part[-1]) else ".")
    return out


_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
