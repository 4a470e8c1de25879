"""From a photographed quadrilateral to a flat, upright page: perspective, deskew, enhancement.

:func:`output_size` snaps the page's measured shape to a known paper (A4/A5 portrait or
landscape, the ID card) when it is within a few per cent, so a slightly foreshortened A4 still
comes out 1240x1754 (A4 at 150 dpi); other shapes keep their own proportions.
"""

from __future__ import annotations

import cv2
import numpy as np

A4_150DPI = (1240, 1754)  # (width, height): 210 x 297 mm at 150 dpi
ID_CARD = (1011, 638)  # 85.6 x 54 mm at 300 dpi: the small card needs the finer grid
_PAPERS = {  # height / width of portrait sheets, and the output size for each
    "a4": (297 / 210, A4_150DPI),
    "id_card": (85.6 / 54.0, ID_CARD[::-1]),
}
_SNAP = 0.08  # measured ratios within 8 % of a paper's are that paper (tilt foreshortens)
LONG_SIDE = 1754  # other shapes: this many pixels on the long side


def side_lengths(quad: np.ndarray) -> tuple[float, float]:
    """Mean width and height of a quad (tl, tr, br, bl)."""
    q = np.asarray(quad, np.float32)
    width = (np.linalg.norm(q[1] - q[0]) + np.linalg.norm(q[2] - q[3])) / 2
    height = (np.linalg.norm(q[3] - q[0]) + np.linalg.norm(q[2] - q[1])) / 2
    return float(width), float(height)


def output_size(quad: np.ndarray) -> tuple[int, int]:
    """(width, height) of the flattened page."""
    width, height = side_lengths(quad)
    portrait = height >= width
    ratio = max(width, height) / max(1.0, min(width, height))
    for paper_ratio, (pw, ph) in _PAPERS.values():
        if abs(ratio - paper_ratio) / paper_ratio <= _SNAP:
            return (pw, ph) if portrait else (ph, pw)
    scale = LONG_SIDE / max(width, height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def warp(image: np.ndarray, quad: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """The quad's content mapped onto an upright ``size`` (w, h) rectangle."""
    w, h = size
    target = np.float32([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]])
    matrix = cv2.getPerspectiveTransform(np.asarray(quad, np.float32), target)
    # Shrinking needs the area filter; enlarging a small webcam view is better cubic.
    source_w, _ = side_lengths(quad)
    flags = cv2.INTER_AREA if source_w > w else cv2.INTER_CUBIC
    return cv2.warpPerspective(image, matrix, (w, h), flags=flags, borderMode=cv2.BORDER_REPLICATE)


def estimate_skew(gray: np.ndarray, *, max_degrees: float = 6.0, step: float = 0.25) -> float:
    """The rotation (degrees, counter-clockwise positive) that makes text lines horizontal.

    Projection profiles: dark pixels summed along rows are most sharply peaked (highest
    variance) when the rows follow the text lines. Works on a ~500 px copy; returns 0.0 for a
    page with too little ink to tell.
    """
    scale = min(1.0, 500.0 / max(gray.shape))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    ink = cv2.adaptiveThreshold(
        small, 1, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15
    ).astype(np.float32)
    if ink.mean() < 0.005:
        return 0.0
    h, w = ink.shape
    centre = (w / 2, h / 2)
    best_angle, best_score = 0.0, -1.0
    for angle in np.arange(-max_degrees, max_degrees + step / 2, step):
        matrix = cv2.getRotationMatrix2D(centre, float(angle), 1.0)
        rotated = cv2.warpAffine(ink, matrix, (w, h), flags=cv2.INTER_NEAREST)
        score = float(np.var(rotated.sum(axis=1)))
        if score > best_score:
            best_angle, best_score = float(angle), score
    return best_angle


def rotate(image: np.ndarray, degrees: float) -> np.ndarray:
    """Rotates about the centre keeping the size; the corners are filled from the edge."""
    if abs(degrees) < 1e-3:
        return image
    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    return cv2.warpAffine(
        image, matrix, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )


def deskew(image: np.ndarray, *, max_degrees: float = 6.0) -> tuple[np.ndarray, float]:
    """The page with its text lines made horizontal, and the angle that took."""
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    angle = estimate_skew(gray, max_degrees=max_degrees)
    if abs(angle) < 0.3:  # below what anyone would notice: leave the pixels alone
        return image, 0.0
    return rotate(image, angle), angle


def enhance_text(image: np.ndarray) -> np.ndarray:
    """Even paper, dark text: divides out the light falling across the page, keeps colour.

    The background (paper brightness) is a large closing of the grey page at a quarter
    resolution; every channel is divided by it, so a red seal stays red while shadows and a
    lamp's gradient go. Then a light unsharp mask for the strokes.
    """
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    small = cv2.resize(gray, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    size = max(5, int(min(small.shape) / 20) | 1)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size))
    background = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel)
    background = cv2.GaussianBlur(background, (0, 0), size / 2)
    background = cv2.resize(background, (gray.shape[1], gray.shape[0]))
    background = np.maximum(background, 1).astype(np.float32)
    values = image.astype(np.float32)
    if values.ndim == 3:
        background = background[..., None]
    flat = np.clip(values / background * 245.0, 0, 255)
    blurred = cv2.GaussianBlur(flat, (0, 0), 1.2)
    sharp = cv2.addWeighted(flat, 1.6, blurred, -0.6, 0)
    return np.clip(sharp, 0, 255).astype(np.uint8)
