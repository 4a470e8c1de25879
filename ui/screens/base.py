"""The shape every screen shares, and the little each one must say about itself.

A screen is a page that scrolls (nothing is ever clipped at a large font scale or on a
portrait tablet) above a fixed bar of actions (返回 on the left, the main action on the
right, wrapping onto two rows when they do not fit). It renders its flow's state in
:meth:`Screen.render`, forwards what the resident does to the flow, and hands the flow's
:class:`~kiosk.flows.outcome.Outcome` to the window through :attr:`Screen.outcome`.

For the tour and ``kiosk audit``: :attr:`Screen.name` is the registry name and
:meth:`Screen.speech` the prompt the screen speaks (never empty).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from kiosk.domain.answers import FieldError
from kiosk.errors import KioskError
from kiosk.flows.outcome import Outcome, ScreenName
from kiosk.i18n import tr
from ui.context import UiContext
from ui.style import TOUCH_TARGET_PX
from ui.widgets.buttons import ActionButton
from ui.widgets.layouts import SideBySideLayout, WrapLayout
from ui.widgets.text import TextLabel


@dataclass(frozen=True)
class Speech:
    text: str
    masked: str | None = None
    """Set when ``text`` holds personal data: what the open speaker says instead."""


class ErrorSummary(QFrame):
    """有一处需要修改: at the top of the page, naming each field (GOV.UK error summary)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "error-summary")
        layout = QVBoxLayout(self)
        self.title = TextLabel("", role="error")
        layout.addWidget(self.title)
        self._lines: list[TextLabel] = []
        self._layout = layout
        self.setAccessibleName(tr("需要修改的地方"))
        self.hide()

    def show_errors(self, errors: Sequence[FieldError] | Sequence[str]) -> None:
        for line in self._lines:
            line.hide()
            line.deleteLater()
        self._lines = []
        if not errors:
            self.hide()
            return
        texts = [e.message if isinstance(e, FieldError) else e for e in errors]
        self.title.setText(
            tr("有一处需要修改") if len(texts) == 1 else tr("有{n}处需要修改").format(n=len(texts))
        )
        for text in texts:
            line = TextLabel(text, role="error")
            self._layout.addWidget(line)
            line.show()
            self._lines.append(line)
        self.setAccessibleDescription(tr("；").join(texts))
        self.show()

    @property
    def messages(self) -> list[str]:
        return [line.written() for line in self._lines]


_NO_ALIGNMENT = Qt.AlignmentFlag(0)


class PageLayout(QVBoxLayout):
    """The page's column, kept at the top by a trailing stretch.

    Not ``setAlignment(AlignTop)``: an aligned layout is given its size hint's height rather
    than its height for the page's width, so wrapped text lost its last lines at 大/特大 and
    on the portrait tablet, and pads spilled out of their frames (kiosk audit: clipped_text,
    clipped_widget).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        super().addStretch(1)

    def _end(self) -> int:
        return max(0, self.count() - 1)

    def addWidget(self, widget, stretch=0, alignment=_NO_ALIGNMENT):
        self.insertWidget(self._end(), widget, stretch, alignment)

    def addLayout(self, layout, stretch=0):
        self.insertLayout(self._end(), layout, stretch)

    def addSpacing(self, size):
        self.insertSpacing(self._end(), size)

    def addStretch(self, stretch=0):
        self.insertStretch(self._end(), stretch)


class Screen(QWidget):
    outcome = Signal(object)
    """An :class:`Outcome` for the window to act on (next screen, message, end of session)."""

    name: ScreenName

    def __init__(self, ui: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.setObjectName(f"screen-{self.name}")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Always there: a bar that appears only when the page overflows narrows the page after
        # its text was wrapped for the wider width. Touch-sized and named (kiosk audit).
        self.scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.scroll.verticalScrollBar().setAccessibleName(tr("页面滚动条"))
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        # The bar below keeps the height its wrapped buttons need and the page scrolls in
        # what is left: the scroll area's own minimum (its scroll bar's, 270 px at 特大) took
        # a share of the bar's height and cut off its second row on 1280x800 (kiosk audit).
        self.scroll.setMinimumHeight(TOUCH_TARGET_PX)
        content = QWidget()
        content.setObjectName("page")
        self.body = PageLayout(content)
        self.progress_label = TextLabel("", role="progress")
        self.progress_label.hide()
        self.heading = TextLabel("", role="heading")
        self.heading.setAccessibleName(tr("标题"))
        self.hint = TextLabel("", role="hint")
        self.errors = ErrorSummary()
        for widget in (self.progress_label, self.errors, self.heading, self.hint):
            self.body.addWidget(widget)
        self.scroll.setWidget(content)
        outer.addWidget(self.scroll, 1)
        self.navbar = QFrame()
        self.navbar.setProperty("role", "navbar")
        self.nav = WrapLayout(self.navbar)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        self.navbar.setSizePolicy(policy)
        outer.addWidget(self.navbar)
        self._busy = False
        self.build()
        self.apply_metrics()

    # -- what each screen provides ------------------------------------------------------------

    def build(self) -> None:
        """Creates the screen's own widgets (once)."""

    def render(self) -> None:
        """Shows the flow's current state."""

    def enter(self) -> Outcome | None:
        """The screen is about to be shown; may redirect (e.g. identity already known)."""
        self.render()
        return None

    def leave(self) -> None:
        """The screen is hidden: drop anything typed that the flow does not hold."""

    def speech(self) -> Speech:
        return Speech(self.heading.text())

    def focus_first(self) -> None:
        """Focus the main action (the last button of the bar), so 确定 on a keypad works."""
        buttons = [
            self.nav.itemAt(i).widget()
            for i in range(self.nav.count())
            if self.nav.itemAt(i).widget() is not None
        ]
        shown = [b for b in buttons if not b.isHidden() and b.isEnabled()]
        primary = [b for b in shown if b.property("primary")]
        target = (primary or shown or [None])[-1]
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- helpers ------------------------------------------------------------------------------

    def apply_metrics(self) -> None:
        """Spacing from the current font size (called again when 大字 changes it)."""
        char = self.fontMetrics().horizontalAdvance("汉")
        margin = max(16, round(char * 0.75))
        gap = max(16, round(char * 0.5))
        self.body.setContentsMargins(margin, margin, margin, margin)
        self.body.setSpacing(gap)
        self.nav.setContentsMargins(margin, gap, margin, gap)
        self.nav.set_spacing(gap)
        if getattr(self, "entry", None) is not None:
            self._column.setSpacing(gap)
            self.entry.set_spacing(gap * 2, below=gap)

    def beside_keypad(self, widgets: Sequence[QWidget], keypad: QWidget) -> QWidget:
        """``widgets`` (taken out of the body if the base put them there) in one column, with
        ``keypad`` beside it where the width allows and under it elsewhere
        (:class:`SideBySideLayout`: on the kiosk the keys are in view without scrolling).
        Returns the block for the body; ``self.entry`` is its layout."""
        column = QWidget()
        self._column = QVBoxLayout(column)
        self._column.setContentsMargins(0, 0, 0, 0)
        for widget in widgets:
            self.body.removeWidget(widget)
            self._column.addWidget(widget)
        self._column.addStretch(1)
        block = QWidget()
        self.entry = SideBySideLayout(block, main=column, side=keypad)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        block.setSizePolicy(policy)
        return block  # its spacing comes with apply_metrics, after build()

    def nav_button(
        self,
        text: str,
        slot: Callable[[], Any],
        *,
        primary: bool = False,
        name: str | None = None,
        background: bool = False,
    ) -> ActionButton:
        """A button in the bottom bar; ``background`` runs ``slot`` on the store lane."""
        button = ActionButton(text, primary=primary, name=name)
        run = self.act_in_background if background else self.act
        button.clicked.connect(lambda _=False: run(slot))
        self.nav.add(button)
        return button

    def typing_help(self) -> list[QWidget]:
        """The help lines that give way while the on-screen keyboard leaves too little room
        for the heading and the field (they were spoken; they come back with it down)."""
        return [self.hint]

    def set_texts(self, heading: str, hint: str = "") -> None:
        self.heading.setText(heading)
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))

    def act(self, action: Callable[[], Any]) -> None:
        """Runs a flow action on the GUI thread (quick ones) and forwards its outcome."""
        if self._busy:
            return
        try:
            result = action()
        except KioskError as exc:
            self.show_problem(tr(exc.message))
            return
        if isinstance(result, Outcome):
            self.forward(result)

    def act_in_background(self, action: Callable[[], Any], *, lane: str = "store") -> None:
        """Runs a flow action that writes to the store (or is otherwise slow) on the task
        runner; input is ignored until its outcome is back on the GUI thread."""
        if self._busy:
            return
        self._set_busy(True)

        def done(result: Any) -> None:
            self._set_busy(False)
            if isinstance(result, Outcome):
                self.forward(result)

        def failed(error: BaseException) -> None:
            self._set_busy(False)
            if isinstance(error, KioskError):
                self.show_problem(tr(error.message))
            else:
                self.show_problem(tr("出了点问题，请再试一次，或点“帮助”请工作人员帮忙。"))

        runner = self.ui.tasks
        (runner.store if lane == "store" else runner.io)(action, done, failed)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.navbar.setEnabled(not busy)

    @property
    def busy(self) -> bool:
        return self._busy

    def forward(self, outcome: Outcome) -> None:
        if outcome.screen is None and not outcome.end_session and not outcome.quit:
            self.render()
            if outcome.errors:
                self.errors.show_errors(outcome.errors)
            if not self.errors.isHidden():
                # Refused: the summary at the top (and the step count) in view, as GOV.UK
                # moves focus to it; a finger on the keypad below had scrolled the page.
                self.scroll.verticalScrollBar().setValue(0)
            if outcome.message and outcome.message in self.errors.messages:
                # Already on the page beside the field: not a second time in the banner.
                outcome = replace(outcome, message="", speak=outcome.speak or outcome.message)
        self.outcome.emit(outcome)

    def show_problem(self, message: str) -> None:
        self.outcome.emit(Outcome(message=message, speak=message))
