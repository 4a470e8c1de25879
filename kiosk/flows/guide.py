"""办事指南: what the service is for, who may apply, the materials (容缺 marked), time limit,
fee and where; then 开始办理 creates the draft.

When a helper acts for someone (帮办代办), the applicant's on-screen consent is written to the
audit log with the draft it belongs to: who (the helper's person key), for whom, what, when.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from kiosk.applications import ApplicationService
from kiosk.catalogs import CatalogService
from kiosk.domain.catalog import FieldType, Service, Supply
from kiosk.domain.forms import ResolvedForm
from kiosk.errors import KioskError
from kiosk.flows.draft import screen_for
from kiosk.flows.outcome import Outcome, ScreenName, sentence
from kiosk.flows.session import Session
from kiosk.i18n import N_, tr
from kiosk.storage.audit_repo import AuditLog

REVIEW_PAGE_TYPES = (FieldType.CONSENT, FieldType.SIGNATURE)
# Recorded (hashed) in the audit log as the evidence of consent: the legal text, in Chinese.
PROXY_CONSENT_STATEMENT = (
    "申请人同意由代办人代为填写和提交本次申请，并对所填内容负责。"  # i18n: keep
)
SUPPLY_LABELS = {
    Supply.REQUIRED: N_("必须提供"),
    Supply.LATER: N_("可以以后补交（容缺）"),
    Supply.OPTIONAL: N_("有就提供"),
}


@dataclass(frozen=True)
class MaterialLine:
    name: str
    supply: Supply
    supply_label: str
    note: str
    on_file: bool
    """A copy this person supplied before is still valid: it will be offered (材料复用)."""


@dataclass(frozen=True)
class GuideView:
    code: str
    name: str
    summary: str
    members: tuple[str, ...]
    """For a bundle (一件事): the names of the services it applies for at once."""
    department: str
    eligibility: tuple[str, ...]
    materials: tuple[MaterialLine, ...]
    time_limit: str
    fee: str
    locations: tuple[str, ...]
    phone: str
    questions: int
    has_open_draft: bool
    prompt: str


def actor_for(session: Session, *, device: str, service: ApplicationService) -> str:
    """Who acts, for the audit log: the helper's person key, else the device."""
    if session.proxy is not None:
        return f"helper:{service.person_key(session.proxy.id_number)}"
    return f"kiosk:{device}"


class GuideFlow:
    def __init__(
        self,
        session: Session,
        *,
        catalogs: CatalogService,
        applications: ApplicationService,
        audit: AuditLog,
        today: Callable[[], date],
        device: str,
    ) -> None:
        self._session = session
        self._catalogs = catalogs
        self._applications = applications
        self._audit = audit
        self._today = today
        self._device = device

    def members(self) -> list[Service]:
        loaded = self._catalogs.active()
        code = self._code
        service = loaded.service(code)
        if service is not None:
            return [service]
        bundle = loaded.bundle(code)
        if bundle is None:
            raise KioskError(tr("没有找到这项服务"), detail=f"unknown code {code}")
        return [s for s in (loaded.service(c) for c in bundle.members) if s is not None]

    @property
    def _code(self) -> str:
        if self._session.service_code is None:
            raise KioskError(tr("请先选择要办的事"), detail="guide without a service code")
        return self._session.service_code

    @property
    def proxy_allowed(self) -> bool:
        return all(s.proxy_allowed for s in self.members())

    @property
    def view(self) -> GuideView:
        code = self._code
        loaded = self._catalogs.active()
        form = self._catalogs.form(code)
        members = self.members()
        bundle = loaded.bundle(code)
        summary = bundle.summary if bundle else members[0].summary
        department = bundle.department if bundle else members[0].department
        days = max(s.time_limit.promised_working_days for s in members)
        time_limit = tr("当场办结") if days == 0 else tr("承诺{n}个工作日内办结").format(n=days)
        fees = [s.fee for s in members if s.fee.amount > 0]
        fee = (
            tr("不收费")
            if not fees
            else tr("；").join(
                tr("{note}（{amount}元）").format(note=f.note, amount=f.amount) for f in fees
            )
        )
        locations = tuple(dict.fromkeys(loc for s in members for loc in s.locations))
        eligibility = tuple(dict.fromkeys(e for s in members for e in s.eligibility))
        phones = tuple(dict.fromkeys(s.phone for s in members))
        materials = self._materials(form)
        applicant = self._session.applicant
        open_draft = bool(
            applicant
            and any(
                d.service_code == code
                for d in self._applications.drafts.list_open_for(
                    self._applications.person_key(applicant.id_number)
                )
            )
        )
        later = [m.name for m in materials if m.supply is Supply.LATER]
        on_file = [m.name for m in materials if m.on_file]
        prompt = sentence(
            form.name,
            summary,
            tr("需要准备{n}项材料").format(n=len(materials)) if materials else tr("不需要准备材料"),
            tr("其中{names}可以以后补交").format(names=tr("、").join(later)) if later else "",
            tr("{names}您以前提交过，可以直接用").format(names=tr("、").join(on_file))
            if on_file
            else "",
            time_limit,
            fee,
            tr("准备好了请点“开始办理”"),
        )
        return GuideView(
            code=code,
            name=form.name,
            summary=summary,
            members=tuple(s.name for s in members) if bundle else (),
            department=department,
            eligibility=eligibility,
            materials=materials,
            time_limit=time_limit,
            fee=fee,
            locations=locations,
            phone="、".join(phones),
            questions=len([q for q in form.questions if q.field.type not in REVIEW_PAGE_TYPES]),
            has_open_draft=open_draft,
            prompt=prompt,
        )

    def _materials(self, form: ResolvedForm) -> tuple[MaterialLine, ...]:
        applicant = self._session.applicant
        key = self._applications.person_key(applicant.id_number) if applicant else None
        lines = []
        for need in form.materials:
            on_file = bool(
                key
                and need.type.reusable
                and self._applications.materials.find_reusable(
                    key, need.type.code, today=self._today()
                )
            )
            lines.append(
                MaterialLine(
                    name=need.type.name,
                    supply=need.supply,
                    supply_label=tr(SUPPLY_LABELS[need.supply]),
                    note=need.note or "",
                    on_file=on_file,
                )
            )
        return tuple(lines)

    def start(self) -> Outcome:
        """开始办理: a new draft, pinned to today's catalogue; then the PIN for resuming it."""
        session = self._session
        if session.applicant is None:
            return Outcome(screen=ScreenName.IDENTIFY)
        if session.proxy is not None and not self.proxy_allowed:
            return Outcome(message=tr("这项服务需要本人办理，不能代办。"))
        if session.proxy is not None and not session.proxy_consent:
            return Outcome(message=tr("代办需要申请人同意，请重新核验申请人身份。"))
        if session.draft is not None and session.draft.draft.service_code == self._code:
            # 返回 from the first question: the same draft, not a second one.
            return Outcome(screen=screen_for(session.draft.flow.page))
        actor = actor_for(session, device=self._device, service=self._applications)
        draft = self._applications.start(
            self._code,
            applicant=session.applicant,
            today=self._today(),
            actor=actor,
            proxy=session.proxy,
        )
        draft.flow.answer_on_review_page(REVIEW_PAGE_TYPES)
        session.draft = draft
        if session.proxy is not None:
            self._audit.append(
                "proxy.consent",
                actor=actor,
                subject=draft.draft.draft_id,
                on_behalf_of=draft.draft.person_key,
                detail={
                    "service_code": self._code,
                    "method": "on_screen_confirmation",
                    "statement_sha256": hashlib.sha256(
                        PROXY_CONSENT_STATEMENT.encode("utf-8")
                    ).hexdigest(),
                },
            )
        return Outcome(screen=ScreenName.PIN)

    def resume(self) -> Outcome:
        """继续上次填写的: the owner's PIN opens the saved draft."""
        return Outcome(screen=ScreenName.RESUME)

    def back(self) -> Outcome:
        return Outcome(screen=ScreenName.HOME)
