"""The runner over a two-stop tour of one window, restyled from the scale and the theme."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from accessibility.audit.runner import KEYPAD_NOTE, Combination, run_audit
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


def worded_stops(qtbot):
    """One screen whose hint is short to the touch (请点“开始”) and long to the keypad."""
    window = QWidget()
    window.setObjectName("window")
    qtbot.addWidget(window)
    hint = QLabel("请点“开始”")
    layout = QVBoxLayout(window)
    layout.addWidget(hint)
    layout.addWidget(QPushButton("开始"))
    layout.addStretch()
    window.hint = hint
    yield "home", "default", window, "请点开始。"


def keypad_apply(widget: QWidget, combo: Combination) -> None:
    apply(widget, combo)
    # The keypad's wording has no break the label may use (it does not wrap).
    widget.window().hint.setText("请选到“开始”再按确认键" * 3 if combo.keypad else "请点“开始”")


def test_the_keypad_wording_is_audited_at_the_largest_scale_where_room_is_least(qtbot):
    report = run_audit(
        worded_stops(qtbot),
        apply=keypad_apply,
        keypad=lambda widget: True,
        scales=[FontScale.STANDARD, FontScale.XLARGE],
        themes=[STANDARD, HIGH_CONTRAST],
        sizes=[(1920, 1080), (1280, 800), (800, 1280)],
    )
    assert set(report) == {"screens_checked", "scales", "themes", "sizes", "violations"}
    places = {(v["scale"], v["theme"], v["size"], v["kind"]) for v in report["violations"]}
    # The touch wording fits everywhere; the keypad's is checked at 特大 in one theme (the
    # themes differ in colours only) on the two smaller windows, and is too wide for both.
    assert places == {
        ("特大", "high_contrast", size, "clipped_text") for size in ("1280x800", "800x1280")
    }
    assert all(v["detail"].startswith(KEYPAD_NOTE) for v in report["violations"])


def test_a_stop_whose_keypad_wording_is_the_same_is_not_audited_twice(qtbot):
    seen: list[bool] = []

    def recording_apply(widget, combo):
        seen.append(combo.keypad)
        keypad_apply(widget, combo)

    report = run_audit(
        worded_stops(qtbot),
        apply=recording_apply,
        keypad=lambda widget: False,
        scales=[FontScale.XLARGE],
        themes=[STANDARD],
        sizes=[(800, 1280)],
    )
    assert report["violations"] == [] and seen == [False]


def test_the_keypad_combinations_start_where_the_touch_ones_end():
    from accessibility.audit.runner import keypad_combinations

    combos = keypad_combinations(
        scales=list(FontScale), themes=[STANDARD, HIGH_CONTRAST], sizes=[(1280, 800), (800, 1280)]
    )
    assert [(c.scale, c.theme, c.size, c.keypad) for c in combos] == [
        (FontScale.XLARGE, HIGH_CONTRAST, (800, 1280), True),
        (FontScale.XLARGE, HIGH_CONTRAST, (1280, 800), True),
    ]
    only_big = keypad_combinations(
        scales=[FontScale.LARGE], themes=[STANDARD], sizes=[(1920, 1080)]
    )
    assert [(c.scale, c.size) for c in only_big] == [(FontScale.LARGE, (1920, 1080))]
