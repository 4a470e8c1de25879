"""Labels that wrap (Chinese breaks between any two characters) and never elide.

Plain text only: Noto Sans CJK's own line spacing is 1.44 em, above the 1.3 the elderly
guidelines ask for, so no rich-text line-height is needed (and the audit can measure
``text()`` with the label's own font metrics).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QSizePolicy, QWidget

ZWSP = "\u200b"

_wording: Callable[[str], str] | None = None
"""Rewords every label's text while the keypad drives the session (None: as written)."""


def set_wording(wording: Callable[[str], str] | None) -> None:
    """Shows every label, now and later, through ``wording`` (keypad: 按确认键 for 请点);
    None puts them back as written. The window calls it when the input mode switches."""
    global _wording
    _wording = wording
    for widget in QApplication.allWidgets():
        if isinstance(widget, TextLabel):
            widget.reword()


def breakable(text: str) -> str:
    """Lets a long run of digits wrap where a reader would pause: after a hyphen
    (K1-20261201-000042-D) and around a masked middle (110105********1234). Unicode line
    breaking keeps such runs whole, and at 特大 on a tablet they are wider than the screen."""
    out = []
    for index, char in enumerate(text):
        out.append(char)
        following = text[index + 1] if index + 1 < len(text) else ""
        if char == "-" or (following and (char == "*") != (following == "*")):
            out.append(ZWSP)
    return "".join(out)


class TextLabel(QLabel):
    """A word-wrapped plain-text label with a style role (heading, hint, error, display ...)."""

    def __init__(self, text: str = "", *, role: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        if role:
            self.setProperty("role", role)
        self._written = ""
        self.setText(text)

    def setText(self, text: str) -> None:
        """Shows ``text``, worded for the keypad while the keypad is in use."""
        self._written = text
        super().setText(_wording(text) if _wording is not None and text else text)

    def written(self) -> str:
        """The text as the code gave it (``text()`` is what the screen shows)."""
        return self._written

    def reword(self) -> None:
        self.setText(self._written)

    def set_role(self, role: str) -> None:
        if self.property("role") == role:
            return
        self.setProperty("role", role)
        self.style().unpolish(self)
        self.style().polish(self)
