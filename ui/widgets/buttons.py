"""Big buttons: every one ≥ 64×64 px (the stylesheet's min sizes), named for screen readers.

:class:`TileButton` holds wrapped lines (a service name can be 30 characters long), so it
grows in height instead of eliding; its labels pass touches through to the button.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk.i18n import tr
from ui.style import FOCUS_PX
from ui.widgets.text import TextLabel


class ActionButton(QPushButton):
    """One action, named by its verb (提交申请, 继续, 返回)."""

    def __init__(
        self,
        text: str,
        *,
        primary: bool = False,
        name: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(text, parent)
        self.setAccessibleName(name or text)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAutoDefault(False)
        if primary:
            self.setProperty("primary", True)

    def set_label(self, text: str, *, name: str | None = None) -> None:
        self.setText(text)
        self.setAccessibleName(name or text)


class TileButton(QPushButton):
    """A large tile: a bold title and an optional note, both wrapping."""

    def __init__(
        self,
        title: str,
        note: str = "",
        *,
        checkable: bool = False,
        primary: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setProperty("tile", True)
        if primary:
            self.setProperty("primary", True)
        self.setCheckable(checkable)
        self.setAutoDefault(False)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        layout = QVBoxLayout(self)
        layout.setSpacing(4)
        self._title = title
        self.title_label = TextLabel(title, role="value")
        self.note_label = TextLabel(note, role="tilenote")
        for label in (self.title_label, self.note_label):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(label)
        self.note_label.setVisible(bool(note))
        # Qt style sheets cannot select a child by its parent's :checked state, so the
        # labels carry the tile's state themselves.
        self._primary = primary
        self.toggled.connect(self._restyle_labels)
        self._restyle_labels(False)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setAccessibleName(title)
        self.setAccessibleDescription(note)
        self._apply_margins()

    def _restyle_labels(self, checked: bool) -> None:
        # The state is never shown by colour alone: a chosen tile also carries a tick.
        if self.isCheckable():
            self.title_label.setText(("✓ " if checked else "") + self._title)
            self.setAccessibleName((tr("已选：") if checked else "") + self._title)
        state = "on" if checked else ("primary" if self._primary else "plain")
        for label in (self.title_label, self.note_label):
            label.setProperty("tile", state)
            label.style().unpolish(label)
            label.style().polish(label)

    @property
    def title(self) -> str:
        return self._title

    def set_title(self, title: str) -> None:
        self._title = title
        self._restyle_labels(self.isChecked())
        if not self.isCheckable():
            self.title_label.setText(title)
            self.setAccessibleName(title)

    def _apply_margins(self) -> None:
        pad = FOCUS_PX + max(8, round(self.fontMetrics().height() * 0.35))
        self.layout().setContentsMargins(pad, pad, pad, pad)

    def event(self, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._apply_margins()
        return super().event(event)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return max(self.layout().totalHeightForWidth(width), self._min_side())

    def sizeHint(self) -> QSize:
        hint = self.layout().totalSizeHint()
        return QSize(max(hint.width(), self._min_side()), max(hint.height(), self._min_side()))

    def minimumSizeHint(self) -> QSize:
        hint = self.layout().totalMinimumSize()
        return QSize(max(hint.width(), self._min_side()), max(hint.height(), self._min_side()))

    def _min_side(self) -> int:
        return max(64, round(self.fontInfo().pixelSize() * 2.6))
