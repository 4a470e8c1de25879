"""The real kiosk window over a real store, offscreen, with a recording speaker.

Background work runs inline (:meth:`TaskRunner.immediate`) so each click's outcome is on
screen when ``qtbot.mouseClick`` returns; tests/ui/test_tasks.py covers the real threads.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from accessibility.speech.base import RecordingSpeaker
from kiosk.app import Kiosk, flow_context, open_kiosk
from kiosk.flows.admin import AdminFlow
from kiosk.flows.outcome import ScreenName
from kiosk.storage.drafts_repo import hash_pin
from ui.context import UiContext
from ui.tasks import TaskRunner
from ui.window import KioskWindow

TODAY = date(2026, 11, 22)
ADMIN_PIN = "135790"


class FakeMonotonic:
    """The idle timer's clock: tests move it instead of waiting."""

    def __init__(self) -> None:
        self.t = 10_000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def kiosk(tmp_path: Path) -> Iterator[Kiosk]:
    with open_kiosk(tmp_path / "data") as opened:
        yield opened


@pytest.fixture
def clock() -> FakeMonotonic:
    return FakeMonotonic()


@pytest.fixture
def ui(kiosk: Kiosk, qapp) -> Iterator[UiContext]:
    ctx = flow_context(kiosk, today=lambda: TODAY)
    admin_hash = hash_pin(ADMIN_PIN)
    tasks = TaskRunner.immediate()
    context = UiContext(
        flows=ctx,
        speaker=RecordingSpeaker(),
        tasks=tasks,
        admin=AdminFlow(
            pin_hash=lambda: admin_hash, catalogs=ctx.catalogs, applications=ctx.applications
        ),
    )
    yield context
    tasks.shutdown()


@pytest.fixture
def window(ui: UiContext, qtbot, clock) -> KioskWindow:
    win = KioskWindow(ui, monotonic=clock)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    win.show_screen(ScreenName.HOME)
    return win


def click(qtbot, widget) -> None:
    assert widget.isVisible() and widget.isEnabled(), widget.accessibleName()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
