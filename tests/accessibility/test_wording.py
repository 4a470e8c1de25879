"""Prompts worded for the keypad (按确认键) while the keypad drives the session."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from accessibility.keypad import KeypadNavigator
from accessibility.language import Language
from accessibility.speech.base import RecordingSpeaker
from accessibility.speech.wording import InputMode, WordedSpeaker, for_keypad


@pytest.mark.parametrize(
    ("touch", "keypad"),
    [
        (
            "这是根据您的证件自动填写的，请核对。对的话请点“继续”。",
            "这是根据您的证件自动填写的，请核对。对的话请选到“继续”再按确认键。",
        ),
        (
            "欢迎使用自助服务终端。请点您要办的事，也可以点“搜索”查找。",
            "欢迎使用自助服务终端。请按上下键选您要办的事，再按确认键，也可以选到“搜索”再按确认键查找。",
        ),
        ("字体大小，现在是标准，点一下换大一号", "字体大小，现在是标准，按确认键换大一号"),
        ("请申请人本人点这里确认", "请申请人本人按确认键确认"),
        (
            "看完请勾选同意。在框内签名，或选择“我确认以上内容属实”代替签名。",
            "看完请选到“同意”再按确认键。选择“我确认以上内容属实”代替签名。",
        ),
        ("请听完或看完再点“同意”。", "请听完或看完再选到“同意”再按确认键。"),
        ("小数点", "小数点"),  # not an instruction
        ("请点击“提交”", "请选到“提交”再按确认键"),  # as catalogue texts word it
        ("请点击下方的按钮", "请选择下方的按钮"),
        ("第 3 步，共 7 步。", "第 3 步，共 7 步。"),
    ],
)
def test_touch_instructions_are_reworded_for_the_keypad(touch, keypad):
    assert for_keypad(touch) == keypad
    assert "点“" not in for_keypad(touch) and "请点" not in for_keypad(touch)


def test_english_instructions_too():
    assert for_keypad("Tap “Continue” when it is right.", language=Language.EN) == (
        "Choose “Continue” and press Enter when it is right."
    )
    assert for_keypad("Tap here to agree", language=Language.EN) == "Press Enter to agree"
    assert for_keypad("or tap here", language=Language.EN) == "or press Enter"
    # As the English translation words them (accessibility/locale/kiosk_en.ts).
    assert for_keypad(
        "Welcome to the self-service kiosk. Tap what you want to do, or tap Search to find it.",
        language=Language.EN,
    ) == (
        "Welcome to the self-service kiosk. Choose what you want to do with Up and Down, then"
        " press Enter, or choose Search and press Enter to find it."
    )
    assert for_keypad("To carry on now, tap Continue.", language=Language.EN) == (
        "To carry on now, choose Continue and press Enter."
    )
    assert for_keypad("Text size, now Large. Tap for a larger size", language=Language.EN) == (
        "Text size, now Large. Press Enter for a larger size"
    )


def test_the_worded_speaker_rewords_only_in_keypad_mode_and_forgets_it_at_session_end():
    inner = RecordingSpeaker()
    speaker = WordedSpeaker(inner)
    speaker.say("对的话请点“继续”。", prompt_id="wizard.confirm")
    assert inner.last == "对的话请点“继续”。" and inner.prompt_ids[-1] == "wizard.confirm"
    speaker.mode = InputMode.KEYPAD
    speaker.say("对的话请点“继续”。", prompt_id="wizard.confirm")
    assert inner.last == "对的话请选到“继续”再按确认键。"
    assert inner.prompt_ids[-1] == "wizard.confirm.keypad"  # a voice pack records both
    speaker.say("请点“确认”核对张秀英", masked="请点“确认”核对张某某", personal=True)
    assert inner.last == "请选到“确认”再按确认键核对张某某"  # the open speaker: masked
    speaker.headset = True  # forwarded: the inner speaker decides what is personal
    assert inner.headset is True
    speaker.reset()
    assert speaker.mode is InputMode.TOUCH


def test_the_first_key_switches_to_keypad_wording_and_a_touch_back(qtbot):
    page = QWidget()
    layout = QVBoxLayout(page)
    button = QPushButton("继续")
    layout.addWidget(button)
    qtbot.addWidget(page)
    with qtbot.waitExposed(page):
        page.show()
    speaker = WordedSpeaker(RecordingSpeaker())
    navigator = KeypadNavigator(page, speaker)
    navigator.install()
    try:
        assert speaker.mode is InputMode.TOUCH
        qtbot.keyClick(page, Qt.Key.Key_Down)
        assert speaker.mode is InputMode.KEYPAD
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert speaker.mode is InputMode.TOUCH
    finally:
        navigator.uninstall()
