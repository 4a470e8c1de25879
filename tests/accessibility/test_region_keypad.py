"""户口所在地 from the keypad: the card's 乡镇/村 to confirm, the 省 → 市 → 县 cascade, and
typing only as the last resort (pytest-qt key events only)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from accessibility.keypad import KeypadNavigator, accessible_name, focus_order
from accessibility.speech.base import RecordingSpeaker
from kiosk.domain.catalog import FieldType, FormField
from kiosk.domain.regions import RegionTable
from ui.widgets.answers import RegionAnswer

FIELD = FormField(
    id="household_region",
    type=FieldType.REGION,
    label="您的户口在哪个村（社区）？",
    title="户口所在地",
    region_depth=5,
)


@pytest.fixture
def region(qtbot):
    page = QWidget()
    layout = QVBoxLayout(page)
    control = RegionAnswer(FIELD, regions=RegionTable.load_default())
    layout.addWidget(control)
    qtbot.addWidget(page)
    page.resize(1280, 4000)  # every province tile on screen: no scrolling in the way
    with qtbot.waitExposed(page):
        page.show()
    speaker = RecordingSpeaker()
    navigator = KeypadNavigator(page, speaker)
    navigator.install()
    yield control, page, speaker
    navigator.uninstall()


def press(qtbot, page, key) -> None:
    qtbot.keyClick(QApplication.focusWidget() or page, key)


def choose(qtbot, page, name: str) -> None:
    """Down until ``name`` has focus, then Enter."""
    for _ in range(len(focus_order(page)) + 1):
        focused = QApplication.focusWidget()
        if focused is not None and accessible_name(focused) == name:
            press(qtbot, page, Qt.Key.Key_Return)
            return
        press(qtbot, page, Qt.Key.Key_Down)
    raise AssertionError(
        f"{name!r} not reachable: {[accessible_name(w) for w in focus_order(page)]}"
    )


def test_the_cards_village_is_confirmed_and_another_county_needs_it_typed(qtbot, region):
    control, page, speaker = region
    control.set_value({"code": "110105", "detail": "示例街道示例社区"})
    assert control.value() == {"code": "110105", "detail": "示例街道示例社区"}
    assert control.offer.isVisible() and not control.detail.isVisible()

    # Not that place: start again and pick 河北省 → 石家庄市 → 长安区 from the keypad.
    choose(qtbot, page, "重新选择地区")
    assert control.value() is None and control.grid.isVisible()
    assert speaker.last == "请选择省（自治区、直辖市）。北京市，按钮"  # focus on the first tile
    for name in ("河北省", "石家庄市"):
        choose(qtbot, page, name)
    assert speaker.last == "已选：河北省 石家庄市，请选择下一级。长安区，按钮"
    choose(qtbot, page, "长安区")
    assert control.value() == {"code": "130102"}
    # Said with the field that now has focus: where he is, and that the village is to type.
    assert speaker.last.startswith("已选：河北省 石家庄市 长安区。乡镇（街道）和村（社区），输入框")
    assert control.path.text() == "已选：河北省 石家庄市 长安区"
    # The card's 乡镇/村 are 朝阳区's, not offered here: typing is the last resort, and the
    # field says how to get help.
    assert not control.offer.isVisible() and control.detail.isVisible()
    assert "帮助" in control.detail.accessibleDescription()

    # Back up to 朝阳区 and the card's village is offered again.
    choose(qtbot, page, "重新选择地区")
    for name in ("北京市", "朝阳区"):
        choose(qtbot, page, name)
    assert control.offer.isVisible() and control.offer.isChecked()
    assert control.value() == {"code": "110105", "detail": "示例街道示例社区"}


def test_address_not_right_opens_the_field_with_the_cards_words_to_edit(qtbot, region):
    control, page, _ = region
    control.set_value({"code": "110105", "detail": "示例街道示例社区"})
    choose(qtbot, page, "地址不对，自己填写")
    assert control.detail.isVisible() and control.detail.hasFocus()
    assert control.detail.text() == "示例街道示例社区"
    control.detail.setText("示例街道另一社区")  # typed by staff on the virtual keyboard
    assert control.value() == {"code": "110105", "detail": "示例街道另一社区"}


def test_unticking_the_offer_leaves_no_village(qtbot, region):
    control, page, _ = region
    control.set_value({"code": "110105", "detail": "示例街道示例社区"})
    control.offer.setFocus()
    press(qtbot, page, Qt.Key.Key_Return)
    assert not control.offer.isChecked()
    assert control.value() == {"code": "110105"}  # refused by the rules: 请填写乡镇和村
