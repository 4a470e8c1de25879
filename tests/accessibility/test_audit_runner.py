"""The runner over a small tour of two screens styled from the scale and the theme."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from accessibility.audit.runner import Combination, run_audit
from accessibility.scale import FontScale
from accessibility.theme import HIGH_CONTRAST, STANDARD


def styled(combo: Combination) -> QWidget:
    theme = combo.theme
    root = QWidget()
    root.setObjectName("window")
    font = QFont()
    font.setFamilies(["Noto Sans CJK SC"])
    font.setPixelSize(combo.scale.body_px)
    root.setFont(font)
    root.setStyleSheet(
        f"QWidget#window {{ background: {theme.background}; }}"
        f"QLabel {{ color: {theme.text}; }}"
        f"QPushButton {{ background: {theme.button}; color: {theme.button_text};"
        f" border: 3px solid {theme.button_text}; padding: 8px; min-height: 64px; }}"
        f"QPushButton:focus {{ border: 6px solid {theme.focus}; padding: 5px; }}"
    )
    QVBoxLayout(root)
    return root


def make_tour(qtbot, *, long_word: str):
    def tour(combo):
        home = styled(combo)
        qtbot.addWidget(home)
        heading = QLabel("请选择要办理的事项")
        heading.setWordWrap(True)
        home.layout().addWidget(heading)
        home.layout().addWidget(QPushButton("开始"))
        home.layout().addStretch()
        yield "home", "default", home, "请选择要办理的事项。"
        home.close()
        receipt = styled(combo)
        qtbot.addWidget(receipt)
        number = QLabel(long_word)  # a receipt number cannot wrap
        number.setWordWrap(True)
        receipt.layout().addWidget(number)
        receipt.layout().addStretch()
        yield "receipt", "queued", receipt, "回执编号已打印。"
        receipt.close()

    return tour


def test_the_report_has_the_contract_shape_and_locates_each_violation(qtbot):
    report = run_audit(
        make_tour(qtbot, long_word="K1202611220000420000000000000D"),
        scales=[FontScale.STANDARD, FontScale.XLARGE],
        themes=[STANDARD, HIGH_CONTRAST],
        sizes=[(1280, 800), (800, 1280)],
    )
    assert set(report) == {"screens_checked", "scales", "themes", "sizes", "violations"}
    assert report["screens_checked"] == 2
    assert report["scales"] == ["标准", "特大"]
    assert report["themes"] == ["standard", "high_contrast"]
    assert report["sizes"] == ["1280x800", "800x1280"]
    places = {
        (v["screen"], v["scale"], v["theme"], v["size"], v["kind"]) for v in report["violations"]
    }
    # 30 characters at 48 px (特大) need about 790 px: clipped only on the portrait tablet.
    assert places == {
        ("receipt/queued", "特大", theme, "800x1280", "clipped_text")
        for theme in ("standard", "high_contrast")
    }
    assert all(v["widget"].startswith("window/QLabel") for v in report["violations"])


def test_a_clean_tour_reports_no_violation(qtbot):
    report = run_audit(
        make_tour(qtbot, long_word="K1-20261122-0042"),
        scales=[FontScale.XLARGE],
        themes=[HIGH_CONTRAST],
        sizes=[(800, 1280)],
    )
    assert report["violations"] == []
