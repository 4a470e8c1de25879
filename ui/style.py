"""Sizes and colours of every screen, from the font scale and the theme.

All sizes derive from :class:`accessibility.scale.FontScale` (body ≥ 32 px at 标准, headings
≥ 44 px, ×1.25 and ×1.5) and all colours from :class:`accessibility.theme.Theme`; nothing in
``ui/`` hard-codes either. The stylesheet is applied to the whole application, so switching
大字 or 高对比 re-polishes every widget at once and the layouts reflow.

Chinese text uses the family ``Noto Sans CJK SC`` named explicitly: left to fontconfig, Qt picks
the Japanese face of the same collection (MEASURED.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from accessibility.scale import LINE_HEIGHT, FontScale
from accessibility.theme import STANDARD, Theme, ThemeName

FONT_FAMILIES = ["Noto Sans CJK SC", "WenQuanYi Micro Hei"]
TOUCH_TARGET_PX = 64
"""Smallest side of anything that can be touched (at 标准; it grows with the scale)."""
GAP_PX = 16
"""Space between touch targets (≥ 8 px)."""
FOCUS_PX = 6
"""Width of the focus outline (≥ 3 px); every control keeps this border so focus never
shifts the layout."""
LINE_SPACING = max(LINE_HEIGHT, 1.4)

# Control boundaries need ≥ 3:1 against the background (WCAG 1.4.11).
_BOUNDARY = {ThemeName.STANDARD: "#5A6F8E", ThemeName.HIGH_CONTRAST: "#FFFF00"}
_SELECTED = {ThemeName.STANDARD: "#0B5CAD", ThemeName.HIGH_CONTRAST: "#FFFF00"}


@dataclass(frozen=True)
class Metrics:
    """Pixel sizes for one font scale."""

    scale: FontScale

    @property
    def body(self) -> int:
        return self.scale.body_px

    @property
    def heading(self) -> int:
        return self.scale.heading_px

    @property
    def display(self) -> int:
        """Big digits: the typed ID number, the PIN dots, the receipt number."""
        return round(self.scale.heading_px * 1.2)

    def px(self, base: int) -> int:
        return round(base * self.scale.factor)

    @property
    def target(self) -> int:
        # Body text plus padding: comfortably above the 64 px minimum at every scale.
        return max(TOUCH_TARGET_PX, round(self.body * 2.5))

    @property
    def gap(self) -> int:
        return self.px(GAP_PX)

    @property
    def margin(self) -> int:
        return self.px(24)


def app_font(scale: FontScale) -> QFont:
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPixelSize(scale.body_px)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


def stylesheet(theme: Theme, scale: FontScale) -> str:
    m = Metrics(scale)
    boundary = _BOUNDARY[theme.name]
    selected = _SELECTED[theme.name]
    families = ", ".join(f'"{f}"' for f in FONT_FAMILIES)
    pad_v, pad_h = m.px(10), m.px(20)
    # The top bar's five buttons in one row at 特大 on 1280x800 (83 px too wide with pad_h):
    # the same height and text, less room either side of it.
    bar_pad_h = m.px(10)
    return f"""
* {{ font-family: {families}; font-size: {m.body}px; }}
QWidget {{ color: {theme.text}; background-color: {theme.background}; }}
QLabel {{ background: transparent; }}
QLabel[role="heading"] {{ font-size: {m.heading}px; font-weight: bold; }}
QLabel[role="hint"] {{ color: {theme.muted_text}; }}
QLabel[role="error"] {{ color: {theme.error}; font-weight: bold; }}
QLabel[role="display"] {{ font-size: {m.display}px; font-weight: bold; }}
QLabel[role="progress"] {{ color: {theme.muted_text}; }}
QLabel[role="value"] {{ font-weight: bold; }}
QFrame[role="error-summary"] {{
    border: {FOCUS_PX}px solid {theme.error}; border-radius: {m.px(8)}px;
    padding: {m.px(12)}px;
}}
QFrame[role="panel"] {{
    border: 3px solid {boundary}; border-radius: {m.px(12)}px; padding: {m.px(12)}px;
}}
QFrame[role="banner"] {{ background-color: {theme.accent}; }}
QFrame[role="banner"] QLabel {{ color: {theme.accent_text}; }}
QFrame[role="topbar"] {{ border-bottom: 3px solid {boundary}; }}
QFrame[role="navbar"] {{ border-top: 3px solid {boundary}; }}
QFrame[role="scrim"] {{ background-color: rgba(0, 0, 0, 150); }}
QFrame[role="dialog"] {{
    background-color: {theme.background};
    border: {FOCUS_PX}px solid {theme.text}; border-radius: {m.px(16)}px;
}}
QPushButton, QToolButton {{
    background-color: {theme.button}; color: {theme.button_text};
    border: {FOCUS_PX}px solid {boundary}; border-radius: {m.px(12)}px;
    padding: {pad_v}px {pad_h}px;
    min-height: {m.target - 2 * FOCUS_PX - 2 * pad_v}px;
    min-width: {m.target - 2 * FOCUS_PX - 2 * pad_h}px;
    font-weight: bold;
}}
QPushButton[primary="true"] {{
    background-color: {theme.accent}; color: {theme.accent_text};
}}
QPushButton:checked {{
    background-color: {selected}; color: {
        theme.accent_text if theme.name is ThemeName.STANDARD else theme.background
    };
}}
QPushButton:focus, QToolButton:focus {{ border-color: {theme.focus}; }}
QPushButton:pressed {{ border-color: {theme.text}; }}
QPushButton:disabled {{ color: {theme.muted_text}; border-style: dashed; }}
QPushButton[tile="true"] {{ text-align: left; }}
QPushButton[compact="true"] {{ padding: {m.px(6)}px {pad_h}px; }}
QFrame[role="topbar"] QPushButton {{
    padding: {pad_v}px {bar_pad_h}px; min-width: {m.target - 2 * FOCUS_PX - 2 * bar_pad_h}px;
}}
QLabel[tile="plain"] {{ color: {theme.button_text}; }}
QLabel[tile="on"] {{
    color: {theme.accent_text if theme.name is ThemeName.STANDARD else theme.background};
}}
QLabel[tile="primary"] {{ color: {theme.accent_text}; }}
QLineEdit, QTextEdit {{
    background-color: {theme.background}; color: {theme.text};
    border: {FOCUS_PX}px solid {boundary}; border-radius: {m.px(8)}px;
    padding: {m.px(8)}px; min-height: {m.target - 2 * FOCUS_PX - 2 * m.px(8)}px;
}}
QLineEdit:focus, QTextEdit:focus {{ border-color: {theme.focus}; }}
QLineEdit[invalid="true"], QTextEdit[invalid="true"] {{ border-color: {theme.error}; }}
QScrollArea {{ border: none; }}
QScrollBar:vertical {{ width: {TOUCH_TARGET_PX}px; background: {theme.button}; }}
QScrollBar::handle:vertical {{ background: {boundary}; min-height: {m.target}px; }}
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0px; }}
"""


def apply_style(app: QApplication, *, theme: Theme = STANDARD, scale: FontScale) -> None:
    """Restyles every widget of ``app``; layouts reflow on the next event-loop pass."""
    app.setFont(app_font(scale))
    app.setStyleSheet(stylesheet(theme, scale))
