"""Finding a QR code's module grid in a crop and sampling it softly, for :mod:`qr_symbol`.

1. Finder patterns (the three nested squares) are contours with two nested children whose
   areas are in the 49 : 9 ratio of the pattern, on two binarisations of the crop.
2. Triples of them that could be one code's corners give an affine first guess of the grid
   for the few symbol sizes their spacing allows; a pair (the third finder under a thumb or
   a highlight) gives the guesses of the missing corner on either side.
3. Each guess is refined as a homography: the image positions of four control points are
   moved, in shrinking steps, to where the symbol's fixed modules (finders, separators,
   timing, alignment patterns) best match what they must be. Perspective comes out of this.
4. The grid is sampled at module centres: each module gets a darkness and a confidence;
   blown-out pixels (glare) give confidence zero, so :func:`qr_symbol.decode_grid` treats the
   codewords there as erasures.

All on one grey ``uint8`` crop of a few hundred pixels; a few milliseconds per code.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from functools import cache

import cv2
import numpy as np

from devices.codes.qr_symbol import (
    NotDecodable,
    SymbolRead,
    alignment_centres,
    decode_grid,
    function_patterns,
    size_of,
    version_of,
)

SATURATED = 250
MAX_VERSION = 20  # the largest symbol looked for (97 modules): bigger ones read plainly
_MIN_SCORE = 0.55  # fixed-pattern correlation a grid needs before it is decoded


@dataclass(frozen=True)
class Finder:
    centre: np.ndarray  # (x, y)
    module: float  # module size in pixels


@dataclass(frozen=True)
class GridRead:
    symbol: SymbolRead
    corners: tuple[tuple[float, float], ...]  # symbol corners in crop pixels: tl, tr, br, bl
    score: float


def find_finders(gray: np.ndarray) -> list[Finder]:
    """Finder pattern candidates: contours nested three deep with the pattern's proportions."""
    found: list[Finder] = []
    binaries = []
    block = max(15, (min(gray.shape) // 8) | 1)
    binaries.append(
        cv2.adaptiveThreshold(
            gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 3
        )
    )
    _, otsu = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    binaries.append(otsu)
    for binary in binaries:
        contours, hierarchy = cv2.findContours(binary, cv2.RETR_TREE, cv2.CHAIN_APPROX_SIMPLE)
        if hierarchy is None:
            continue
        tree = hierarchy[0]
        for index, contour in enumerate(contours):
            child = tree[index][2]
            if child < 0:
                continue
            grandchild = tree[child][2]
            if grandchild < 0:
                continue
            outer = cv2.contourArea(contour)
            inner = cv2.contourArea(contours[grandchild])
            if outer < 36 or inner <= 0 or not 2.5 <= outer / inner <= 12.0:
                continue
            (_, _), (w, h), _ = cv2.minAreaRect(contour)
            if min(w, h) <= 0 or max(w, h) / min(w, h) > 2.2:
                continue
            hull = cv2.contourArea(cv2.convexHull(contour))
            if hull <= 0 or outer / hull < 0.75:
                continue
            moments = cv2.moments(contours[grandchild])
            if moments["m00"] <= 0:
                continue
            centre = np.array([moments["m10"] / moments["m00"], moments["m01"] / moments["m00"]])
            found.append(Finder(centre, math.sqrt(outer) / 7.0))
    return _dedupe(found)


def _dedupe(finders: list[Finder]) -> list[Finder]:
    kept: list[Finder] = []
    for finder in sorted(finders, key=lambda f: -f.module):
        if all(np.linalg.norm(finder.centre - other.centre) > 2.5 * other.module for other in kept):
            kept.append(finder)
    return kept[:5]


def _triples(finders: list[Finder]) -> list[tuple[np.ndarray, np.ndarray, np.ndarray, float]]:
    """(top-left, top-right, bottom-left) centres and the module size of plausible corners."""
    found = []
    for a, b, c in itertools.permutations(finders, 3):
        modules = [a.module, b.module, c.module]
        if max(modules) > 2.0 * min(modules):
            continue
        u, v = b.centre - a.centre, c.centre - a.centre
        if u[0] * v[1] - u[1] * v[0] <= 0:  # TR then BL must turn clockwise (y is down)
            continue
        lu, lv = np.linalg.norm(u), np.linalg.norm(v)
        if min(lu, lv) <= 0 or max(lu, lv) / min(lu, lv) > 1.7:
            continue
        cos = float(np.dot(u, v) / (lu * lv))
        if abs(cos) > 0.5:
            continue
        found.append((a.centre, b.centre, c.centre, float(np.mean(modules))))
    return found


def _pairs(finders: list[Finder]) -> list[tuple[np.ndarray, np.ndarray, np.ndarray, float]]:
    """Corner guesses from two finders, the third hidden (a thumb, a highlight)."""
    found = []
    for a, b in itertools.permutations(finders, 2):
        if max(a.module, b.module) > 2.0 * min(a.module, b.module):
            continue
        module = (a.module + b.module) / 2
        u = b.centre - a.centre
        turn = np.array([-u[1], u[0]])  # u turned a quarter clockwise on screen
        # a = TL, b = TR: BL is a quarter-turn from TR around TL.
        found.append((a.centre, b.centre, a.centre + turn, module))
        # a = TR, b = BL (the diagonal): TL is off the middle of the diagonal.
        middle = (a.centre + b.centre) / 2
        found.append((middle + turn / 2, a.centre, b.centre, module))
    return found


def _sizes(tl: np.ndarray, tr: np.ndarray, bl: np.ndarray, module: float) -> list[int]:
    spacing = (np.linalg.norm(tr - tl) + np.linalg.norm(bl - tl)) / 2
    estimate = spacing / module + 7
    version = (estimate - 17) / 4
    candidates = {round(version) + d for d in (-1, 0, 1)}
    return [
        size_of(v)
        for v in sorted(candidates, key=lambda v: abs(v - version))
        if 1 <= v <= MAX_VERSION
    ]


def _homography(points: np.ndarray, n: int) -> np.ndarray:
    """Module coordinates -> crop pixels from the four control points' image positions."""
    return cv2.getPerspectiveTransform(_control(n), points.astype(np.float32))


def _control(n: int) -> np.ndarray:
    far = n - 3.5 if version_of(n) == 1 else n - 6.5
    return np.float32([[3.5, 3.5], [n - 3.5, 3.5], [far, far], [3.5, n - 3.5]])


@cache
def _centres(n: int) -> np.ndarray:
    grid = np.arange(n, dtype=np.float32) + 0.5
    u, v = np.meshgrid(grid, grid)
    return np.stack([u, v, np.ones_like(u)], axis=-1)  # (row, col, 3): x=column, y=row


def _project(h: np.ndarray, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mapped = points @ h.T
    return mapped[..., 0] / mapped[..., 2], mapped[..., 1] / mapped[..., 2]


def _sample(image: np.ndarray, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    return cv2.remap(
        image,
        xs.astype(np.float32),
        ys.astype(np.float32),
        cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=255.0,
    )


class _Fit:
    """Scores grids of one size against the fixed modules that every symbol of it has."""

    def __init__(self, smooth: np.ndarray, saturated: np.ndarray | None, n: int) -> None:
        self.smooth, self.saturated, self.n = smooth, saturated, n
        used, value = function_patterns(version_of(n))
        fixed = used & (value >= 0)
        rows, cols = np.nonzero(fixed)
        self.points = _centres(n)[rows, cols]
        self.expected = value[rows, cols].astype(np.float32) * 2 - 1  # +1 dark, -1 light

    def score(self, points: np.ndarray) -> float:
        h = _homography(points, self.n)
        xs, ys = _project(h, self.points)
        values = _sample(self.smooth, xs[None, :], ys[None, :])[0]
        expected = self.expected
        if self.saturated is not None:
            keep = _sample(self.saturated, xs[None, :], ys[None, :])[0] < 0.5
            if keep.sum() < 0.5 * len(keep):
                return -1.0
            values, expected = values[keep], expected[keep]
        darkness = -values
        darkness = darkness - darkness.mean()
        spread = float(np.sqrt((darkness**2).mean()))
        if spread < 1e-3:
            return -1.0
        return float((darkness * expected).mean() / spread)


def _refine(fit: _Fit, points: np.ndarray, module: float) -> tuple[np.ndarray, float]:
    """Moves each control point to where the fixed modules near it fit best.

    For each point in turn, the nine positions of a 3x3 step pattern are scored at once on the
    fixed modules within eight modules of it (one remap for all nine), in steps of 1/2, 1/4
    and 1/8 module; then the whole grid is scored.
    """
    control = _control(fit.n)
    for step in (0.5 * module, 0.25 * module, 0.125 * module):
        for _ in range(2):
            moved = False
            for k in range(4):
                local = np.abs(fit.points[:, :2] - control[k]).max(axis=1) <= 8
                if local.sum() < 8:
                    continue  # nothing fixed near this point (version 1's far corner)
                chosen = fit.points[local]
                expected = fit.expected[local]
                offsets = np.array(
                    [(dx, dy) for dy in (-step, 0, step) for dx in (-step, 0, step)], np.float32
                )
                xs, ys = [], []
                for offset in offsets:
                    trial = points.copy()
                    trial[k] += offset
                    px, py = _project(_homography(trial, fit.n), chosen)
                    xs.append(px)
                    ys.append(py)
                values = _sample(fit.smooth, np.array(xs), np.array(ys))
                darkness = -(values - values.mean(axis=1, keepdims=True))
                spread = np.sqrt((darkness**2).mean(axis=1)) + 1e-3
                scores = (darkness * expected).mean(axis=1) / spread
                best = int(np.argmax(scores))
                if best != 4 and scores[best] > scores[4] + 1e-4:
                    points = points.copy()
                    points[k] += offsets[best]
                    moved = True
            if not moved:
                break
    return points, fit.score(points)


def sample_grid(
    gray: np.ndarray, saturated: np.ndarray | None, h: np.ndarray, n: int
) -> tuple[np.ndarray, np.ndarray]:
    """(darkness 0..1, confidence 0..1) of every module, sampled around its centre."""
    offsets = (-0.25, 0.0, 0.25)
    centres = _centres(n)
    samples, blown = [], []
    for dy in offsets:
        for dx in offsets:
            shifted = centres + np.float32([dx, dy, 0])
            xs, ys = _project(h, shifted)
            samples.append(_sample(gray, xs, ys))
            if saturated is not None:
                blown.append(_sample(saturated, xs, ys))
    stack = np.stack(samples).astype(np.float32)
    values = stack.mean(axis=0)
    spread = stack.std(axis=0)
    window = (7, 7)
    local = cv2.blur(values, window, borderType=cv2.BORDER_REFLECT)
    square = cv2.blur(values * values, window, borderType=cv2.BORDER_REFLECT)
    contrast = np.sqrt(np.maximum(square - local * local, 1.0))
    margin = (local - values) / contrast  # > 0: darker than its neighbourhood
    dark = (margin > 0).astype(np.float32)
    confidence = np.clip(np.abs(margin) / 0.6, 0.0, 1.0)
    confidence *= np.clip(1.0 - spread / (2.0 * contrast), 0.0, 1.0)  # straddles an edge
    if blown:
        confidence[np.stack(blown).max(axis=0) > 0.5] = 0.0
    return dark, confidence


def decode_crop(gray: np.ndarray, *, refine: int = 2, pairs: bool = True) -> GridRead | None:
    """The QR code in ``gray`` read through its fitted grid, or None.

    Corner triples are tried first; pairs (one finder hidden) only when no triple reads, and
    not at all with ``pairs=False`` (deblurred images, whose ringing makes finder-like ghosts).
    Of each set, the ``refine`` guesses whose fixed modules already fit best are refined
    and decoded.
    """
    finders = find_finders(gray)
    if len(finders) < 2:
        return None
    smooth = cv2.GaussianBlur(gray, (0, 0), 0.8).astype(np.float32)
    saturated = (gray >= SATURATED).astype(np.float32) if (gray >= SATURATED).any() else None
    fits: dict[int, _Fit] = {}
    for corners in (_triples(finders), _pairs(finders) if pairs else []):
        guesses = []
        for tl, tr, bl, module in corners:
            for n in _sizes(tl, tr, bl, module):
                fit = fits.get(n) or fits.setdefault(n, _Fit(smooth, saturated, n))
                far = 3.5 if version_of(n) == 1 else 6.5
                unit_x, unit_y = (tr - tl) / (n - 7), (bl - tl) / (n - 7)
                points = np.array(
                    [tl, tr, tl + (unit_x + unit_y) * (n - far - 3.5), bl], np.float32
                )
                guesses.append((fit.score(points), points, n, module))
        guesses.sort(key=lambda g: -g[0])
        for _, points, n, module in guesses[:refine]:
            read = _read(gray, saturated, fits[n], points, module)
            if read is not None:
                return read
    return None


def _read(gray, saturated, fit: _Fit, points: np.ndarray, module: float) -> GridRead | None:
    points, score = _refine(fit, points, module)
    if score < _MIN_SCORE:
        return None
    n = fit.n
    h = _homography(points, n)
    dark, confidence = sample_grid(gray, saturated, h, n)
    try:
        symbol = decode_grid(dark, confidence)
    except NotDecodable:
        return None
    corners = np.float32([[0, 0, 1], [n, 0, 1], [n, n, 1], [0, n, 1]])
    xs, ys = _project(h, corners)
    return GridRead(symbol, tuple(zip(xs.tolist(), ys.tolist(), strict=True)), score)


__all__ = ["GridRead", "alignment_centres", "decode_crop", "find_finders"]
