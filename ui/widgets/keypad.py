"""On-screen keypads: digits (ID numbers, phone numbers, PINs, amounts) and letters (pinyin
initials for search, draft codes). Each key is a big button that emits its key text."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from PySide6.QtCore import QEvent, QSize, Signal
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.i18n import N_, tr
from ui.widgets.buttons import ActionButton
from ui.widgets.layouts import WrapLayout

KEY_DELETE = N_("删除")
KEY_CLEAR = N_("清空")
_SPOKEN = {
    KEY_DELETE: N_("删除一位"),
    KEY_CLEAR: N_("全部清空"),
    ".": N_("小数点"),
    "X": N_("字母X"),
}


class Keypad(QWidget):
    """Keys in rows of ``columns`` (fewer when the width runs out, e.g. the letter pad on a
    portrait tablet at 特大); ``pressed`` carries the key's text (a digit, X, ., 删除, 清空).

    The pad is at most ``columns`` × 4 characters wide, so keys stay key-shaped on a wide
    screen. Keys in ``wide`` (删除, 清空) take two cells, so their longer labels do not widen
    every key. A ``compact`` pad prefers square keys (its size hint is ``columns`` of them,
    not ``columns`` × 4 characters) a little shorter than other buttons (the same room for
    the label, less padding above and below it: the stylesheet's ``compact`` keys, ≥ 80 px):
    the draft code's 34 keys in five rows then fit beside the heading, above the bottom bar,
    on the kiosk at 特大.
    """

    pressed = Signal(str)

    def __init__(
        self,
        keys: Sequence[str],
        *,
        columns: int = 3,
        name: str = N_("数字键盘"),
        wide: Collection[str] = (),
        compact: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(tr(name))
        self._columns = columns
        self._compact = compact
        self._layout = WrapLayout(self, min_item_chars=1.6, max_columns=columns)
        self.keys: dict[str, ActionButton] = {}
        for key in keys:
            # The key's text is what it emits (删除, 清空); only its label is translated.
            button = ActionButton(tr(key), name=tr(_SPOKEN.get(key, key)))
            button.clicked.connect(lambda _=False, k=key: self.pressed.emit(k))
            if compact:
                button.setProperty("compact", True)
            self._layout.add(button, span=2 if key in wide else 1)
            self.keys[key] = button
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._fit()

    def _fit(self) -> None:
        char = self.fontMetrics().horizontalAdvance("汉")
        self._layout.set_spacing(max(8, round(char * 0.4)))
        # A key as wide as its longest label too (English "Delete" is wider than 删除).
        labels = [b.fontMetrics().horizontalAdvance(b.text()) for b in self.keys.values()]
        key = max(char * 4, max(labels, default=0) + char * 3)
        self.setMaximumWidth(self._columns * key)

    def event(self, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit()
        return super().event(event)

    def hasHeightForWidth(self) -> bool:
        return True

    def sizeHint(self) -> QSize:
        # Its full width: a layout gives a widget placed with an alignment its size hint, and
        # one key's width stacked the keys out of the pad (kiosk audit: clipped_widget).
        width = self.maximumWidth()
        if self._compact:
            width = min(width, self._layout.grid_width(self._columns))
        return QSize(width, self.heightForWidth(width))

    def heightForWidth(self, width: int) -> int:
        return self._layout.heightForWidth(width)

    def enable(self, key: str, on: bool) -> None:
        if key in self.keys:
            self.keys[key].setEnabled(on)


def id_keypad(parent: QWidget | None = None) -> Keypad:
    keys = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "X", "0", KEY_DELETE)
    return Keypad(keys, name=tr("身份证号码键盘"), parent=parent)


def digit_keypad(*, decimal: bool = False, parent: QWidget | None = None) -> Keypad:
    keys = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "." if decimal else KEY_CLEAR, "0")
    return Keypad((*keys, KEY_DELETE), parent=parent)


def code_keypad(alphabet: str, *, parent: QWidget | None = None) -> Keypad:
    """草稿编号: the code's characters in the order given (the draft code's: the ten digits,
    then its 22 letters, no I, L, O or U), 8 to a row, then 删除 and 清空 two cells wide."""
    keys = (*alphabet, KEY_DELETE, KEY_CLEAR)
    return Keypad(
        keys,
        columns=8,
        name=tr("草稿编号键盘"),
        wide=(KEY_DELETE, KEY_CLEAR),
        compact=True,
        parent=parent,
    )


def letter_keypad(parent: QWidget | None = None) -> Keypad:
    keys = (*"ABCDEFGHIJKLMNOPQRSTUVWXYZ", KEY_DELETE)
    return Keypad(keys, columns=7, name=tr("拼音首字母键盘"), parent=parent)
