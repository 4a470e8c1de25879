"""The numbers of the 长辈版 font scales and the two themes."""

from __future__ import annotations

import pytest

from accessibility.scale import BODY_PX, HEADING_PX, LINE_HEIGHT, FontScale
from accessibility.theme import HIGH_CONTRAST, STANDARD, THEMES, contrast_ratio

PIXEL_MM = 21.5 * 25.4 / (1920**2 + 1080**2) ** 0.5  # the reference kiosk: 0.248 mm


def test_body_heading_and_line_spacing_at_standard(qapp):
    from PySide6.QtGui import QFont, QFontMetricsF

    assert BODY_PX >= 32 and HEADING_PX >= 44 and LINE_HEIGHT >= 1.3
    font = QFont()
    font.setFamilies(["Noto Sans CJK SC"])
    font.setPixelSize(FontScale.STANDARD.body_px)
    assert QFontMetricsF(font).capHeight() * PIXEL_MM >= 6.0  # capital letters ≥ 6 mm


@pytest.mark.parametrize(("scale", "factor"), [(FontScale.LARGE, 1.25), (FontScale.XLARGE, 1.5)])
def test_large_and_extra_large_multiply_every_size(scale, factor):
    assert scale.body_px == round(BODY_PX * factor)
    assert scale.heading_px == round(HEADING_PX * factor)


def test_the_scale_button_cycles_through_all_three():
    assert [FontScale.STANDARD.next(), FontScale.LARGE.next(), FontScale.XLARGE.next()] == [
        FontScale.LARGE,
        FontScale.XLARGE,
        FontScale.STANDARD,
    ]


@pytest.mark.parametrize("theme", list(THEMES.values()), ids=lambda t: t.name)
def test_every_text_pair_meets_the_themes_minimum(theme):
    pairs = [
        (theme.text, theme.background),
        (theme.muted_text, theme.background),
        (theme.button_text, theme.button),
        (theme.accent_text, theme.accent),
        (theme.error, theme.background),
    ]
    for foreground, background in pairs:
        assert contrast_ratio(foreground, background) >= theme.minimum_text_contrast, (
            foreground,
            background,
        )


def test_focus_colour_stands_out_3_to_1_and_high_contrast_asks_7():
    for theme in (STANDARD, HIGH_CONTRAST):
        assert contrast_ratio(theme.focus, theme.background) >= 3.0
    assert STANDARD.minimum_text_contrast == 4.5
    assert HIGH_CONTRAST.minimum_text_contrast == 7.0
