"""Where the question and the field being typed into are on a page, for the on-screen
keyboard (ui.window's ``show_typing``): the block from the top of the page's heading to the
bottom of the field, and scrolling the page so that block is in view."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint
from PySide6.QtWidgets import QApplication, QWidget

SETTLE_PASSES = 3
"""Layout requests cascade (the page, its scroll area's content, the window): a few passes."""


def settle_layouts() -> None:
    """Runs the pending layout requests now, so geometry reflects what was just hidden."""
    for _ in range(SETTLE_PASSES):
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


def _span(screen, field: QWidget) -> tuple[int, int]:
    content = screen.scroll.widget()
    top = screen.heading.mapTo(content, QPoint(0, 0)).y()
    if screen.heading.isHidden():
        top = field.mapTo(content, QPoint(0, 0)).y()
    bottom = field.mapTo(content, QPoint(0, field.height())).y()
    return min(top, bottom - field.height()), bottom


def typing_block(screen, field: QWidget) -> int:
    """The height from the top of ``screen``'s heading to the bottom of ``field``."""
    top, bottom = _span(screen, field)
    return bottom - top


def show_block(screen, field: QWidget) -> None:
    """Scrolls ``screen``'s page so its heading and ``field`` are in view, as much of the page
    above them as fits too; where they do not fit together, the whole field."""
    top, bottom = _span(screen, field)
    bar = screen.scroll.verticalScrollBar()
    view = screen.scroll.viewport().height()
    pad = screen.body.contentsMargins().bottom()
    lowest = bottom + pad - view  # the least scroll that shows the field's bottom (and a gap)
    value = min(top, max(0, lowest)) if bottom - top <= view else bottom - view
    bar.setValue(max(bar.minimum(), min(bar.maximum(), value)))
