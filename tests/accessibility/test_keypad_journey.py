"""The elder's journey with key events only (a kiosk keypad), and what he hears at each step.

Every step is what a blind resident does with an EZ Access keypad: Down until the control he
wants is said, Enter; digits on the number keys. The ID card on the reader is the one
non-key event (a device). The recording speaker holds the exact transcript.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from accessibility.keypad import KeypadNavigator, accessible_name, focus_order
from accessibility.speech.base import RecordingSpeaker
from devices.camera import FileCamera
from devices.printer.pdf_printer import PdfPrinter
from kiosk.app import build_window, open_kiosk
from kiosk.flows.identify import CardIdentity
from kiosk.flows.outcome import ScreenName
from ui.context import Devices
from ui.demo import demo_camera_folder
from ui.tour import TourClock, demo_residents
from ui.widgets.answers import DigitsAnswer

DIGIT_KEYS = {str(d): getattr(Qt.Key, f"Key_{d}") for d in range(10)} | {"X": Qt.Key.Key_X}


class Keypad:
    def __init__(self, qtbot, window, speaker):
        self.qtbot, self.window, self.speaker = qtbot, window, speaker

    def press(self, key) -> None:
        target = QApplication.focusWidget() or self.window
        self.qtbot.keyClick(target, key)
        QApplication.processEvents()  # as between two real key presses: pending shows, layouts

    def go_to(self, name: str):
        """Down until ``name`` is said (a blind resident listens to each control in turn)."""
        scope = self.window.open_dialog() or self.window.current
        for _ in range(len(focus_order(scope)) + 1):
            focused = QApplication.focusWidget()
            if focused is not None and accessible_name(focused) == name:
                return focused
            self.press(Qt.Key.Key_Down)
            # Each control is said as focus reaches it: its name first.
            assert accessible_name(QApplication.focusWidget()) in self.speaker.last
        names = [accessible_name(w) for w in focus_order(scope)]
        raise AssertionError(f"{name!r} is not reachable with Up/Down: {names}")

    def choose(self, name: str) -> None:
        self.go_to(name)
        self.press(Qt.Key.Key_Return)

    def digits(self, text: str) -> None:
        for char in text:
            self.press(DIGIT_KEYS[char])


@pytest.fixture
def journey(qtbot, tmp_path):
    speaker = RecordingSpeaker()
    clock = TourClock()
    with open_kiosk(tmp_path / "data") as kiosk:
        devices = Devices(
            camera=FileCamera(demo_camera_folder(tmp_path / "camera"), loop=True),
            printer=PdfPrinter(tmp_path / "receipts"),
        )
        window = build_window(
            kiosk,
            today=lambda: date(2026, 11, 22),
            speaker=speaker,
            immediate=True,
            monotonic=clock,
            devices=devices,
        )
        qtbot.addWidget(window)
        window.resize(1280, 800)
        with qtbot.waitExposed(window):
            window.show()
        with qtbot.waitActive(window):
            window.activateWindow()
        navigator = KeypadNavigator(
            window,
            speaker,
            scope=lambda: window.open_dialog() or window.current,
            back=window.go_back,
        )
        navigator.install()
        window.end_session("test")
        yield Keypad(qtbot, window, speaker), window, speaker
        navigator.uninstall()
        window.ui.tasks.shutdown()


def test_the_elder_starts_his_application_with_the_keypad_only(journey):
    """Home → 高龄津贴 → ID card → 办事指南 → PIN twice → the questions a keypad can answer.

    It stops at 户口所在地: its 乡镇/村 is free Chinese text, which a numeric keypad cannot
    type (and the review page wants a drawn signature); see docs/accessibility.md.
    """
    keys, window, speaker = journey
    elder, _ = demo_residents()
    facts = elder.facts
    assert window.current.name is ScreenName.HOME
    assert speaker.spoken[-1] == window.current.speech().text

    keys.choose("高龄津贴申领")
    assert speaker.spoken[-2:] == ["高龄津贴申领，按钮", window.current.speech().text]
    assert window.current.name is ScreenName.IDENTIFY

    window.current.card_read(CardIdentity(facts.id_number, name=facts.name, address=facts.address))
    confirm = window.current.speech()
    assert speaker.last == confirm.masked  # no headset: neither name nor number aloud
    assert facts.name not in speaker.last and facts.id_number[-4:] not in speaker.last
    keys.choose("确认，下一步")
    assert window.current.name is ScreenName.GUIDE
    assert speaker.last == window.current.speech().text
    keys.choose("开始办理")

    assert window.current.name is ScreenName.PIN
    assert speaker.last.startswith("请设置一个4位数字密码")
    keys.digits(elder.pin)
    keys.press(Qt.Key.Key_Return)
    assert speaker.last.startswith("请再输入一次密码")
    keys.digits(elder.pin)
    keys.press(Qt.Key.Key_Return)  # focus went with the re-render: Enter is the main action
    assert speaker.spoken[-2] == "密码已设置。"

    asked = []
    while window.ui.visit.draft.page.question.id != "household_region":
        assert window.current.name is ScreenName.WIZARD
        page = window.ui.visit.draft.page
        step = len(asked) + 1
        assert speaker.last.startswith(f"第 {step} 步，共 ")  # every question is read out
        asked.append(page.question.id)
        control = window.current.control
        if isinstance(control, DigitsAnswer) and not control.value():
            keys.digits(elder.phone)
            assert control.value() == elder.phone
        keys.choose("继续")
        assert window.ui.visit.draft.page.errors == ()
    assert asked == [
        "applicant_name",
        "applicant_id_number",
        "applicant_sex",
        "applicant_birth_date",
        "applicant_phone",
    ]
    assert speaker.last.startswith("第 6 步，共 12 步。您的户口在哪个村（社区）？")
