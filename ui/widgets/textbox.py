"""A text box for one long answer (an address, an employer's name) that wraps instead of
scrolling sideways: the whole answer is on screen, on as many lines as it takes.

A :class:`QLineEdit` shows one line and scrolls the rest out of sight: at 特大 on the tablet
a full 现住址 showed its last ten characters only, and the resident could not check it. This
box is a :class:`QTextEdit` kept to plain, single-paragraph text (an address has no line
breaks: Enter, from the keypad or the virtual keyboard, types none, and a pasted or
input-method line break becomes a space), with no scroll bars: it reports the height its
wrapped text needs for a width (``heightForWidth``), so the page grows and scrolls instead.
Text arrives as from a line edit — keys, and the input method's commits (Qt's Pinyin
virtual keyboard) — and ``text()`` / ``setText()`` / ``setMaxLength()`` behave as a line
edit's do.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeyEvent, QTextCursor, QTextOption
from PySide6.QtWidgets import QSizePolicy, QTextEdit, QWidget

from ui.virtual_keyboard import type_privately

MIN_LINES = 2
"""Shown even when empty, so the box reads as room to write an address in."""


class WrappingTextBox(QTextEdit):
    def __init__(self, parent: QWidget | None = None, *, min_lines: int = MIN_LINES) -> None:
        super().__init__(parent)
        self.setAcceptRichText(False)
        self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        # Chinese breaks between any two characters; a long Latin or digit run may too.
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setTabChangesFocus(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # One paragraph: the virtual keyboard offers 完成/Enter, not a new line.
        self.setInputMethodHints(Qt.InputMethodHint.ImhNone)
        type_privately(self)  # an address is not learned by the keyboard
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._min_lines = min_lines
        self._max_length = 0
        self._fixing = False
        self.textChanged.connect(self._keep_one_paragraph)
        self.document().documentLayout().documentSizeChanged.connect(
            lambda _size: self.updateGeometry()
        )

    # -- as a line edit ---------------------------------------------------------------------

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:
        self.setPlainText(text)
        self.moveCursor(QTextCursor.MoveOperation.End)

    def setMaxLength(self, length: int) -> None:
        self._max_length = max(0, length)
        self._keep_one_paragraph()

    def maxLength(self) -> int:
        return self._max_length

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.ignore()  # no line break in an answer; the screen may act on it
            return
        super().keyPressEvent(event)

    def _keep_one_paragraph(self) -> None:
        if self._fixing:
            return
        text = self.toPlainText()
        fixed = " ".join(text.splitlines()) if ("\n" in text or "\u2029" in text) else text
        if self._max_length and len(fixed) > self._max_length:
            fixed = fixed[: self._max_length]
        if fixed == text:
            return
        self._fixing = True
        try:
            self.setPlainText(fixed)
            self.moveCursor(QTextCursor.MoveOperation.End)
        finally:
            self._fixing = False

    # -- size: as tall as the wrapped text ----------------------------------------------------

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        self.ensurePolished()
        margins, viewport = self.contentsMargins(), self.viewportMargins()
        side = margins.left() + margins.right() + viewport.left() + viewport.right()
        top = margins.top() + margins.bottom() + viewport.top() + viewport.bottom()
        document = self.document().clone()
        document.setDefaultFont(self.font())
        document.setTextWidth(max(1, width - side))
        text_h = document.size().height()
        least = self._min_lines * self.fontMetrics().lineSpacing() + 2 * document.documentMargin()
        return int(max(text_h, least) + 0.999) + top

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), self.heightForWidth(hint.width()))

    def minimumSizeHint(self) -> QSize:
        # The empty box's height: the layout asks heightForWidth for the real one.
        hint = super().minimumSizeHint()
        margins, viewport = self.contentsMargins(), self.viewportMargins()
        top = margins.top() + margins.bottom() + viewport.top() + viewport.bottom()
        lines = self._min_lines * self.fontMetrics().lineSpacing()
        return QSize(hint.width(), lines + int(2 * self.document().documentMargin()) + top)
