"""The real widgets: home, categories, search, identity on the keypad, the guide, the PIN."""

from __future__ import annotations

from PySide6.QtCore import Qt

from accessibility.scale import FontScale
from kiosk.flows.outcome import ScreenName
from tests.support.synthetic import synthetic_person
from tests.ui.conftest import click


def _type_id(qtbot, window, number: str) -> None:
    keypad = window.current.keypad
    for char in number:
        click(qtbot, keypad.keys[char])


def test_home_shows_popular_services_and_categories(window):
    home = window.current
    assert home.name is ScreenName.HOME
    assert "高龄津贴申领" in [t.title for t in home.popular.tiles.values()]
    assert "一件事" in home.categories.tiles
    assert window.ui.speaker.last.startswith("欢迎使用")


def test_category_then_service_then_identity_by_keypad_then_guide(qtbot, window):
    click(qtbot, window.current.categories.tiles["养老"])
    assert window.current.name is ScreenName.SERVICES
    assert window.current.heading.text() == "养老"
    click(qtbot, window.current.tiles.tiles["DEMO-MZ-001"])
    identify = window.current
    assert identify.name is ScreenName.IDENTIFY
    person = synthetic_person(41)
    _type_id(qtbot, window, person.id_number[:-1])
    click(qtbot, identify.keypad.keys["删除"])
    _type_id(qtbot, window, person.id_number[-2:])
    assert identify.typed.text().replace(" ", "") == person.id_number
    click(qtbot, identify.ok_button)
    assert identify.id_line.text().endswith(person.id_number[-4:])
    assert person.id_number not in identify.id_line.text()
    click(qtbot, identify.ok_button)
    guide = window.current
    assert guide.name is ScreenName.GUIDE
    assert guide.heading.text() == "高龄津贴申领"
    click(qtbot, guide.start_button)
    assert window.current.name is ScreenName.PIN


def test_a_wrong_id_number_shows_the_error_on_the_page(qtbot, window):
    click(qtbot, window.current.popular.tiles["DEMO-MZ-001"])
    _type_id(qtbot, window, "110105194912310021")
    click(qtbot, window.current.ok_button)
    errors = window.current.errors
    assert errors.isVisible() and "校验码不对" in errors.messages[0]
    assert "校验码不对" in window.ui.speaker.last


def test_search_by_pinyin_initials_on_the_letter_pad(qtbot, window):
    click(qtbot, window.current.nav.itemAt(0).widget())
    search = window.current
    assert search.name is ScreenName.SEARCH
    for letter in "GLJT":
        click(qtbot, search.letters.keys[letter])
    assert search.query.text() == "GLJT"
    first = next(iter(search.results.tiles.values()))
    assert first.title == "高龄津贴申领"
    click(qtbot, first)
    assert window.current.name is ScreenName.IDENTIFY


def test_font_scale_button_cycles_and_restyles(qtbot, window):
    heading = window.current.heading
    before = heading.fontInfo().pixelSize()
    click(qtbot, window.topbar.scale_button)
    assert window.scale is FontScale.LARGE
    qtbot.waitUntil(lambda: heading.fontInfo().pixelSize() > before)
    assert heading.fontInfo().pixelSize() == FontScale.LARGE.heading_px
    click(qtbot, window.topbar.scale_button)
    click(qtbot, window.topbar.scale_button)
    assert window.scale is FontScale.STANDARD


def test_voice_button_silences_the_speaker(qtbot, window):
    spoken = len(window.ui.speaker.spoken)
    click(qtbot, window.topbar.voice_button)
    assert not window.voice
    click(qtbot, window.current.categories.tiles["医保"])
    assert len(window.ui.speaker.spoken) == spoken


def test_help_opens_a_dialog_with_the_staff_entrance(qtbot, window):
    click(qtbot, window.topbar.help_button)
    assert window.help_dialog.isVisible()
    assert "工作人员" in window.ui.speaker.last
    qtbot.keyClick(window.help_dialog.buttons.itemAt(0).widget(), Qt.Key.Key_Space)
    assert not window.help_dialog.isVisible()


def test_the_staff_screen_shows_devices_queue_and_log_tail(qtbot, window):
    import logging

    from kiosk.flows.admin import StatusLine
    from tests.ui.conftest import ADMIN_PIN
    from ui.log_tail import LogTail

    tail = LogTail.install()
    window.ui.admin._devices = lambda: [StatusLine("读卡器", "未连接", False)]
    window.ui.admin._log_tail = tail.lines
    logging.getLogger("devices.printer").warning("printer: paper out")
    click(qtbot, window.topbar.help_button)
    click(qtbot, window.help_dialog.staff_button)
    admin = window.current
    assert admin.name is ScreenName.ADMIN and not admin.status.isVisible()
    for digit in "111111":
        click(qtbot, admin.keypad.keys[digit])
    click(qtbot, admin.ok_button)
    assert "还可以再试4次" in admin.errors.messages[0]
    for digit in ADMIN_PIN:
        click(qtbot, admin.keypad.keys[digit])
    click(qtbot, admin.ok_button)
    assert admin.status.isVisible()
    assert "读卡器：未连接" in admin.status.text() and "待提交的申请：0件" in admin.status.text()
    assert "printer: paper out" in admin.log.text()
    with qtbot.waitSignal(window.quit_requested, timeout=1000):
        click(qtbot, admin.quit_button)
