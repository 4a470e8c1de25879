"""Document capture output: bytes and legibility of an A4 page, beside lossless PNG of it.

Synthetic A4 pages (:mod:`devices.capture.testpage`) photographed by a 5-megapixel document
camera (2592x1944) go through :class:`devices.capture.DocumentCapture` (perspective, deskew,
A4 at 150 dpi = 1240x1754). Each capture is stored as JPEG at several qualities and as WebP,
beside the same page as PNG (lossless: the baseline, measured in the same run).

Legibility is measured against the page as printed: both are binarised (ink / paper) and the
share of the printed ink pixels found again, and of found ink that is really ink, give an F1
score of the strokes; a capture that blurs or blocks text loses strokes and F1 drops. The
figure for the default setting (JPEG quality 70) is the one docs/devices.md discusses.
"""

from __future__ import annotations

import statistics
import time

import cv2
import numpy as np

from devices.capture import CaptureSettings, DocumentCapture, testpage
from devices.capture.encode import encode_image
from devices.capture.rectify import deskew, output_size, warp

PAGES = 4
FRAME = (2592, 1944)
QUALITIES = (60, 70, 80, 90)


def _ink(gray: np.ndarray) -> np.ndarray:
    return cv2.adaptiveThreshold(gray, 1, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 20)


def stroke_f1(data: bytes, page: np.ndarray) -> float:
    """F1 of ink pixels (one pixel of slack) between a stored capture and the printed page."""
    decoded = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_GRAYSCALE)
    truth = cv2.cvtColor(page, cv2.COLOR_BGR2GRAY)
    decoded = cv2.resize(decoded, (truth.shape[1], truth.shape[0]), interpolation=cv2.INTER_AREA)
    found, printed = _ink(decoded), _ink(truth)
    kernel = np.ones((3, 3), np.uint8)
    recall = float((found & cv2.dilate(printed, kernel)).sum() / max(printed.sum(), 1))
    precision = float((printed & cv2.dilate(found, kernel)).sum() / max(found.sum(), 1))
    return 0.0 if recall + precision == 0 else 2 * recall * precision / (recall + precision)


def run(*, pages: int = PAGES) -> dict:
    capture = DocumentCapture(CaptureSettings(steady_seconds=0.0))
    rows: dict[str, list[tuple[int, float]]] = {}
    png_bytes: list[int] = []
    capture_ms: list[float] = []
    for seed in range(pages):
        page = testpage.render_page(seed)
        corners = testpage.place_page(testpage.A4_150DPI, FRAME, seed=seed, coverage=(0.35, 0.45))
        shot = testpage.photograph(page, seed=seed, frame_size=FRAME, corners=corners)
        start = time.perf_counter()
        document = capture.capture_now(shot.frame)
        capture_ms.append((time.perf_counter() - start) * 1000.0)
        rows.setdefault("jpeg70 (default)", []).append(
            (len(document.data), stroke_f1(document.data, page))
        )
        quad = np.array(document.quad, np.float32)
        flat, _ = deskew(warp(shot.frame, quad, output_size(quad)))
        ok, png = cv2.imencode(".png", flat)
        assert ok
        png_bytes.append(len(png))
        rows.setdefault("png (lossless)", []).append((len(png), stroke_f1(png.tobytes(), page)))
        for dpi in (100, 75):  # fewer pixels: what does lose strokes
            small = cv2.resize(flat, None, fx=dpi / 150, fy=dpi / 150, interpolation=cv2.INTER_AREA)
            encoded = encode_image(small, quality=70, max_bytes=10**9)
            rows.setdefault(f"jpeg70 at {dpi} dpi", []).append(
                (len(encoded.data), stroke_f1(encoded.data, page))
            )
        for quality in QUALITIES:
            for fmt in ("jpeg", "webp"):
                encoded = encode_image(flat, fmt=fmt, quality=quality, max_bytes=10**9)
                rows.setdefault(f"{fmt}{quality}", []).append(
                    (len(encoded.data), stroke_f1(encoded.data, page))
                )
    table = {
        name: {
            "kb": round(statistics.fmean(b for b, _ in values) / 1000, 1),
            "stroke_f1": round(statistics.fmean(f for _, f in values), 4),
        }
        for name, values in rows.items()
    }
    default = table["jpeg70 (default)"]
    png = table["png (lossless)"]
    return {
        "name": "capture_size",
        "pages": pages,
        "frame": f"{FRAME[0]}x{FRAME[1]}",
        "output": f"{testpage.A4_150DPI[0]}x{testpage.A4_150DPI[1]}",
        "kb": default["kb"],
        "stroke_f1": default["stroke_f1"],
        "capture_ms": round(statistics.median(capture_ms), 1),
        "baseline": {"name": "png_lossless", "kb": png["kb"], "stroke_f1": png["stroke_f1"]},
        "ratio_bytes": round(default["kb"] / png["kb"], 3),
        "table": table,
        "text": (
            f"capture_size (A4 at 150 dpi from {FRAME[0]}x{FRAME[1]}, {pages} pages): JPEG q70 "
            f"{default['kb']:.0f} KB, stroke F1 {default['stroke_f1']:.3f}, capture "
            f"{statistics.median(capture_ms):.0f} ms | baseline PNG {png['kb']:.0f} KB, stroke F1 "
            f"{png['stroke_f1']:.3f} | ratio bytes {default['kb'] / png['kb']:.2f}× | "
            + ", ".join(f"{k} {v['kb']:.0f} KB/{v['stroke_f1']:.3f}" for k, v in table.items())
        ),
    }
