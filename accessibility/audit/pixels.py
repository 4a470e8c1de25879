"""Colours as they were painted: text and background found in a widget's rendered pixels.

The background is the most frequent colour of the area; the text colour is the colour
farthest from it (by WCAG contrast) among those painted on more than one pixel. Anti-aliasing
only mixes the text colour into the background, so the farthest colour is the text's own (at
32 px a CJK stroke is about 2.5 px wide and its pure colour covers only a few pixels: taking a
frequent colour instead underestimates the contrast, measured 4.0:1 for text that is 4.95:1).
Measuring the painted pixels catches what a stylesheet check cannot: a colour inherited from
the wrong rule, text over an image, a disabled palette.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtGui import QImage

_CHANNEL = np.arange(256) / 255.0
_LINEAR = np.where(_CHANNEL <= 0.04045, _CHANNEL / 12.92, ((_CHANNEL + 0.055) / 1.055) ** 2.4)

MIN_TEXT_PIXELS = 12
"""Fewer non-background pixels than this: nothing legible is painted (blank area)."""
MIN_COLOUR_PIXELS = 2
"""A colour on a single pixel is a speck, not a stroke."""


def rgb_array(image: QImage) -> np.ndarray:
    """H × W × 3 uint8 (R, G, B) copy of ``image``."""
    converted = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height = converted.width(), converted.height()
    if width == 0 or height == 0:
        return np.zeros((0, 0, 3), dtype=np.uint8)
    stride = converted.bytesPerLine()
    raw = np.frombuffer(converted.constBits(), dtype=np.uint8, count=stride * height)
    return raw.reshape(height, stride)[:, : width * 3].reshape(height, width, 3).copy()


def luminance(rgb: np.ndarray) -> np.ndarray:
    """WCAG relative luminance of each colour (last axis R, G, B)."""
    linear = _LINEAR[rgb]
    return 0.2126 * linear[..., 0] + 0.7152 * linear[..., 1] + 0.0722 * linear[..., 2]


def contrast(l1: np.ndarray | float, l2: np.ndarray | float) -> np.ndarray | float:
    hi, lo = np.maximum(l1, l2), np.minimum(l1, l2)
    return (hi + 0.05) / (lo + 0.05)


def hex_colour(rgb: np.ndarray) -> str:
    return "#{:02X}{:02X}{:02X}".format(*(int(c) for c in rgb))


@dataclass(frozen=True)
class TextColours:
    text: str
    background: str
    ratio: float


def text_colours(rgb: np.ndarray) -> TextColours | None:
    """The text and background colours of a painted text area, or None if it is blank."""
    pixels = rgb.reshape(-1, 3)
    if len(pixels) == 0:
        return None
    packed = (
        pixels[:, 0].astype(np.uint32) << 16
        | pixels[:, 1].astype(np.uint32) << 8
        | pixels[:, 2].astype(np.uint32)
    )
    colours, counts = np.unique(packed, return_counts=True)
    order = np.argsort(counts)[::-1]
    colours, counts = colours[order], counts[order]
    unpacked = np.stack(
        [(colours >> 16) & 255, (colours >> 8) & 255, colours & 255], axis=-1
    ).astype(np.uint8)
    background = unpacked[0]
    others = counts[1:].sum()
    if others < MIN_TEXT_PIXELS:
        return None
    enough = counts >= MIN_COLOUR_PIXELS
    enough[0] = False
    if not enough.any():
        return None
    lum = luminance(unpacked)
    ratios = contrast(lum, lum[0])
    ratios = np.where(enough, ratios, 0.0)
    best = int(np.argmax(ratios))
    return TextColours(hex_colour(unpacked[best]), hex_colour(background), float(ratios[best]))


def dominant(rgb: np.ndarray) -> np.ndarray:
    """The most frequent colour among pixels (N × 3)."""
    flat = rgb.reshape(-1, 3)
    colours, counts = np.unique(flat, axis=0, return_counts=True)
    return colours[int(np.argmax(counts))]


def changed_mask(before: np.ndarray, after: np.ndarray, *, tolerance: int = 24) -> np.ndarray:
    """Pixels that differ between two renderings of the same area."""
    if before.shape != after.shape:
        raise ValueError("renderings differ in size")
    return (np.abs(before.astype(np.int16) - after.astype(np.int16)) > tolerance).any(axis=-1)


def edge_runs(mask: np.ndarray) -> dict[str, int]:
    """Thickness of the changed band at each edge, measured through the middle of the area.

    Counts consecutive changed pixels from the first changed pixel met walking in from each
    edge along the middle row (left, right) and middle column (top, bottom); a first change
    farther in than a third of the way is not an outline at that edge (0).
    """
    height, width = mask.shape
    row, column = mask[height // 2, :], mask[:, width // 2]

    def run(line: np.ndarray) -> int:
        hits = np.flatnonzero(line)
        if len(hits) == 0:
            return 0
        start = hits[0]
        if start > len(line) // 3:
            return 0
        end = start
        while end + 1 < len(line) and line[end + 1]:
            end += 1
        return int(end - start + 1)

    return {
        "left": run(row),
        "right": run(row[::-1]),
        "top": run(column),
        "bottom": run(column[::-1]),
    }
