"""回执: shown the moment the application is queued, network or not.

The local receipt number, the service, the date, what happens next, the materials still owed
(容缺) and, when the link is down, the promise that it will be sent once it returns. The same
content is printed (receipt printer, or a PDF where none is attached) and spoken.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.applications import ApplicationService
from kiosk.catalogs import CatalogService
from kiosk.errors import KioskError
from kiosk.flows.answers_text import chinese_date
from kiosk.flows.outcome import Outcome, ScreenName, sentence
from kiosk.flows.session import Session
from kiosk.i18n import N_, tr
from kiosk.storage.receipt_numbers import CHINA_TZ

OFFLINE_NOTE = N_("网络暂不可用，申请已保存在本机，恢复后自动提交。")
ONLINE_NOTE = N_("申请会马上发送到办理部门。")


@dataclass(frozen=True)
class ReceiptView:
    heading: str
    receipt_no: str
    service_name: str
    submitted: str
    next_steps: tuple[str, ...]
    owed: tuple[str, ...]
    """Names of the materials still to be supplied (容缺)."""
    network_note: str
    phone: str
    prompt: str
    printed: int

    @property
    def lines(self) -> tuple[tuple[str, str], ...]:
        """The label/value pairs of the printed slip."""
        rows = [(tr("回执编号"), self.receipt_no), (tr("办理事项"), self.service_name)]
        rows.append((tr("提交时间"), self.submitted))
        if self.phone:
            rows.append((tr("咨询电话"), self.phone))
        return tuple(rows)

    @property
    def notes(self) -> tuple[str, ...]:
        owed = (
            (tr("还需补交：{names}。").format(names=tr("、").join(self.owed)),) if self.owed else ()
        )
        return (*self.next_steps, *owed, self.network_note)


class ReceiptFlow:
    def __init__(
        self, session: Session, *, catalogs: CatalogService, applications: ApplicationService
    ) -> None:
        self._session = session
        self._catalogs = catalogs
        self._applications = applications

    def view(self, *, online: bool) -> ReceiptView:
        application = self._session.application
        if application is None:
            raise KioskError(tr("还没有提交申请"), detail="receipt without an application")
        loaded = self._catalogs.version(application.catalog_version)
        form = self._catalogs.form(application.service_code, version=application.catalog_version)
        members = [s for s in (loaded.service(c) for c in form.services) if s is not None]
        days = max((s.time_limit.promised_working_days for s in members), default=0)
        owed_codes = set(application.payload.get("materials_owed", ()))
        owed = tuple(m.type.name for m in form.materials if m.type.code in owed_codes)
        submitted_at = application.submitted_at.astimezone(CHINA_TZ)
        submitted = f"{chinese_date(submitted_at.date())} {submitted_at:%H:%M}"
        steps = [
            tr("工作人员审核后，会用短信通知您结果。") if days else tr("工作人员会当场办理。"),
        ]
        if days:
            steps.insert(0, tr("承诺{n}个工作日内办结。").format(n=days))
        steps.append(tr("凭回执编号或身份证，可以在本机“办件进度查询”里查看进度。"))
        note = tr(ONLINE_NOTE) if online else tr(OFFLINE_NOTE)
        phones = tr("、").join(dict.fromkeys(s.phone for s in members))
        owed_sentence = tr("还需要补交：{names}").format(names=tr("、").join(owed)) if owed else ""
        spaced = " ".join(application.receipt_no)
        return ReceiptView(
            heading=tr("申请已提交"),
            receipt_no=application.receipt_no,
            service_name=form.name,
            submitted=submitted,
            next_steps=tuple(steps),
            owed=owed,
            network_note=note,
            phone=phones,
            prompt=sentence(
                tr("申请已提交"),
                tr("回执编号是 {number}").format(number=spaced),
                note,
                owed_sentence,
                tr("可以点“打印回执”，也可以给这次服务评价"),
            ),
            printed=application.receipt_printed_count,
        )

    def printed(self) -> None:
        """The printer took the slip: counted on the application (reprints are visible)."""
        application = self._session.application
        if application is not None:
            outbox = self._applications.outbox
            self._session.application = outbox.record_receipt_printed(application.client_uuid)

    def rate(self) -> Outcome:
        return Outcome(screen=ScreenName.RATING)

    def another(self) -> Outcome:
        """办理其他事项: the same resident (still identified) chooses another service."""
        self._session.next_service()
        return Outcome(screen=ScreenName.HOME)

    def finish(self) -> Outcome:
        return Outcome(end_session=True)
