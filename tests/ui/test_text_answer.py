"""现住址 and other free text: the box wraps, so a long address is all in view at 特大 on the
tablet; it takes the input method's commits and keys like a line edit, and no line breaks."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from accessibility.audit.engine import audit_screen
from accessibility.keypad import KeypadNavigator
from accessibility.scale import FontScale
from accessibility.speech.base import RecordingSpeaker
from kiosk.domain.catalog import FieldType, FormField
from ui.tour import commit_text
from ui.widgets.answers import TextAnswer

# Synthetic, and as long as a rural address gets (the catalogue allows 100 characters).
LONG_ADDRESS = "河北省石家庄市示例县示例镇示例村第三村民小组幸福路东段南侧示例巷十八号院二排三号"
ADDRESS = FormField(
    id="residence_address",
    type=FieldType.TEXT,
    label="您现在住在哪里？",
    title="现住址",
    max_length=100,
)


def page(qtbot, window, width: int) -> tuple[QWidget, TextAnswer]:
    window.set_scale(FontScale.XLARGE)  # the kiosk's style, at 特大
    holder = QWidget()
    qtbot.addWidget(holder)
    layout = QVBoxLayout(holder)
    answer = TextAnswer(ADDRESS)
    layout.addWidget(answer)
    layout.addStretch(1)
    holder.resize(width, 1200)
    holder.show()
    QApplication.processEvents()
    return holder, answer


def all_in_view(box) -> bool:
    return (
        box.verticalScrollBar().maximum() == 0
        and box.document().size().height() <= box.viewport().height()
    )


def test_a_long_address_wraps_and_is_all_in_view_on_the_tablet_at_xlarge(qtbot, window):
    holder, answer = page(qtbot, window, 700)  # the tablet's page width at 特大
    box = answer.edit
    empty = box.height()
    commit_text(box, LONG_ADDRESS)  # as the Pinyin virtual keyboard commits it
    QApplication.processEvents()
    assert answer.value() == LONG_ADDRESS
    assert box.height() > empty * 1.5  # it grew to more lines
    assert box.height() == box.heightForWidth(box.width())
    assert all_in_view(box)
    assert audit_screen(holder, theme=window.theme, only=["text", "geometry"]) == []
    holder.resize(1800, 1200)  # the kiosk: fewer lines, still all of it
    QApplication.processEvents()
    assert box.height() < box.heightForWidth(700)
    assert all_in_view(box)


def test_the_saved_value_shows_whole_when_the_page_opens(qtbot, window):
    _holder, answer = page(qtbot, window, 700)
    answer.set_value(LONG_ADDRESS)
    QApplication.processEvents()
    assert answer.edit.text() == LONG_ADDRESS
    assert all_in_view(answer.edit)


def test_no_line_breaks_and_the_length_limit_holds(qtbot, window):
    _holder, answer = page(qtbot, window, 700)
    box = answer.edit
    box.setFocus()
    qtbot.keyClicks(box, "No 18")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.keyClicks(box, " Road")
    assert answer.value() == "No 18 Road"
    commit_text(box, "\n二排三号")
    assert "\n" not in answer.value() and answer.value().endswith(" 二排三号")
    box.setText("")
    commit_text(box, "号" * 120)
    assert len(answer.value()) == 100


def test_the_keypad_reads_out_what_is_in_the_box(qtbot, window):
    holder, answer = page(qtbot, window, 700)
    answer.set_value("示例村1组")
    speaker = RecordingSpeaker()
    navigator = KeypadNavigator(holder, speaker)
    said = navigator.describe(answer.edit)
    assert said.startswith("现住址") and "示例村1组" in said
