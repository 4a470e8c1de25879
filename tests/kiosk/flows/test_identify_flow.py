"""Identity: typed on the keypad, read from a card or a code; confirmation; 帮办代办."""

from __future__ import annotations

from kiosk.flows.identify import CardIdentity, Role, Stage
from kiosk.flows.outcome import ScreenName
from kiosk.flows.session import Purpose
from tests.kiosk.flows.conftest import type_id
from tests.support.synthetic import synthetic_person


def test_typed_digits_are_grouped_like_the_card(visit):
    visit.home.choose("DEMO-MZ-001")
    for digit in "11010519":
        view = visit.identify.key(digit)
    assert view.typed == "110105 19"
    view = visit.identify.key("删除")
    assert view.typed == "110105 1"
    assert visit.identify.key("清空").typed == ""


def test_x_is_only_accepted_as_the_eighteenth_character(visit):
    visit.home.choose("DEMO-MZ-001")
    view = visit.identify.key("X")
    assert view.error == "X 只能是第18位。" and view.typed == ""
    type_id(visit, "11010519491231002")
    view = visit.identify.key("X")
    assert view.typed.endswith("002X") and view.error == ""


def test_a_wrong_number_is_refused_with_the_reason_and_kept_out(visit):
    visit.home.choose("DEMO-MZ-001")
    type_id(visit, "110105194912310021")  # check digit should be X
    outcome = visit.identify.submit_typed()
    assert outcome.screen is None and "校验码不对" in outcome.message
    assert visit.identify.view.stage is Stage.ENTER
    assert visit.session.applicant is None


def test_a_typed_number_is_confirmed_then_leads_to_the_guide(visit):
    person = synthetic_person(3)
    visit.home.choose("DEMO-MZ-001")
    type_id(visit, person.id_number)
    outcome = visit.identify.submit_typed()
    view = visit.identify.view
    assert view.stage is Stage.CONFIRM and view.name is None
    assert view.masked_id == person.id_number[:6] + "********" + person.id_number[-4:]
    # The open speaker must not hear the number; the headset prompt may.
    assert person.id_number not in view.prompt_public and person.id_number[-4:] in view.prompt
    assert outcome.speak == view.prompt_public
    outcome = visit.identify.confirm()
    assert outcome.screen is ScreenName.GUIDE
    assert visit.session.applicant.id_number == person.id_number
    assert visit.session.applicant.birth_date == person.birth_date


def test_retry_goes_back_to_a_blank_entry(visit):
    person = synthetic_person(4)
    visit.home.choose("DEMO-MZ-001")
    type_id(visit, person.id_number)
    visit.identify.submit_typed()
    view = visit.identify.retry()
    assert view.stage is Stage.ENTER and view.typed == ""


def test_a_card_gives_the_name_too(visit):
    person = synthetic_person(5)
    visit.home.choose("DEMO-MZ-001")
    visit.identify.card_read(CardIdentity(person.id_number, name=person.name, address="示例村"))
    view = visit.identify.view
    assert view.stage is Stage.CONFIRM and view.name == person.name
    visit.identify.confirm()
    assert visit.session.applicant.name == person.name
    assert visit.session.applicant.address == "示例村"


def test_a_bad_card_read_asks_to_place_it_again(visit):
    visit.home.choose("DEMO-MZ-001")
    outcome = visit.identify.card_read(CardIdentity("123"))
    assert "重新放好身份证" in outcome.message


def test_a_scanned_code_that_is_not_an_id_is_refused(visit):
    visit.home.choose("DEMO-MZ-001")
    assert "不是身份证件码" in visit.identify.scanned("https://example.com").message
    person = synthetic_person(6)
    visit.identify.scanned(f" {person.id_number} ")
    assert visit.identify.view.stage is Stage.CONFIRM


def test_someone_already_identified_is_not_asked_again(visit):
    person = synthetic_person(7)
    visit.home.choose("DEMO-MZ-001")
    type_id(visit, person.id_number)
    visit.identify.submit_typed()
    visit.identify.confirm()
    visit.home.choose("DEMO-RS-001")
    assert visit.identify.begin().screen is ScreenName.GUIDE


def test_identity_for_progress_and_resume_leads_there(visit):
    person = synthetic_person(8)
    visit.home.progress()
    type_id(visit, person.id_number)
    visit.identify.submit_typed()
    assert visit.identify.confirm().screen is ScreenName.PROGRESS
    visit.session.purpose = Purpose.RESUME
    assert visit.identify.begin().screen is ScreenName.RESUME


def test_proxy_asks_helper_then_applicant_and_requires_consent(visit):
    helper, applicant = synthetic_person(9), synthetic_person(10)
    visit.home.choose("DEMO-MZ-001")
    view = visit.identify.set_proxy(True)
    assert view.role is Role.HELPER and "代办人" in view.heading
    type_id(visit, helper.id_number)
    visit.identify.submit_typed()
    assert visit.identify.confirm().screen is None
    assert visit.session.proxy.id_number == helper.id_number
    view = visit.identify.view
    assert view.role is Role.APPLICANT and "申请人" in view.heading
    assert not view.can_choose_proxy
    # The same person cannot be both.
    type_id(visit, helper.id_number)
    assert "不能是同一个人" in visit.identify.submit_typed().message
    type_id(visit, applicant.id_number)
    visit.identify.submit_typed()
    assert visit.identify.view.needs_consent
    refused = visit.identify.confirm(consent=False)
    assert refused.screen is None and "确认同意" in refused.message
    assert visit.identify.confirm(consent=True).screen is ScreenName.GUIDE
    assert visit.session.applicant.id_number == applicant.id_number
    assert visit.session.proxy_consent


def test_back_from_the_applicant_step_forgets_the_helper(visit):
    helper = synthetic_person(11)
    visit.home.choose("DEMO-MZ-001")
    visit.identify.set_proxy(True)
    type_id(visit, helper.id_number)
    visit.identify.submit_typed()
    visit.identify.confirm()
    assert visit.identify.back().screen is None
    assert visit.session.proxy is None
    assert visit.identify.view.role is Role.HELPER
    assert visit.identify.back().screen is ScreenName.HOME


def test_a_service_that_must_be_done_in_person_refuses_proxy(ctx, visit, monkeypatch):
    visit.home.choose("DEMO-MZ-001")
    monkeypatch.setattr(type(visit.guide), "proxy_allowed", property(lambda self: False))
    assert not visit.identify.view.can_choose_proxy
    view = visit.identify.set_proxy(True)
    assert "不能代办" in view.error and not visit.session.proxy_requested
