"""继续上次的申请: the owner's open drafts, opened with the 4-digit PIN set when it was started.

Knowing someone's ID number is not enough (it is printed on many documents), so a draft opens
only with its PIN; five wrong PINs lock it for a while (the store counts them, so restarting
the kiosk does not reset the count). A draft without a PIN can only be opened by staff.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from kiosk.applications import ApplicationService
from kiosk.catalogs import CatalogService
from kiosk.errors import KioskError
from kiosk.flows.answers_text import chinese_date
from kiosk.flows.draft import DraftFlow
from kiosk.flows.guide import REVIEW_PAGE_TYPES
from kiosk.flows.outcome import Outcome, ScreenName, sentence
from kiosk.flows.pin import KEY_CLEAR, KEY_DELETE, PIN_LENGTH
from kiosk.flows.session import Purpose, Session
from kiosk.i18n import tr
from kiosk.storage.drafts_repo import Draft
from kiosk.storage.errors import PinLocked, PinNotSet
from kiosk.storage.receipt_numbers import CHINA_TZ


@dataclass(frozen=True)
class DraftLine:
    draft_id: str
    service_name: str
    updated: str
    has_pin: bool


@dataclass(frozen=True)
class ResumeView:
    heading: str
    hint: str
    drafts: tuple[DraftLine, ...]
    chosen: DraftLine | None
    dots: str
    error: str
    message: str
    prompt: str


class ResumeFlow:
    def __init__(
        self,
        session: Session,
        *,
        catalogs: CatalogService,
        applications: ApplicationService,
        draft: DraftFlow,
        today: Callable[[], date],
    ) -> None:
        self._session = session
        self._catalogs = catalogs
        self._applications = applications
        self._draft = draft
        self._today = today
        self.reset()

    def reset(self) -> None:
        self._chosen: Draft | None = None
        self._typed = ""
        self._error = ""

    def begin(self) -> Outcome:
        self._session.purpose = Purpose.RESUME
        self.reset()
        if self._session.applicant is None:
            return Outcome(screen=ScreenName.IDENTIFY)
        drafts = self._open()
        wanted = self._session.wanted_draft
        if wanted is not None:  # chosen on a volunteer's case list
            self._chosen = next((d for d in drafts if d.draft_id == wanted and d.has_pin), None)
            if self._chosen is None:
                self._error = tr("这位申请人没有这份没填完的申请，请核对申请人。")
        elif len(drafts) == 1 and drafts[0].has_pin:
            self._chosen = drafts[0]
        return Outcome()

    def _open(self) -> list[Draft]:
        applicant = self._session.applicant
        if applicant is None:
            return []
        key = self._applications.person_key(applicant.id_number)
        return self._applications.drafts.list_open_for(key)

    def _line(self, draft: Draft) -> DraftLine:
        try:
            name = self._catalogs.form(draft.service_code, version=draft.catalog_version).name
        except KioskError:
            name = draft.service_code
        at = draft.updated_at.astimezone(CHINA_TZ)
        return DraftLine(
            draft.draft_id, name, f"{chinese_date(at.date())} {at:%H:%M}", draft.has_pin
        )

    @property
    def view(self) -> ResumeView:
        drafts = tuple(self._line(d) for d in self._open())
        chosen = self._line(self._chosen) if self._chosen else None
        if chosen is not None:
            heading = tr("请输入这份申请的4位密码")
            hint = tr("{service}，{when}保存。").format(
                service=chosen.service_name, when=chosen.updated
            )
        elif drafts:
            heading = tr("请选择要接着填写的申请")
            hint = tr("没有设置密码的，请找工作人员帮忙。")
        else:
            heading = tr("没有找到没填完的申请")
            hint = tr("可以回到首页重新办理。")
        message = "" if drafts else tr("本机没有您没填完的申请。")
        filled = len(self._typed)
        return ResumeView(
            heading=heading,
            hint=hint,
            drafts=drafts,
            chosen=chosen,
            dots="●" * filled + "○" * (PIN_LENGTH - filled),
            error=self._error,
            message=message,
            prompt=sentence(self._error, heading, hint),
        )

    def choose(self, draft_id: str) -> Outcome:
        draft = next((d for d in self._open() if d.draft_id == draft_id), None)
        if draft is None:
            return Outcome(message=tr("这份申请已经不能继续了。"))
        if not draft.has_pin:
            self._error = tr("这份申请没有设置密码，请找工作人员帮忙。")
            return Outcome(message=self._error, speak=self._error)
        self._chosen = draft
        self._typed = ""
        self._error = ""
        return Outcome(speak=self.view.prompt)

    def key(self, key: str) -> ResumeView:
        if key == KEY_DELETE:
            self._typed = self._typed[:-1]
        elif key == KEY_CLEAR:
            self._typed = ""
        elif key.isdigit() and len(key) == 1 and len(self._typed) < PIN_LENGTH:
            self._typed += key
            self._error = ""
        return self.view

    def submit(self) -> Outcome:
        """确定: checks the PIN (PBKDF2: run off the GUI thread) and opens the draft."""
        draft = self._chosen
        applicant = self._session.applicant
        if draft is None or applicant is None:
            return Outcome(message=tr("请先选择要继续的申请。"))
        if len(self._typed) != PIN_LENGTH:
            self._error = tr("请输入4位数字密码。")
            return Outcome(message=self._error, speak=self._error)
        typed, self._typed = self._typed, ""
        try:
            check = self._applications.drafts.check_pin(draft.draft_id, typed)
        except (PinLocked, PinNotSet) as exc:
            self._error = exc.message
            return Outcome(message=exc.message, speak=exc.message)
        if not check.ok:
            self._error = tr("密码不对，还可以再试{n}次。").format(n=check.attempts_left)
            return Outcome(message=self._error, speak=self._error)
        session = self._applications.resume(
            self._applications.drafts.get(draft.draft_id), applicant=applicant, today=self._today()
        )
        session.flow.answer_on_review_page(REVIEW_PAGE_TYPES)
        self._session.draft = session
        self._session.service_code = draft.service_code
        self._session.purpose = Purpose.APPLY
        self._session.wanted_draft = None
        self.reset()
        routed = self._draft.route()
        return Outcome(screen=routed.screen, speak=tr("密码正确，接着上次的地方填写。"))

    def back(self) -> Outcome:
        if self._chosen is not None and len(self._open()) > 1:
            self.reset()
            return Outcome()
        self.reset()
        return Outcome(screen=ScreenName.HOME)
