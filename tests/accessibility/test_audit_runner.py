"""The runner over a two-stop tour of one window, restyled from the scale and the theme."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from accessibility.audit.runner import Combination, run_audit
from accessibility.scale import FontScale
from accessibility.theme import HIGH_CONTRAST, STANDARD


def apply(widget: QWidget, combo: Combination) -> None:
    window = widget.window()
    theme = combo.theme
    window.setStyleSheet(
        f'QWidget {{ font-family: "Noto Sans CJK SC"; font-size: {combo.scale.body_px}px; }}'
        f"QWidget#window {{ background: {theme.background}; }}"
        f"QLabel {{ color: {theme.text}; }}"
        f"QPushButton {{ background: {theme.button}; color: {theme.button_text};"
        f" border: 3px solid {theme.button_text}; padding: 8px; min-height: 64px; }}"
        f"QPushButton:focus {{ border: 6px solid {theme.focus}; padding: 5px; }}"
    )


def stops(qtbot, *, long_word: str):
    window = QWidget()
    window.setObjectName("window")
    qtbot.addWidget(window)
    pages = QStackedWidget()
    QVBoxLayout(window).addWidget(pages)
    home = QWidget()
    heading = QLabel("请选择要办理的事项")
    heading.setWordWrap(True)
    layout = QVBoxLayout(home)
    layout.addWidget(heading)
    layout.addWidget(QPushButton("开始"))
    layout.addStretch()
    receipt = QWidget()
    number = QLabel(long_word)  # a receipt number has nowhere to wrap
    number.setWordWrap(True)
    layout = QVBoxLayout(receipt)
    layout.addWidget(number)
    layout.addStretch()
    pages.addWidget(home)
    pages.addWidget(receipt)
    yield "home", "default", window, "请选择要办理的事项。"
    pages.setCurrentWidget(receipt)
    yield "receipt", "queued", window, "回执编号已打印。"


def test_the_report_has_the_contract_shape_and_locates_each_violation(qtbot):
    report = run_audit(
        stops(qtbot, long_word="K1202611220000420000000000000D"),
        apply=apply,
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
        stops(qtbot, long_word="K1-20261122-0042"),
        apply=apply,
        scales=[FontScale.XLARGE],
        themes=[HIGH_CONTRAST],
        sizes=[(800, 1280)],
    )
    assert report["violations"] == []
