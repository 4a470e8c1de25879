"""The staff screen in English is English throughout: device lines, the headset's reason and
the stand-in notices come in the screen's language (kiosk doctor keeps them as written)."""

from __future__ import annotations

import re
from datetime import date

from accessibility.language import Language
from accessibility.speech.headset import DETECTED, AudioOutput, decide_headset
from kiosk.app import DEMO_ADMIN_PIN, build_window
from kiosk.flows.outcome import ScreenName
from kiosk.i18n import tr
from tests.ui.conftest import click
from ui.tour import TourClock

HAN = re.compile(r"[\u3400-\u9fff]")


def unlocked_admin(window, qtbot):
    window.show_screen(ScreenName.ADMIN)
    screen = window.current
    for digit in DEMO_ADMIN_PIN:
        screen.keypad.pressed.emit(digit)
    click(qtbot, screen.ok_button)
    assert screen.status.isVisible()
    return screen


def test_the_staff_screen_in_english_has_no_chinese(kiosk, qtbot):
    window = build_window(
        kiosk, demo=True, today=lambda: date(2026, 11, 22), immediate=True, monotonic=TourClock()
    )
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.ui.devices.notices.append("未连接小票打印机，回执将保存为 PDF 文件")  # i18n: keep
    window.set_language(Language.EN)
    screen = unlocked_admin(window, qtbot)
    status = screen.status.text()
    assert "Headset: No audio output" in status or "Headset: No headset" in status
    assert "Stand-in: No receipt printer connected" in status
    assert not HAN.findall(status), status
    window.set_language(Language.ZH_CN)
    screen = unlocked_admin(window, qtbot)
    assert "耳机：" in screen.status.text()


def test_the_headset_reason_is_translated_with_the_device_name_kept():
    state = decide_headset("auto", [AudioOutput("USB Headset", "usb-1", default=True)])
    assert state.reason == "检测到耳机：USB Headset"  # kiosk doctor, as written
    assert state.wording == DETECTED
    english = {DETECTED: "Headset found: {output}"}
    assert state.reason_in(lambda text: english.get(text, text)) == "Headset found: USB Headset"
    assert state.reason_in(tr) == state.reason  # 中文: the same words
