"""办件进度查询: every application of this person on this device with its last known state, or
the one a scanned receipt names; and, for 补正, what to do."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.applications import ApplicationService
from kiosk.catalogs import CatalogService
from kiosk.domain.states import ApplicationState
from kiosk.errors import KioskError
from kiosk.flows.answers_text import chinese_date
from kiosk.flows.outcome import Outcome, ScreenName, sentence
from kiosk.flows.session import Purpose, Session
from kiosk.i18n import N_, tr
from kiosk.storage.outbox_repo import Application
from kiosk.storage.receipt_numbers import CHINA_TZ, normalize_receipt_no

_WHAT_NEXT = {
    ApplicationState.QUEUED: N_("已保存在本机，网络恢复后自动提交。"),
    ApplicationState.UPLOADING: N_("正在提交，请稍后再查。"),
    ApplicationState.ACCEPTED: N_("办理部门已收到，正在安排审核。"),
    ApplicationState.IN_REVIEW: N_("工作人员正在审核。"),
    ApplicationState.APPROVED: N_("已经办好了。"),
    ApplicationState.REJECTED: N_("没有通过，原因见下方；有疑问请拨打咨询电话。"),
    ApplicationState.CANCELLED: N_("已经撤回。"),
}


@dataclass(frozen=True)
class ProgressItem:
    receipt_no: str
    service_name: str
    state: ApplicationState
    state_label: str
    updated: str
    what_next: str
    note: str


@dataclass(frozen=True)
class ProgressView:
    heading: str
    items: tuple[ProgressItem, ...]
    message: str
    prompt: str


def _updated(application: Application) -> str:
    at = application.status_updated_at.astimezone(CHINA_TZ)
    return f"{chinese_date(at.date())} {at:%H:%M}"


class ProgressFlow:
    def __init__(
        self, session: Session, *, catalogs: CatalogService, applications: ApplicationService
    ) -> None:
        self._session = session
        self._catalogs = catalogs
        self._applications = applications
        self._receipt: str | None = None
        self._message = ""
        self._back_to = ScreenName.HOME

    def begin(self) -> Outcome:
        """By ID: the identity step first (a scanned receipt skips it)."""
        self._session.purpose = Purpose.PROGRESS
        if self._receipt is None and self._session.applicant is None:
            return Outcome(screen=ScreenName.IDENTIFY)
        return Outcome()

    def scanned_receipt(self, receipt_no: str) -> Outcome:
        """A receipt's QR code (or its number typed) names one application."""
        normalized = normalize_receipt_no(receipt_no)
        if self._applications.outbox.find_by_receipt(normalized) is None:
            self._message = tr("本机没有这个回执编号的申请，请核对，或凭身份证查询。")
            return Outcome(message=self._message, speak=self._message)
        self._receipt = normalized
        self._session.purpose = Purpose.PROGRESS
        return Outcome(screen=ScreenName.PROGRESS)

    def open_receipt(self, receipt_no: str, *, back_to: ScreenName) -> Outcome:
        """One application chosen elsewhere (a volunteer's case list); 返回 goes back there."""
        outcome = self.scanned_receipt(receipt_no)
        if outcome.screen is not None:
            self._back_to = back_to
        return outcome

    def _applications_shown(self) -> list[Application]:
        if self._receipt is not None:
            found = self._applications.outbox.find_by_receipt(self._receipt)
            return [found] if found else []
        applicant = self._session.applicant
        if applicant is None:
            raise KioskError(tr("请先核验身份"), detail="progress without identity")
        key = self._applications.person_key(applicant.id_number)
        return self._applications.outbox.list_for(key)

    def _name(self, application: Application) -> str:
        try:
            loaded = self._catalogs.version(application.catalog_version)
        except KioskError:
            return application.service_code
        item = loaded.service(application.service_code) or loaded.bundle(application.service_code)
        return item.name if item else application.service_code

    @property
    def view(self) -> ProgressView:
        items = []
        for application in self._applications_shown():
            state = application.state
            what_next = tr(_WHAT_NEXT[state]) if state in _WHAT_NEXT else ""
            if state is ApplicationState.NEEDS_CORRECTION:
                what_next = tr("需要补正：请按下面的说明准备，带上回执到办理窗口，或拨打咨询电话。")
            items.append(
                ProgressItem(
                    receipt_no=application.receipt_no,
                    service_name=self._name(application),
                    state=state,
                    state_label=tr(state.label_zh),
                    updated=_updated(application),
                    what_next=what_next,
                    note=application.status_note or "",
                )
            )
        heading = tr("办件进度")
        message = "" if items else tr("本机没有查到您的申请。在其他地方办的，请拨打咨询电话查询。")
        first = items[0] if items else None
        prompt = sentence(
            heading,
            tr("共{n}件").format(n=len(items)) if items else message,
            tr("最近一件是{service}，{state}，{what_next}").format(
                service=first.service_name, state=first.state_label, what_next=first.what_next
            )
            if first
            else "",
        )
        return ProgressView(heading=heading, items=tuple(items), message=message, prompt=prompt)

    @property
    def back_label(self) -> str:
        """The 返回 button says where it leads."""
        if self._back_to is ScreenName.CASES:
            return tr("返回我帮办的申请")
        return tr("返回首页")

    def back(self) -> Outcome:
        self._receipt = None
        back_to, self._back_to = self._back_to, ScreenName.HOME
        return Outcome(screen=back_to)
