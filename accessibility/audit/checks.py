"""The checks, each a function from a rendered screen to the violations it finds.

Every check looks only at what Qt laid out and painted: geometry, font metrics, accessible
names and rendered pixels. A widget inside a scroll area is scrolled into view before its
pixels are measured (scrolling is allowed; clipping is not).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QFontMetrics, QTextDocument
from PySide6.QtGui import Qt as GuiQt  # mightBeRichText lives in QtGui's Qt namespace
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QStyle,
    QStyleOptionButton,
    QStyleOptionFrame,
    QTextEdit,
    QWidget,
)

from accessibility.audit import pixels
from accessibility.audit.model import Kind, Rules, Violation
from accessibility.keypad import accessible_name

INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractSlider,
    QTextEdit,
)
ELLIPSES = ("…", "...")
TOLERANCE_PX = 1
"""Rounding between font metrics and layout: a text 1 px over its box is not clipped."""


@dataclass
class Screen:
    """The rendered screen being audited and what the checks share."""

    root: QWidget
    rules: Rules
    prompt: str | None

    def all_widgets(self) -> Iterator[QWidget]:
        """Every widget shown in the window (scrolled out of view counts)."""
        for widget in self.root.findChildren(QWidget):
            if widget.isWindow() or not widget.isVisibleTo(self.root):
                continue
            yield widget

    def modal(self) -> QWidget | None:
        """The open modal overlay (a widget with the ``overlay`` property), if any."""
        open_overlays = [w for w in self.all_widgets() if w.property("overlay")]
        return open_overlays[-1] if open_overlays else None

    def widgets(self) -> Iterator[QWidget]:
        """What the resident can use now: everything, or only the open modal overlay's
        contents — the page under a modal dialog is dimmed and out of reach (inert)."""
        modal = self.modal()
        for widget in self.all_widgets():
            if modal is None or modal.isAncestorOf(widget):
                yield widget

    def rect_in_root(self, widget: QWidget) -> QRect:
        return QRect(widget.mapTo(self.root, QPoint(0, 0)), widget.size())


def describe(widget: QWidget, root: QWidget) -> str:
    """``screen-home/QPushButton#next "下一步"``: enough to find the widget in the code."""
    name = type(widget).__name__
    if widget.objectName():
        name += f"#{widget.objectName()}"
    label = accessible_name(widget) or _text(widget)
    if label:
        short = label if len(label) <= 24 else label[:23] + "…"
        name += f' "{short}"'
    owner = root.objectName() or type(root).__name__
    return f"{owner}/{name}"


def _text(widget: QWidget) -> str:
    if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
        return widget.text().replace("&&", "&")
    if isinstance(widget, QTextEdit):
        return widget.toPlainText()
    return ""


# -- clipped and elided text ------------------------------------------------------------------


def _label_needs(label: QLabel, area: QRect) -> tuple[int, int]:
    text = label.text()
    wrap = label.wordWrap()
    if label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text)
    ):
        document = QTextDocument()
        document.setDefaultFont(label.font())
        document.setDocumentMargin(0)
        document.setHtml(text)
        document.setTextWidth(area.width() if wrap else -1)
        size = document.size()
        return math.ceil(document.idealWidth()), math.ceil(size.height())
    flags = int(label.alignment().value) | (int(Qt.TextFlag.TextWordWrap.value) if wrap else 0)
    bound = QRect(0, 0, area.width() if wrap else 100_000, 100_000)
    needed = label.fontMetrics().boundingRect(bound, flags, text)
    return needed.width(), needed.height()


def _button_area(button: QAbstractButton) -> QRect:
    if isinstance(button, QPushButton):
        option = QStyleOptionButton()
        button.initStyleOption(option)
        return button.style().subElementRect(
            QStyle.SubElement.SE_PushButtonContents, option, button
        )
    return button.contentsRect()


def _lines_need(metrics: QFontMetrics, text: str) -> tuple[int, int]:
    lines = text.split("\n")
    width = max(metrics.horizontalAdvance(line) for line in lines)
    return width, metrics.lineSpacing() * (len(lines) - 1) + metrics.height()


def check_clipped_text(screen: Screen) -> Iterator[Violation]:
    for widget in screen.widgets():
        text = _text(widget).strip()
        if not text:
            continue
        if isinstance(widget, QLabel):
            area = widget.contentsRect().adjusted(
                widget.margin(), widget.margin(), -widget.margin(), -widget.margin()
            )
            need_w, need_h = _label_needs(widget, area)
        elif isinstance(widget, QAbstractButton):
            area = _button_area(widget)
            need_w, need_h = _lines_need(widget.fontMetrics(), text)
            if not widget.icon().isNull():
                need_w += widget.iconSize().width() + 4
        elif isinstance(widget, QTextEdit):
            # A text box: what its document needs against the viewport it is shown in
            # (text below the viewport is out of sight even where the box could scroll).
            area = widget.viewport().contentsRect()
            size = widget.document().size()
            need_w, need_h = math.ceil(size.width()), math.ceil(size.height())
        else:  # QLineEdit: text wider than the field scrolls its start out of sight
            option = QStyleOptionFrame()
            widget.initStyleOption(option)
            area = widget.style().subElementRect(
                QStyle.SubElement.SE_LineEditContents, option, widget
            )
            need_w, need_h = _lines_need(widget.fontMetrics(), text)
        problems = []
        if need_w > area.width() + TOLERANCE_PX:
            problems.append(f"needs {need_w} px wide, has {area.width()}")
        if need_h > area.height() + TOLERANCE_PX:
            problems.append(f"needs {need_h} px high, has {area.height()}")
        if text.endswith(ELLIPSES):
            problems.append("ends with an ellipsis (elided)")
        if problems:
            yield Violation(Kind.CLIPPED_TEXT, describe(widget, screen.root), "; ".join(problems))


# -- widgets cut off or overlapping -----------------------------------------------------------


def _scrolls_children(widget: QWidget) -> bool:
    """A scroll area's viewport holds a content widget larger than itself on purpose."""
    parent = widget.parentWidget()
    return isinstance(parent, QAbstractScrollArea) and parent.viewport() is widget


def _skip_overlap(widget: QWidget) -> bool:
    return bool(widget.property("overlay"))


def check_geometry(screen: Screen) -> Iterator[Violation]:
    parents = [screen.root, *screen.all_widgets()]
    for parent in parents:
        if isinstance(parent, QScrollArea):
            yield from _overflow(parent, screen)
        if isinstance(parent, QStackedWidget | QAbstractScrollArea):
            continue  # one page at a time; viewport and scroll bars are placed by Qt
        children = [
            c
            for c in parent.children()
            if isinstance(c, QWidget)
            and not c.isWindow()
            and c.isVisibleTo(screen.root)
            and c.width() > 0
            and c.height() > 0
        ]
        if not _scrolls_children(parent):
            bounds = parent.rect()
            for child in children:
                if not bounds.contains(child.geometry()) and not _skip_overlap(child):
                    outside = child.geometry()
                    yield Violation(
                        Kind.CLIPPED_WIDGET,
                        describe(child, screen.root),
                        f"{outside.width()}×{outside.height()} at ({outside.x()}, {outside.y()})"
                        f" is cut off by its parent {bounds.width()}×{bounds.height()}",
                    )
        for i, first in enumerate(children):
            for second in children[i + 1 :]:
                if _skip_overlap(first) or _skip_overlap(second):
                    continue
                common = first.geometry().intersected(second.geometry())
                if common.width() > TOLERANCE_PX and common.height() > TOLERANCE_PX:
                    yield Violation(
                        Kind.OVERLAP,
                        describe(first, screen.root),
                        f"overlaps {describe(second, screen.root)} by "
                        f"{common.width()}×{common.height()} px",
                    )


def _overflow(area: QScrollArea, screen: Screen) -> Iterator[Violation]:
    """A page wider (or taller) than its viewport in a direction that cannot scroll is cut."""
    content, viewport = area.widget(), area.viewport()
    if content is None or not content.isVisibleTo(screen.root):
        return
    off = Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    for policy, have, need, what in (
        (area.horizontalScrollBarPolicy(), viewport.width(), content.width(), "wide"),
        (area.verticalScrollBarPolicy(), viewport.height(), content.height(), "high"),
    ):
        if policy == off and need > have + TOLERANCE_PX:
            yield Violation(
                Kind.CLIPPED_WIDGET,
                describe(content, screen.root),
                f"page {need} px {what} in a {have} px view that cannot scroll that way",
            )


# -- names, targets ---------------------------------------------------------------------------


def _interactive(screen: Screen) -> list[QWidget]:
    found = []
    for widget in screen.widgets():
        if isinstance(widget, INTERACTIVE) and not _inside_interactive(widget, screen.root):
            found.append(widget)
    return found


def _inside_interactive(widget: QWidget, root: QWidget) -> bool:
    """The line edit of a spin box or combo box is part of that control."""
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, QAbstractSpinBox | QComboBox):
            return True
        parent = parent.parentWidget()
    return False


def check_names(screen: Screen) -> Iterator[Violation]:
    for widget in _interactive(screen):
        if not accessible_name(widget):
            yield Violation(
                Kind.NO_NAME,
                describe(widget, screen.root),
                "no accessible name: a screen reader says only its role",
            )


def _gap(a: QRect, b: QRect) -> float:
    dx = max(0, max(a.left(), b.left()) - min(a.right(), b.right()) - 1)
    dy = max(0, max(a.top(), b.top()) - min(a.bottom(), b.bottom()) - 1)
    return math.hypot(dx, dy)


def check_targets(screen: Screen) -> Iterator[Violation]:
    rules = screen.rules
    targets = [w for w in _interactive(screen) if w.isEnabled()]
    for widget in targets:
        if min(widget.width(), widget.height()) < rules.minimum_target_px:
            yield Violation(
                Kind.SMALL_TARGET,
                describe(widget, screen.root),
                f"{widget.width()}×{widget.height()} px, minimum "
                f"{rules.minimum_target_px}×{rules.minimum_target_px}",
            )
    placed = [(w, _scroll_context(w, screen.root)) for w in targets]
    for i, (first, first_area) in enumerate(placed):
        for second, second_area in placed[i + 1 :]:
            if first.isAncestorOf(second) or second.isAncestorOf(first):
                continue
            if first_area is second_area:
                # Same page: compare where they sit on it, scrolled into view or not.
                base = first_area or screen.root
                a = QRect(first.mapTo(base, QPoint(0, 0)), first.size())
                b = QRect(second.mapTo(base, QPoint(0, 0)), second.size())
            else:
                # A page and a fixed bar (or two pages): only what shows at once can crowd.
                a, b = _on_screen(first, screen.root), _on_screen(second, screen.root)
                if a.isEmpty() or b.isEmpty():
                    continue
            gap = _gap(a, b)
            if gap < rules.minimum_target_gap_px:
                yield Violation(
                    Kind.CROWDED_TARGETS,
                    describe(first, screen.root),
                    f"{gap:.0f} px from {describe(second, screen.root)}, minimum "
                    f"{rules.minimum_target_gap_px}",
                )


def _scroll_context(widget: QWidget, root: QWidget) -> QWidget | None:
    """The content widget of the innermost scroll area holding ``widget`` (None: not scrolled)."""
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        content = parent.widget() if isinstance(parent, QScrollArea) else None
        if content is not None and content.isAncestorOf(widget):
            return content
        parent = parent.parentWidget()
    return None


def _on_screen(widget: QWidget, root: QWidget) -> QRect:
    """The part of ``widget`` actually visible in ``root`` (clipped by scroll viewports)."""
    rect = QRect(widget.mapTo(root, QPoint(0, 0)), widget.size())
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, QAbstractScrollArea):
            viewport = parent.viewport()
            rect = rect.intersected(QRect(viewport.mapTo(root, QPoint(0, 0)), viewport.size()))
        parent = parent.parentWidget()
    return rect


# -- rendered contrast ------------------------------------------------------------------------


def _text_area(widget: QWidget) -> QRect:
    if isinstance(widget, QAbstractButton):
        return _button_area(widget)
    if isinstance(widget, QLineEdit):
        option = QStyleOptionFrame()
        widget.initStyleOption(option)
        return widget.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, widget)
    if isinstance(widget, QTextEdit):
        return widget.viewport().geometry()
    return widget.contentsRect()


def scroll_into_view(widget: QWidget) -> None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            parent.ensureWidgetVisible(widget, 0, 0)
        parent = parent.parentWidget()


def render(widget: QWidget, area: QRect) -> pixels.np.ndarray:
    """The pixels of ``area`` (widget coordinates) as painted in the whole window."""
    scroll_into_view(widget)
    window = widget.window()
    visible = widget.visibleRegion().boundingRect().intersected(area)
    if visible.isEmpty():
        return pixels.np.zeros((0, 0, 3), dtype=pixels.np.uint8)
    origin = widget.mapTo(window, visible.topLeft())
    image = window.grab(QRect(origin, visible.size())).toImage()
    return pixels.rgb_array(image)


def check_contrast(screen: Screen) -> Iterator[Violation]:
    minimum = screen.rules.minimum_text_contrast
    for widget in screen.widgets():
        if not _text(widget).strip() or not widget.isVisible():
            continue
        found = pixels.text_colours(render(widget, _text_area(widget)))
        if found is None:
            continue
        if found.ratio + 1e-6 < minimum:
            yield Violation(
                Kind.LOW_CONTRAST,
                describe(widget, screen.root),
                f"text {found.text} on {found.background}: {found.ratio:.2f}:1, "
                f"minimum {minimum}:1",
            )


# -- focus indicator --------------------------------------------------------------------------


def check_focus(screen: Screen) -> Iterator[Violation]:
    rules = screen.rules
    before_focus = QApplication.focusWidget()
    around: dict[int, object] = {}  # controls on one parent share its background
    try:
        for widget in _interactive(screen):
            if not widget.isEnabled() or not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                continue
            scroll_into_view(widget)
            # grab() paints the current state (:focus is resolved at paint time): no event loop.
            widget.clearFocus()
            plain = pixels.rgb_array(widget.grab().toImage())
            widget.setFocus(Qt.FocusReason.TabFocusReason)
            if not widget.hasFocus():
                continue  # the window is not active: nothing to measure
            focused = pixels.rgb_array(widget.grab().toImage())
            yield from _judge_focus(screen, widget, plain, focused, rules, around)
    finally:
        if before_focus is not None:
            before_focus.setFocus()


def _judge_focus(screen, widget, plain, focused, rules, cache) -> Iterator[Violation]:
    """The indicator is what focus changes *and* what stands out 3:1 from the surroundings;
    its thinnest side must be 3 px (a 1 px ring on a wider repainted fill is still 1 px)."""
    name = describe(widget, screen.root)
    if plain.shape != focused.shape or plain.size == 0:
        return
    changed = pixels.changed_mask(plain, focused)
    if not changed.any():
        yield Violation(Kind.THIN_FOCUS, name, "focus is not shown: nothing changes")
        return
    key = id(widget.parentWidget())
    if key not in cache:
        cache[key] = _surroundings(widget)
    around = cache[key]
    if around is None:
        around = pixels.dominant(plain)
    ratios = pixels.contrast(pixels.luminance(focused), pixels.luminance(around))
    indicator = changed & (ratios >= rules.minimum_focus_contrast)
    if not indicator.any():
        ring = pixels.dominant(focused[changed])
        ratio = float(pixels.contrast(pixels.luminance(ring), pixels.luminance(around)))
        yield Violation(
            Kind.THIN_FOCUS,
            name,
            f"focus indicator {pixels.hex_colour(ring)} on {pixels.hex_colour(around)}: "
            f"{ratio:.2f}:1, minimum {rules.minimum_focus_contrast}:1",
        )
        return
    runs = pixels.edge_runs(indicator)
    thinnest = min(runs.values())
    if thinnest < rules.minimum_focus_px:
        edges = ", ".join(f"{edge} {px}" for edge, px in runs.items())
        yield Violation(
            Kind.THIN_FOCUS,
            name,
            f"focus outline {thinnest} px at its thinnest ({edges}), minimum "
            f"{rules.minimum_focus_px}",
        )


SURROUND_PX = 4


def _surroundings(widget: QWidget):
    """The colour painted just outside ``widget`` (what its focus ring must stand out from)."""
    window = widget.window()
    inner = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    outer = inner.adjusted(-SURROUND_PX, -SURROUND_PX, SURROUND_PX, SURROUND_PX).intersected(
        window.rect()
    )
    image = pixels.rgb_array(window.grab(outer).toImage())
    keep = pixels.np.ones(image.shape[:2], dtype=bool)
    top, left = inner.top() - outer.top(), inner.left() - outer.left()
    keep[max(0, top) : top + inner.height(), max(0, left) : left + inner.width()] = False
    if not keep.any():
        return None
    return pixels.dominant(image[keep])


def check_prompt(screen: Screen) -> Iterator[Violation]:
    if screen.prompt is not None and not screen.prompt.strip():
        yield Violation(
            Kind.NO_PROMPT,
            describe(screen.root, screen.root),
            "the screen has no spoken prompt (title, instruction, actions)",
        )
