"""A visit over a real store with the demo catalogue, on a fixed day, with no Qt."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from kiosk.app import Kiosk, flow_context, open_kiosk
from kiosk.domain.forms import IdentityFacts
from kiosk.domain.identity import check_id_number
from kiosk.flows.context import FlowContext
from kiosk.flows.visit import Visit
from tests.support.synthetic import SyntheticPerson, synthetic_person

TODAY = date(2026, 11, 22)


@pytest.fixture
def kiosk(tmp_path: Path) -> Iterator[Kiosk]:
    with open_kiosk(tmp_path / "data") as opened:
        yield opened


@pytest.fixture
def ctx(kiosk: Kiosk) -> FlowContext:
    return flow_context(kiosk, today=lambda: TODAY)


@pytest.fixture
def visit(ctx: FlowContext) -> Visit:
    return Visit(ctx)


def elder() -> SyntheticPerson:
    """A synthetic resident over 80 (高龄津贴 needs 80+)."""
    for seed in range(1000):
        person = synthetic_person(seed)
        if person.birth_date.year <= 1944:
            return person
    raise AssertionError("no elder among the synthetic people")


def facts_of(person: SyntheticPerson, *, name: bool = True) -> IdentityFacts:
    check = check_id_number(person.id_number)
    return IdentityFacts(
        id_number=person.id_number,
        name=person.name if name else None,
        sex=check.sex,
        birth_date=check.birth_date,
        region_code=check.region_code,
    )


def type_id(visit: Visit, number: str) -> None:
    for digit in number:
        visit.identify.key(digit)


def identified(visit: Visit, code: str, person: SyntheticPerson, *, name: bool = True) -> None:
    """Chooses ``code`` and identifies ``person`` (as a card would: with the name)."""
    from kiosk.flows.identify import CardIdentity

    visit.home.choose(code)
    visit.identify.begin()
    visit.identify.card_read(CardIdentity(person.id_number, name=person.name if name else None))
    visit.identify.confirm()


def started(visit: Visit, code: str, person: SyntheticPerson, *, pin: str = "2580") -> None:
    """Identified, draft started and its PIN set: the wizard's first question is showing."""
    identified(visit, code, person)
    visit.guide.start()
    for _ in range(2):
        for digit in pin:
            visit.pin.key(digit)
        visit.pin.submit()


def fill_in(
    visit: Visit,
    *,
    later: frozenset[str] = frozenset(),
    answers: dict[str, object] | None = None,
    until: Callable[[object], bool] | None = None,
    limit: int = 80,
) -> list[str]:
    """Answers every page the way a resident would (confirming prefilled values, photographing
    materials) up to the review, or up to the first page ``until`` accepts; returns the
    question ids in the order asked."""
    from kiosk.domain.catalog import FieldType, Supply
    from kiosk.flows.outcome import ScreenName

    asked: list[str] = []
    for _ in range(limit):
        page = visit.draft.page
        if until is not None and until(page):
            return asked
        question = page.question
        kind = question.field.type
        asked.append(question.id)
        if question.id in (answers or {}):
            outcome = visit.draft.answer(answers[question.id])
        elif kind == FieldType.MATERIAL:
            if page.reuse is not None:
                outcome = visit.draft.reuse()
            elif question.id in later and question.supply == Supply.LATER:
                outcome = visit.draft.later()
            else:
                outcome = visit.draft.captured(f"photo {question.id}".encode(), mime="image/jpeg")
        elif kind == FieldType.SINGLE_CHOICE and not page.prefilled:
            for option in question.field.options or ():  # the first the rules accept
                outcome = visit.draft.answer(option.value)
                if not outcome.errors:
                    break
        else:
            outcome = visit.draft.answer(_value_for(page, question))
        assert not outcome.errors, (question.id, outcome.errors)
        if outcome.screen is ScreenName.REVIEW:
            return asked
    raise AssertionError("the form never reached the review page")


def _value_for(page, question):
    from kiosk.domain.catalog import FieldType

    kind = question.field.type
    if page.prefilled:
        if kind == FieldType.REGION:
            return {**page.value, "detail": "示例镇示例村"}
        return page.value
    options = [o.value for o in question.field.options or ()]
    return {
        FieldType.SINGLE_CHOICE: options[0] if options else None,
        FieldType.MULTI_CHOICE: options[:1],
        FieldType.PHONE: "13800000001",
        FieldType.NAME: "王小满",
        FieldType.DATE: "2026-11-10",
        FieldType.NUMBER: "2",
        FieldType.MONEY: "800.00",
        FieldType.REGION: {"code": "110105", "detail": "示例镇示例村"},
        FieldType.BANK_ACCOUNT: "6217000010001234567",
        FieldType.TEXT: "示例镇示例村1组",
        FieldType.ID_NUMBER: "11010519491231002X",
    }[kind]
