"""What the screen shows follows the input: 按确认键 while the keypad drives the session, as
the keypad user hears it; 请点 again after a touch, and for the next resident."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from accessibility.keypad import KeypadNavigator
from accessibility.language import Language
from accessibility.speech.base import RecordingSpeaker
from accessibility.speech.wording import for_keypad
from kiosk.app import build_window
from kiosk.flows.outcome import ScreenName
from tests.ui.conftest import click
from ui.tour import TourClock

HOME_HINT = "点一下就可以开始。找不到的，可以点“搜索”。"


@pytest.fixture
def keypad_window(kiosk, qtbot):
    speaker = RecordingSpeaker()
    window = build_window(
        kiosk,
        today=lambda: date(2026, 11, 22),
        speaker=speaker,
        immediate=True,
        monotonic=TourClock(),
    )
    qtbot.addWidget(window)
    window.resize(1280, 800)
    with qtbot.waitExposed(window):
        window.show()
    navigator = KeypadNavigator(
        window,
        window.ui.speaker,
        scope=lambda: window.open_dialog() or window.current,
        back=window.go_back,
    )
    navigator.install()
    window.show_screen(ScreenName.HOME)
    yield window, speaker
    navigator.uninstall()
    window.ui.tasks.shutdown()


def press(qtbot, window, key) -> None:
    qtbot.keyClick(QApplication.focusWidget() or window, key)
    QApplication.processEvents()


def test_the_screen_says_press_enter_once_the_keypad_is_used(keypad_window, qtbot):
    window, _speaker = keypad_window
    hint = window.current.hint
    assert hint.text() == HOME_HINT  # touch: as written
    press(qtbot, window, Qt.Key.Key_Down)
    assert hint.text() == "按确认键就可以开始。找不到的，可以选到“搜索”再按确认键。"
    assert "点" not in hint.text()
    press(qtbot, window, Qt.Key.Key_Down)
    assert hint.text() == for_keypad(HOME_HINT)  # not reworded twice
    assert hint.written() == HOME_HINT


def test_a_screen_shown_while_the_keypad_is_in_use_is_worded_for_it(keypad_window, qtbot):
    window, _speaker = keypad_window
    press(qtbot, window, Qt.Key.Key_Down)
    screen = window.show_screen(ScreenName.SEARCH)
    assert "输入名称，或选字母输入拼音首字母" in screen.hint.text()
    # What is read out is what is shown, and said once reworded (not "按确认键" twice over).
    assert screen.speech().text == for_keypad(screen.speech().text)


def test_a_touch_puts_the_touch_wording_back_and_so_does_the_next_visit(keypad_window, qtbot):
    window, _speaker = keypad_window
    press(qtbot, window, Qt.Key.Key_Down)
    assert window.current.hint.text() != HOME_HINT
    click(qtbot, window.topbar.voice_button)  # a touch anywhere
    click(qtbot, window.topbar.voice_button)
    assert window.current.hint.text() == HOME_HINT
    press(qtbot, window, Qt.Key.Key_Down)
    window.end_session("finished")
    assert window.current.hint.text() == HOME_HINT


def test_english_is_worded_for_the_keypad_too(keypad_window, qtbot):
    window, _speaker = keypad_window
    window.set_language(Language.EN)
    press(qtbot, window, Qt.Key.Key_Down)
    hint = window.current.hint.text()
    assert "press Enter" in hint and "tap" not in hint.lower()


def test_a_name_rule_keeps_its_dot(keypad_window):
    # 间隔点“·” is the dot in a name (阿依古丽·买买提), not an instruction to touch.
    assert for_keypad("姓名只能包含汉字和间隔点“·”") == "姓名只能包含汉字和间隔点“·”"
