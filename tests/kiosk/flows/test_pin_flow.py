"""The draft's PIN: typed twice, guessable ones refused, stored hashed."""

from __future__ import annotations

import pytest

from kiosk.flows.outcome import ScreenName
from kiosk.flows.pin import PinStage, is_guessable
from tests.kiosk.flows.conftest import elder, identified


@pytest.mark.parametrize("pin", ["0000", "1111", "1234", "2345", "9876", "8901", "3210"])
def test_guessable_pins(pin):
    assert is_guessable(pin)


@pytest.mark.parametrize("pin", ["2580", "1357", "1123", "9025"])
def test_ordinary_pins(pin):
    assert not is_guessable(pin)


def _type(visit, pin):
    for digit in pin:
        visit.pin.key(digit)


@pytest.fixture
def at_pin(visit):
    identified(visit, "DEMO-MZ-001", elder())
    visit.guide.start()
    return visit


def test_the_pin_is_typed_twice_then_the_wizard_starts(at_pin, ctx):
    visit = at_pin
    _type(visit, "25")
    assert visit.pin.view.dots == "●●○○"
    _type(visit, "80")
    assert visit.pin.submit().screen is None
    assert visit.pin.view.stage is PinStage.AGAIN and visit.pin.view.dots == "○○○○"
    _type(visit, "2580")
    outcome = visit.pin.submit()
    assert outcome.screen is ScreenName.WIZARD
    draft_id = visit.session.draft.draft.draft_id
    assert ctx.applications.drafts.check_pin(draft_id, "2580").ok
    assert visit.session.draft.draft.has_pin


def test_a_mismatch_starts_over(at_pin):
    visit = at_pin
    _type(visit, "2580")
    visit.pin.submit()
    _type(visit, "2589")
    outcome = visit.pin.submit()
    assert "不一样" in outcome.message
    assert visit.pin.view.stage is PinStage.FIRST
    assert not visit.session.draft.draft.has_pin


def test_guessable_and_short_pins_are_refused(at_pin):
    visit = at_pin
    _type(visit, "1234")
    assert "容易被猜到" in visit.pin.submit().message
    _type(visit, "25")
    assert "4位" in visit.pin.submit().message
    assert visit.pin.view.stage is PinStage.FIRST


def test_more_than_four_digits_are_ignored_and_delete_works(at_pin):
    visit = at_pin
    _type(visit, "258013")
    assert visit.pin.view.filled == 4
    visit.pin.key("删除")
    assert visit.pin.view.filled == 3
