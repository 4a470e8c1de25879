"""A layout that reflows: items wrap onto new rows when the width runs out.

Two modes: *grid* (``min_item_chars`` set) gives every item of a row the same width, as many
columns as fit at the current font size (home tiles, choice buttons); *flow* keeps each item
at its preferred width (the top bar's buttons). Both report ``heightForWidth`` so a scroll
area around them grows instead of squeezing or clipping them.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget, QWidgetItem


class WrapLayout(QLayout):
    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        spacing: int = 16,
        min_item_chars: float | None = None,
        max_columns: int = 4,
    ) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.min_item_chars = min_item_chars
        self.max_columns = max_columns
        self.setContentsMargins(0, 0, 0, 0)

    # -- QLayout plumbing -----------------------------------------------------------------

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def add(self, widget: QWidget) -> None:
        self.addChildWidget(widget)
        self.addItem(QWidgetItem(widget))
        parent = self.parentWidget()
        if (
            parent is not None
            and parent.isVisible()
            and not widget.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide)
        ):
            widget.show()  # Qt would show it only on the next event-loop pass
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def clear(self) -> None:
        """Removes and deletes every widget in the layout."""
        while self._items:
            item = self._items.pop()
            widget = item.widget()
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.invalidate()

    def set_spacing(self, spacing: int) -> None:
        self._spacing = spacing
        self.invalidate()

    def spacing(self) -> int:
        return self._spacing

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._do_layout(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._do_layout(rect, apply=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        # One item's size: the real height comes from heightForWidth at the real width. (A
        # minimum computed at the narrowest width would stack every item and force the
        # whole window taller than the screen.)
        items = self._visible()
        width = max((self._narrowest(i) for i in items), default=0)
        height = max((self._item_height(i, self._min_width(i)) for i in items), default=0)
        margins = self.contentsMargins()
        return QSize(
            width + margins.left() + margins.right(), height + margins.top() + margins.bottom()
        )

    # -- geometry ---------------------------------------------------------------------------

    def _visible(self) -> list[QLayoutItem]:
        return [i for i in self._items if not (i.widget() and i.widget().isHidden())]

    def _char_px(self) -> int:
        parent = self.parentWidget()
        if parent is None:
            return 32
        return max(1, parent.fontMetrics().horizontalAdvance("汉"))

    def _narrowest(self, item: QLayoutItem) -> int:
        """How narrow an item alone on its row may get: a flowing item down to its minimum
        size hint (its preferred width would force the page wider than a tablet at 特大 and
        cut it off: kiosk audit), a grid cell to its cell width."""
        widget = item.widget()
        if self.min_item_chars is None and widget is not None:
            return widget.minimumSizeHint().width()
        return self._min_width(item)

    def _min_width(self, item: QLayoutItem) -> int:
        widget = item.widget()
        natural = widget.minimumSizeHint().width() if widget else item.minimumSize().width()
        if self.min_item_chars is None:
            return (
                max(natural, item.sizeHint().width())
                if widget is None
                else max(natural, widget.sizeHint().width())
            )
        return max(natural, round(self.min_item_chars * self._char_px()))

    def _item_height(self, item: QLayoutItem, width: int) -> int:
        widget = item.widget()
        if widget is not None and widget.hasHeightForWidth():
            height = widget.heightForWidth(width)
        elif item.hasHeightForWidth():
            height = item.heightForWidth(width)
        else:
            height = item.sizeHint().height()
        minimum = widget.minimumSizeHint().height() if widget else item.minimumSize().height()
        return max(height, minimum, item.minimumSize().height())

    def _do_layout(self, rect: QRect, *, apply: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        items = self._visible()
        if not items:
            return margins.top() + margins.bottom()
        gap = self._spacing
        width = max(1, area.width())
        rows: list[list[tuple[QLayoutItem, int]]] = []
        if self.min_item_chars is not None:
            cell = max(self._min_width(i) for i in items)
            columns = max(1, min(self.max_columns, (width + gap) // (cell + gap), len(items)))
            item_w = max(1, (width - gap * (columns - 1)) // columns)
            for start in range(0, len(items), columns):
                rows.append([(i, item_w) for i in items[start : start + columns]])
        else:
            row: list[tuple[QLayoutItem, int]] = []
            used = 0
            for item in items:
                w = min(self._min_width(item), width)
                if row and used + gap + w > width:
                    rows.append(row)
                    row, used = [], 0
                used += (gap if row else 0) + w
                row.append((item, w))
            if row:
                rows.append(row)
        y = area.y()
        for index, row in enumerate(rows):
            height = max(self._item_height(item, w) for item, w in row)
            x = area.x()
            for item, w in row:
                if apply:
                    item.setGeometry(QRect(QPoint(x, y), QSize(w, height)))
                x += w + gap
            y += height + (gap if index < len(rows) - 1 else 0)
        return y - rect.y() + margins.bottom()
