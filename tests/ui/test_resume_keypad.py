"""The resume screen's draft-code keypad (继续上次的申请, by the 草稿凭条's code) is beside the
heading and the typed code where the width allows, every key in view without scrolling on
the kiosk at every scale; where it cannot fit it goes under them and the page scrolls to it,
nothing clipped. (At 1920x1080 特大 its first row was under the bottom bar.)"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect

from accessibility.audit.engine import audit_screen
from accessibility.audit.runner import SIZES, fit_window
from accessibility.scale import FontScale
from kiosk.flows.outcome import ScreenName
from kiosk.flows.resume import ResumeStage
from tests.ui.conftest import click

KIOSK = (1920, 1080)


def in_view(screen, widget) -> bool:
    viewport = screen.scroll.viewport()
    rect = QRect(widget.mapTo(viewport, QPoint(0, 0)), widget.size())
    return viewport.rect().contains(rect)


def code_page(window, qtbot):
    window.show_screen(ScreenName.HOME)
    click(qtbot, window.current.resume_button)
    screen = window.current
    assert screen.name is ScreenName.RESUME
    assert window.ui.visit.resume.stage is ResumeStage.CODE
    return screen


@pytest.mark.parametrize("scale", list(FontScale), ids=lambda s: s.name.lower())
def test_every_code_key_is_in_view_on_the_kiosk_and_reachable_elsewhere(window, qtbot, scale):
    window.set_scale(scale)
    screen = code_page(window, qtbot)
    keys = list(screen.code_keypad.keys.values())
    assert len(keys) == 34  # 10 digits, 22 letters, 删除, 清空
    fitted = []
    for size in (*SIZES, KIOSK):  # and back: the layout depends on the size alone
        fit_window(window, size)
        bar = screen.scroll.verticalScrollBar()
        assert bar.value() == 0
        if all(in_view(screen, key) for key in keys):
            fitted.append(size)
            # With the typed code: the resident sees what he types.
            assert in_view(screen, screen.heading) and in_view(screen, screen.code), size
        else:
            # Under the typed code, and the page scrolls to every key.
            assert not screen.entry.beside(screen.entry.parentWidget().width()), size
            for key in keys:
                screen.scroll.ensureWidgetVisible(key, 0, 0)
                assert in_view(screen, key), (size, key.text())
            bar.setValue(0)
        found = audit_screen(window, theme=window.theme, only=["text", "geometry", "targets"])
        assert found == [], (scale.label, size)
    assert KIOSK in fitted, scale.label


def test_on_the_kiosk_at_xlarge_the_keys_start_at_the_top_beside_the_heading(window, qtbot):
    window.set_scale(FontScale.XLARGE)
    screen = code_page(window, qtbot)
    fit_window(window, KIOSK)
    pad = screen.code_keypad
    first = pad.keys["0"].mapTo(screen, QPoint(0, 0))
    heading = screen.heading.mapTo(screen, QPoint(0, 0))
    assert first.y() == heading.y()  # the first row level with the heading
    assert first.x() > heading.x() + screen.heading.width()
    # 删除 and 清空 take two cells each, so the other keys stay square (not as wide as 删除).
    key, delete = pad.keys["A"], pad.keys["删除"]
    assert key.width() < delete.width() and abs(key.width() - key.height()) <= 16
    assert min(key.height(), key.width()) >= 64
    fit_window(window, (800, 1280))  # the tablet: under the typed code
    code = screen.code.mapTo(screen, QPoint(0, 0))
    assert pad.mapTo(screen, QPoint(0, 0)).y() > code.y() + screen.code.height()
