"""Answering, materials (captured, reused, 以后补交), review with 修改, consent, signature."""

from __future__ import annotations

from datetime import date

from kiosk.domain.catalog import FieldType
from kiosk.domain.identity import compose_id_number
from kiosk.flows.outcome import ScreenName
from kiosk.flows.receipt import OFFLINE_NOTE, ONLINE_NOTE
from tests.kiosk.flows.conftest import elder, fill_in, started
from tests.support.synthetic import synthetic_person

SIGNATURE_PNG = b"\x89PNG\r\n\x1a\n a signature"


def test_prefilled_identity_is_confirmed_not_asked(visit):
    person = elder()
    started(visit, "DEMO-MZ-001", person)
    page = visit.draft.page
    assert page.question.id == "applicant_name" and page.prefilled
    assert page.value == person.name
    assert visit.draft.answer(page.value).screen is ScreenName.WIZARD
    assert visit.draft.page.question.id == "applicant_id_number"


def test_a_refused_answer_stays_with_its_error_and_nothing_is_saved(ctx, visit):
    started(visit, "DEMO-MZ-001", elder())
    visit.draft.answer(visit.draft.page.value)
    visit.draft.answer(visit.draft.page.value)
    while visit.draft.page.question.field.type != FieldType.PHONE:
        visit.draft.answer(visit.draft.page.value)
    outcome = visit.draft.answer("1380000")
    assert outcome.screen is None and outcome.errors
    assert outcome.errors[0].field_id == "applicant_phone"
    assert "有一处需要修改" in outcome.speak
    assert visit.draft.page.value == "1380000"  # kept as typed
    saved = ctx.applications.drafts.answers(visit.session.draft.draft.draft_id)
    assert "applicant_phone" not in saved


def test_back_keeps_answers_and_leads_to_the_guide_from_the_first_page(visit):
    started(visit, "DEMO-MZ-001", elder())
    first = visit.draft.page.value
    visit.draft.answer(first)
    assert visit.draft.back().screen is ScreenName.WIZARD
    assert visit.draft.page.value == first and not visit.draft.page.prefilled
    assert visit.draft.back().screen is ScreenName.GUIDE


def test_materials_go_to_the_materials_screen_with_their_choices(visit):
    started(visit, "DEMO-MZ-001", elder())
    fill_in(visit, until=lambda page: page.question.field.type == FieldType.MATERIAL)
    assert visit.draft.route().screen is ScreenName.MATERIALS
    choices = visit.draft.material
    assert choices.name == "居民户口簿" and choices.can_defer and not choices.can_reuse
    assert visit.draft.later().screen is ScreenName.MATERIALS
    choices = visit.draft.material
    assert choices.name == "本人银行卡或存折" and not choices.can_defer
    refused = visit.draft.later()
    assert refused.errors and "不能以后补交" in refused.errors[0].message
    assert visit.draft.captured(b"a bank card photo", mime="image/jpeg").screen is ScreenName.REVIEW


def _review_and_submit(visit, *, sign: bool = True):
    visit.review.begin()
    for item in visit.review.view.consents:
        visit.review.set_consent(item.field_id, True)
    if sign:
        visit.review.signed(SIGNATURE_PNG)
    return visit.review.submit()


def test_review_groups_answers_masks_the_id_and_edits_come_back(visit):
    person = elder()
    started(visit, "DEMO-MZ-001", person)
    fill_in(visit, later=frozenset({"material_hukou_booklet"}))
    visit.review.begin()
    view = visit.review.view
    texts = {line.field_id: line.text for group in view.groups for line in group.lines}
    assert texts["applicant_id_number"] == person.id_number[:6] + "********" + person.id_number[-4:]
    assert texts["material_hukou_booklet"] == "以后补交"
    assert texts["bank_account"] == "尾号4567"
    assert "年" in texts["applicant_birth_date"]
    assert view.consents and view.signature_field == "signature" and not view.signed
    # 修改 the phone, then 继续 returns to the review.
    assert visit.review.edit("applicant_phone").screen is ScreenName.WIZARD
    assert visit.draft.answer("13900000009").screen is ScreenName.REVIEW
    visit.review.begin()
    texts = {line.field_id: line.text for group in visit.review.view.groups for line in group.lines}
    assert texts["applicant_phone"] == "13900000009"


def test_submit_needs_consent_and_signature(visit):
    started(visit, "DEMO-MZ-001", elder())
    fill_in(visit, later=frozenset({"material_hukou_booklet"}))
    visit.review.begin()
    outcome = visit.review.submit()
    messages = [e.message for e in outcome.errors]
    assert outcome.screen is None and len(messages) == 2
    assert any("勾选" in m for m in messages) and any("签名" in m for m in messages)
    assert visit.session.application is None


def test_submit_queues_with_a_receipt_and_the_receipt_says_what_is_owed(ctx, visit):
    started(visit, "DEMO-MZ-001", elder())
    fill_in(visit, later=frozenset({"material_hukou_booklet"}))
    outcome = _review_and_submit(visit)
    assert outcome.screen is ScreenName.RECEIPT
    application = visit.session.application
    assert application.state == "queued" and visit.session.draft is None
    assert application.payload["answers"]["signature"]["sha256"]
    view = visit.receipt.view(online=False)
    assert view.receipt_no == application.receipt_no
    assert view.owed == ("居民户口簿",) and view.network_note == OFFLINE_NOTE
    assert " ".join(application.receipt_no) in view.prompt
    assert ("回执编号", application.receipt_no) in view.lines
    assert any("还需补交" in n for n in view.notes)
    assert visit.receipt.view(online=True).network_note == ONLINE_NOTE
    visit.receipt.printed()
    assert visit.session.application.receipt_printed_count == 1


def test_a_bundle_asks_shared_questions_once_and_reuses_a_material(ctx, visit):
    mother = synthetic_person(31)
    started(visit, "DEMO-RS-001", mother)
    fill_in(visit)
    _review_and_submit(visit)
    visit.receipt.another()
    visit.home.choose("DEMO-YJS-001")
    assert visit.identify.begin().screen is ScreenName.GUIDE
    visit.guide.start()
    for _ in range(2):
        for digit in "2580":
            visit.pin.key(digit)
        visit.pin.submit()
    baby_born = date(2026, 11, 10)
    asked = fill_in(
        visit,
        answers={
            "guardian_relation": "mother",
            "mother_name": mother.name,
            "mother_id_number": mother.id_number,
            "father_name": "王强",
            "father_id_number": compose_id_number(
                "110105", birth_date=date(1994, 3, 2), sequence=17
            ),
            "baby_name": "王小满",
            "baby_sex": "female",
            "baby_birth_date": baby_born.isoformat(),
            "baby_id_number": compose_id_number("110105", birth_date=baby_born, sequence=24),
            "settle_with": "mother",
            "beneficiary": "newborn",
        },
    )
    assert len(asked) == len(set(asked))
    outcome = _review_and_submit(visit)
    assert outcome.screen is ScreenName.RECEIPT
    answers = visit.session.application.payload["answers"]
    assert answers["material_hukou_booklet"]["source"] == "reused"


def test_answers_from_an_earlier_application_are_offered_for_confirmation(ctx, visit):
    person = synthetic_person(32)
    started(visit, "DEMO-RS-001", person)
    fill_in(visit)
    _review_and_submit(visit)
    earlier = visit.session.application.payload["answers"]
    visit.receipt.another()
    visit.home.choose("DEMO-YB-002")  # asks the phone again
    visit.identify.begin()
    visit.guide.start()
    for _ in range(2):
        for digit in "2580":
            visit.pin.key(digit)
        visit.pin.submit()
    fill_in(visit, until=lambda page: page.question.id == "applicant_phone")
    page = visit.draft.page
    assert page.prefilled and page.remembered and page.value == earlier["applicant_phone"]
    assert "上次申请时填写的" in page.prompt
    # Nothing is taken without the resident's 继续: the answer is not saved yet.
    saved = ctx.applications.drafts.answers(visit.session.draft.draft.draft_id)
    assert "applicant_phone" not in saved
    # Other people's names and numbers are never carried over.
    assert not any(
        q.field.type in ("name", "id_number") and q.id in visit.draft.draft.flow._remembered
        for q in visit.draft.draft.form.questions
    )


def test_a_signature_confirmed_in_one_action_is_recorded_as_confirmed_not_drawn(visit):
    """WCAG 2.5.7 / 2.5.1: 我确认以上内容属实 by one Enter replaces drawing, and says so."""
    started(visit, "DEMO-MZ-001", elder())
    fill_in(visit, later=frozenset({"material_hukou_booklet"}))
    visit.review.begin()
    assert "我确认以上内容属实" in visit.review.view.prompt
    for item in visit.review.view.consents:
        visit.review.set_consent(item.field_id, True)
    visit.review.confirm_signature(True)
    assert visit.review.view.signed and visit.review.view.confirmed
    assert visit.review.submit().screen is ScreenName.RECEIPT
    signature = visit.session.application.payload["answers"]["signature"]
    assert signature == {"kind": "confirmed", "statement": "我确认以上内容属实"}


def test_a_drawn_signature_is_recorded_as_drawn_and_unconfirming_needs_one_again(visit):
    started(visit, "DEMO-MZ-001", elder())
    fill_in(visit, later=frozenset({"material_hukou_booklet"}))
    visit.review.begin()
    for item in visit.review.view.consents:
        visit.review.set_consent(item.field_id, True)
    visit.review.confirm_signature(True)
    visit.review.confirm_signature(False)
    outcome = visit.review.submit()
    assert outcome.screen is None and any("签名" in e.message for e in outcome.errors)
    visit.review.signed(SIGNATURE_PNG)
    assert visit.review.submit().screen is ScreenName.RECEIPT
    signature = visit.session.application.payload["answers"]["signature"]
    assert signature["kind"] == "drawn" and len(signature["sha256"]) == 64
