"""A layout that reflows: items wrap onto new rows when the width runs out.

Two modes: *grid* (``min_item_chars`` set) gives every item of a row the same width, as many
columns as fit at the current font size (home tiles, choice buttons; an item added with
``span=2`` takes two cells, as a keypad's 删除 does); *flow* keeps each item
at its preferred width (the top bar's buttons). Both report ``heightForWidth`` so a scroll
area around them grows instead of squeezing or clipping them.

:class:`TitleBarLayout` is the top bar's: a title beside a :class:`WrapLayout` of buttons.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget, QWidgetItem


class ReflowLayout(QLayout):
    """What every layout here shares: its own items and spacing, a height that is a function
    of the width (so a scroll area around it grows instead of squeezing it), and the minimum
    and preferred size as one. A subclass says where its items go in ``_do_layout``."""

    _expanding = Qt.Orientation(0)

    def __init__(self, parent: QWidget | None = None, *, spacing: int = 16) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing

    # -- QLayout plumbing -----------------------------------------------------------------

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def set_spacing(self, spacing: int) -> None:
        self._spacing = spacing
        self.invalidate()

    def spacing(self) -> int:
        return self._spacing

    def expandingDirections(self) -> Qt.Orientation:
        return self._expanding

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._do_layout(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._do_layout(rect, apply=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    # -- geometry ---------------------------------------------------------------------------

    def _do_layout(self, rect: QRect, *, apply: bool) -> int:
        """The height the items take in ``rect``'s width (margins included); with ``apply``
        they are also placed there."""
        raise NotImplementedError

    def _inner(self, rect: QRect) -> QRect:
        margins = self.contentsMargins()
        return rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())

    def _with_margins(self, width: int, height: int) -> QSize:
        margins = self.contentsMargins()
        return QSize(
            width + margins.left() + margins.right(), height + margins.top() + margins.bottom()
        )

    def _char_px(self) -> int:
        """The width of one CJK character in the parent's font (the unit of the minimum
        widths, so they follow the font scale)."""
        parent = self.parentWidget()
        if parent is None:
            return 32
        return max(1, parent.fontMetrics().horizontalAdvance("汉"))


class _PairLayout(ReflowLayout):
    """A layout of exactly two widgets, both its own for its lifetime."""

    def __init__(self, parent: QWidget, first: QWidget, second: QWidget) -> None:
        super().__init__(parent)
        self._items = [QWidgetItem(first), QWidgetItem(second)]
        for widget in (first, second):
            self.addChildWidget(widget)

    def addItem(self, item: QLayoutItem) -> None:
        raise TypeError(f"{type(self).__name__} holds exactly its two widgets")

    def takeAt(self, index: int) -> QLayoutItem | None:
        return None


class WrapLayout(ReflowLayout):
    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        spacing: int = 16,
        min_item_chars: float | None = None,
        max_columns: int = 4,
    ) -> None:
        super().__init__(parent, spacing=spacing)
        self.min_item_chars = min_item_chars
        self.max_columns = max_columns
        self._spans: dict[QWidget, int] = {}
        self.setContentsMargins(0, 0, 0, 0)

    # -- QLayout plumbing -----------------------------------------------------------------

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def add(self, widget: QWidget, *, span: int = 1) -> None:
        """``span``: how many grid cells the widget takes (grid mode; at most a whole row)."""
        if span > 1:
            self._spans[widget] = span
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

    def clear(self) -> None:
        """Removes and deletes every widget in the layout."""
        self._spans.clear()
        while self._items:
            item = self._items.pop()
            widget = item.widget()
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.invalidate()

    def row_width(self) -> int:
        """The width that holds every visible item on one row (margins included)."""
        items = self._visible()
        margins = self.contentsMargins()
        widths = [self._min_width(i) for i in items]
        gaps = self._spacing * max(0, len(widths) - 1)
        return sum(widths) + gaps + margins.left() + margins.right()

    def grid_width(self, columns: int) -> int:
        """The narrowest width (margins included) that holds ``columns`` grid columns."""
        items = self._visible()
        cell = max((self._cell(i) for i in items), default=0)
        margins = self.contentsMargins()
        return columns * cell + (columns - 1) * self._spacing + margins.left() + margins.right()

    def minimumSize(self) -> QSize:
        # One item's size: the real height comes from heightForWidth at the real width. (A
        # minimum computed at the narrowest width would stack every item and force the
        # whole window taller than the screen.)
        items = self._visible()
        width = max((self._narrowest(i) for i in items), default=0)
        height = max((self._item_height(i, self._min_width(i)) for i in items), default=0)
        return self._with_margins(width, height)

    # -- geometry ---------------------------------------------------------------------------

    def _visible(self) -> list[QLayoutItem]:
        return [i for i in self._items if not (i.widget() and i.widget().isHidden())]

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

    def _span(self, item: QLayoutItem) -> int:
        widget = item.widget()
        return self._spans.get(widget, 1) if widget is not None else 1

    def _cell(self, item: QLayoutItem) -> int:
        """The grid cell an item needs: its minimum width shared among the cells it spans
        (a wide 删除 must not widen every key of the pad)."""
        span = self._span(item)
        return -(-(self._min_width(item) - (span - 1) * self._spacing) // span)

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
        area = self._inner(rect)
        items = self._visible()
        if not items:
            return margins.top() + margins.bottom()
        gap = self._spacing
        width = max(1, area.width())
        rows: list[list[tuple[QLayoutItem, int]]] = []
        if self.min_item_chars is not None:
            cell = max(self._cell(i) for i in items)
            cells = sum(self._span(i) for i in items)
            columns = max(1, min(self.max_columns, (width + gap) // (cell + gap), cells))
            item_w = max(1, (width - gap * (columns - 1)) // columns)
            row: list[tuple[QLayoutItem, int]] = []
            used = 0
            for item in items:
                span = min(self._span(item), columns)
                if row and used + span > columns:
                    rows.append(row)
                    row, used = [], 0
                row.append((item, span * item_w + (span - 1) * gap))
                used += span
            if row:
                rows.append(row)
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


class TitleBarLayout(_PairLayout):
    """A title on the left and a row of buttons on the right; where both do not fit on one
    line, the title gives way (a narrow tablet at 特大 needs the room for the buttons, and the
    device's name is not needed to act) and the buttons wrap across the whole width.

    Whether the title shows is decided from the width alone, the same way in
    ``heightForWidth`` and ``setGeometry``, so the bar's height is a function of its width.
    (Deciding it in a resize event from the width before left the bar at its wrapped height
    when the window grew: ``kiosk audit`` visiting 800x1280 before 1920x1080 found ~90
    overlaps of the top bar and the page.)
    """

    _expanding = Qt.Orientation.Horizontal

    def __init__(self, parent: QWidget, *, title: QWidget, buttons: QWidget) -> None:
        super().__init__(parent, title, buttons)
        self._title = title
        self._buttons = buttons

    def sizeHint(self) -> QSize:
        margins = self.contentsMargins()
        width = self._title_advance() + self._spacing + self._row()
        width += margins.left() + margins.right()
        return QSize(width, self.heightForWidth(width))

    def minimumSize(self) -> QSize:
        least = self._buttons.minimumSizeHint()
        return self._with_margins(least.width(), least.height())

    # -- geometry ---------------------------------------------------------------------------

    def title_width(self, width: int) -> int | None:
        """The title's width at a bar ``width`` wide, or None where it gives way."""
        advance = self._title_advance()
        if advance == 0:
            return None
        margins = self.contentsMargins()
        room = width - margins.left() - margins.right() - self._spacing - self._row()
        return room if room >= advance else None

    def _do_layout(self, rect: QRect, *, apply: bool) -> int:
        margins = self.contentsMargins()
        area = self._inner(rect)
        buttons = self._items[1]
        title = self.title_width(rect.width())
        if apply and self._title.isHidden() != (title is None):
            self._title.setVisible(title is not None)
        if title is None:
            inner = max(1, area.width())
            height = buttons.heightForWidth(inner)
            if apply:
                buttons.setGeometry(QRect(area.x(), area.y(), inner, height))
        else:
            row = self._row()
            buttons_h = buttons.heightForWidth(row)
            title_h = self._title_height(title)
            height = max(buttons_h, title_h)
            if apply:
                top = area.y() + (height - title_h) // 2
                self._title.setGeometry(QRect(area.x(), top, title, title_h))
                buttons.setGeometry(QRect(area.right() + 1 - row, area.y(), row, buttons_h))
        return height + margins.top() + margins.bottom()

    def _title_advance(self) -> int:
        text = getattr(self._title, "text", lambda: "")()
        if not text:
            return 0
        margins = self._title.contentsMargins()
        advance = self._title.fontMetrics().horizontalAdvance(text)
        return advance + margins.left() + margins.right()

    def _title_height(self, width: int) -> int:
        title = self._title
        if title.hasHeightForWidth():
            return title.heightForWidth(width)
        return title.sizeHint().height()

    def _row(self) -> int:
        layout = self._buttons.layout()
        if isinstance(layout, WrapLayout):
            return layout.row_width()
        return self._buttons.sizeHint().width()


class SideBySideLayout(_PairLayout):
    """A main column with a side panel (a keypad) beside it, top-aligned, where the main
    column keeps at least ``min_main_chars`` characters of width; on a narrower window the
    side panel goes under the main column. The side panel keeps its preferred width.

    The identify screen's keypad sat under the heading, the hints and the typed number, and
    at 1920x1080 特大 the resident had to scroll to reach the keys he needed first; beside
    them it starts at the top of the page.
    """

    def __init__(
        self,
        parent: QWidget,
        *,
        main: QWidget,
        side: QWidget,
        min_main_chars: float = 8,
    ) -> None:
        super().__init__(parent, main, side)
        self.min_main_chars = min_main_chars
        self._gap_below = 16
        self.setContentsMargins(0, 0, 0, 0)

    def set_spacing(self, spacing: int, *, below: int | None = None) -> None:
        """``spacing`` between the column and the panel beside it; ``below`` (default the
        same) between them when the panel is under the column."""
        self._gap_below = spacing if below is None else below
        super().set_spacing(spacing)

    def minimumSize(self) -> QSize:
        shown = [i for i in self._items if not i.isEmpty()]
        width = max((i.minimumSize().width() for i in shown), default=0)
        height = max((i.minimumSize().height() for i in shown), default=0)
        return self._with_margins(width, height)

    # -- geometry ---------------------------------------------------------------------------

    def beside(self, width: int) -> bool:
        """Whether the side panel goes beside the main column at a layout ``width`` wide."""
        main, side = self._items
        if main.isEmpty() or side.isEmpty():
            return False
        margins = self.contentsMargins()
        inner = width - margins.left() - margins.right()
        room = inner - self._spacing - self._side_width(inner)
        return room >= self.min_main_chars * self._char_px()

    def _side_width(self, inner: int) -> int:
        return max(1, min(self._items[1].sizeHint().width(), inner))

    @staticmethod
    def _height(item: QLayoutItem, width: int) -> int:
        if item.isEmpty():
            return 0
        height = item.heightForWidth(width) if item.hasHeightForWidth() else -1
        return max(height, item.minimumSize().height()) if height >= 0 else item.sizeHint().height()

    def _do_layout(self, rect: QRect, *, apply: bool) -> int:
        margins = self.contentsMargins()
        area = self._inner(rect)
        main, side = self._items
        inner = max(1, area.width())
        side_w = self._side_width(inner)
        if self.beside(rect.width()):
            main_w = inner - self._spacing - side_w
            main_h, side_h = self._height(main, main_w), self._height(side, side_w)
            if apply:
                main.setGeometry(QRect(area.x(), area.y(), main_w, main_h))
                side.setGeometry(QRect(area.x() + main_w + self._spacing, area.y(), side_w, side_h))
            height = max(main_h, side_h)
        else:
            main_h = self._height(main, inner)
            side_h = self._height(side, side_w)
            gap = self._gap_below if main_h and side_h else 0
            if apply:
                if not main.isEmpty():
                    main.setGeometry(QRect(area.x(), area.y(), inner, main_h))
                if not side.isEmpty():
                    side.setGeometry(QRect(area.x(), area.y() + main_h + gap, side_w, side_h))
            height = main_h + gap + side_h
        return height + margins.top() + margins.bottom()
