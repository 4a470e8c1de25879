"""草稿凭条: the slip a resident takes home when they leave with an unfinished application.

Offered when the resident ends the visit with a draft open (结束, or 结束办理 on the idle
warning), the moment they have decided to leave; not on the PIN page, where they have just
begun and a slip nobody asked for would be left in the tray. Not when the idle time-out runs
out either: nobody is there to take it, and the slip is a key to the draft. The slip carries
the service, the 草稿编号 in large type, a QR code of it (with its check, see
``devices.codes.payloads``), how long the draft is kept and how to continue; no name and no
ID number (a lost slip says nothing about its owner). A 帮办 draft gets no slip: it
continues from the volunteer's case list (see :mod:`kiosk.flows.resume`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from kiosk.applications import ApplicationService
from kiosk.catalogs import CatalogService
from kiosk.errors import KioskError
from kiosk.flows.answers_text import chinese_date
from kiosk.flows.outcome import sentence
from kiosk.flows.session import Session
from kiosk.i18n import tr
from kiosk.storage.audit_repo import AuditLog
from kiosk.storage.drafts_repo import keep_until
from kiosk.storage.receipt_numbers import CHINA_TZ


@dataclass(frozen=True)
class SlipView:
    title: str
    service_name: str
    draft_code: str
    """The ten characters, as the QR code carries them."""
    display_code: str
    """Two groups of five, as printed large (XXXXX XXXXX)."""
    saved: str
    keep_until: str
    notes: tuple[str, ...]
    footer: str

    @property
    def lines(self) -> tuple[tuple[str, str], ...]:
        """The label/value pairs of the printed slip."""
        return (
            (tr("办理事项"), self.service_name),
            (tr("保存时间"), self.saved),
            (tr("保存到"), self.keep_until),
        )


class SlipFlow:
    def __init__(
        self,
        session: Session,
        *,
        catalogs: CatalogService,
        applications: ApplicationService,
        retention: Callable[[], timedelta],
        audit: AuditLog,
        actor: str,
    ) -> None:
        self._session = session
        self._catalogs = catalogs
        self._applications = applications
        self._retention = retention
        self._audit = audit
        self._actor = actor

    @property
    def offered(self) -> bool:
        """An open draft of the resident's own (not a 帮办 one) is on screen in this visit."""
        draft = self._session.draft
        if draft is None or self._session.application is not None:
            return False
        return draft.draft.status == "open" and draft.draft.proxy_person_key is None

    def _draft(self):
        if not self.offered:
            raise KioskError(tr("没有可以打印凭条的草稿"), detail="slip without an open draft")
        assert self._session.draft is not None
        # Fresh from the store: updated_at moved with every answer since the draft was opened.
        return self._applications.drafts.get(self._session.draft.draft.draft_id)

    def keep_until_text(self) -> str:
        """The last day the draft is certainly kept (retention may abandon it on the next)."""
        draft = self._draft()
        until = keep_until(draft, retention=self._retention()).astimezone(CHINA_TZ)
        return chinese_date(until.date() - timedelta(days=1))

    @property
    def view(self) -> SlipView:
        draft = self._draft()
        try:
            name = self._catalogs.form(draft.service_code, version=draft.catalog_version).name
        except KioskError:
            name = draft.service_code
        saved_at = draft.updated_at.astimezone(CHINA_TZ)
        until = self.keep_until_text()
        return SlipView(
            title=tr("草稿凭条"),
            service_name=name,
            draft_code=draft.draft_code,
            display_code=f"{draft.draft_code[:5]} {draft.draft_code[5:]}",
            saved=f"{chinese_date(saved_at.date())} {saved_at:%H:%M}",
            keep_until=until,
            notes=(
                tr("这份申请还没有提交，已保存在本机。"),
                tr(
                    "接着填写：带上这张凭条或身份证，到本机点“继续上次的申请”，"
                    "扫一扫下面的二维码，或输入草稿编号。"
                ),
                tr("草稿保存到{date}，过期会被删除。").format(date=until),
                tr("凭条像钥匙一样，请妥善保管，不要交给别人。"),
            ),
            footer=tr("草稿编号不是回执，申请提交后才有回执编号。"),
        )

    @property
    def end_text(self) -> str:
        """What the 结束 dialog says when a slip is offered."""
        return sentence(
            tr("没填完的申请已保存到{date}").format(date=self.keep_until_text()),
            tr("可以打印一张草稿凭条，下次带上凭条或身份证，就能接着填"),
        )

    def printed(self) -> None:
        """The printer took the slip: audited (a key to the draft has left the kiosk)."""
        draft = self._draft()
        self._audit.append("draft.slip_printed", actor=self._actor, subject=draft.draft_id)
