"""Keypad-only operation on a small window built for the purpose (pytest-qt, offscreen)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from accessibility.keypad import KEY_MAP, Action, KeypadNavigator, focus_order
from accessibility.speech.base import RecordingSpeaker
from accessibility.speech.voice import DEFAULT_RATE, DEFAULT_VOLUME


class Page(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleDescription("在这一页输入身份证号码，然后按下一步。")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("填写身份证号码"))
        self.field = QLineEdit()
        self.field.setAccessibleName("身份证号码")
        self.field.setAccessibleDescription("18位，最后一位可能是X。")
        self.agree = QCheckBox("同意")
        self.next = QPushButton("下一步")
        self.disabled = QPushButton("打印")
        self.disabled.setEnabled(False)
        self.hidden = QPushButton("隐藏")
        self.one = QPushButton("1")
        self.delete = QPushButton("删除一位")
        self.delete.setProperty("keypad_key", "Backspace")
        for widget in (
            self.field,
            self.agree,
            self.next,
            self.disabled,
            self.hidden,
            self.one,
            self.delete,
        ):
            layout.addWidget(widget)
        self.hidden.hide()
        self.pressed: list[str] = []
        self.one.clicked.connect(lambda: self.pressed.append("1"))
        self.delete.clicked.connect(lambda: self.pressed.append("Backspace"))
        self.next_clicks = 0
        self.next.clicked.connect(self._count)

    def _count(self) -> None:
        self.next_clicks += 1


@pytest.fixture
def page(qtbot):
    made = Page()
    qtbot.addWidget(made)
    show_active(qtbot, made)
    return made


def show_active(qtbot, widget):
    with qtbot.waitExposed(widget):
        widget.show()
    with qtbot.waitActive(widget):
        widget.activateWindow()


@pytest.fixture
def speaker():
    return RecordingSpeaker()


@pytest.fixture
def navigator(page, speaker):
    backs = []
    made = KeypadNavigator(page, speaker, back=lambda: backs.append(True))
    made.backs = backs
    made.install()
    yield made
    made.uninstall()


def press(qtbot, key):
    from PySide6.QtWidgets import QApplication

    qtbot.keyClick(QApplication.focusWidget() or QApplication.activeWindow(), key)


def test_down_walks_the_controls_saying_each_and_skips_hidden_and_disabled(
    qtbot, page, speaker, navigator
):
    assert focus_order(page) == [page.field, page.agree, page.next, page.one, page.delete]
    page.setFocus()
    for _ in range(3):
        press(qtbot, Qt.Key.Key_Down)
    assert speaker.spoken == ["身份证号码，输入框，未填写", "同意，复选框，未选中", "下一步，按钮"]


def test_focus_wraps_round_and_says_so(qtbot, page, speaker, navigator):
    page.delete.setFocus()
    press(qtbot, Qt.Key.Key_Down)
    assert page.field.hasFocus()
    assert speaker.last == "回到第一项，身份证号码，输入框，未填写"
    press(qtbot, Qt.Key.Key_Up)
    assert page.delete.hasFocus()
    assert speaker.last == "回到最后一项，删除一位，按钮"


def test_enter_activates_buttons_and_checkboxes(qtbot, page, speaker, navigator):
    page.next.setFocus()
    press(qtbot, Qt.Key.Key_Return)
    assert page.next_clicks == 1
    page.agree.setFocus()
    press(qtbot, Qt.Key.Key_Enter)
    assert page.agree.isChecked()
    assert speaker.last == "同意，复选框，已选中"


def test_enter_with_focus_lost_activates_the_main_action(qtbot, page, speaker, navigator):
    page.next.setProperty("primary", True)
    page.next.setFocus()
    page.next.clearFocus()  # a re-render took the focused widget away
    from PySide6.QtWidgets import QApplication

    assert QApplication.focusWidget() is None
    qtbot.keyClick(page, Qt.Key.Key_Return)
    assert page.next_clicks == 1
    assert page.next.hasFocus()


def test_back_goes_back_and_closes_a_dialog_first(qtbot, page, navigator, speaker):
    page.next.setFocus()
    press(qtbot, Qt.Key.Key_Escape)
    assert navigator.backs == [True]

    dialog = QDialog(page)
    layout = QVBoxLayout(dialog)
    yes, no = QPushButton("确定"), QPushButton("取消")
    layout.addWidget(yes)
    layout.addWidget(no)
    dialog.setModal(True)
    show_active(qtbot, dialog)
    yes.setFocus()
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down)  # stays inside the dialog: wraps back to 确定
    assert speaker.spoken[-2:] == ["取消，按钮", "回到第一项，确定，按钮"]
    press(qtbot, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert navigator.backs == [True]  # the dialog took that Back


def test_help_says_the_controls_help_then_the_screens(qtbot, page, speaker, navigator):
    page.field.setFocus()
    press(qtbot, Qt.Key.Key_F1)
    press(qtbot, Qt.Key.Key_F1)
    assert speaker.spoken == ["18位，最后一位可能是X。", "在这一页输入身份证号码，然后按下一步。"]
    page.next.setFocus()  # no help of its own: the screen's at once
    press(qtbot, Qt.Key.Key_Help)
    assert speaker.last == "在这一页输入身份证号码，然后按下一步。"


def test_a_screen_without_help_still_says_how_to_use_the_keys(qtbot, page, speaker, navigator):
    page.setAccessibleDescription("")
    page.next.setFocus()
    press(qtbot, Qt.Key.Key_F1)
    assert "按上下键选择" in speaker.last


def test_digits_type_into_the_field_and_are_echoed(qtbot, page, speaker, navigator):
    page.field.setFocus()
    for key in (Qt.Key.Key_1, Qt.Key.Key_5, Qt.Key.Key_X):
        qtbot.keyClick(page.field, key)
    assert page.field.text().upper() == "15X"
    assert speaker.spoken == ["一", "五", "叉"]
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Up)
    assert speaker.last == "身份证号码，输入框，一五叉"


def test_a_personal_field_is_not_read_out_on_the_open_speaker(qtbot, page, speaker, navigator):
    page.field.setProperty("personal", True)
    page.field.setFocus()
    qtbot.keyClick(page.field, Qt.Key.Key_7)
    assert speaker.spoken == []
    page.agree.setFocus()
    press(qtbot, Qt.Key.Key_Up)
    assert speaker.last == "身份证号码，输入框，已输入1位"
    speaker.headset = True
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Up)
    assert speaker.last == "身份证号码，输入框，七"


def test_digits_press_the_on_screen_key_when_no_field_has_focus(qtbot, page, navigator):
    page.next.setFocus()
    press(qtbot, Qt.Key.Key_1)
    press(qtbot, Qt.Key.Key_Backspace)
    assert page.pressed == ["1", "Backspace"]


def test_repeat_volume_and_speed_keys(qtbot, page, speaker, navigator):
    page.next.setFocus()
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_F2)
    assert speaker.spoken[-1] == speaker.spoken[-2]
    press(qtbot, Qt.Key.Key_F4)
    assert speaker.volume == pytest.approx(DEFAULT_VOLUME + 0.2)
    press(qtbot, Qt.Key.Key_F5)
    assert speaker.rate == DEFAULT_RATE.next()


def test_keys_of_other_windows_are_left_alone(qtbot, page, speaker, navigator):
    other = QLineEdit()
    qtbot.addWidget(other)
    show_active(qtbot, other)
    qtbot.keyClick(other, Qt.Key.Key_5)
    assert other.text() == "5"
    assert speaker.spoken == []


def test_the_key_map_covers_every_action():
    assert set(KEY_MAP.values()) == set(Action)
