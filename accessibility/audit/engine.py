"""Runs the checks on one rendered screen."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from PySide6.QtWidgets import QApplication, QWidget

from accessibility.audit import checks
from accessibility.audit.model import Rules, Violation
from accessibility.theme import Theme

Check = Callable[[checks.Screen], Iterator[Violation]]

CHECKS: dict[str, Check] = {
    "text": checks.check_clipped_text,
    "geometry": checks.check_geometry,
    "names": checks.check_names,
    "targets": checks.check_targets,
    "contrast": checks.check_contrast,
    "focus": checks.check_focus,
    "prompt": checks.check_prompt,
}


def rules_for(theme: Theme) -> Rules:
    return Rules(minimum_text_contrast=theme.minimum_text_contrast)


def audit_screen(
    widget: QWidget,
    *,
    theme: Theme | None = None,
    rules: Rules | None = None,
    prompt: str | None = None,
    only: Iterable[str] | None = None,
) -> list[Violation]:
    """The violations on ``widget`` as it is laid out and painted now.

    ``prompt`` is what the screen says when shown (None: not checked). ``only`` limits the
    run to some of :data:`CHECKS` (the focus check moves focus, so callers may run it once).
    """
    if rules is None:
        rules = rules_for(theme) if theme is not None else Rules()
    QApplication.processEvents()  # pending layout requests and polish
    screen = checks.Screen(root=widget, rules=rules, prompt=prompt)
    names = list(CHECKS) if only is None else list(only)
    found: list[Violation] = []
    for name in names:
        found.extend(CHECKS[name](screen))
    return found
