"""继续上次的申请: by the draft slip's code (scanned or typed), or by ID and the 4-digit PIN.

With nobody identified yet the page asks for the slip first (:attr:`ResumeStage.CODE`): its QR
code held up to the camera, or the ten characters of 草稿编号 typed on the keypad. The slip is
the owner's proof, like a key: the draft opens where it stopped, as its owner, with the identity
it was started with (no card needed). Wrong codes are counted for the whole kiosk and lock code
entry for a while (the store counts them; see ``kiosk.storage.drafts_repo``). A code that is
right but cannot open its draft says why: already submitted, kept too long (expired), or a
帮办 draft. A 帮办 draft never opens by code: the slip would let whoever holds it act for the
applicant with no consent on record, so it continues from the volunteer's case list with the
applicant present, or by the applicant's own ID and PIN (no slip is offered for one).

Knowing someone's ID number is not enough (it is printed on many documents), so by ID a draft
opens only with its PIN; five wrong PINs lock it for a while (the store counts them, so
restarting the kiosk does not reset the count). A draft without a PIN opens by its slip, or
by staff.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

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
from kiosk.storage.audit_repo import AuditLog
from kiosk.storage.drafts_repo import CODE_ALPHABET, CODE_LENGTH, Draft, normalize_draft_code
from kiosk.storage.errors import CodeLocked, PinLocked, PinNotSet, UnknownDraftCode
from kiosk.storage.receipt_numbers import CHINA_TZ

log = logging.getLogger(__name__)


class ResumeStage(StrEnum):
    CODE = "code"
    """Nobody identified: the slip's QR code or its 草稿编号 typed."""
    LIST = "list"
    """The identified resident's open drafts, to choose one."""
    PIN = "pin"
    """The chosen draft's 4-digit PIN."""


def code_dots(typed: str) -> str:
    """The code as typed so far, in the slip's two groups of five, ○ for what is missing."""
    padded = typed + "○" * (CODE_LENGTH - len(typed))
    return f"{padded[:5]} {padded[5:]}"


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
    stage: ResumeStage = ResumeStage.LIST
    code: str = ""
    """草稿编号 as typed so far (CODE stage), grouped as on the slip."""
    code_complete: bool = False


class ResumeFlow:
    def __init__(
        self,
        session: Session,
        *,
        catalogs: CatalogService,
        applications: ApplicationService,
        draft: DraftFlow,
        today: Callable[[], date],
        retention: Callable[[], timedelta] = lambda: timedelta(days=30),
        audit: AuditLog | None = None,
        actor: str = "kiosk",
    ) -> None:
        self._session = session
        self._catalogs = catalogs
        self._applications = applications
        self._draft = draft
        self._today = today
        self._retention = retention
        self._audit = audit
        self._actor = actor
        self.can_scan = False
        """The page reads codes from the camera (the kiosk sets it): the prompt says so."""
        self.reset()

    def reset(self) -> None:
        self._chosen: Draft | None = None
        self._typed = ""
        self._code = ""
        self._error = ""

    def begin(self) -> Outcome:
        """With nobody identified: the slip's code; else the resident's drafts and the PIN."""
        self._session.purpose = Purpose.RESUME
        self.reset()
        if self._session.applicant is None:
            return Outcome()
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
    def stage(self) -> ResumeStage:
        if self._session.applicant is None:
            return ResumeStage.CODE
        return ResumeStage.LIST if self._chosen is None else ResumeStage.PIN

    def _code_view(self) -> ResumeView:
        heading = tr("请用草稿凭条继续")
        if self.can_scan:
            hint = tr("把凭条上的二维码对准摄像头，或输入凭条上的10位草稿编号。")
        else:
            hint = tr("请输入凭条上的10位草稿编号。")
        hint = sentence(hint, tr("没有凭条，请点“用身份证和密码”"))
        return ResumeView(
            heading=heading,
            hint=hint,
            drafts=(),
            chosen=None,
            dots="",
            error=self._error,
            message="",
            prompt=sentence(self._error, heading, hint),
            stage=ResumeStage.CODE,
            code=code_dots(self._code),
            code_complete=len(self._code) == CODE_LENGTH,
        )

    @property
    def view(self) -> ResumeView:
        if self.stage is ResumeStage.CODE:
            return self._code_view()
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
            stage=self.stage,
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

    # -- by the slip's code ---------------------------------------------------------------------

    def code_key(self, key: str) -> ResumeView:
        """A key of the code keypad: a character of 草稿编号, 删除 or 清空."""
        if key == KEY_DELETE:
            self._code = self._code[:-1]
        elif key == KEY_CLEAR:
            self._code = ""
        else:
            char = normalize_draft_code(key)
            if len(char) == 1 and char in CODE_ALPHABET and len(self._code) < CODE_LENGTH:
                self._code += char
                self._error = ""
        return self.view

    def use_id(self) -> Outcome:
        """用身份证和密码: the identity step, then the resident's drafts and the PIN."""
        self.reset()
        self._session.purpose = Purpose.RESUME
        return Outcome(screen=ScreenName.IDENTIFY)

    def submit_code(self) -> Outcome:
        """确定 on the code page (writes the count of wrong codes: run it on the store lane)."""
        if len(self._code) != CODE_LENGTH:
            self._error = tr("草稿编号是10位，请输入完整。")
            return Outcome(message=self._error, speak=self._error)
        # Kept on the page when wrong, to be compared with the slip and corrected.
        return self.open_code(self._code)

    def scanned(self, code: str) -> Outcome:
        """The slip's QR code was read (its check already verified by the code reader)."""
        self._code = ""
        return self.open_code(code)

    def not_a_slip(self) -> Outcome:
        """Some other code was held up (an ID card's, a link ...): it opens nothing here."""
        return self._refuse(tr("这不是草稿凭条上的二维码。请扫凭条上的二维码，或输入草稿编号。"))

    def open_code(self, code: str) -> Outcome:
        """Opens the draft the code names, where it stopped, as its owner; else says why not."""
        drafts = self._applications.drafts
        try:
            draft = drafts.open_by_code(code)
        except (UnknownDraftCode, CodeLocked) as exc:
            log.info("draft code refused: %s", exc.detail)  # never the code itself
            return self._refuse(exc.message)
        why = self._why_not(draft)
        if why:
            log.info("draft %s not opened by code: %s", draft.draft_id, why[0])
            return self._refuse(why[1])
        applicant = self._applications.identity_of(draft)
        if applicant is None:
            log.info("draft %s not opened by code: no identity kept", draft.draft_id)
            return self._refuse(tr("这份申请需要用身份证和密码继续，请点“用身份证和密码”。"))
        session = self._applications.resume(draft, applicant=applicant, today=self._today())
        session.flow.answer_on_review_page(REVIEW_PAGE_TYPES)
        if self._audit is not None:
            self._audit.append("draft.opened_by_code", actor=self._actor, subject=draft.draft_id)
        self._session.applicant = applicant
        self._session.draft = session
        self._session.service_code = draft.service_code
        self._session.purpose = Purpose.APPLY
        self.reset()
        routed = self._draft.route()
        return Outcome(screen=routed.screen, speak=tr("草稿编号正确，接着上次的地方填写。"))

    def _why_not(self, draft: Draft) -> tuple[str, str] | None:
        """Why a draft whose code is right cannot open by it: (log detail, sentence)."""
        if draft.status == "submitted":
            return "submitted", tr("这份申请已经提交了，可以在首页“办件进度查询”里查看进度。")
        if self._applications.drafts.expired(draft, retention=self._retention()):
            days = self._retention().days
            return "expired", tr("这份申请超过{days}天没有接着填写，已经作废。请重新办理。").format(
                days=days
            )
        if draft.proxy_person_key is not None:
            return "proxy draft", tr(
                "这是帮办人代办的申请，凭条不能打开。请帮办人从“我帮办的申请”继续。"
            )
        return None

    def _refuse(self, message: str) -> Outcome:
        self._error = message
        return Outcome(message=message, speak=message)

    def back(self) -> Outcome:
        if self._chosen is not None and len(self._open()) > 1:
            self.reset()
            return Outcome()
        self.reset()
        return Outcome(screen=ScreenName.HOME)
