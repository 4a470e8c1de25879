"""The 4-digit PIN that lets the owner resume a draft: set once when the draft is started,
typed twice, easy-to-guess ones refused (with only five tries before the lock, 1234 and 0000
would be the first guesses).

The PIN is hashed (PBKDF2, tens of milliseconds) by the store: the screen runs
:meth:`PinFlow.submit` off the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise

from kiosk.applications import ApplicationService
from kiosk.flows.draft import DraftFlow
from kiosk.flows.outcome import Outcome, sentence
from kiosk.flows.session import Session
from kiosk.i18n import N_, tr

PIN_LENGTH = 4
KEY_DELETE = N_("删除")
KEY_CLEAR = N_("清空")


class PinStage(StrEnum):
    FIRST = "first"
    AGAIN = "again"


def is_guessable(pin: str) -> bool:
    """All one digit (0000), or a run up or down (1234, 9876, 8901)."""
    digits = [int(d) for d in pin]
    steps = {(b - a) % 10 for a, b in pairwise(digits)}
    return len(steps) == 1 and steps <= {0, 1, 9}


@dataclass(frozen=True)
class PinView:
    stage: PinStage
    heading: str
    hint: str
    dots: str
    """One ● per digit typed, ○ for the rest: the PIN itself is never shown."""
    filled: int
    error: str
    prompt: str
    draft_code: str


class PinFlow:
    def __init__(
        self, session: Session, *, applications: ApplicationService, draft: DraftFlow
    ) -> None:
        self._session = session
        self._applications = applications
        self._draft = draft
        self.reset()

    def reset(self) -> None:
        self._stage = PinStage.FIRST
        self._typed = ""
        self._first = ""
        self._error = ""

    @property
    def view(self) -> PinView:
        if self._stage is PinStage.FIRST:
            heading = tr("请设置一个4位数字密码")
            hint = tr("下次凭身份证和这个密码，可以接着填写。请记住它，不要告诉别人。")
        else:
            heading = tr("请再输入一次密码")
            hint = tr("两次输入相同，密码才设置成功。")
        filled = len(self._typed)
        draft = self._session.draft
        return PinView(
            stage=self._stage,
            heading=heading,
            hint=hint,
            dots="●" * filled + "○" * (PIN_LENGTH - filled),
            filled=filled,
            error=self._error,
            prompt=sentence(self._error, heading, hint),
            draft_code=draft.draft.display_code if draft else "",
        )

    @property
    def complete(self) -> bool:
        return len(self._typed) == PIN_LENGTH

    def key(self, key: str) -> PinView:
        if key == KEY_DELETE:
            self._typed = self._typed[:-1]
        elif key == KEY_CLEAR:
            self._typed = ""
        elif key.isdigit() and len(key) == 1 and len(self._typed) < PIN_LENGTH:
            self._typed += key
            self._error = ""
        return self.view

    def submit(self) -> Outcome:
        """确定: the first entry is checked and kept; the second must match, then it is saved."""
        if len(self._typed) != PIN_LENGTH:
            self._error = tr("请输入4位数字。")
            return Outcome(message=self._error, speak=self._error)
        if self._stage is PinStage.FIRST:
            if is_guessable(self._typed):
                self._error = tr("这个密码太容易被猜到，请换一个，不要用1234、0000这样的。")
                self._typed = ""
                return Outcome(message=self._error, speak=self._error)
            self._first, self._typed = self._typed, ""
            self._stage = PinStage.AGAIN
            return Outcome(speak=self.view.prompt)
        if self._typed != self._first:
            self.reset()
            self._error = tr("两次输入的密码不一样，请重新设置。")
            return Outcome(message=self._error, speak=self._error)
        draft = self._draft.draft
        self._applications.drafts.set_pin(draft.draft.draft_id, self._typed)
        draft.draft = self._applications.drafts.get(draft.draft.draft_id)
        self.reset()
        routed = self._draft.route()
        return Outcome(screen=routed.screen, speak=tr("密码已设置。"))
