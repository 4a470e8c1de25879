"""Each audit check on a small widget tree that breaks its rule, and passes once fixed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPalette, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTextEdit, QVBoxLayout, QWidget

from accessibility.audit import audit_screen
from accessibility.audit.model import Kind
from accessibility.theme import HIGH_CONTRAST, STANDARD
from tests.accessibility.test_keypad import show_active

STYLE = """
QWidget#screen { background: #FFFFFF; }
QLabel { color: #1A1A1A; }
QPushButton { background: #E8EEF7; color: #0B2E59; border: 3px solid #5A6F8E; padding: 8px;
              min-height: 64px; min-width: 64px; }
QPushButton:focus { border: 6px solid #E07000; padding: 5px; }
"""


def screen(qtbot, *, width=800, height=600, layout=True):
    root = QWidget()
    root.setObjectName("screen")
    font = QFont()
    font.setFamilies(["Noto Sans CJK SC"])
    font.setPixelSize(32)
    root.setFont(font)
    root.setStyleSheet(STYLE)
    root.setFixedSize(width, height)
    qtbot.addWidget(root)
    if layout:
        QVBoxLayout(root)
    return root


def shown(qtbot, root):
    show_active(qtbot, root)
    return root


def kinds(root, **kwargs):
    return [v.kind for v in audit_screen(root, **kwargs)]


def only(root, check, **kwargs):
    return audit_screen(root, only=[check], **kwargs)


# -- clipped text -------------------------------------------------------------------------------


def test_a_label_too_long_for_the_width_is_clipped_until_it_wraps(qtbot):
    root = screen(qtbot, width=500)
    label = QLabel("城乡居民基本养老保险待遇领取资格认证")
    root.layout().addWidget(label)
    shown(qtbot, root)
    found = only(root, "text")
    assert [v.kind for v in found] == [Kind.CLIPPED_TEXT]
    assert "wide" in found[0].detail
    label.setWordWrap(True)
    assert only(root, "text") == []


def test_wrapped_text_taller_than_its_label_is_clipped(qtbot):
    root = screen(qtbot, width=400)
    label = QLabel("城乡居民基本养老保险待遇领取资格认证，每年一次。")
    label.setWordWrap(True)
    label.setFixedHeight(50)
    root.layout().addWidget(label)
    shown(qtbot, root)
    found = only(root, "text")
    assert [v.kind for v in found] == [Kind.CLIPPED_TEXT] and "high" in found[0].detail
    label.setFixedHeight(200)
    assert only(root, "text") == []


def test_a_text_box_hiding_part_of_its_text_is_clipped_until_it_is_tall_enough(qtbot):
    root = screen(qtbot, width=400)
    box = QTextEdit()
    box.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    box.setPlainText("河北省石家庄市示例县示例镇示例村第三村民小组幸福路东段南侧示例巷十八号")
    box.setAccessibleName("现住址")
    box.setFixedHeight(60)
    root.layout().addWidget(box)
    shown(qtbot, root)
    found = only(root, "text")
    assert [v.kind for v in found] == [Kind.CLIPPED_TEXT] and "high" in found[0].detail
    box.setFixedHeight(400)
    assert only(root, "text") == []


def test_a_button_narrower_than_its_text_is_clipped(qtbot):
    root = screen(qtbot)
    button = QPushButton("开始办理业务")
    button.setFixedWidth(150)
    root.layout().addWidget(button)
    shown(qtbot, root)
    assert [v.kind for v in only(root, "text")] == [Kind.CLIPPED_TEXT]
    button.setFixedWidth(300)
    assert only(root, "text") == []


def test_elided_text_is_reported(qtbot):
    root = screen(qtbot)
    root.layout().addWidget(QLabel("高龄津贴申…"))
    shown(qtbot, root)
    found = only(root, "text")
    assert [v.kind for v in found] == [Kind.CLIPPED_TEXT] and "elided" in found[0].detail


# -- geometry -----------------------------------------------------------------------------------


def test_overlapping_siblings_are_reported_until_moved_apart(qtbot):
    root = screen(qtbot, layout=False)
    first, second = QLabel("姓名", root), QLabel("性别", root)
    first.setGeometry(10, 10, 200, 60)
    second.setGeometry(100, 40, 200, 60)
    shown(qtbot, root)
    found = only(root, "geometry")
    assert [v.kind for v in found] == [Kind.OVERLAP]
    assert "110×30" in found[0].detail
    second.move(10, 80)
    assert only(root, "geometry") == []


def test_a_widget_reaching_outside_its_parent_is_cut_off(qtbot):
    root = screen(qtbot, layout=False)
    panel = QWidget(root)
    panel.setGeometry(0, 0, 300, 100)
    child = QLabel("提交", panel)
    child.setGeometry(250, 10, 120, 60)
    shown(qtbot, root)
    assert [v.kind for v in only(root, "geometry")] == [Kind.CLIPPED_WIDGET]
    child.move(150, 10)
    assert only(root, "geometry") == []


def test_a_page_wider_than_a_view_that_cannot_scroll_sideways_is_cut_off(qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QScrollArea

    root = screen(qtbot, width=500)
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    page = QWidget()
    QVBoxLayout(page).addWidget(QLabel("K1202611220000420000000000000D"))  # cannot wrap
    area.setWidget(page)
    root.layout().addWidget(area)
    shown(qtbot, root)
    found = [v for v in only(root, "geometry") if "cannot scroll" in v.detail]
    assert [v.kind for v in found] == [Kind.CLIPPED_WIDGET]
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    assert [v for v in only(root, "geometry") if "cannot scroll" in v.detail] == []


def test_a_declared_overlay_may_cover_the_page(qtbot):
    root = screen(qtbot, layout=False)
    QLabel("内容", root).setGeometry(10, 10, 200, 60)
    overlay = QLabel("请稍候", root)
    overlay.setGeometry(0, 0, 800, 600)
    shown(qtbot, root)
    assert [v.kind for v in only(root, "geometry")] == [Kind.OVERLAP]
    overlay.setProperty("overlay", True)
    assert only(root, "geometry") == []


def test_under_an_open_modal_overlay_only_the_dialog_is_checked(qtbot):
    root = screen(qtbot, layout=False)
    page = QLabel("被遮住的浅色文字", root)
    page.setStyleSheet("color: #BBBBBB;")
    page.setGeometry(10, 10, 400, 60)
    scrim = QWidget(root)
    scrim.setGeometry(0, 0, 800, 600)
    scrim.setProperty("overlay", True)
    scrim.setStyleSheet("background: rgba(0, 0, 0, 128);")
    question = QLabel("要结束这次办理吗？", scrim)
    question.setStyleSheet("color: #BBBBBB; background: #FFFFFF;")
    question.setGeometry(100, 200, 400, 60)
    shown(qtbot, root)
    found = only(root, "contrast", theme=STANDARD)
    assert [v.widget for v in found] == ['screen/QLabel "要结束这次办理吗？"']
    scrim.hide()
    assert [v.widget for v in only(root, "contrast", theme=STANDARD)] == [
        'screen/QLabel "被遮住的浅色文字"'
    ]


# -- names and targets --------------------------------------------------------------------------


def test_an_icon_only_button_needs_an_accessible_name(qtbot):
    root = screen(qtbot)
    icon = QPixmap(32, 32)
    icon.fill(QColor("#0B5CAD"))
    button = QPushButton()
    button.setIcon(QIcon(icon))
    root.layout().addWidget(button)
    shown(qtbot, root)
    assert [v.kind for v in only(root, "names")] == [Kind.NO_NAME]
    button.setAccessibleName("再听一遍")
    assert only(root, "names") == []


def test_small_targets_are_reported(qtbot):
    root = screen(qtbot)
    button = QPushButton("X")
    button.setStyleSheet("min-height: 0; min-width: 0; padding: 0;")
    button.setFixedSize(48, 48)
    root.layout().addWidget(button)
    shown(qtbot, root)
    found = only(root, "targets")
    assert [v.kind for v in found] == [Kind.SMALL_TARGET] and "48×48" in found[0].detail
    button.setFixedSize(64, 64)
    assert only(root, "targets") == []


def test_targets_closer_than_8_px_are_crowded(qtbot):
    root = screen(qtbot)
    row = QHBoxLayout()
    row.setSpacing(4)
    row.addWidget(QPushButton("是"))
    row.addWidget(QPushButton("否"))
    row.addStretch()
    root.layout().addLayout(row)
    shown(qtbot, root)
    found = only(root, "targets")
    assert [v.kind for v in found] == [Kind.CROWDED_TARGETS] and found[0].detail.startswith("4 px")
    row.setSpacing(8)
    root.layout().activate()
    assert only(root, "targets") == []


# -- contrast on rendered pixels ----------------------------------------------------------------


def test_faint_text_fails_on_its_rendered_pixels(qtbot):
    root = screen(qtbot)
    label = QLabel("办理地点：示例县政务服务中心")
    label.setStyleSheet("color: #AAAAAA;")
    root.layout().addWidget(label)
    shown(qtbot, root)
    found = only(root, "contrast", theme=STANDARD)
    assert [v.kind for v in found] == [Kind.LOW_CONTRAST]
    assert "#AAAAAA on #FFFFFF" in found[0].detail
    label.setStyleSheet("color: #1A1A1A;")
    assert only(root, "contrast", theme=STANDARD) == []


def test_colour_set_outside_the_stylesheet_is_measured_too(qtbot):
    root = screen(qtbot)
    label = QLabel("咨询电话")
    root.setStyleSheet("QWidget#screen { background: #FFFFFF; }")
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#C0C0C0"))
    label.setPalette(palette)
    root.layout().addWidget(label)
    shown(qtbot, root)
    assert [v.kind for v in only(root, "contrast", theme=STANDARD)] == [Kind.LOW_CONTRAST]


def test_the_high_contrast_theme_demands_7_to_1(qtbot):
    root = screen(qtbot)
    label = QLabel("承诺时限：5个工作日")
    label.setStyleSheet("color: #595959;")  # 7.0:1 on white passes both
    grey = QLabel("收费：不收费")
    grey.setStyleSheet("color: #707070;")  # about 4.95:1: enough for 标准 only
    root.layout().addWidget(label)
    root.layout().addWidget(grey)
    shown(qtbot, root)
    assert only(root, "contrast", theme=STANDARD) == []
    found = only(root, "contrast", theme=HIGH_CONTRAST)
    assert [v.widget for v in found] == ['screen/QLabel "收费：不收费"']


# -- focus indicator ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("focus_style", "problem"),
    [
        ("border: 3px solid #5A6F8E; padding: 8px;", "nothing changes"),
        ("border: 1px solid #E07000; padding: 10px;", "thinnest"),
        ("border: 6px solid #F2F2F2; padding: 5px;", "minimum 3.0:1"),
        ("border: 6px solid #E07000; padding: 5px;", None),
    ],
)
def test_the_focus_indicator_must_show_be_thick_and_contrast(qtbot, focus_style, problem):
    root = screen(qtbot)
    root.setStyleSheet(STYLE + f"QPushButton:focus {{ {focus_style} }}")
    button = QPushButton("下一步")
    root.layout().addWidget(button)
    shown(qtbot, root)
    found = only(root, "focus")
    if problem is None:
        assert found == []
    else:
        assert [v.kind for v in found] == [Kind.THIN_FOCUS]
        assert problem in found[0].detail


# -- the spoken prompt --------------------------------------------------------------------------


def test_a_screen_must_say_something(qtbot):
    root = shown(qtbot, screen(qtbot))
    assert kinds(root, prompt="", only=["prompt"]) == [Kind.NO_PROMPT]
    assert kinds(root, prompt="请选择要办理的事项。", only=["prompt"]) == []


def test_a_well_made_screen_passes_every_check(qtbot):
    root = screen(qtbot)
    heading = QLabel("请选择要办理的事项")
    heading.setWordWrap(True)
    root.layout().addWidget(heading)
    row = QHBoxLayout()
    row.setSpacing(16)
    for text in ("高龄津贴", "养老保险"):
        row.addWidget(QPushButton(text))
    root.layout().addLayout(row)
    root.layout().addStretch()
    shown(qtbot, root)
    assert audit_screen(root, theme=STANDARD, prompt="请选择要办理的事项。") == []
