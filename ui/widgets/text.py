"""Labels that wrap (Chinese breaks between any two characters) and never elide.

Plain text only: Noto Sans CJK's own line spacing is 1.44 em, above the 1.3 the elderly
guidelines ask for, so no rich-text line-height is needed (and the audit can measure
``text()`` with the label's own font metrics).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

ZWSP = "\u200b"


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
        self.setText(text)

    def set_role(self, role: str) -> None:
        if self.property("role") == role:
            return
        self.setProperty("role", role)
        self.style().unpolish(self)
        self.style().polish(self)
