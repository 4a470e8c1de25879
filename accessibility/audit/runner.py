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


@dataclass(frozen=True)
class Combination:
    scale: FontScale
    theme: Theme
    size: tuple[int, int]

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
    QApplication.sendPostedEvents()  # deferred layout requests and polish
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
) -> dict:
    """Audits every stop at every combination; the report as a JSON-able dict.

    ``restore`` puts the window back as the tour left it before the tour moves on.

    With ``focus_once`` the focus check (which moves focus through every control) runs at the
    first window size only: the focus style does not depend on the size.
    """
    scales, themes, sizes = tuple(scales), tuple(themes), tuple(sizes)
    seen: set[tuple[str, str]] = set()
    violations: list[dict] = []
    every = list(CHECKS)
    without_focus = [name for name in every if name != "focus"]
    for screen, state, widget, prompt in stops:
        seen.add((screen, state))
        for combo in combinations(scales=scales, themes=themes, sizes=sizes):
            apply(widget, combo)
            fit_window(widget, combo.size)
            checks = every if not focus_once or combo.size == sizes[0] else without_focus
            window = widget.window()
            for found in audit_screen(window, theme=combo.theme, prompt=prompt, only=checks):
                violations.append(
                    {
                        "screen": f"{screen}/{state}",
                        "scale": combo.scale.label,
                        "theme": combo.theme.name.value,
                        "size": combo.size_label,
                        "kind": found.kind.value,
                        "widget": found.widget,
                        "detail": found.detail,
                    }
                )
        if restore is not None:
            restore(widget)
    return {
        "screens_checked": len(seen),
        "scales": [scale.label for scale in scales],
        "themes": [theme.name.value for theme in themes],
        "sizes": [f"{w}x{h}" for w, h in sizes],
        "violations": violations,
    }
