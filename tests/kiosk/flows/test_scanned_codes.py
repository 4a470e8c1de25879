"""A code held up on the identity page: a receipt answers 办件进度查询; an ID code identifies."""

from __future__ import annotations

from kiosk.flows.identify import Stage
from kiosk.flows.outcome import ScreenName
from kiosk.flows.visit import Visit
from tests.kiosk.flows.conftest import elder, fill_in, started
from tests.support.synthetic import synthetic_person


def _receipt(ctx) -> str:
    visit = Visit(ctx)
    started(visit, "DEMO-MZ-001", elder())
    fill_in(visit, later=frozenset({"material_hukou_booklet"}))
    visit.review.begin()
    for item in visit.review.view.consents:
        visit.review.set_consent(item.field_id, True)
    visit.review.signed(b"\x89PNG signature")
    visit.review.submit()
    return visit.session.application.receipt_no


def test_a_receipt_code_on_the_progress_identity_page_shows_that_application(ctx):
    receipt = _receipt(ctx)
    visit = Visit(ctx)
    visit.home.progress()
    assert visit.progress.begin().screen is ScreenName.IDENTIFY
    assert "回执上的二维码" in visit.identify.view.hint
    assert visit.code_scanned("receipt", receipt).screen is ScreenName.PROGRESS
    assert visit.progress.begin().screen is None  # no ID asked
    (item,) = visit.progress.view.items
    assert item.receipt_no == receipt and item.service_name == "高龄津贴申领"
    assert visit.session.applicant is None  # nobody was identified by it


def test_an_unknown_receipt_or_a_broken_code_is_told_plainly(ctx):
    visit = Visit(ctx)
    visit.home.progress()
    outcome = visit.code_scanned("receipt", "K1-20260101-000000-X")
    assert outcome.screen is None and "本机没有" in outcome.message
    outcome = visit.code_scanned("invalid", "")
    assert outcome.screen is None and "再扫一次" in outcome.message


def test_a_receipt_code_while_applying_does_not_identify_anyone(ctx):
    receipt = _receipt(ctx)
    visit = Visit(ctx)
    visit.home.choose("DEMO-MZ-001")
    outcome = visit.code_scanned("receipt", receipt)
    assert outcome.screen is None and "办件进度查询" in outcome.message
    assert visit.session.applicant is None


def test_an_identity_code_is_confirmed_like_a_typed_number(ctx):
    person = synthetic_person(7)
    visit = Visit(ctx)
    visit.home.choose("DEMO-MZ-001")
    visit.code_scanned("text", person.id_number)
    assert visit.identify.view.stage is Stage.CONFIRM
    assert "不是身份证件码" in visit.code_scanned("text", "https://example.com").message
