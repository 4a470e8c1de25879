"""The whole citizen's journey through the real widgets, with qtbot clicks and keys.

A single service (高龄津贴) with a validation error, 返回, 容缺, a photographed material and a
refused submit; then a bundle (新生儿出生一件事) whose 户口簿 is reused from an earlier
application, abandoned half-way by an idle time-out that keeps the draft, and finished after
resuming it with the PIN; then the rating and the progress query.
"""

from __future__ import annotations

from datetime import date

import pytest
import shiboken6
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit

from devices.camera import FileCamera
from devices.printer.pdf_printer import PdfPrinter
from kiosk.domain.catalog import FieldType
from kiosk.flows.outcome import ScreenName
from kiosk.storage.outbox_repo import Outbox
from kiosk.storage.ratings_repo import Ratings
from tests.support.synthetic import synthetic_person
from tests.ui.conftest import click
from ui.demo import demo_camera_folder
from ui.tour import demo_residents
from ui.widgets.answers import ChoiceAnswer, DateAnswer, DigitsAnswer, RegionAnswer, TextAnswer
from ui.window import KioskWindow


@pytest.fixture
def journey_window(ui, qtbot, clock, tmp_path) -> KioskWindow:
    ui.devices.camera = FileCamera(demo_camera_folder(tmp_path / "camera"), loop=True)
    ui.devices.printer = PdfPrinter(tmp_path / "receipts")
    window = KioskWindow(ui, monotonic=clock)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.show_screen(ScreenName.HOME)
    return window


def _identify(qtbot, window, facts) -> None:
    from kiosk.flows.identify import CardIdentity

    assert window.current.name is ScreenName.IDENTIFY
    window.current.card_read(CardIdentity(facts.id_number, name=facts.name))
    click(qtbot, window.current.ok_button)


def _type(qtbot, keypad, text: str) -> None:
    for char in text:
        click(qtbot, keypad.keys[char])


def _set_pin(qtbot, window, pin: str) -> None:
    for _ in range(2):
        assert window.current.name is ScreenName.PIN
        _type(qtbot, window.current.keypad, pin)
        click(qtbot, window.current.ok_button)


def _answer(qtbot, window, value) -> None:
    """Puts ``value`` into the wizard page's control as fingers (and the IME) would."""
    from ui.tour import commit_text

    control = window.current.control
    if isinstance(control, TextAnswer):
        control.edit.clear()
        commit_text(control.edit, str(value))
    elif isinstance(control, DigitsAnswer):
        for _ in range(len(str(control.value()))):
            click(qtbot, control.keypad.keys["删除"])
        _type(qtbot, control.keypad, str(value))
    elif isinstance(control, ChoiceAnswer):
        click(qtbot, control.grid.tiles[value])
    elif isinstance(control, DateAnswer):
        year, month, day = value.split("-")
        for part, digits in (("year", year), ("month", str(int(month))), ("day", str(int(day)))):
            click(qtbot, control.boxes[part])
            _type(qtbot, control.keypad, digits)
    elif isinstance(control, RegionAnswer):
        if "code" in value:  # tap province, city, county
            chain, region = [], control.regions.get(value["code"])
            while region is not None:
                chain.append(region.code)
                region = control.regions.get(region.parent) if region.parent else None
            for code in reversed(chain):
                click(qtbot, control.grid.tiles[code])
        control.detail.clear()
        commit_text(control.detail, value["detail"])


def _fill(qtbot, window, resident, *, until=None, later=frozenset()) -> list[str]:
    """Answers pages up to the review (or to question ``until``); returns the ids asked."""
    asked = []
    for _ in range(60):
        screen = window.current
        if screen.name is ScreenName.REVIEW:
            return asked
        page = window.ui.visit.draft.page
        qid = page.question.id
        if qid == until:
            return asked
        asked.append(qid)
        if screen.name is ScreenName.MATERIALS:
            if screen.reuse_button.isVisible():
                click(qtbot, screen.reuse_button)
            elif qid in later:
                click(qtbot, screen.later_button)
            else:
                click(qtbot, screen.shoot_button)
                assert screen.captured is not None, screen.camera_hint.text()
                click(qtbot, screen.use_button)
            continue
        assert screen.name is ScreenName.WIZARD
        kind = page.question.field.type
        if qid in resident.answers:
            _answer(qtbot, window, resident.answers[qid])
        elif kind == FieldType.REGION and page.value:
            _answer(qtbot, window, {"detail": "示例镇示例村"})
        elif kind == FieldType.REGION:
            _answer(qtbot, window, {"code": "110105", "detail": "示例镇示例村"})
        elif kind == FieldType.SINGLE_CHOICE and not page.prefilled and page.value is None:
            options = [o.value for o in page.question.field.options]
            for option in options:  # the first option the rules accept
                _answer(qtbot, window, option)
                click(qtbot, screen.next_button)
                now = window.ui.visit.draft.page if window.current is screen else None
                if now is None or now.question.id != qid or not now.errors:
                    break
            continue
        elif kind == FieldType.PHONE and not page.value:
            _answer(qtbot, window, resident.phone)
        elif kind == FieldType.BANK_ACCOUNT and not page.value:
            _answer(qtbot, window, "6217000010001234567")
        elif kind == FieldType.TEXT and not page.value:
            _answer(qtbot, window, "示例县示例镇示例村1组")
        click(qtbot, screen.next_button)
    page = window.ui.visit.draft.page
    raise AssertionError(f"stuck at {page.question.id}: {page.errors}")


def _sign_and_submit(qtbot, window) -> None:
    review = window.current
    assert review.name is ScreenName.REVIEW
    for tile in review.consents.values():
        click(qtbot, tile)
    pad = review.signature
    review.scroll.ensureWidgetVisible(pad)
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(20, 40))
    for x in range(30, 300, 30):
        qtbot.mouseMove(pad, QPoint(x, 40 + (x % 60)))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(300, 60))
    assert not pad.empty
    click(qtbot, review.submit_button)
    assert window.current.name is ScreenName.RECEIPT


def test_single_service_with_error_back_later_capture_and_refused_submit(
    qtbot, journey_window, kiosk
):
    window = journey_window
    elder, _ = demo_residents()
    click(qtbot, window.current.popular.tiles["DEMO-MZ-001"])
    _identify(qtbot, window, elder.facts)
    assert window.current.name is ScreenName.GUIDE
    click(qtbot, window.current.start_button)
    _set_pin(qtbot, window, elder.pin)
    wizard = window.current
    assert wizard.name is ScreenName.WIZARD
    assert wizard.progress_label.text() == "第 1 步，共 12 步"
    assert wizard.control.value() == elder.facts.name  # prefilled from the card
    _fill(qtbot, window, elder, until="applicant_phone")

    # A validation error keeps what was typed and names the field, above and beside it.
    _answer(qtbot, window, "1380000")
    click(qtbot, wizard.next_button)
    assert wizard.errors.isVisible() and "手机号码" in wizard.errors.messages[0]
    assert wizard.field_error.isVisible() and wizard.control.value() == "1380000"
    assert "有一处需要修改" in window.ui.speaker.last
    _answer(qtbot, window, elder.phone)
    click(qtbot, wizard.next_button)
    assert window.ui.visit.draft.page.question.id == "household_region"

    # 返回 never loses an answer; the answer was on disk before the next page showed.
    click(qtbot, wizard.back_button)
    assert window.ui.visit.draft.page.question.id == "applicant_phone"
    assert wizard.control.value() == elder.phone
    draft_id = window.ui.visit.session.draft.draft.draft_id
    applications = window.ui.flows.applications
    assert applications.drafts.answers(draft_id)["applicant_phone"] == elder.phone
    click(qtbot, wizard.next_button)

    _fill(qtbot, window, elder, later=frozenset({"material_hukou_booklet"}))
    review = window.current
    assert review.name is ScreenName.REVIEW
    click(qtbot, review.submit_button)  # no consent, no signature
    assert review.errors.isVisible() and len(review.errors.messages) == 2
    assert window.ui.visit.session.application is None

    # 修改 jumps to the question and 继续 comes back to the review.
    click(qtbot, review.edit_buttons["applicant_phone"])
    assert window.current.name is ScreenName.WIZARD
    _answer(qtbot, window, "13900000009")
    click(qtbot, window.current.next_button)
    assert window.current.name is ScreenName.REVIEW
    _sign_and_submit(qtbot, window)

    receipt = window.current
    application = window.ui.visit.session.application
    assert receipt.number.text().replace("\u200b", "") == application.receipt_no
    assert "网络暂不可用，申请已保存在本机，恢复后自动提交" in receipt.network.text()
    assert "居民户口簿" in receipt.owed.text()
    assert receipt.qr.payload.startswith("ZWK1:R:" + application.receipt_no)
    click(qtbot, receipt.print_button)
    assert window.ui.devices.printer.written and window.ui.devices.printer.written[0].exists()
    outbox = Outbox(kiosk.store, device_code=kiosk.settings.receipt_prefix)
    stored = outbox.find_by_receipt(application.receipt_no)
    assert stored.state == "queued" and stored.receipt_printed_count == 1
    assert stored.payload["answers"]["applicant_phone"] == "13900000009"
    assert stored.payload["answers"]["material_hukou_booklet"] == {"later": True}
    assert stored.payload["answers"]["material_bank_card"]["source"] == "captured"

    click(qtbot, receipt.finish_button)
    assert window.current.name is ScreenName.HOME
    assert window.ui.visit.session.applicant is None


def test_bundle_with_reuse_idle_timeout_resume_by_pin_rating_and_progress(
    qtbot, journey_window, kiosk, clock
):
    window = journey_window
    _, mother = demo_residents()
    # An earlier application supplies her 户口簿.
    click(qtbot, window.current.categories.tiles["养老"])
    click(qtbot, window.current.tiles.tiles["DEMO-RS-001"])
    _identify(qtbot, window, mother.facts)
    click(qtbot, window.current.start_button)
    _set_pin(qtbot, window, mother.pin)
    _fill(qtbot, window, mother)
    _sign_and_submit(qtbot, window)
    click(qtbot, window.current.another_button)

    # The bundle: identity is not asked again; the 户口簿 is on file.
    click(qtbot, window.current.categories.tiles["一件事"])
    click(qtbot, window.current.tiles.tiles["DEMO-YJS-001"])
    guide = window.current
    assert guide.name is ScreenName.GUIDE
    assert any("以前提交过" in line.text() for line in guide.materials.lines)
    click(qtbot, guide.start_button)
    _set_pin(qtbot, window, mother.pin)
    asked = _fill(qtbot, window, mother, until="baby_sex")
    assert len(asked) == len(set(asked))
    draft_id = window.ui.visit.session.draft.draft.draft_id

    # She walks away: the warning (spoken), then the session ends and the draft stays.
    settings = window.ui.flows.settings
    held = list(window._screens.values())
    identify = window.screen(ScreenName.IDENTIFY)
    assert mother.facts.name in identify.name_line.text()  # her visit's screens hold her data
    clock.t += settings.idle_timeout_s
    window.tick_idle()
    assert window.idle_dialog.isVisible()
    assert "继续办理" in window.ui.speaker.last
    clock.t += settings.idle_warning_s
    window.tick_idle()
    assert window.current.name is ScreenName.HOME
    assert not window.ui.visit.session.active
    # Nothing of hers is left in a widget either: the visit's screens were destroyed.
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not any(shiboken6.isValid(screen) for screen in held)
    left = [w.text() for w in window.findChildren(QLabel) + window.findChildren(QLineEdit)]
    masked = mother.facts.id_number[:6] + "********" + mother.facts.id_number[-4:]
    for secret in (mother.facts.name, mother.facts.id_number, masked):
        assert not any(secret in text for text in left), secret
    drafts = window.ui.flows.applications.drafts
    assert drafts.get(draft_id).status == "open"
    assert "baby_name" in drafts.answers(draft_id)

    # Someone else's ID does not open it; hers and her PIN do, at the question she left.
    click(qtbot, window.current.resume_button)
    _identify(qtbot, window, synthetic_person(77))
    assert window.current.name is ScreenName.RESUME
    assert not window.current.drafts.tiles and not window.current.keypad.isVisible()
    click(qtbot, window.topbar.end_button)
    click(qtbot, window.end_dialog.confirm_button)
    click(qtbot, window.current.resume_button)
    _identify(qtbot, window, mother.facts)
    resume = window.current
    assert resume.name is ScreenName.RESUME
    _type(qtbot, resume.keypad, "0000")
    click(qtbot, resume.ok_button)
    assert "还可以再试4次" in resume.errors.messages[0]  # on the page, not in a banner too
    assert window.banner.text == ""
    _type(qtbot, resume.keypad, mother.pin)
    click(qtbot, resume.ok_button)
    assert window.current.name is ScreenName.WIZARD
    assert window.ui.visit.draft.page.question.id == "baby_sex"
    assert window.ui.visit.session.draft.draft.draft_id == draft_id

    asked = _fill(qtbot, window, mother)
    _sign_and_submit(qtbot, window)
    bundle = window.ui.visit.session.application
    assert bundle.payload["answers"]["material_hukou_booklet"]["source"] == "reused"

    # 好差评: a reason is required at 不满意.
    click(qtbot, window.current.rate_button)
    rating = window.current
    click(qtbot, rating.levels.tiles["2"])
    click(qtbot, rating.submit_button)
    assert rating.reasons.isVisible() and "原因" in rating.errors.messages[0]
    click(qtbot, rating.reasons.tiles["操作太复杂"])
    click(qtbot, rating.submit_button)
    stored = Ratings(kiosk.store).get(bundle.client_uuid)
    assert stored.level == 2 and stored.reason == "操作太复杂"
    click(qtbot, rating.finish_button)

    # 办件进度查询 by ID: both of her applications, newest first.
    click(qtbot, window.current.progress_button)
    _identify(qtbot, window, mother.facts)
    progress = window.current
    assert progress.name is ScreenName.PROGRESS
    assert len(progress.panels) == 2
    assert progress.panels[0].accessibleName().startswith("新生儿出生一件事")


def test_continue_answers_the_idle_warning_and_the_session_goes_on(qtbot, journey_window, clock):
    window = journey_window
    click(qtbot, window.current.popular.tiles["DEMO-MZ-001"])
    _identify(qtbot, window, demo_residents()[0].facts)
    clock.t += window.idle.timeout_s
    window.tick_idle()
    assert window.idle_dialog.isVisible()
    click(qtbot, window.idle_dialog.buttons.itemAt(0).widget())
    assert not window.idle_dialog.isVisible()
    clock.t += window.idle.timeout_s - 1
    window.tick_idle()
    assert not window.idle_dialog.isVisible()
    assert window.current.name is ScreenName.GUIDE


def test_today_is_the_kiosk_calendar_day(ui):
    assert ui.flows.today() == date(2026, 11, 22)
