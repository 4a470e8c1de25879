"""Synthetic documents and photographs of them, for tests, the size study and the demo camera.

A page is drawn with OpenCV (title, text lines, a table, a red seal); a "photo" warps it onto a
cluttered background with a random perspective, uneven light and sensor noise, optionally blurred
or with a glare spot, and reports where the page's corners landed. Deterministic per seed.
Nothing here is a real document or a real person's data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import cv2
import numpy as np

A4_150DPI = (1240, 1754)  # width, height
ID_CARD_300DPI = (1011, 638)
PAPER = 246  # paper tone of the page as printed (not pure white, like real paper)
INK = 25

_WORDS = [
    "name",
    "address",
    "date",
    "service",
    "permit",
    "elderly",
    "allowance",
    "village",
    "county",
    "office",
    "form",
    "applicant",
    "signature",
    "phone",
    "number",
    "household",
    "residence",
    "reason",
    "amount",
    "bank",
    "account",
    "approved",
    "material",
    "copy",
    "original",
    "seal",
    "page",
    "total",
    "remarks",
]


def _text_line(rng: random.Random, width_chars: int) -> str:
    words: list[str] = []
    while sum(len(w) + 1 for w in words) < width_chars:
        word = rng.choice(_WORDS)
        words.append(word.upper() if rng.random() < 0.1 else word)
    return " ".join(words)[:width_chars]


def render_page(seed: int, *, size: tuple[int, int] = A4_150DPI) -> np.ndarray:
    """A page with a title, paragraphs, a table and a red seal; BGR uint8 of ``size`` (w, h)."""
    rng = random.Random(f"page-{seed}")
    w, h = size
    page = np.full((h, w, 3), PAPER, np.uint8)
    s = w / 1240  # drawing scale: everything below is laid out for 1240 px wide
    font = cv2.FONT_HERSHEY_SIMPLEX
    ink = (INK, INK, INK)
    margin = int(90 * s)
    y = int(140 * s)
    cv2.putText(page, "APPLICATION FORM", (margin, y), font, 1.6 * s, ink, max(1, int(3 * s)))
    y += int(70 * s)
    for _ in range(rng.randint(5, 8)):
        cv2.putText(page, _text_line(rng, 52), (margin, y), font, 0.8 * s, ink, max(1, int(2 * s)))
        y += int(42 * s)
    # A table: header row plus body rows, three columns.
    y += int(30 * s)
    rows, cols = rng.randint(5, 8), 3
    row_h, table_w = int(56 * s), w - 2 * margin
    col_x = [margin, margin + table_w // 3, margin + 2 * table_w // 3, w - margin]
    for r in range(rows + 1):
        cv2.line(
            page, (margin, y + r * row_h), (w - margin, y + r * row_h), ink, max(1, int(2 * s))
        )
    for x in col_x:
        cv2.line(page, (x, y), (x, y + rows * row_h), ink, max(1, int(2 * s)))
    for r in range(rows):
        for c in range(cols):
            label = _text_line(rng, 14) if r else ["ITEM", "AMOUNT", "NOTE"][c]
            org = (col_x[c] + int(12 * s), y + r * row_h + int(38 * s))
            cv2.putText(page, label, org, font, 0.7 * s, ink, max(1, int(2 * s)))
    y += rows * row_h + int(60 * s)
    while y < h - int(260 * s):
        cv2.putText(page, _text_line(rng, 52), (margin, y), font, 0.8 * s, ink, max(1, int(2 * s)))
        y += int(42 * s)
    # A red seal near the bottom right: colour that a grey-only capture would lose.
    centre = (w - margin - int(150 * s), h - int(170 * s))
    cv2.circle(page, centre, int(110 * s), (40, 40, 200), max(2, int(6 * s)))
    cv2.putText(
        page,
        "SEAL",
        (centre[0] - int(55 * s), centre[1] + int(15 * s)),
        font,
        1.3 * s,
        (40, 40, 200),
        max(1, int(4 * s)),
    )
    return page


@dataclass(frozen=True)
class Photo:
    """A synthetic camera frame and where the page's corners are in it (tl, tr, br, bl)."""

    frame: np.ndarray
    corners: np.ndarray  # float32 (4, 2)
    homography: np.ndarray  # page -> frame


def place_page(
    page_size: tuple[int, int],
    frame_size: tuple[int, int],
    *,
    seed: int,
    coverage: tuple[float, float] = (0.35, 0.6),
    max_rotation: float = 12.0,
    perspective: float = 0.06,
) -> np.ndarray:
    """Random corners for a page in a frame: rotated, scaled, with perspective; inside the frame."""
    rng = random.Random(f"place-{seed}")
    pw, ph = page_size
    fw, fh = frame_size
    for _ in range(200):
        area = rng.uniform(*coverage) * fw * fh
        scale = (area / (pw * ph)) ** 0.5
        half = np.array([[-pw, -ph], [pw, -ph], [pw, ph], [-pw, ph]], np.float64) * scale / 2
        angle = np.radians(rng.uniform(-max_rotation, max_rotation))
        rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
        corners = half @ rot.T
        jitter = perspective * min(pw, ph) * scale
        corners += np.array([[rng.uniform(-jitter, jitter) for _ in range(2)] for _ in range(4)])
        centre = np.array([rng.uniform(0.35, 0.65) * fw, rng.uniform(0.35, 0.65) * fh])
        corners += centre
        margin = 0.03 * min(fw, fh)
        inside = (corners[:, 0] > margin).all() and (corners[:, 0] < fw - margin).all()
        inside = inside and (corners[:, 1] > margin).all() and (corners[:, 1] < fh - margin).all()
        if inside:
            return corners.astype(np.float32)
    raise ValueError("page does not fit in the frame")


def background(frame_size: tuple[int, int], *, seed: int) -> np.ndarray:
    """A cluttered desk: colour gradient, texture, random shapes and lines (no white areas)."""
    rng = random.Random(f"bg-{seed}")
    nprng = np.random.default_rng(rng.randrange(2**32))
    fw, fh = frame_size
    base = np.array([rng.randint(40, 120) for _ in range(3)], np.float32)
    yy, xx = np.mgrid[0:fh, 0:fw].astype(np.float32)
    gradient = 0.75 + 0.25 * (xx / fw * rng.uniform(-1, 1) + yy / fh * rng.uniform(-1, 1))
    img = base[None, None, :] * gradient[..., None]
    texture = cv2.GaussianBlur(nprng.normal(0, 18, (fh, fw)).astype(np.float32), (0, 0), 2)
    img += texture[..., None]
    img = np.clip(img, 0, 255).astype(np.uint8)
    for _ in range(rng.randint(8, 16)):
        colour = tuple(rng.randint(20, 170) for _ in range(3))
        kind = rng.random()
        x, y = rng.randrange(fw), rng.randrange(fh)
        if kind < 0.4:
            x2, y2 = x + rng.randint(30, fw // 3), y + rng.randint(30, fh // 3)
            cv2.rectangle(img, (x, y), (x2, y2), colour, rng.choice([-1, 2, 4]))
        elif kind < 0.7:
            cv2.line(img, (x, y), (rng.randrange(fw), rng.randrange(fh)), colour, rng.randint(1, 5))
        else:
            cv2.circle(img, (x, y), rng.randint(10, fh // 6), colour, rng.choice([-1, 3]))
    return img


def photograph(
    page: np.ndarray,
    *,
    seed: int,
    frame_size: tuple[int, int] = (1600, 1200),
    corners: np.ndarray | None = None,
    blur_sigma: float = 0.0,
    glare: float = 0.0,
    noise: float = 3.0,
) -> Photo:
    """The page photographed on a cluttered desk.

    ``glare`` is the glare spot's radius as a fraction of the page's shorter side (0: none).
    """
    rng = random.Random(f"photo-{seed}")
    nprng = np.random.default_rng(rng.randrange(2**32))
    ph, pw = page.shape[:2]
    fw, fh = frame_size
    if corners is None:
        corners = place_page((pw, ph), frame_size, seed=seed)
    src = np.array([[0, 0], [pw, 0], [pw, ph], [0, ph]], np.float32)
    homography = cv2.getPerspectiveTransform(src, corners)
    frame = background(frame_size, seed=seed)
    warped = cv2.warpPerspective(page, homography, (fw, fh), flags=cv2.INTER_AREA)
    mask = cv2.warpPerspective(
        np.full((ph, pw), 255, np.uint8), homography, (fw, fh), flags=cv2.INTER_LINEAR
    )
    alpha = (mask.astype(np.float32) / 255)[..., None]
    # Uneven light across the page (a lamp to one side): paper ends up at ~200-235.
    yy, xx = np.mgrid[0:fh, 0:fw].astype(np.float32)
    light = 0.86 + 0.08 * (xx / fw * rng.uniform(-1, 1) + yy / fh * rng.uniform(-1, 1))
    composed = frame.astype(np.float32) * (1 - alpha) + warped * (alpha * light[..., None])
    if glare > 0:
        centre = corners.mean(axis=0) + nprng.uniform(-0.15, 0.15, 2) * np.ptp(corners, axis=0)
        side = min(np.linalg.norm(corners[1] - corners[0]), np.linalg.norm(corners[3] - corners[0]))
        radius = glare * side
        dist = np.hypot(xx - centre[0], yy - centre[1]) / radius
        spot = np.clip(1.6 - dist, 0, 1)[..., None] * np.float32(255 * 1.5)
        composed = composed + spot * alpha
    if noise > 0:
        composed += nprng.standard_normal(composed.shape, dtype=np.float32) * np.float32(noise)
    out = cv2.convertScaleAbs(np.clip(composed, 0, 255))
    if blur_sigma > 0:
        out = cv2.GaussianBlur(out, (0, 0), blur_sigma)
    return Photo(frame=out, corners=corners.astype(np.float32), homography=homography)
