"""Themes: 标准 (every text pair ≥ 4.5:1) and 高对比 (light on black, every pair ≥ 7:1)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ThemeName(StrEnum):
    STANDARD = "standard"
    HIGH_CONTRAST = "high_contrast"


@dataclass(frozen=True)
class Theme:
    name: ThemeName
    label: str
    background: str
    text: str
    muted_text: str
    button: str
    button_text: str
    accent: str
    accent_text: str
    error: str
    focus: str
    minimum_text_contrast: float


STANDARD = Theme(
    name=ThemeName.STANDARD,
    label="标准",
    background="#FFFFFF",
    text="#1A1A1A",
    muted_text="#404040",
    button="#E8EEF7",
    button_text="#0B2E59",
    accent="#0B5CAD",
    accent_text="#FFFFFF",
    error="#B00020",
    focus="#E07000",
    minimum_text_contrast=4.5,
)
HIGH_CONTRAST = Theme(
    name=ThemeName.HIGH_CONTRAST,
    label="高对比",
    background="#000000",
    text="#FFFFFF",
    muted_text="#F0F0F0",
    button="#000000",
    button_text="#FFFF00",
    accent="#FFFF00",
    accent_text="#000000",
    error="#FF8080",
    focus="#00FFFF",
    minimum_text_contrast=7.0,
)
THEMES = {t.name: t for t in (STANDARD, HIGH_CONTRAST)}


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2.x relative luminance of ``#RRGGBB``."""
    value = hex_colour.lstrip("#")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str) -> float:
    a, b = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)
