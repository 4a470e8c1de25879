"""What a flow hands back to its screen: where to go next, what to say, what went wrong.

Screens render an :class:`Outcome` and nothing else, so every navigation rule lives in the
flows and is tested without Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kiosk.domain.answers import FieldError
from kiosk.i18n import tr


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
    """Joins short phrases into sentences that a speaker reads with pauses, with the full
    stop of the UI language (English: ". " also after a catalogue's Chinese words)."""
    stop = tr("。")
    done = [p if p[-1] in "。？！：.?!:" else p + stop for p in (q.strip() for q in parts) if p]
    return ("" if stop == "。" else " ").join(done)
