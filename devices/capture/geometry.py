"""Finding a document's four corners in a camera frame.

Work on a copy scaled to ~1000 px (fast, and edge detection is less fooled by paper texture),
try several candidate finders in turn, keep the largest plausible convex quadrilateral, then
refine each side at full resolution by fitting a line to the strongest edge along it (corners
land within a pixel or two instead of within one scaled pixel).

A quad is a float32 array of shape (4, 2): top-left, top-right, bottom-right, bottom-left.
"""

from __future__ import annotations

import cv2
import numpy as np

WORK_SIZE = 1000  # long side of the working copy
MIN_AREA = 0.12  # of the frame: smaller quads must look like paper to count (clutter)
MIN_PAPER_AREA = 0.03  # of the frame: a page this small is found (to ask to come closer)
MAX_AREA = 0.98  # larger "quads" are the frame border itself
MIN_SUPPORT = 0.6  # share of each side that must lie on an edge


def order_corners(points: np.ndarray) -> np.ndarray:
    """Four points as top-left, top-right, bottom-right, bottom-left."""
    pts = np.asarray(points, np.float32).reshape(4, 2)
    centre = pts.mean(axis=0)
    angles = np.arctan2(pts[:, 1] - centre[1], pts[:, 0] - centre[0])
    pts = pts[np.argsort(angles)]  # clockwise in image coordinates, starting at the left
    start = int(np.argmin(pts.sum(axis=1)))  # top-left has the smallest x + y
    return np.roll(pts, -start, axis=0)


def _plausible(quad: np.ndarray, frame_area: float) -> bool:
    if not cv2.isContourConvex(quad.reshape(4, 1, 2).astype(np.float32)):
        return False
    area = cv2.contourArea(quad)
    if not MIN_PAPER_AREA * frame_area <= area <= MAX_AREA * frame_area:
        return False
    for i in range(4):
        a, b, c = quad[i - 1], quad[i], quad[(i + 1) % 4]
        u, v = a - b, c - b
        cos = float(np.dot(u, v) / (np.linalg.norm(u) * np.linalg.norm(v) + 1e-9))
        if abs(cos) > 0.6:  # corners outside ~53..127 degrees are not a photographed page
            return False
    return True


def _quad_from_contour(contour: np.ndarray) -> np.ndarray | None:
    hull = cv2.convexHull(contour)
    perimeter = cv2.arcLength(hull, True)
    for eps in (0.02, 0.03, 0.05, 0.08):
        approx = cv2.approxPolyDP(hull, eps * perimeter, True)
        if len(approx) == 4:
            return order_corners(approx.reshape(4, 2))
        if len(approx) < 4:
            break
    return None


def _edge_candidates(gray: np.ndarray) -> list[np.ndarray]:
    median = float(np.median(gray))
    lower, upper = int(max(0, 0.66 * median)), int(min(255, 1.33 * median))
    edges = cv2.Canny(gray, lower, upper)
    edges = cv2.dilate(edges, np.ones((3, 3), np.uint8))
    contours, _ = cv2.findContours(edges, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    return sorted(contours, key=cv2.contourArea, reverse=True)[:8]


def _bright_candidates(gray: np.ndarray, saturation: np.ndarray) -> list[np.ndarray]:
    # Paper is brighter and less saturated than most desks: threshold brightness - saturation.
    paperness = cv2.subtract(gray, saturation // 2)
    _, mask = cv2.threshold(paperness, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((5, 5), np.uint8))
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    return sorted(contours, key=cv2.contourArea, reverse=True)[:3]


def edge_support(gray: np.ndarray, quad: np.ndarray, *, samples: int = 40) -> float:
    """How much of the quad's outline lies on a real edge: the worst side's share (0..1).

    Along each side, the grey level a few pixels inside is compared with a few pixels outside;
    a sample counts when they differ clearly. A quad that cuts across a cable or a shadow has
    one side with little support, wherever its other sides lie.
    """
    h, w = gray.shape[:2]
    centre = quad.mean(axis=0)
    worst = 1.0
    for i in range(4):
        p0, p1 = quad[i], quad[(i + 1) % 4]
        if _on_border(p0, p1, w, h):
            continue  # the page goes on beyond the frame: that side has no edge to show
        direction = p1 - p0
        length = float(np.linalg.norm(direction))
        if length < 8:
            return 0.0
        normal = np.array([-direction[1], direction[0]], np.float32) / length
        if np.dot(centre - (p0 + p1) / 2, normal) < 0:
            normal = -normal  # pointing inwards
        ts = np.linspace(0.1, 0.9, samples, dtype=np.float32)[:, None]
        base = p0[None, :] + ts * direction[None, :]
        inside = base + 3.0 * normal
        outside = base - 3.0 * normal
        points = np.concatenate([inside, outside]).astype(np.float32)
        xs = np.clip(points[:, 0], 0, w - 1).reshape(1, -1)
        ys = np.clip(points[:, 1], 0, h - 1).reshape(1, -1)
        values = cv2.remap(gray, xs, ys, cv2.INTER_LINEAR).astype(np.float32).ravel()
        difference = np.abs(values[:samples] - values[samples:])
        worst = min(worst, float((difference > 12).mean()))
    return worst


def _paper_inside(gray: np.ndarray, saturation: np.ndarray, quad: np.ndarray) -> bool:
    mask = np.zeros(gray.shape, np.uint8)
    cv2.fillConvexPoly(mask, quad.astype(np.int32), 1)
    inside = mask.astype(bool)
    return float(np.median(gray[inside])) > 140 and float(np.median(saturation[inside])) < 60


def _on_border(p0: np.ndarray, p1: np.ndarray, w: int, h: int, *, tolerance: float = 4.0) -> bool:
    for axis, limit in ((0, 0.0), (0, w - 1.0), (1, 0.0), (1, h - 1.0)):
        if abs(p0[axis] - limit) <= tolerance and abs(p1[axis] - limit) <= tolerance:
            return True
    return False


def _candidate_quads(gray: np.ndarray, saturation: np.ndarray) -> list[np.ndarray]:
    quads = []
    for contour in [*_edge_candidates(gray), *_bright_candidates(gray, saturation)]:
        quad = _quad_from_contour(contour)
        if quad is not None:
            quads.append(quad)
    return quads


def find_quad_coarse(image: np.ndarray) -> np.ndarray | None:
    """The document's corners from the scaled working copy (in full-frame coordinates).

    Every candidate from both finders (edges; bright, colourless paper) is scored by how well
    its outline sits on real edges; the best-supported plausible quad wins, the larger one
    when two are about as well supported (a page, not the table printed on it).
    """
    h, w = image.shape[:2]
    scale = min(1.0, WORK_SIZE / max(h, w))
    small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    if small.ndim == 3:
        gray = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
        saturation = cv2.cvtColor(small, cv2.COLOR_BGR2HSV)[..., 1]
    else:
        gray, saturation = small, np.zeros_like(small)
    gray = cv2.GaussianBlur(gray, (5, 5), 0)
    frame_area = float(small.shape[0] * small.shape[1])
    best: tuple[float, float, np.ndarray] | None = None
    for quad in _candidate_quads(gray, saturation):
        if not _plausible(quad, frame_area):
            continue
        support = edge_support(gray, quad)
        if support < MIN_SUPPORT:
            continue
        if cv2.contourArea(quad) < MIN_AREA * frame_area and not _paper_inside(
            gray, saturation, quad
        ):
            continue  # a small dark or coloured box is desk clutter, not a far-away page
        key = (round(support, 1), float(cv2.contourArea(quad)))
        if best is None or key > best[:2]:
            best = (*key, quad)
    return None if best is None else (best[2] / scale).astype(np.float32)


def _line_intersection(a: np.ndarray, b: np.ndarray) -> np.ndarray | None:
    # Lines as (vx, vy, x0, y0).
    (vx1, vy1, x1, y1), (vx2, vy2, x2, y2) = a, b
    det = vx1 * (-vy2) - vy1 * (-vx2)
    if abs(det) < 1e-9:
        return None
    t = ((x2 - x1) * (-vy2) - (y2 - y1) * (-vx2)) / det
    return np.array([x1 + t * vx1, y1 + t * vy1], np.float32)


def refine_quad(gray: np.ndarray, quad: np.ndarray, *, search: float | None = None) -> np.ndarray:
    """Move each side onto the strongest edge nearby (full resolution) and re-intersect.

    For each side, intensity profiles across it are sampled at 48 places; the steepest step
    in each profile is an edge point; a robust line fit through them is the side. Returns the
    input when a side has too few clear edge points.
    """
    h, w = gray.shape[:2]
    if search is None:
        search = max(6.0, 3.0 * max(h, w) / WORK_SIZE)
    smooth = cv2.GaussianBlur(gray, (5, 5), 0).astype(np.float32)
    offsets = np.arange(-search, search + 0.5, 0.5, dtype=np.float32)
    lines = []
    for i in range(4):
        p0, p1 = quad[i], quad[(i + 1) % 4]
        direction = p1 - p0
        length = float(np.linalg.norm(direction))
        if length < 10:
            return quad
        direction /= length
        normal = np.array([-direction[1], direction[0]], np.float32)
        ts = np.linspace(0.08, 0.92, 48, dtype=np.float32)
        base = p0[None, :] + ts[:, None] * (p1 - p0)[None, :]
        samples = base[:, None, :] + offsets[None, :, None] * normal[None, None, :]
        map_x = np.ascontiguousarray(samples[..., 0])
        map_y = np.ascontiguousarray(samples[..., 1])
        profiles = cv2.remap(
            smooth, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
        )
        steps = np.abs(np.diff(profiles, axis=1))
        strongest = steps.argmax(axis=1)
        strength = steps.max(axis=1)
        keep = strength > max(4.0, 0.3 * float(np.median(strength)))
        if keep.sum() < 12:
            return quad
        where = (offsets[strongest] + offsets[strongest + 1]) / 2
        points = base[keep] + where[keep, None] * normal[None, :]
        line = cv2.fitLine(points.astype(np.float32), cv2.DIST_HUBER, 0, 0.01, 0.01).ravel()
        lines.append(line)
    refined = []
    for i in range(4):
        corner = _line_intersection(lines[i - 1], lines[i])
        if corner is None or np.linalg.norm(corner - quad[i]) > 2 * search:
            return quad
        refined.append(corner)
    return np.array(refined, np.float32)


def find_document_quad(image: np.ndarray) -> np.ndarray | None:
    """The document's corners (tl, tr, br, bl) in ``image``, or ``None`` if there is none."""
    coarse = find_quad_coarse(image)
    if coarse is None:
        return None
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    return refine_quad(gray, coarse)


def corner_distance(a: np.ndarray, b: np.ndarray) -> float:
    """The largest distance between corresponding corners, in pixels."""
    return float(np.linalg.norm(np.asarray(a) - np.asarray(b), axis=1).max())
