"""WizardFlow: one question per page, every accepted answer durable before the next page.

The screen shows ``flow.page`` and forwards the resident's input to :meth:`WizardFlow.answer`,
:meth:`WizardFlow.back` and :meth:`WizardFlow.edit`; every rule lives here so it is tested
without Qt. Prefilled answers (from identity or earlier applications) are shown for
confirmation rather than asked again; invalid input is kept on the page with the error.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from kiosk.domain.answers import FieldError
from kiosk.domain.catalog import FieldType
from kiosk.domain.forms import Question, ResolvedForm, ReusableMaterial
from kiosk.domain.regions import RegionTable
from kiosk.flows.outcome import sentence
from kiosk.i18n import tr


class AnswerSink(Protocol):
    """Where accepted answers go; ``save_answer`` returns only once the answer is on disk."""

    def save_answer(self, field_id: str, value: object) -> None: ...

    def set_step(self, field_id: str) -> None: ...


@dataclass(frozen=True)
class WizardPage:
    question: Question
    number: int
    total: int
    value: object
    """What the controls show: the saved answer, the prefilled fact, or the rejected input."""
    prefilled: bool
    """True when ``value`` was not typed here: it came from identity or from an earlier
    application, and waits for the resident's confirmation."""
    reuse: ReusableMaterial | None
    errors: tuple[FieldError, ...] = ()
    remembered: bool = False
    """The prefilled value is what this person answered in an earlier application."""

    @property
    def progress(self) -> str:
        return tr("第 {n} 步，共 {total} 步").format(n=self.number, total=self.total)

    @property
    def prompt(self) -> str:
        """The spoken prompt: the question, its hint, and any error naming the field."""
        parts = [self.progress, self.question.field.label]
        if self.errors:
            parts.insert(0, tr("有一处需要修改：") + self.errors[0].message)
        elif self.question.field.hint:
            parts.append(self.question.field.hint)
        if self.remembered:
            parts.append(tr("这是您上次申请时填写的，请核对"))
        elif self.prefilled and "核对" not in (self.question.field.hint or ""):  # i18n: keep
            parts.append(tr("这是根据您的证件自动填写的，请核对"))
        if self.reuse is not None:
            parts.append(tr("您以前提交过这份材料，可以直接使用"))
        return sentence(*parts)


@dataclass(frozen=True)
class ReviewReady:
    """Every visible question is answered: the review page (请核对) comes next."""

    problems: tuple[FieldError, ...] = ()


class WizardFlow:
    def __init__(
        self,
        form: ResolvedForm,
        *,
        sink: AnswerSink,
        today: date,
        answers: Mapping[str, object] | None = None,
        prefill: Mapping[str, object] | None = None,
        remembered: Mapping[str, object] | None = None,
        offers: Mapping[str, ReusableMaterial] | None = None,
        regions: RegionTable | None = None,
        start_at: str | None = None,
        on_review: Collection[FieldType] = (),
    ) -> None:
        """``on_review``: field types answered on the review page (consent, signature) rather
        than as pages of their own; they are skipped by paging and checked by :meth:`review`
        only through :meth:`review_fields`."""
        self.form = form
        self._on_review = frozenset(on_review)
        self._sink = sink
        self._today = today
        self._answers: dict[str, object] = dict(answers or {})
        self._prefill = dict(prefill or {})
        # Identity wins over an earlier application (the card is today's truth).
        self._remembered = {k: v for k, v in (remembered or {}).items() if k not in self._prefill}
        self._offers = dict(offers or {})
        self._regions = regions
        self._return_to_review = False
        visible = self._visible()
        ids = [q.id for q in visible]
        if start_at in ids:
            self._current = start_at
        else:
            unanswered = [q.id for q in visible if q.id not in self._answers]
            self._current = unanswered[0] if unanswered else ids[0]
        self._errors: tuple[FieldError, ...] = ()
        self._rejected: object = None

    @property
    def answers(self) -> dict[str, object]:
        return dict(self._answers)

    @property
    def page(self) -> WizardPage:
        visible = self._visible()
        ids = [q.id for q in visible]
        question = self.form.question(self._current)
        number = ids.index(question.id) + 1 if question.id in ids else 1
        if self._errors:
            value, prefilled = self._rejected, False
        elif question.id in self._answers:
            value, prefilled = self._answers[question.id], False
        elif question.id in self._prefill:
            value, prefilled = self._prefill[question.id], True
        elif question.id in self._remembered:
            value, prefilled = self._remembered[question.id], True
        else:
            value, prefilled = None, False
        return WizardPage(
            question=question,
            number=number,
            total=len(ids),
            value=value,
            prefilled=prefilled,
            remembered=prefilled and question.id in self._remembered,
            reuse=self._offers.get(question.id),
            errors=self._errors,
        )

    def answer(self, raw: object) -> WizardPage | ReviewReady:
        """继续: checks ``raw``; when accepted, saves it durably and moves on."""
        question = self.form.question(self._current)
        result = self.form.check(
            question, raw, self._answers, today=self._today, regions=self._regions
        )
        if isinstance(result, FieldError):
            self._errors, self._rejected = (result,), raw
            return self.page
        self._sink.save_answer(question.id, result.value)
        self._answers[question.id] = result.value
        self._errors, self._rejected = (), None
        return self._advance()

    def back(self) -> WizardPage | None:
        """返回: the previous visible question (its answer intact), or None at the first."""
        self._errors, self._rejected = (), None
        ids = [q.id for q in self._visible()]
        index = ids.index(self._current) if self._current in ids else 0
        if index == 0:
            return None
        self._go(ids[index - 1])
        return self.page

    def edit(self, field_id: str) -> WizardPage:
        """修改 from the review page: show that question; 继续 returns to the review."""
        self.form.question(field_id)
        self._errors, self._rejected = (), None
        self._return_to_review = True
        self._go(field_id)
        return self.page

    def review(self) -> ReviewReady:
        problems = self.form.problems(self._answers, today=self._today, regions=self._regions)
        return ReviewReady(
            problems=tuple(p for p in problems if not self._is_on_review(p.field_id))
        )

    def answer_on_review_page(self, types: Collection[FieldType]) -> None:
        """Moves questions of ``types`` to the review page (for a flow built elsewhere, such as
        by ApplicationService); a current question of those types gives way to a page one."""
        self._on_review = frozenset(types)
        ids = [q.id for q in self._visible()]
        if self._current not in ids and ids:
            unanswered = [i for i in ids if i not in self._answers]
            self._current = unanswered[0] if unanswered else ids[-1]

    @property
    def is_complete(self) -> bool:
        """Every page question is answered: a resumed draft can open on the review page."""
        return all(q.id in self._answers for q in self._visible())

    def last_page(self) -> WizardPage:
        """返回 from the review page: the last question, its answer intact."""
        self._errors, self._rejected = (), None
        self._return_to_review = False
        self._go(self._visible()[-1].id)
        return self.page

    def review_fields(self) -> list[Question]:
        """The visible questions answered on the review page (consent, signature), in order."""
        return [
            q
            for q in self.form.visible_questions(self._answers, today=self._today)
            if q.field.type in self._on_review
        ]

    def answer_on_review(self, field_id: str, raw: object) -> FieldError | None:
        """Checks and durably saves an answer given on the review page; the error if refused."""
        question = self.form.question(field_id)
        result = self.form.check(
            question, raw, self._answers, today=self._today, regions=self._regions
        )
        if isinstance(result, FieldError):
            return result
        self._sink.save_answer(question.id, result.value)
        self._answers[question.id] = result.value
        return None

    def _is_on_review(self, field_id: str) -> bool:
        return self.form.question(field_id).field.type in self._on_review

    def _advance(self) -> WizardPage | ReviewReady:
        ids = [q.id for q in self._visible()]
        if self._return_to_review:
            # A changed answer can reveal a new question: ask it before going back.
            pending = [i for i in ids if i not in self._answers]
            if not pending:
                self._return_to_review = False
                return self.review()
            self._go(pending[0])
            return self.page
        index = ids.index(self._current) if self._current in ids else -1
        if index + 1 >= len(ids):
            return self.review()
        self._go(ids[index + 1])
        return self.page

    def _go(self, field_id: str) -> None:
        self._current = field_id
        self._sink.set_step(field_id)

    def _visible(self) -> list[Question]:
        visible = self.form.visible_questions(self._answers, today=self._today)
        return [q for q in visible if q.field.type not in self._on_review]
