"""Every field a resident can type into on the whole demo journey is marked so the Pinyin
keyboard neither learns nor suggests from it (``ui.virtual_keyboard.type_privately``): a new
free-text field that forgets the mark would let one resident's address be offered to the
next. Checked at every stop of the screen tour, not field by field."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QLineEdit, QPlainTextEdit, QTextEdit

from kiosk.app import DEMO_ADMIN_PIN, build_window
from ui.tour import TourClock, tour

TEXT_INPUTS = (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox)


def _typeable(widget) -> bool:
    if not (widget.isVisible() and widget.isEnabled()):
        return False
    if not widget.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled):
        return False  # the virtual keyboard never comes up for it
    return not (hasattr(widget, "isReadOnly") and widget.isReadOnly())


def test_no_field_on_the_journey_teaches_the_keyboard(kiosk, qapp):
    clock = TourClock()
    window = build_window(kiosk, demo=True, today=date.today, immediate=True, monotonic=clock)
    window.resize(1280, 800)
    window.show()
    seen: dict[str, set[str]] = {}
    unmarked: list[tuple[str, str]] = []
    try:
        for screen, state, _ in tour(window, clock=clock, admin_pin=DEMO_ADMIN_PIN):
            for kind in TEXT_INPUTS:
                for field in window.findChildren(kind):
                    if not _typeable(field):
                        continue
                    name = field.accessibleName() or type(field).__name__
                    seen.setdefault(name, set()).add(f"{screen}/{state}")
                    if not field.inputMethodHints() & Qt.InputMethodHint.ImhSensitiveData:
                        unmarked.append((f"{screen}/{state}", name))
    finally:
        window.close()
    assert unmarked == []
    # The check saw the free-text fields it guards (else it proves nothing).
    assert {"现住址", "搜索内容", "姓名"} <= set(seen), sorted(seen)
