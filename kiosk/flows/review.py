"""请核对: every answer grouped, each with 修改; the consent statements and the signature; then
提交申请 queues the application and issues the receipt number at once, online or not."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from kiosk.applications import ApplicationService, IncompleteApplication
from kiosk.domain.answers import CONFIRMED_STATEMENT, FieldError, SignatureKind
from kiosk.domain.catalog import FieldType
from kiosk.domain.regions import RegionTable
from kiosk.flows.answers_text import answer_text
from kiosk.flows.draft import DraftFlow, screen_for
from kiosk.flows.guide import actor_for
from kiosk.flows.outcome import Outcome, ScreenName, sentence
from kiosk.flows.session import Session
from kiosk.i18n import N_, tr

DEFAULT_GROUP = N_("基本信息")
SIGNATURE_MIME = "image/png"


@dataclass(frozen=True)
class ReviewLine:
    field_id: str
    title: str
    text: str


@dataclass(frozen=True)
class ReviewGroup:
    title: str
    lines: tuple[ReviewLine, ...]


@dataclass(frozen=True)
class ConsentItem:
    field_id: str
    title: str
    statement: str
    checked: bool


@dataclass(frozen=True)
class ReviewView:
    heading: str
    groups: tuple[ReviewGroup, ...]
    consents: tuple[ConsentItem, ...]
    signature_field: str | None
    signature_title: str
    signed: bool
    confirmed: bool
    """Signed by confirming :attr:`confirm_statement` (one action) instead of drawing."""
    confirm_statement: str
    problems: tuple[FieldError, ...]
    prompt: str


class ReviewFlow:
    def __init__(
        self,
        session: Session,
        *,
        applications: ApplicationService,
        draft: DraftFlow,
        regions: Callable[[], RegionTable],
        today: Callable[[], date],
        device: str,
    ) -> None:
        self._session = session
        self._applications = applications
        self._draft = draft
        self._regions = regions
        self._today = today
        self._device = device
        self._consented: set[str] = set()
        self._signature: bytes | None = None
        self._confirmed_signature = False
        self._problems: tuple[FieldError, ...] = ()
        self._draft_id: str | None = None

    def begin(self) -> None:
        """Entering the page: consents and signature already saved count as given."""
        draft = self._draft.draft
        if draft.draft.draft_id != self._draft_id:
            # Another application in the same visit: nothing carries over but what is saved.
            self._draft_id = draft.draft.draft_id
            self._signature = None
            self._confirmed_signature = False
        answers = draft.flow.answers
        self._confirmed_signature = self._confirmed_signature or any(
            isinstance(answers.get(q.id), dict)
            and answers[q.id].get("kind") == SignatureKind.CONFIRMED
            for q in self._review_questions(FieldType.SIGNATURE)
        )
        self._consented = {
            q.id for q in self._review_questions(FieldType.CONSENT) if answers.get(q.id) is True
        }
        self._problems = self._draft.draft.flow.review().problems

    def _review_questions(self, kind: FieldType):
        return [q for q in self._draft.draft.flow.review_fields() if q.field.type == kind]

    @property
    def view(self) -> ReviewView:
        flow = self._draft.draft.flow
        answers = flow.answers
        groups: dict[str, list[ReviewLine]] = {}
        on_review = {q.id for q in flow.review_fields()}
        visible = flow.form.visible_questions(answers, today=self._today())
        for question in visible:
            if question.id in on_review:
                continue
            group = question.field.group or tr(DEFAULT_GROUP)
            groups.setdefault(group, []).append(
                ReviewLine(
                    question.id,
                    question.title,
                    answer_text(question, answers.get(question.id), regions=self._regions()),
                )
            )
        consents = tuple(
            ConsentItem(
                q.id,
                q.title,
                q.field.consent_text or q.field.label,
                q.id in self._consented,
            )
            for q in self._review_questions(FieldType.CONSENT)
        )
        signatures = self._review_questions(FieldType.SIGNATURE)
        signature = signatures[0] if signatures else None
        signed = (
            self._signature is not None
            or self._confirmed_signature
            or bool(signature and isinstance(answers.get(signature.id), dict))
        )
        heading = tr("请核对您填写的内容")
        prompt = sentence(
            tr("有{n}处需要修改：{first}").format(
                n=len(self._problems), first=self._problems[0].message
            )
            if self._problems
            else "",
            heading,
            tr("不对的地方请点“修改”"),
            tr("看完请勾选同意") if consents else "",
            tr("在框内签名，或选择“我确认以上内容属实”代替签名") if signature else "",
            tr("然后点“提交申请”"),
        )
        return ReviewView(
            heading=heading,
            groups=tuple(ReviewGroup(t, tuple(lines)) for t, lines in groups.items()),
            consents=consents,
            signature_field=signature.id if signature else None,
            signature_title=signature.field.label if signature else "",
            signed=signed,
            confirmed=self._confirmed_signature,
            confirm_statement=CONFIRMED_STATEMENT,
            problems=self._problems,
            prompt=prompt,
        )

    def edit(self, field_id: str) -> Outcome:
        """修改: that question; 继续 there comes back here."""
        page = self._draft.draft.flow.edit(field_id)
        return Outcome(screen=screen_for(page))

    def back(self) -> Outcome:
        page = self._draft.draft.flow.last_page()
        return Outcome(screen=screen_for(page))

    def set_consent(self, field_id: str, checked: bool) -> None:
        if checked:
            self._consented.add(field_id)
        else:
            self._consented.discard(field_id)

    def signed(self, png: bytes | None) -> None:
        """The signature pad's image (None: 重签 cleared it)."""
        self._signature = png

    def confirm_signature(self, confirmed: bool) -> None:
        """我确认以上内容属实: a signature given by one action (Enter, or one tap)."""
        self._confirmed_signature = confirmed

    def submit(self) -> Outcome:
        """提交申请: saves the consents and the signature, then queues the application."""
        draft = self._draft.draft
        flow = draft.flow
        errors: list[FieldError] = []
        for question in self._review_questions(FieldType.CONSENT):
            value = True if question.id in self._consented else None
            error = flow.answer_on_review(question.id, value)
            if error:
                errors.append(error)
        for question in self._review_questions(FieldType.SIGNATURE):
            saved = flow.answers.get(question.id)
            if self._signature is not None:
                sha = self._applications.materials.put(self._signature, mime=SIGNATURE_MIME)
                error = flow.answer_on_review(
                    question.id, {"kind": SignatureKind.DRAWN.value, "sha256": sha}
                )
            elif self._confirmed_signature:
                confirmed = {"kind": SignatureKind.CONFIRMED.value}
                error = flow.answer_on_review(
                    question.id, {**confirmed, "statement": CONFIRMED_STATEMENT}
                )
            elif isinstance(saved, dict):
                error = None
            else:
                error = flow.answer_on_review(question.id, None)
            if error:
                errors.append(error)
        problems = [*flow.review().problems, *errors]
        self._problems = tuple(problems)
        if problems:
            return Outcome(errors=self._problems, speak=self.view.prompt)
        actor = actor_for(self._session, device=self._device, service=self._applications)
        try:
            application = self._applications.submit(draft, today=self._today(), actor=actor)
        except IncompleteApplication as exc:
            self._problems = tuple(exc.problems)
            return Outcome(errors=self._problems, speak=self.view.prompt)
        self._session.application = application
        self._session.draft = None
        return Outcome(screen=ScreenName.RECEIPT, speak=tr("申请已提交。"))
