"""Answering the form: the wizard and the materials pages share one draft and one set of rules.

The screens forward what the resident did (an answer, 返回, a photo, 使用以前提交过的, 以后补交)
and get back an :class:`~kiosk.flows.outcome.Outcome` naming the next screen: a material
question is shown by the materials screen, every other question by the wizard, and once every
visible question is answered the review page (请核对) follows. Each accepted answer is saved
(one durable transaction) inside :meth:`WizardFlow.answer`, before the outcome is returned.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from kiosk.applications import ApplicationService, DraftSession
from kiosk.domain.catalog import FieldType, Supply
from kiosk.errors import KioskError
from kiosk.flows.outcome import Outcome, ScreenName
from kiosk.flows.session import Session
from kiosk.flows.wizard import ReviewReady, WizardPage
from kiosk.i18n import tr


def screen_for(page: WizardPage | ReviewReady) -> ScreenName:
    if isinstance(page, ReviewReady):
        return ScreenName.REVIEW
    if page.question.field.type == FieldType.MATERIAL:
        return ScreenName.MATERIALS
    return ScreenName.WIZARD


@dataclass(frozen=True)
class MaterialChoices:
    """What the materials page offers for the current material question."""

    name: str
    note: str
    can_reuse: bool
    reuse_captured_at: str
    can_defer: bool
    """容缺: the catalogue lets this one follow later (以后补交)."""
    optional: bool
    """有就提供: the application is complete without it (跳过)."""


class DraftFlow:
    def __init__(
        self, session: Session, *, applications: ApplicationService, today: Callable[[], date]
    ) -> None:
        self._session = session
        self._applications = applications
        self._today = today

    @property
    def draft(self) -> DraftSession:
        if self._session.draft is None:
            raise KioskError(tr("请先选择要办的事"), detail="no draft in the session")
        return self._session.draft

    @property
    def page(self) -> WizardPage:
        return self.draft.flow.page

    def route(self) -> Outcome:
        """Where the draft continues: its current question, or the review when complete."""
        flow = self.draft.flow
        if flow.is_complete:
            return Outcome(screen=ScreenName.REVIEW)
        return Outcome(screen=screen_for(flow.page))

    def answer(self, raw: object) -> Outcome:
        """继续 on a question page: refused input stays on the page with its error."""
        result = self.draft.flow.answer(raw)
        if isinstance(result, WizardPage) and result.errors:
            return Outcome(errors=result.errors, speak=result.prompt)
        return Outcome(screen=screen_for(result))

    def back(self) -> Outcome:
        """返回: the previous question (its answer intact); from the first, the guide."""
        page = self.draft.flow.back()
        if page is None:
            return Outcome(screen=ScreenName.GUIDE)
        return Outcome(screen=screen_for(page))

    # -- materials ----------------------------------------------------------------------------

    @property
    def material(self) -> MaterialChoices:
        page = self.page
        question = page.question
        if question.field.type != FieldType.MATERIAL:
            raise KioskError(tr("这一步不需要材料"), detail=f"{question.id} is not a material")
        material_type = question.material_type
        name = material_type.name if material_type else question.title
        return MaterialChoices(
            name=name,
            note=question.field.hint or "",
            can_reuse=page.reuse is not None,
            reuse_captured_at=(page.reuse.captured_at[:10] if page.reuse else ""),
            can_defer=question.supply == Supply.LATER,
            optional=not question.required,
        )

    def captured(self, data: bytes, *, mime: str) -> Outcome:
        """A photo of the document was taken: stored once (content-addressed), then answered."""
        value = self._applications.capture_material(
            self.draft, self.page.question.id, data, mime=mime, today=self._today()
        )
        return self.answer(value)

    def reuse(self) -> Outcome:
        """使用以前提交过的 (材料复用)."""
        value = self._applications.reuse_material(self.draft, self.page.question.id)
        return self.answer(value)

    def later(self) -> Outcome:
        """以后补交 (容缺): only offered where the catalogue allows it; the rule refuses others."""
        return self.answer({"later": True})

    def skip(self) -> Outcome:
        """跳过 an optional material."""
        return self.answer(None)
