"""Is this view of the page good enough to keep? Sharpness, glare and steadiness.

* Sharpness is the variance of the Laplacian of the flattened page, measured on a copy scaled
  to :data:`MEASURE_WIDTH` pixels wide so that the figure does not depend on how close the
  page is. Text pages photographed in focus score in the hundreds; the thresholds below were
  measured on the synthetic photos of :mod:`devices.capture.testpage` (docs/devices.md).
* Glare is the share of the page that is blown out: near-white and colourless, in blobs (not
  the thin paper between strokes), measured on the same copy.
* Steadiness compares the page's corners across recent frames.
"""

from __future__ import annotations

import cv2
import numpy as np

MEASURE_WIDTH = 600
GLARE_LEVEL = 250


def measure_copy(page: np.ndarray) -> np.ndarray:
    """The page scaled to :data:`MEASURE_WIDTH` wide (area filter), in grey."""
    gray = cv2.cvtColor(page, cv2.COLOR_BGR2GRAY) if page.ndim == 3 else page
    scale = MEASURE_WIDTH / gray.shape[1]
    interpolation = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    return cv2.resize(gray, None, fx=scale, fy=scale, interpolation=interpolation)


def sharpness(gray: np.ndarray) -> float:
    """Variance of the Laplacian (higher is sharper)."""
    return float(cv2.Laplacian(gray, cv2.CV_64F, ksize=3).var())


def glare_share(page: np.ndarray) -> float:
    """The share of the page (0..1) lost to a highlight."""
    if page.ndim == 3:
        hsv = cv2.cvtColor(page, cv2.COLOR_BGR2HSV)
        blown = (hsv[..., 2] >= GLARE_LEVEL) & (hsv[..., 1] < 40)
    else:
        blown = page >= GLARE_LEVEL
    mask = blown.astype(np.uint8)
    # Paper between strokes can touch white on a bright print: only blobs count.
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((5, 5), np.uint8))
    return float(mask.mean())


def corner_motion(a: np.ndarray, b: np.ndarray) -> float:
    """The largest corner movement between two quads, in pixels."""
    return float(np.linalg.norm(np.asarray(a) - np.asarray(b), axis=1).max())
