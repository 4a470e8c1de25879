"""帮办代办 on the volunteer's tablet (portrait and landscape): the case list through the real
widgets — whom they help (masked), what each case needs, the consent recorded, a case's
progress, a new case with the applicant's consent, and a draft continued with its PIN."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from kiosk.domain.states import ApplicationState
from kiosk.flows.identify import CardIdentity
from kiosk.flows.outcome import ScreenName
from kiosk.flows.visit import Visit
from tests.kiosk.flows.conftest import fill_in
from tests.kiosk.flows.test_cases_flow import SIGNATURE, elders, help_start
from tests.support.synthetic import synthetic_person
from tests.ui.conftest import click

PIN = "2580"


def _texts(widget) -> str:
    return "\n".join(label.text() for label in widget.findChildren(QLabel) if label.isVisible())


def _card(qtbot, window, person, *, consent: bool = False) -> None:
    assert window.current.name is ScreenName.IDENTIFY
    window.current.card_read(CardIdentity(person.id_number, name=person.name))
    if consent:
        click(qtbot, window.current.consent)
    click(qtbot, window.current.ok_button)


def _submitted_case(ui, helper, applicant) -> str:
    """A case submitted earlier on this tablet, sent back for 补正; returns its receipt."""
    visit = Visit(ui.flows)
    help_start(visit, helper, applicant)
    fill_in(visit, later=frozenset({"material_hukou_booklet"}))
    visit.review.begin()
    for item in visit.review.view.consents:
        visit.review.set_consent(item.field_id, True)
    visit.review.signed(SIGNATURE)
    visit.review.submit()
    application = visit.session.application
    outbox = ui.flows.applications.outbox
    outbox.start_attempt(application.client_uuid, actor="sync")
    outbox.mark_accepted(application.client_uuid, server_id="S-1", actor="sync")
    outbox.transition(
        application.client_uuid,
        ApplicationState.NEEDS_CORRECTION,
        actor="sync",
        note="请补交银行卡正面照片",
    )
    visit.end()
    return application.receipt_no


@pytest.mark.parametrize("size", [(800, 1280), (1280, 800)], ids=["portrait", "landscape"])
def test_volunteer_case_list_progress_new_case_and_resume(qtbot, window, ui, size):
    window.resize(*size)
    helper = synthetic_person(23)
    first, second = elders(2)
    receipt = _submitted_case(ui, helper, first)

    # 首页 → 帮办代办: the volunteer's own card, then their list.
    click(qtbot, window.current.cases_button)
    assert "帮办员" in window.current.heading.text()
    _card(qtbot, window, helper)
    screen = window.current
    assert screen.name is ScreenName.CASES
    shown = _texts(screen)
    assert "需要处理（1件）" in shown and "需补正：请补交银行卡正面照片" in shown
    assert "需补交：居民户口簿" in shown and "申请人在屏幕上确认同意" in shown
    assert first.name not in shown and first.id_number not in shown
    assert first.id_number[-4:] in shown  # masked: region, stars, the last four
    assert first.name not in window.ui.speaker.last

    # 查看进度: the case's progress with what to do for 补正; 返回 comes back to the list.
    (button,) = screen.open_buttons.values()
    assert button.text() == "查看进度"
    click(qtbot, button)
    assert window.current.name is ScreenName.PROGRESS
    assert "请补交银行卡正面照片" in _texts(window.current) and receipt in _texts(window.current)
    assert window.current.home_button.text() == "返回我帮办的申请"
    click(qtbot, window.current.home_button)
    assert window.current.name is ScreenName.CASES

    # 帮新的人办理: the service, then the applicant's card and consent (the volunteer stays).
    click(qtbot, window.current.new_button)
    click(qtbot, window.current.categories.tiles["民政救助"])
    click(qtbot, window.current.tiles.tiles["DEMO-MZ-003"])
    window.current.card_read(CardIdentity(second.id_number, name=second.name))
    click(qtbot, window.current.ok_button)
    assert any("确认同意" in m for m in window.current.errors.messages)  # not ticked: refused
    click(qtbot, window.current.consent)
    click(qtbot, window.current.ok_button)
    assert window.current.name is ScreenName.GUIDE
    click(qtbot, window.current.start_button)
    for _ in range(2):
        for digit in PIN:
            click(qtbot, window.current.keypad.keys[digit])
        click(qtbot, window.current.ok_button)
    assert window.current.name is ScreenName.WIZARD
    question = window.ui.visit.draft.page.question.id
    draft_id = window.ui.visit.session.draft.draft.draft_id
    click(qtbot, window.topbar.end_button)
    click(qtbot, window.end_dialog.confirm_button)
    assert window.current.name is ScreenName.HOME and window.ui.visit.session.proxy is None

    # Later: the list has both; 接着填写 needs the applicant's card, consent and the PIN.
    click(qtbot, window.current.cases_button)
    _card(qtbot, window, helper)
    screen = window.current
    assert "需要处理（2件）" in _texts(screen)
    assert screen.open_buttons[draft_id].text() == "接着填写"
    click(qtbot, screen.open_buttons[draft_id])
    _card(qtbot, window, second, consent=True)
    assert window.current.name is ScreenName.RESUME
    for digit in PIN:
        click(qtbot, window.current.keypad.keys[digit])
    click(qtbot, window.current.ok_button)
    assert window.current.name is ScreenName.WIZARD
    assert window.ui.visit.draft.page.question.id == question
    assert window.ui.visit.session.draft.draft.draft_id == draft_id


def test_i_am_helping_someone_asks_for_both_people_and_records_the_case(qtbot, window, ui):
    helper = synthetic_person(23)
    (applicant,) = elders(1)
    click(qtbot, window.current.categories.tiles["养老"])
    click(qtbot, window.current.tiles.tiles["DEMO-MZ-001"])
    screen = window.current
    assert screen.name is ScreenName.IDENTIFY and "请核验您的身份" in screen.heading.text()
    click(qtbot, screen.proxy_button)  # 我是帮别人办
    assert "代办人" in screen.heading.text()
    _card(qtbot, window, helper)
    assert "申请人" in screen.heading.text() and not screen.proxy_button.isVisible()
    screen.card_read(CardIdentity(applicant.id_number, name=applicant.name))
    # The applicant is shown whom they agree to, masked.
    note = screen.consent.note_label.text()
    assert helper.name not in note and helper.name[0] in note and "*" in note
    click(qtbot, screen.consent)
    click(qtbot, screen.ok_button)
    assert window.current.name is ScreenName.GUIDE
    click(qtbot, window.current.start_button)
    draft = window.ui.visit.session.draft.draft
    record = ui.flows.applications.cases.get(draft.draft_id)
    assert record is not None
    assert record.helper_key == ui.flows.applications.person_key(helper.id_number)
    assert record.applicant_id_masked.endswith(applicant.id_number[-4:])
    assert draft.person_key == ui.flows.applications.person_key(applicant.id_number)
