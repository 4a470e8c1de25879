"""One resident's visit: who they are, what they are applying for, and forgetting it all.

A public kiosk forgets the citizen when the session ends or idles out (DESIGN.md): every
screen reads personal data from here, and :meth:`Session.end` drops it. The draft itself is
already on disk (every answer is saved as it is accepted), so ending a session never loses
work; the draft is resumable only by its owner.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import StrEnum

from kiosk.applications import DraftSession
from kiosk.domain.forms import IdentityFacts
from kiosk.storage.outbox_repo import Application


class Purpose(StrEnum):
    """Why the identity step is being asked for."""

    APPLY = "apply"
    PROGRESS = "progress"
    RESUME = "resume"
    CASES = "cases"
    """A volunteer (帮办代办) opens their case list: the identity asked for is theirs."""


@dataclass
class Session:
    purpose: Purpose = Purpose.APPLY
    service_code: str | None = None
    applicant: IdentityFacts | None = None
    """Whose application it is (read from their card, a code or typed)."""
    proxy: IdentityFacts | None = None
    """The helper acting for the applicant (帮办代办), or None."""
    proxy_requested: bool = False
    """"我是帮别人办" was chosen: the identity step asks for two people."""
    proxy_consent: bool = False
    """The applicant confirmed on screen that the helper may act for them."""
    draft: DraftSession | None = None
    application: Application | None = None
    """The application submitted in this visit (receipt, rating)."""
    volunteer: bool = False
    """The helper came in through their case list (我帮办的申请): 返回 leads back to it."""
    wanted_draft: str | None = None
    """The draft a volunteer chose on the case list: resuming opens that one."""

    @property
    def active(self) -> bool:
        """Something of this resident is in memory (the idle timer only runs then)."""
        return any(
            getattr(self, f.name) not in (None, False) for f in fields(self) if f.name != "purpose"
        )

    def next_service(self) -> None:
        """办理其他事项: the same resident (identity kept) chooses another service."""
        self.purpose = Purpose.APPLY
        self.service_code = None
        self.draft = None
        self.application = None

    def end(self) -> None:
        """Forget everything about this resident (on 结束 or an idle timeout)."""
        for f in fields(self):
            setattr(self, f.name, f.default)
