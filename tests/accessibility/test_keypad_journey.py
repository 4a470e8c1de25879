"""The elder's whole journey with key events only (a kiosk keypad), and what he hears.

Every step is what a blind resident does with an EZ Access keypad: Down until the control he
wants is said, Enter; digits on the number keys. The ID card on the reader and the document
under the camera are the only non-key events (devices). No click anywhere: the signature is
given by confirming 我确认以上内容属实, 户口所在地 is confirmed from the card's address. The
recording speaker holds the exact transcript, worded for the keypad (按确认键, not 请点).
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from accessibility.keypad import KeypadNavigator, accessible_name, focus_order
from accessibility.language import Language
from accessibility.speech.base import RecordingSpeaker
from accessibility.speech.clip import write_wav
from accessibility.speech.synth import EspeakSynthesizer
from accessibility.speech.voice import DEFAULT_RATE, VoiceSettings
from accessibility.speech.wording import InputMode, for_keypad
from devices.camera import FileCamera
from devices.printer.pdf_printer import PdfPrinter
from kiosk.app import build_window, open_kiosk
from kiosk.flows.identify import CardIdentity
from kiosk.flows.outcome import ScreenName
from tests.accessibility.audio import sox_stats
from ui.context import Devices
from ui.demo import demo_camera_folder
from ui.tour import TourClock, demo_residents
from ui.widgets.answers import ChoiceAnswer, DigitsAnswer, RegionAnswer

DIGIT_KEYS = {str(d): getattr(Qt.Key, f"Key_{d}") for d in range(10)} | {"X": Qt.Key.Key_X}


class Keypad:
    def __init__(self, qtbot, window, speaker):
        self.qtbot, self.window, self.speaker = qtbot, window, speaker

    def press(self, key) -> None:
        target = QApplication.focusWidget() or self.window
        self.qtbot.keyClick(target, key)
        QApplication.processEvents()  # as between two real key presses: pending shows, layouts

    def heard(self, widget) -> str:
        """The name said for ``widget``: personal data only into a headset."""
        if widget.property("personal") and not self.speaker.headset:
            return widget.property("masked_name")
        return accessible_name(widget)

    def go_to(self, name: str):
        """Down until ``name`` is said (a blind resident listens to each control in turn)."""
        scope = self.window.open_dialog() or self.window.current
        for _ in range(len(focus_order(scope)) + 1):
            focused = QApplication.focusWidget()
            if focused is not None and self.heard(focused) == name:
                return focused
            self.press(Qt.Key.Key_Down)
            # Each control is said as focus reaches it, its name first (at the wrap, after
            # 回到第一项).
            heard = self.heard(QApplication.focusWidget())
            assert heard and heard in self.speaker.last
        names = [self.heard(w) for w in focus_order(scope)]
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
            window.ui.speaker,  # the wording speaker: prompts say 按确认键 to the keypad
            scope=lambda: window.open_dialog() or window.current,
            back=window.go_back,
        )
        navigator.install()
        window.end_session("test")
        yield Keypad(qtbot, window, speaker), window, speaker
        navigator.uninstall()
        window.ui.tasks.shutdown()


def said(screen) -> str:
    """What the keypad user hears for a screen: its prompt, worded for the keypad."""
    return for_keypad(screen.speech().text)


def test_the_elder_completes_his_application_with_the_keypad_only(journey, tmp_path):
    """Home → 高龄津贴 → ID card → 办事指南 → PIN twice → all ten questions → 户口簿 later,
    bank card photographed → 请核对 → consent → 我确认以上内容属实 → 提交 → the receipt spoken."""
    keys, window, speaker = journey
    heard: dict[str, str] = {}  # a few of the things said, listened to at the end
    elder, _ = demo_residents()
    facts = elder.facts
    assert window.current.name is ScreenName.HOME
    assert speaker.spoken[-1] == window.current.speech().text  # no key yet: touch wording

    keys.choose("高龄津贴申领")
    assert window.ui.speaker.mode is InputMode.KEYPAD
    assert speaker.spoken[-2:] == ["高龄津贴申领，按钮", said(window.current)]
    assert window.current.name is ScreenName.IDENTIFY

    window.current.card_read(CardIdentity(facts.id_number, name=facts.name, address=facts.address))
    confirm = window.current.speech()
    assert speaker.last == for_keypad(confirm.masked)  # no headset: neither name nor number
    assert facts.name not in speaker.last and facts.id_number[-4:] not in speaker.last
    keys.choose("确认，下一步")
    assert window.current.name is ScreenName.GUIDE
    assert speaker.last == said(window.current)
    assert "请点" not in speaker.last
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
    while window.current.name is ScreenName.WIZARD:
        page = window.ui.visit.draft.page
        step = len(asked) + 1
        assert speaker.last.startswith(f"第 {step} 步，共 ")  # every question is read out
        assert "请点" not in speaker.last and "点“" not in speaker.last
        asked.append(page.question.id)
        if page.question.id == "household_region":
            heard["region"] = speaker.last
        control = window.current.control
        if isinstance(control, DigitsAnswer) and not control.value():
            value = elder.phone if page.question.id == "applicant_phone" else BANK_ACCOUNT
            keys.digits(value)
            assert control.value() == value
        elif isinstance(control, ChoiceAnswer) and control.value() is None:
            keys.choose("中国农业银行")
            assert speaker.last == "已选：中国农业银行，复选框，已选中"
        elif isinstance(control, RegionAnswer):
            # 户口所在地 offered from the card's 住址: the county, and 乡镇/村 to confirm.
            assert control.value() == {"code": "110105", "detail": "示例街道示例社区"}
            # On the open speaker the address itself is not said, only what it is.
            offer = keys.go_to("身份证上的乡镇和村")
            assert offer is control.offer and offer.isChecked()
            assert speaker.last == "身份证上的乡镇和村，复选框，已选中"
            heard["offer"] = speaker.last
        keys.choose("继续")
        assert window.ui.visit.draft.page.errors == ()
    assert asked == [
        "applicant_name",
        "applicant_id_number",
        "applicant_sex",
        "applicant_birth_date",
        "applicant_phone",
        "household_region",
        "residence_address",
        "bank_name",
        "bank_account",
        "bank_account_holder",
    ]
    draft_id = window.ui.visit.session.draft.draft.draft_id
    saved = window.ui.flows.applications.drafts.answers(draft_id)
    assert saved["household_region"] == {"code": "110105", "detail": "示例街道示例社区"}
    assert saved["bank_name"] == "abc" and saved["bank_account"] == BANK_ACCOUNT

    # 材料: the 户口簿 later (容缺), the bank card photographed with 拍照 and 使用这张照片.
    assert window.current.name is ScreenName.MATERIALS
    assert speaker.last.startswith("第 11 步")
    assert "按确认键" in speaker.last and "请点" not in speaker.last
    keys.choose("以后补交")
    assert window.current.name is ScreenName.MATERIALS
    assert speaker.last.startswith("第 12 步")
    keys.choose("拍照")
    assert window.current.captured is not None
    assert speaker.last.startswith("拍好了。看得清的话，请选到“使用这张照片”再按确认键")
    keys.press(Qt.Key.Key_Return)  # focus is on 使用这张照片 already

    # 请核对: hear it, tick the consent, confirm instead of signing, submit.
    assert window.current.name is ScreenName.REVIEW
    assert speaker.last == said(window.current)
    assert "选择“我确认以上内容属实”代替签名" in speaker.last and "框内" not in speaker.last
    heard["review"] = speaker.last
    consent = window.current.consents["consent"]
    keys.go_to(consent.accessibleName())
    keys.press(Qt.Key.Key_Return)
    assert consent.isChecked() and speaker.last.endswith("已选中")
    keys.choose("我确认以上内容属实")
    assert window.current.confirm_signature.isChecked()
    assert speaker.last == "已选：我确认以上内容属实，复选框，已选中"
    heard["confirmed"] = speaker.last
    keys.choose("提交申请")

    assert window.current.name is ScreenName.RECEIPT
    application = window.ui.visit.session.application
    assert application.payload["answers"]["signature"] == {
        "kind": "confirmed",
        "statement": "我确认以上内容属实",
    }
    assert application.payload["answers"]["consent"] is True
    # The receipt is spoken: its number, and what to do next, worded for the keypad.
    assert speaker.spoken[-2] == "申请已提交。"
    assert speaker.last == said(window.current)
    assert "回执编号是" in speaker.last and "选到“打印回执”再按确认键" in speaker.last
    heard["receipt"] = speaker.last
    keys.choose("结束，回到首页")
    assert window.current.name is ScreenName.HOME
    assert window.ui.speaker.mode is InputMode.TOUCH  # the next resident starts as touch
    listen(heard, tmp_path)


def listen(heard: dict[str, str], directory) -> None:
    """The receipt and the keypad prompts as real espeak-ng audio, measured with sox: each
    is sound (not silence) and as long as its syllables at the slow 长辈 rate (about 2.3 to
    2.8 a second measured: a cut-off or tone digits read out as English would miss it)."""
    assert set(heard) == {"region", "offer", "review", "confirmed", "receipt"}
    synthesizer = EspeakSynthesizer()
    try:
        for name, text in heard.items():
            clip = synthesizer.synthesize(
                text, voice=VoiceSettings.of(Language.ZH_CN, DEFAULT_RATE), directory=directory
            )
            path = directory / f"{name}.wav"
            write_wav(clip, path)
            stats = sox_stats(path)
            syllables = len(re.findall(r"[\u3400-\u9fff0-9A-Za-z]", text))
            assert stats["rms"] > 0.05 and stats["peak"] > 0.5, (name, stats)
            assert syllables / 4.5 < stats["seconds"] < syllables / 1.8, (name, stats)
    finally:
        synthesizer.close()


BANK_ACCOUNT = "6228480000000000017"
