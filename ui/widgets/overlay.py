"""Dialogs drawn inside the window (idle warning, help, confirmations).

A dimmed layer over the whole window with a panel in the middle: it is part of the window,
so it is captured by screenshots, reached by keypad navigation, and cannot get lost behind a
full-screen kiosk window the way a separate top-level dialog can.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

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
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        outer = QVBoxLayout(self)
        outer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.panel = QFrame()
        self.panel.setProperty("role", "dialog")
        self.panel.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.panel)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setStyleSheet("background: transparent;")
        self._scroll = scroll
        outer.addWidget(scroll)
        inner = QVBoxLayout(self.panel)
        self._inner = inner
        self.heading = TextLabel("", role="heading")
        self.text = TextLabel("")
        self.extra = QVBoxLayout()
        buttons = QWidget()
        self.buttons = WrapLayout(buttons)
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
        self._inner.setContentsMargins(margin, margin, margin, margin)
        self._inner.setSpacing(margin)
        width = min(host.width() - 2 * margin, max(char * 20, host.width() * 2 // 3))
        self._scroll.setMaximumWidth(width)
        self._scroll.setMinimumWidth(min(width, host.width() - 2 * margin))
        self._scroll.setMaximumHeight(host.height() - 2 * margin)
        self.panel.adjustSize()
        needed = self.panel.heightForWidth(width) if self.panel.hasHeightForWidth() else 0
        self._scroll.setMinimumHeight(min(max(needed, 0), host.height() - 2 * margin))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        resized = watched is self.parentWidget() and event.type() == QEvent.Type.Resize
        if resized and self.isVisible():
            self._fit()
        return False
