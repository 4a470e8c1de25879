"""WizardFlow without Qt: one question per page, durable answers, back and edit."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.domain.catalog_rules import load_catalog
from kiosk.domain.forms import IdentityFacts, prefill_answers, resolve_form
from kiosk.flows.wizard import ReviewReady, WizardFlow
from tests.support.catalogs import mini_catalog_bytes
from tests.support.synthetic import synthetic_person

TODAY = date(2026, 11, 22)


class RecordingSink:
    def __init__(self):
        self.saved: list[tuple[str, object]] = []
        self.steps: list[str] = []

    def save_answer(self, field_id, value):
        self.saved.append((field_id, value))

    def set_step(self, field_id):
        self.steps.append(field_id)


@pytest.fixture
def flow_and_sink():
    loaded = load_catalog(mini_catalog_bytes())
    form = resolve_form(loaded, "T-ALLOW")
    person = synthetic_person(11)
    facts = IdentityFacts(
        id_number=person.id_number, name=person.name, sex=person.sex, birth_date=date(1940, 3, 4)
    )
    sink = RecordingSink()
    flow = WizardFlow(
        form, sink=sink, today=TODAY, prefill=prefill_answers(form, facts, today=TODAY)
    )
    return flow, sink, person


def test_prefilled_answers_are_shown_for_confirmation(flow_and_sink):
    flow, sink, person = flow_and_sink
    page = flow.page
    assert page.question.id == "applicant_name"
    assert page.prefilled and page.value == person.name
    assert page.progress == "第 1 步，共 9 步"
    assert "请核对" in page.prompt
    page = flow.answer(page.value)
    assert sink.saved == [("applicant_name", person.name)]
    assert page.question.id == "applicant_id_number" and page.number == 2


def test_an_error_keeps_what_was_typed_and_names_the_field(flow_and_sink):
    flow, sink, _ = flow_and_sink
    flow.answer(flow.page.value)
    flow.answer(flow.page.value)
    flow.answer(flow.page.value)
    page = flow.answer("1380013")
    assert page.question.id == "applicant_phone"
    assert page.value == "1380013"
    assert page.errors[0].title == "手机号码"
    assert page.prompt.startswith("有一处需要修改：手机号码")
    assert [fid for fid, _ in sink.saved] == [
        "applicant_name",
        "applicant_id_number",
        "applicant_birth_date",
    ]


def test_back_never_loses_an_answer_and_visibility_follows_answers(flow_and_sink):
    flow, _, _ = flow_and_sink
    for _ in range(3):
        flow.answer(flow.page.value)
    flow.answer("13800138000")
    page = flow.answer("no")
    assert page.question.id == "carer_phone"
    assert page.total == 10
    page = flow.back()
    assert page.question.id == "living_alone" and page.value == "no"
    page = flow.answer("yes")
    assert page.question.id == "material_hukou" and page.total == 9
    assert flow.back().question.id == "living_alone"
    assert flow.back().value == "13800138000"


def test_back_from_the_first_question_leaves_the_wizard(flow_and_sink):
    flow, _, _ = flow_and_sink
    assert flow.back() is None


def test_finishing_reaches_review_and_edit_returns_there(flow_and_sink):
    flow, sink, _ = flow_and_sink
    for _ in range(3):
        flow.answer(flow.page.value)
    flow.answer("13800138000")
    flow.answer("yes")
    flow.answer({"later": True})
    flow.answer({"sha256": "c" * 64})
    flow.answer(True)
    done = flow.answer({"sha256": "d" * 64})
    assert done == ReviewReady(problems=())
    page = flow.edit("living_alone")
    assert page.value == "yes"
    # The new answer reveals a question, which is asked before returning to the review.
    page = flow.answer("no")
    assert page.question.id == "carer_phone"
    assert isinstance(flow.answer("13900139000"), ReviewReady)
    assert sink.saved[-2:] == [("living_alone", "no"), ("carer_phone", "13900139000")]


def test_a_resumed_draft_starts_at_the_first_unanswered_question():
    loaded = load_catalog(mini_catalog_bytes())
    form = resolve_form(loaded, "T-ALLOW")
    saved = {"applicant_name": "王芳", "applicant_id_number": synthetic_person(1).id_number}
    flow = WizardFlow(form, sink=RecordingSink(), today=TODAY, answers=saved)
    assert flow.page.question.id == "applicant_birth_date"
    assert flow.page.number == 3
