"""我帮办的申请: a volunteer's case list (帮办代办) on their tablet, and opening a case.

The volunteer identifies themselves (their own ID card), then sees every case they opened on
this device, the most urgent first (:meth:`kiosk.cases.CaseBook.for_helper`): whom they help
(masked name and ID number), which service, where it stands, what is still to do (补正,
materials owed, questions left) and the consent recorded when the case was opened.

Opening a case never gives the volunteer more than they had: a submitted one shows its
progress (the same page a scanned receipt shows, which holds no personal data); a draft is
continued only with the applicant present — their identity, their consent again and the
draft's PIN (:mod:`kiosk.flows.resume`), since the answers are the applicant's, not the
volunteer's. 帮新的人办理 starts a new case: the volunteer stays identified, the applicant
is asked for next.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from kiosk.applications import ApplicationService
from kiosk.cases import CaseBook, CaseEntry, Urgency
from kiosk.domain.states import ApplicationState
from kiosk.flows.answers_text import chinese_date
from kiosk.flows.outcome import Outcome, ScreenName, sentence
from kiosk.flows.progress import ProgressFlow
from kiosk.flows.session import Purpose, Session
from kiosk.i18n import N_, tr
from kiosk.storage.receipt_numbers import CHINA_TZ

CONSENT_METHODS = {"on_screen_confirmation": N_("申请人在屏幕上确认同意")}


@dataclass(frozen=True)
class CaseLine:
    draft_id: str
    applicant: str
    """Masked: ``王*国 110105********1234``."""
    service_name: str
    state_label: str
    urgency: Urgency
    todo: tuple[str, ...]
    consent: str
    """When and how the applicant agreed (the evidence is in the audit log)."""
    updated: str
    receipt_no: str | None
    action: str
    """The button's label: 接着填写 (a draft), 查看进度 (submitted), or "" (nothing to open)."""


@dataclass(frozen=True)
class CaseGroup:
    title: str
    cases: tuple[CaseLine, ...]


@dataclass(frozen=True)
class CasesView:
    heading: str
    hint: str
    groups: tuple[CaseGroup, ...]
    prompt: str
    """Said on the open speaker: counts only, never whom the volunteer helps."""


def _when(entry_at) -> str:
    at = entry_at.astimezone(CHINA_TZ)
    return f"{chinese_date(at.date())} {at:%H:%M}"


class CasesFlow:
    def __init__(
        self,
        session: Session,
        *,
        book: CaseBook,
        applications: ApplicationService,
        progress: ProgressFlow,
        today: Callable[[], date],
    ) -> None:
        self._session = session
        self._book = book
        self._applications = applications
        self._progress = progress
        self._today = today

    def begin(self) -> Outcome:
        """The volunteer's own identity first (once per visit)."""
        self._session.purpose = Purpose.CASES
        if self._session.proxy is None:
            self._session.proxy_requested = False
            return Outcome(screen=ScreenName.IDENTIFY)
        self._session.volunteer = True
        self._session.proxy_requested = True
        return Outcome()

    def _entries(self) -> list[CaseEntry]:
        helper = self._session.proxy
        if helper is None:
            return []
        key = self._applications.person_key(helper.id_number)
        return self._book.for_helper(key, today=self._today())

    @staticmethod
    def _line(entry: CaseEntry) -> CaseLine:
        if entry.state is ApplicationState.DRAFT:
            action = tr("接着填写")
        elif entry.receipt_no:
            action = tr("查看进度")
        else:
            action = ""
        method = CONSENT_METHODS.get(entry.consent_method, entry.consent_method)
        return CaseLine(
            draft_id=entry.draft_id,
            applicant=entry.applicant,
            service_name=entry.service_name,
            state_label=entry.state_label,
            urgency=entry.urgency,
            todo=entry.todo,
            consent=f"{_when(entry.consent_at)} {tr(method)}",
            updated=_when(entry.updated_at),
            receipt_no=entry.receipt_no,
            action=action,
        )

    @property
    def view(self) -> CasesView:
        lines = [self._line(e) for e in self._entries()]
        titles = {
            Urgency.ACT: tr("需要处理"),
            Urgency.WAIT: tr("等待中"),
            Urgency.DONE: tr("已结束"),
        }
        groups = tuple(
            CaseGroup(
                tr("{title}（{n}件）").format(title=titles[urgency], n=len(cases)),
                cases,
            )
            for urgency in Urgency
            if (cases := tuple(line for line in lines if line.urgency is urgency))
        )
        acting = sum(1 for line in lines if line.urgency is Urgency.ACT)
        heading = tr("我帮办的申请")
        if lines:
            hint = tr("共{n}件，需要处理的{m}件排在最前面。").format(n=len(lines), m=acting)
        else:
            hint = tr("您在本机还没有帮别人办过申请。点“帮新的人办理”开始。")
        return CasesView(
            heading=heading,
            hint=hint,
            groups=groups,
            prompt=sentence(heading, hint),
        )

    def open(self, draft_id: str) -> Outcome:
        """A case's button: its progress, or (a draft) the applicant's identity and PIN."""
        entry = next((e for e in self._entries() if e.draft_id == draft_id), None)
        if entry is None:  # not this volunteer's case (or gone since the list was drawn)
            message = tr("这件申请不在您的列表里。")
            return Outcome(message=message, speak=message)
        if entry.state is ApplicationState.DRAFT:
            session = self._session
            session.purpose = Purpose.RESUME
            session.proxy_requested = True
            session.proxy_consent = False
            session.applicant = None
            session.wanted_draft = draft_id
            return Outcome(
                screen=ScreenName.IDENTIFY,
                speak=tr("接着填写需要申请人在场：请核验申请人的身份。"),
            )
        if entry.receipt_no:
            return self._progress.open_receipt(entry.receipt_no, back_to=ScreenName.CASES)
        message = tr("这件申请已经结束，不能再打开。")
        return Outcome(message=message, speak=message)

    def new_case(self) -> Outcome:
        """帮新的人办理: choose the service; the applicant is identified after it."""
        session = self._session
        session.purpose = Purpose.APPLY
        session.proxy_requested = True
        session.proxy_consent = False
        session.applicant = None
        session.service_code = None
        session.draft = None
        session.application = None
        return Outcome(screen=ScreenName.HOME)

    def back(self) -> Outcome:
        return Outcome(screen=ScreenName.HOME)
