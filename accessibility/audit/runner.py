"""Every screen × font scale × theme × window size, and the report ``kiosk audit`` prints.

The runner knows nothing of the kiosk's screens. It is given the *stops* of a tour —
``(screen_name, state_name, widget, prompt)``, each one state showing in a window — and a
function that restyles and resizes that window for one combination (scale, theme, size). At
every stop it applies each combination in turn, lets the layouts settle and audits the whole
window (the top bar and any open dialog are part of what the resident sees). The report has
the JSON shape of the contract::

    {"screens_checked", "scales", "themes", "sizes",
     "violations": [{"screen", "scale", "theme", "size", "kind", "widget", "detail"}]}

``screens_checked`` counts the distinct screen states visited; ``screen`` in a violation is
``"<screen>/<state>"``.

The keypad wording. While the keypad drives a session the screens' instructions read
按确认键… instead of 请点… (longer). Given ``keypad``, the runner also audits each stop that
shows such an instruction in its keypad wording, with the checks a longer text can fail
(:data:`KEYPAD_CHECKS`), at the largest scale chosen on the chosen sizes with the least
room (:data:`KEYPAD_SIZES`) in one theme (the themes differ in colours only: the last one,
which the window already has); those violations' ``detail`` starts with :data:`KEYPAD_NOTE`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from accessibility.audit.engine import CHECKS, audit_screen
from accessibility.scale import FontScale
from accessibility.theme import THEMES, Theme

SIZES: tuple[tuple[int, int], ...] = ((1920, 1080), (1280, 800), (800, 1280))
"""The reference kiosk, a small kiosk or laptop, a portrait tablet (volunteers)."""

WINDOW_WAIT_MS = 2000
SETTLE_ROUNDS = 4
"""Rounds of posted events before a combination is audited (see :func:`fit_window`)."""

KEYPAD_SIZES: tuple[tuple[int, int], ...] = ((1280, 800), (800, 1280))
"""Where the keypad wording is checked: the narrowest window and the shortest one."""
KEYPAD_CHECKS = ("text", "geometry", "targets")
"""What a longer text can break; its colours and the names are the touch wording's."""
KEYPAD_NOTE = "按键说法："


@dataclass(frozen=True)
class Combination:
    scale: FontScale
    theme: Theme
    size: tuple[int, int]
    keypad: bool = False
    """The screens' instructions worded for the keypad (按确认键) instead of touch (请点)."""

    @property
    def size_label(self) -> str:
        return f"{self.size[0]}x{self.size[1]}"


Stop = tuple[str, str, QWidget, str]
"""One stop of a tour: screen name, state name, a widget of the window showing it, the prompt."""
Apply = Callable[[QWidget, "Combination"], None]
"""Restyles (scale, theme) the window holding the widget; the runner then fixes its size."""


def combinations(
    *,
    scales: Iterable[FontScale] = tuple(FontScale),
    themes: Iterable[Theme] = tuple(THEMES.values()),
    sizes: Iterable[tuple[int, int]] = SIZES,
) -> Iterator[Combination]:
    for theme in themes:
        for scale in scales:
            for size in sizes:
                yield Combination(scale, theme, size)


def keypad_combinations(
    *, scales: Iterable[FontScale], themes: Iterable[Theme], sizes: Iterable[tuple[int, int]]
) -> list[Combination]:
    """The keypad wording's combinations (module docstring): the largest scale, the last
    theme, the chosen sizes of :data:`KEYPAD_SIZES` (or the smallest size chosen), the size
    the touch combinations end with first (restyling and resizing are the slow part)."""
    sizes = tuple(sizes)
    roomless = [size for size in sizes if size in KEYPAD_SIZES]
    if not roomless:
        roomless = [min(sizes, key=lambda size: size[0] * size[1])]
    roomless.sort(key=lambda size: size != sizes[-1])
    largest = max(scales, key=lambda scale: scale.factor)
    last = tuple(themes)[-1]
    return [Combination(largest, last, size, keypad=True) for size in roomless]


def fit_window(widget: QWidget, size: tuple[int, int]) -> None:
    """Fixes the window holding ``widget`` to ``size``, shown and active, layouts settled."""
    window = widget.window()
    window.setFixedSize(*size)
    if not window.isVisible():
        window.show()
        QTest.qWaitForWindowExposed(window, WINDOW_WAIT_MS)
    if not window.isActiveWindow():
        window.activateWindow()
        QTest.qWaitForWindowActive(window, WINDOW_WAIT_MS)
    # Deferred layout requests and polish. A request posted while one is handled waits for
    # the next round (a reworded label, then its tile, then the page, then the scroll area
    # that sizes the page): the event loop would run them within a frame; a single round
    # audited a page of the old height when the keypad wording came without a resize.
    for _ in range(SETTLE_ROUNDS):
        QApplication.sendPostedEvents()
        QApplication.processEvents()


def run_audit(
    stops: Iterable[Stop],
    *,
    apply: Apply,
    scales: Iterable[FontScale] = tuple(FontScale),
    themes: Iterable[Theme] = tuple(THEMES.values()),
    sizes: Iterable[tuple[int, int]] = SIZES,
    focus_once: bool = True,
    restore: Callable[[QWidget], None] | None = None,
    keypad: Callable[[QWidget], bool] | None = None,
) -> dict:
    """Audits every stop at every combination; the report as a JSON-able dict.

    ``restore`` puts the window back as the tour left it before the tour moves on.
    ``keypad(widget)`` says whether the stop's keypad wording differs from what it shows:
    if so it is audited too (module docstring; ``apply`` is then given combinations with
    ``keypad`` set). None: the touch wording only.

    With ``focus_once`` the focus check (which moves focus through every control) runs at the
    first window size only: the focus style does not depend on the size.
    """
    scales, themes, sizes = tuple(scales), tuple(themes), tuple(sizes)
    seen: set[tuple[str, str]] = set()
    violations: list[dict] = []
    every = list(CHECKS)
    without_focus = [name for name in every if name != "focus"]
    worded = keypad_combinations(scales=scales, themes=themes, sizes=sizes) if keypad else []

    def check(screen, state, widget, combo, *, prompt, only) -> None:
        apply(widget, combo)
        fit_window(widget, combo.size)
        window = widget.window()
        note = KEYPAD_NOTE if combo.keypad else ""
        for found in audit_screen(window, theme=combo.theme, prompt=prompt, only=only):
            violations.append(
                {
                    "screen": f"{screen}/{state}",
                    "scale": combo.scale.label,
                    "theme": combo.theme.name.value,
                    "size": combo.size_label,
                    "kind": found.kind.value,
                    "widget": found.widget,
                    "detail": note + found.detail,
                }
            )

    for screen, state, widget, prompt in stops:
        seen.add((screen, state))
        for combo in combinations(scales=scales, themes=themes, sizes=sizes):
            checks = every if not focus_once or combo.size == sizes[0] else without_focus
            check(screen, state, widget, combo, prompt=prompt, only=checks)
        if worded and keypad(widget):
            for combo in worded:
                check(screen, state, widget, combo, prompt=None, only=KEYPAD_CHECKS)
        if restore is not None:
            restore(widget)
    return {
        "screens_checked": len(seen),
        "scales": [scale.label for scale in scales],
        "themes": [theme.name.value for theme in themes],
        "sizes": [f"{w}x{h}" for w, h in sizes],
        "violations": violations,
    }
