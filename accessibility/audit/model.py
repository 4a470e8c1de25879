"""What a violation is, and the thresholds the checks apply."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """One kind per rule; the names are part of ``kiosk audit --json``'s contract."""

    CLIPPED_TEXT = "clipped_text"
    """Text wider or taller than its widget by the widget's own font metrics (wrapping
    considered), or elided (…)."""
    CLIPPED_WIDGET = "clipped_widget"
    """A widget reaching outside its parent (cut off), outside a scroll area."""
    OVERLAP = "overlap"
    """Two visible siblings overlap."""
    NO_NAME = "no_accessible_name"
    """An interactive widget a screen reader cannot name."""
    LOW_CONTRAST = "low_contrast"
    """Rendered text against its rendered background below the theme's minimum."""
    SMALL_TARGET = "small_target"
    """A touch target smaller than 64 × 64 px."""
    CROWDED_TARGETS = "crowded_targets"
    """Two touch targets closer than 8 px."""
    THIN_FOCUS = "thin_focus"
    """The focus indicator is missing, thinner than 3 px, or below 3:1 against the unfocused
    look."""
    NO_PROMPT = "no_spoken_prompt"
    """A screen that says nothing when it is shown."""


@dataclass(frozen=True)
class Violation:
    kind: Kind
    widget: str
    """A readable path to the widget: ``screen-home/QPushButton#start "开始"``."""
    detail: str


@dataclass(frozen=True)
class Rules:
    """Thresholds (MIIT 适老化, WCAG 2.2, EN 301 549 §5, ADA §707; see docs/accessibility.md)."""

    minimum_text_contrast: float = 4.5
    minimum_target_px: int = 64
    minimum_target_gap_px: int = 8
    minimum_focus_px: int = 3
    minimum_focus_contrast: float = 3.0
