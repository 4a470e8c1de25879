"""One resident's visit: the session and the flow behind each screen, forgotten together.

The UI makes a new :class:`Visit` when a session ends (结束 or the idle time-out), so nothing of
the last resident survives in memory; what they saved is on disk, resumable only by them.
Tests and the scripted demo drive a visit exactly as the screens do, without Qt.
"""

from __future__ import annotations

from kiosk.cases import CaseBook
from kiosk.flows.cases import CasesFlow
from kiosk.flows.context import FlowContext
from kiosk.flows.draft import DraftFlow
from kiosk.flows.guide import GuideFlow
from kiosk.flows.home import HomeFlow
from kiosk.flows.identify import IdentifyFlow
from kiosk.flows.outcome import Outcome
from kiosk.flows.pin import PinFlow
from kiosk.flows.progress import ProgressFlow
from kiosk.flows.rating import RatingFlow
from kiosk.flows.receipt import ReceiptFlow
from kiosk.flows.resume import ResumeFlow
from kiosk.flows.review import ReviewFlow
from kiosk.flows.session import Purpose, Session
from kiosk.i18n import tr


class Visit:
    def __init__(self, ctx: FlowContext) -> None:
        self.ctx = ctx
        session = self.session = Session()
        apps = ctx.applications
        self.home = HomeFlow(ctx.catalogs, session, usage=ctx.usage)
        self.guide = GuideFlow(
            session,
            catalogs=ctx.catalogs,
            applications=apps,
            audit=ctx.audit,
            today=ctx.today,
            device=ctx.device,
        )
        self.identify = IdentifyFlow(session, today=ctx.today, proxy_allowed=self._proxy_allowed)
        self.draft = DraftFlow(session, applications=apps, today=ctx.today)
        self.pin = PinFlow(session, applications=apps, draft=self.draft)
        self.review = ReviewFlow(
            session,
            applications=apps,
            draft=self.draft,
            regions=lambda: ctx.regions,
            today=ctx.today,
            device=ctx.device,
        )
        self.receipt = ReceiptFlow(session, catalogs=ctx.catalogs, applications=apps)
        self.progress = ProgressFlow(session, catalogs=ctx.catalogs, applications=apps)
        self.rating = RatingFlow(session, ratings=ctx.ratings)
        self.resume = ResumeFlow(
            session, catalogs=ctx.catalogs, applications=apps, draft=self.draft, today=ctx.today
        )
        self.cases = CasesFlow(
            session,
            book=CaseBook(
                ctx.store, catalogs=ctx.catalogs, device_code=ctx.settings.receipt_prefix
            ),
            applications=apps,
            progress=self.progress,
            today=ctx.today,
        )

    def code_scanned(self, kind: str, text: str) -> Outcome:
        """A code held up to the camera on the identity page (``kind`` as the UI's code reader
        says: ``receipt``, ``draft``, ``text`` or ``invalid``). A receipt's QR code answers
        办件进度查询 at once, without an ID; anything else may be an identity code."""
        if kind == "receipt":
            if self.session.purpose is Purpose.PROGRESS:
                return self.progress.scanned_receipt(text)
            message = tr("这是回执上的二维码。查进度请回首页点“办件进度查询”。")
            return Outcome(message=message, speak=message)
        if kind == "invalid":
            message = tr("这个码没有读完整，请拿稳再扫一次。")
            return Outcome(message=message, speak=message)
        return self.identify.scanned(text)

    def _proxy_allowed(self) -> bool:
        return self.session.service_code is None or self.guide.proxy_allowed

    def end(self) -> None:
        """Forget the resident (the caller then drops this visit and makes a new one)."""
        self.session.end()
