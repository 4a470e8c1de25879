"""Where in a frame a code might be, found cheaply (about 2 ms on a 1280x720 frame here).

A 2-D code is a patch that is busy in both directions at once: strong edges across x and
across y, densely, in a roughly square area. Cables and edges are busy in one direction or
thin; smooth backgrounds are busy in none. The search runs at a quarter of the resolution.
Printed text is busy in both directions too, so a region is a place to look, not a verdict.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

_SCALE = 4  # work at a quarter resolution
_WINDOW = 7  # smoothing window for the edge energy, in quarter-resolution pixels
_FLOOR = 6.0  # least edge energy (grey levels per pixel) worth a look


@dataclass(frozen=True)
class Region:
    """An axis-aligned box in frame pixels, with how code-like it looked."""

    x0: int
    y0: int
    x1: int
    y1: int
    score: float
    source: str

    @property
    def width(self) -> int:
        return self.x1 - self.x0

    @property
    def height(self) -> int:
        return self.y1 - self.y0

    def padded(self, share: float, *, width: int, height: int) -> Region:
        pad = int(max(self.width, self.height) * share)
        return Region(
            max(0, self.x0 - pad),
            max(0, self.y0 - pad),
            min(width, self.x1 + pad),
            min(height, self.y1 + pad),
            self.score,
            self.source,
        )

    def overlap(self, other: Region) -> float:
        """Intersection over the smaller box's area."""
        ix = max(0, min(self.x1, other.x1) - max(self.x0, other.x0))
        iy = max(0, min(self.y1, other.y1) - max(self.y0, other.y0))
        smaller = min(self.width * self.height, other.width * other.height)
        return (ix * iy) / smaller if smaller else 0.0


def region_from_points(points, *, score: float, source: str) -> Region:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return Region(int(min(xs)), int(min(ys)), math.ceil(max(xs)), math.ceil(max(ys)), score, source)


def find_code_regions(image: np.ndarray, *, limit: int = 3, min_side: int = 40) -> list[Region]:
    """Up to ``limit`` boxes that look like a 2-D code, most code-like first."""
    height, width = image.shape
    small = cv2.resize(
        image, (width // _SCALE, height // _SCALE), interpolation=cv2.INTER_AREA
    ).astype(np.float32)
    gx = np.abs(cv2.Sobel(small, cv2.CV_32F, 1, 0, ksize=3))
    gy = np.abs(cv2.Sobel(small, cv2.CV_32F, 0, 1, ksize=3))
    box = (_WINDOW, _WINDOW)
    score = np.minimum(cv2.boxFilter(gx, -1, box), cv2.boxFilter(gy, -1, box))
    # Relative to the frame's own busiest tenth, with a floor so a flat wall yields nothing.
    # (Dividing by local contrast finds faint codes but lets text and noise in: measured.)
    threshold = max(_FLOOR, float(np.percentile(score, 85)))
    mask = (score > threshold).astype(np.uint8)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((5, 5), np.uint8))
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask)
    found: list[Region] = []
    least = (min_side // _SCALE) ** 2
    for label in range(1, count):
        x, y, w, h, area = (int(v) for v in stats[label])
        if area < least or max(w, h) > 3 * min(w, h):
            continue
        fill = area / (w * h)
        mean = float(score[y : y + h, x : x + w][labels[y : y + h, x : x + w] == label].mean())
        found.append(
            Region(
                x * _SCALE,
                y * _SCALE,
                (x + w) * _SCALE,
                (y + h) * _SCALE,
                mean * math.sqrt(area) * fill,
                "texture",
            )
        )
    found.sort(key=lambda region: region.score, reverse=True)
    return found[:limit]
