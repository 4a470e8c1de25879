"""Dialogs drawn inside the window (idle warning, help, confirmations).

A dimmed layer over the whole window with a panel in the middle: it is part of the window,
so it is captured by screenshots, reached by keypad navigation, and cannot get lost behind a
full-screen kiosk window the way a separate top-level dialog can.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from ui.widgets.buttons import ActionButton
from ui.widgets.layouts import WrapLayout
from ui.widgets.text import TextLabel


class OverlayDialog(QFrame):
    closed = Signal()

    def __init__(self, host: QWidget, *, name: str) -> None:
        super().__init__(host)
        self.name = name
        self.setObjectName(f"dialog-{name}")
        self.setProperty("role", "scrim")
        # Modal: the page under the scrim is out of reach; the audit checks only the dialog.
        self.setProperty("overlay", True)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        outer = QVBoxLayout(self)
        row = QHBoxLayout()
        self.panel = QFrame()
        self.panel.setProperty("role", "dialog")
        self.panel.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        policy = QSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        self.panel.setSizePolicy(policy)
        row.addStretch(1)
        row.addWidget(self.panel)
        row.addStretch(1)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(1)
        self._outer = outer
        inner = QVBoxLayout(self.panel)
        self._inner = inner
        self.heading = TextLabel("", role="heading")
        self.text = TextLabel("")
        self.extra = QVBoxLayout()
        buttons = QWidget()
        self.buttons = WrapLayout(buttons)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        buttons.setSizePolicy(policy)
        inner.addWidget(self.heading)
        inner.addWidget(self.text)
        inner.addLayout(self.extra)
        inner.addWidget(buttons)
        self.setAccessibleName(name)
        self.hide()
        host.installEventFilter(self)

    def set_texts(self, heading: str, text: str) -> None:
        self.heading.setText(heading)
        self.text.setText(text)
        self.panel.setAccessibleName(heading)
        self.panel.setAccessibleDescription(text)

    def add_button(
        self, text: str, slot: Callable[[], None], *, primary: bool = False
    ) -> ActionButton:
        button = ActionButton(text, primary=primary)
        button.clicked.connect(lambda _=False: slot())
        self.buttons.add(button)
        return button

    def open(self) -> None:
        self._fit()
        self.show()
        self.raise_()
        first = next((self.buttons.itemAt(i).widget() for i in range(self.buttons.count())), None)
        if first is not None:
            first.setFocus(Qt.FocusReason.PopupFocusReason)

    def close_dialog(self) -> None:
        if self.isVisible():
            self.hide()
            self.closed.emit()

    def _fit(self) -> None:
        host = self.parentWidget()
        if host is None:
            return
        self.setGeometry(host.rect())
        char = self.fontMetrics().horizontalAdvance("汉")
        margin = max(16, round(char * 0.75))
        self._outer.setContentsMargins(margin, margin, margin, margin)
        self._inner.setContentsMargins(margin, margin, margin, margin)
        self._inner.setSpacing(margin)
        self.buttons.set_spacing(max(16, char // 2))
        widest = host.width() - 2 * margin
        width = min(widest, max(char * 22, host.width() * 3 // 5))
        # The dialog cannot scroll: a panel taller than the window widens to the window's
        # width first (its text and buttons take fewer rows), and the dimmed border round it
        # gives way last. (At 特大 on 1280x800 an English 结束 dialog with three buttons was
        # 39 px taller than the window and cut off its last button: kiosk audit.)
        if self.panel.heightForWidth(width) > host.height() - 2 * margin:
            width = widest
        spare = host.height() - self.panel.heightForWidth(width)
        edge = max(0, min(margin, spare // 2))
        self._outer.setContentsMargins(margin, edge, margin, edge)
        self.panel.setFixedWidth(width)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        resized = watched is self.parentWidget() and event.type() == QEvent.Type.Resize
        if resized and self.isVisible():
            self._fit()
        return False
