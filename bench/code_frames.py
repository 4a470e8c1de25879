"""Reproducible degraded camera frames with QR codes, and the truth about each.

Frame ``i`` of seed ``s`` depends only on ``(s, i)``, so the first 60 frames of a 300-frame
run are the same 60 frames a test uses. Each frame is a 1280x720 grey image of a scene: a
cluttered background, a paper slip or phone screen with a QR code on it (a receipt code, a
draft code, an enrolment code, a URL, or an electronic-social-security-card-like token), seen
through a camera: slight rotation and tilt, lens blur, sensor noise, sometimes MJPEG.

On top of that each frame has one degradation (a quarter of them a second one) at strength
1, 2 or 3, applied at the physical stage where it happens: geometry when the code is
rendered (small modules, tilt, rotation), light in the scene (low contrast, glare,
occlusion by a finger), optics (Gaussian and motion blur), the sensor (noise), the codec
(JPEG). Empty frames are the same scenes with no code (a slip with printed lines instead).
"""

from __future__ import annotations

import math
import string
from collections.abc import Iterator
from dataclasses import dataclass

import cv2
import numpy as np
import segno

from devices.codes.payloads import PayloadKind, encode_payload, receipt_check_char

WIDTH, HEIGHT = 1280, 720
DEFAULT_SEED = 20261122
DEGRADATIONS = (
    "small_modules",
    "gaussian_blur",
    "motion_blur",
    "noise",
    "low_contrast",
    "tilt",
    "rotation",
    "jpeg",
    "glare",
    "occlusion",
)
_SUPERSAMPLE = 2  # the code is drawn at twice the resolution, then area-averaged like a sensor


@dataclass(frozen=True)
class CodeFrame:
    """One frame and its truth. ``payload`` is None for an empty frame."""

    index: int
    image: np.ndarray
    payload: str | None
    degradations: tuple[tuple[str, int], ...]
    module_px: float
    corners: tuple[tuple[float, float], ...]

    @property
    def kind(self) -> str:
        """The first (main) degradation's name, or ``empty``."""
        return self.degradations[0][0] if self.degradations else "empty"

    @property
    def label(self) -> str:
        return "+".join(f"{name}:{level}" for name, level in self.degradations) or "empty"


# -- payloads ----------------------------------------------------------------------------------

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_B64 = string.ascii_letters + string.digits + "+/"


def _receipt_number(rng: np.random.Generator) -> str:
    device = rng.choice(["K1", "KS01", "XC02", "ZF7", "HB0031"])
    date = f"2026{rng.integers(1, 13):02d}{rng.integers(1, 29):02d}"
    sequence = f"{rng.integers(1, 2_000_000):06d}"
    return f"{device}-{date}-{sequence}-{receipt_check_char(device + date + sequence)}"


def random_payload(rng: np.random.Generator) -> str:
    """A realistic payload: what people actually hold up to a kiosk camera."""
    roll = rng.random()
    if roll < 0.30:
        return encode_payload(PayloadKind.RECEIPT, _receipt_number(rng))
    if roll < 0.45:
        code = "".join(rng.choice(list(_CROCKFORD), size=10))
        return encode_payload(PayloadKind.DRAFT, code)
    if roll < 0.50:
        token = "".join(rng.choice(list(_CROCKFORD), size=24))
        return encode_payload(PayloadKind.ENROLMENT, f"ZWFW.EXAMPLE.GOV.CN:8443/{token}")
    if roll < 0.75:
        receipt = _receipt_number(rng)
        host = rng.choice(["zwfw.example.gov.cn", "www.example-zwfw.cn", "m.example.gov.cn"])
        path = rng.choice(["progress", "query/status", "s/jd"])
        return f"https://{host}/{path}?no={receipt}&src=kiosk"
    # Electronic social-security-card-like: region, a dated opaque signed token.
    token = "".join(rng.choice(list(_B64), size=int(rng.integers(64, 112))))
    region = f"{rng.integers(11, 66)}{rng.integers(0, 10000):04d}"
    return f"ESSC|1|{region}|2026{rng.integers(1, 13):02d}|{token}"


# -- scene -------------------------------------------------------------------------------------


def _smooth_field(rng: np.random.Generator, cells: tuple[int, int], size: tuple[int, int]):
    small = rng.random(cells, dtype=np.float32)
    return cv2.resize(small, size, interpolation=cv2.INTER_CUBIC)


def _background(rng: np.random.Generator) -> np.ndarray:
    base = 60 + 120 * _smooth_field(rng, (4, 6), (WIDTH, HEIGHT))
    base += 25 * (_smooth_field(rng, (36, 64), (WIDTH, HEIGHT)) - 0.5)
    for _ in range(int(rng.integers(3, 9))):  # desk clutter: boxes, cables, printed matter
        x, y = int(rng.integers(0, WIDTH)), int(rng.integers(0, HEIGHT))
        w, h = int(rng.integers(40, 400)), int(rng.integers(20, 260))
        shade = float(rng.uniform(20, 235))
        if rng.random() < 0.5:
            cv2.rectangle(base, (x, y), (x + w, y + h), shade, -1)
        else:
            cv2.line(base, (x, y), (x + w, y + h), shade, int(rng.integers(2, 12)))
    for _ in range(int(rng.integers(0, 4))):  # text-like rows: high-frequency, not a code
        x, y = int(rng.integers(0, WIDTH - 300)), int(rng.integers(0, HEIGHT - 60))
        for row in range(int(rng.integers(2, 7))):
            for col in range(int(rng.integers(5, 20))):
                cx = x + col * 14 + int(rng.integers(0, 4))
                cv2.rectangle(base, (cx, y + row * 18), (cx + 9, y + row * 18 + 11), 35.0, 1)
    return base.astype(np.float32)


def _code_canvas(
    rng: np.random.Generator, payload: str | None, *, px: int
) -> tuple[np.ndarray, float, tuple[int, int, int, int]]:
    """The slip with its code at ``px`` pixels a module; the code's box inside it (x0,y0,x1,y1)."""
    if payload is not None:
        qr = segno.make(payload, error=str(rng.choice(["m", "q"])), micro=False)
        matrix = np.array(qr.matrix, dtype=np.uint8)
    else:  # an empty frame still has a slip with print on it
        matrix = np.zeros((25, 25), dtype=np.uint8)
    modules = matrix.shape[0]
    quiet = int(rng.integers(2, 5))
    margin = int(rng.integers(0, 8))  # printed text around the code on the slip, in modules
    side = modules + 2 * (quiet + margin)
    paper = np.ones((side, side), dtype=np.float32)
    start = quiet + margin
    paper[start : start + modules, start : start + modules] = 1.0 - matrix
    canvas = cv2.resize(paper, (side * px, side * px), interpolation=cv2.INTER_NEAREST)
    if payload is None or margin >= 3:
        for _ in range(int(rng.integers(2, 8))):
            row = int(rng.integers(0, side * px - px))
            col = int(rng.integers(0, side * px // 2))
            if payload is not None and start * px - px < row < (start + modules) * px:
                continue  # print stays off the code and its quiet zone
            width = int(rng.integers(side * px // 6, side * px // 2))
            canvas[row : row + px, col : col + width] = 0.0
    box = (start * px, start * px, (start + modules) * px, (start + modules) * px)
    return canvas, float(side), box


def _project(
    rng: np.random.Generator, *, side_px: float, rotation_deg: float, tilt_deg: float
) -> np.ndarray:
    """Corners (TL, TR, BR, BL) of a square of ``side_px`` seen by a pinhole camera."""
    focal = 1100.0
    half = side_px / 2.0
    square = np.array([[-half, -half, 0], [half, -half, 0], [half, half, 0], [-half, half, 0]])
    axis_angle = rng.uniform(0, math.pi)
    axis = np.array([math.cos(axis_angle), math.sin(axis_angle), 0.0])
    tilt, _ = cv2.Rodrigues(axis * math.radians(tilt_deg))
    spin, _ = cv2.Rodrigues(np.array([0.0, 0.0, math.radians(rotation_deg)]))
    points = square @ (tilt @ spin).T
    points[:, 2] += focal  # the code's centre is where it would be side_px wide, face on
    return focal * points[:, :2] / points[:, 2:3]


def _render_code(
    rng: np.random.Generator,
    frame: np.ndarray,
    payload: str | None,
    *,
    module_px: float,
    rotation_deg: float,
    tilt_deg: float,
    ink: float,
    paper: float,
    inverted: bool,
) -> tuple[tuple[float, float], ...]:
    px = 8
    canvas, side_modules, box = _code_canvas(rng, payload, px=px)
    if inverted:
        canvas = 1.0 - canvas
    side_px = side_modules * module_px
    quad = _project(rng, side_px=side_px, rotation_deg=rotation_deg, tilt_deg=tilt_deg)
    span = quad.max(axis=0) - quad.min(axis=0)
    cx = rng.uniform(span[0] / 2 + 10, WIDTH - span[0] / 2 - 10) if span[0] < WIDTH - 20 else 640
    cy = rng.uniform(span[1] / 2 + 10, HEIGHT - span[1] / 2 - 10) if span[1] < HEIGHT - 20 else 360
    quad = quad + np.array([cx, cy])
    size = canvas.shape[0]
    src = np.float32([[0, 0], [size, 0], [size, size], [0, size]])
    x0, y0 = np.floor(quad.min(axis=0)).astype(int) - 2
    x1, y1 = np.ceil(quad.max(axis=0)).astype(int) + 2
    x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, WIDTH), min(y1, HEIGHT)
    local = (quad - np.array([x0, y0])) * _SUPERSAMPLE
    homography = cv2.getPerspectiveTransform(src, np.float32(local))
    out_size = ((x1 - x0) * _SUPERSAMPLE, (y1 - y0) * _SUPERSAMPLE)
    scale = px / (module_px * _SUPERSAMPLE)
    if scale > 1.0:  # pre-filter what the warp will shrink, as a lens would
        canvas = cv2.GaussianBlur(canvas, (0, 0), 0.45 * scale)
    slip = cv2.warpPerspective(canvas, homography, out_size, flags=cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.ones_like(canvas), homography, out_size, flags=cv2.INTER_LINEAR)
    shrink = (x1 - x0, y1 - y0)
    slip = cv2.resize(slip, shrink, interpolation=cv2.INTER_AREA)
    mask = cv2.resize(mask, shrink, interpolation=cv2.INTER_AREA)
    values = ink + (paper - ink) * slip
    region = frame[y0:y1, x0:x1]
    region[:] = region * (1.0 - mask) + values * mask
    code_src = np.float32([[box[0], box[1]], [box[2], box[1]], [box[2], box[3]], [box[0], box[3]]])
    full = cv2.getPerspectiveTransform(src, np.float32(quad))
    corners = cv2.perspectiveTransform(code_src[None], full)[0]
    return tuple((float(x), float(y)) for x, y in corners)


# -- degradations ------------------------------------------------------------------------------

_LEVELS = {  # (low, high) of the parameter at strength 1, 2, 3
    "small_modules": ((2.0, 2.4), (1.7, 2.0), (1.45, 1.7)),  # pixels per module
    "gaussian_blur": ((0.9, 1.5), (1.5, 2.1), (2.1, 2.8)),  # sigma, pixels
    "motion_blur": ((3.0, 6.0), (6.0, 10.0), (10.0, 16.0)),  # length, pixels
    "noise": ((10.0, 18.0), (18.0, 28.0), (28.0, 40.0)),  # sigma, grey levels
    "low_contrast": ((50.0, 80.0), (30.0, 50.0), (15.0, 30.0)),  # paper minus ink
    "tilt": ((25.0, 40.0), (40.0, 52.0), (52.0, 65.0)),  # degrees out of plane
    "rotation": ((10.0, 45.0), (45.0, 135.0), (135.0, 180.0)),  # degrees in plane
    "jpeg": ((25.0, 40.0), (12.0, 25.0), (5.0, 12.0)),  # quality
    "glare": ((0.08, 0.14), (0.14, 0.22), (0.22, 0.32)),  # highlight radius / code side
    "occlusion": ((0.01, 0.03), (0.03, 0.06), (0.06, 0.1)),  # share of the code covered
}


def _param(rng: np.random.Generator, name: str, level: int) -> float:
    low, high = _LEVELS[name][level - 1]
    return float(rng.uniform(low, high))


def _motion_kernel(length: float, angle_deg: float) -> np.ndarray:
    size = math.ceil(length) | 1
    kernel = np.zeros((size, size), dtype=np.float32)
    centre = size // 2
    dx, dy = math.cos(math.radians(angle_deg)), math.sin(math.radians(angle_deg))
    for t in np.linspace(-length / 2, length / 2, int(length * 4) + 1):
        kernel[round(centre + t * dy), round(centre + t * dx)] += 1.0
    return kernel / kernel.sum()


def _glare(rng, frame, corners, *, radius_share: float) -> None:
    quad = np.array(corners)
    side = float(np.linalg.norm(quad[1] - quad[0]) + np.linalg.norm(quad[3] - quad[0])) / 2
    centre = quad.mean(axis=0) + rng.uniform(-0.35, 0.35, size=2) * side
    rx = radius_share * side * rng.uniform(0.8, 1.8)
    ry = radius_share * side * rng.uniform(0.5, 1.0)
    theta = rng.uniform(0, math.pi)
    ys, xs = np.mgrid[0:HEIGHT, 0:WIDTH].astype(np.float32)
    u = (xs - centre[0]) * math.cos(theta) + (ys - centre[1]) * math.sin(theta)
    v = -(xs - centre[0]) * math.sin(theta) + (ys - centre[1]) * math.cos(theta)
    spot = np.exp(-(((u / rx) ** 2 + (v / ry) ** 2) ** 1.5))  # flat-topped: a window's reflection
    veil = np.exp(-((u / (3 * rx)) ** 2 + (v / (3 * ry)) ** 2))
    frame += spot * rng.uniform(180, 320) + veil * rng.uniform(20, 60)


def _occlude(rng, frame, corners, *, share: float) -> None:
    """A fingertip coming in from one side of the code, covering ``share`` of it."""
    quad = np.array(corners)
    side = float(np.linalg.norm(quad[1] - quad[0]) + np.linalg.norm(quad[3] - quad[0])) / 2
    edge = int(rng.integers(0, 4))
    a, b = quad[edge], quad[(edge + 1) % 4]
    inward = quad.mean(axis=0) - (a + b) / 2
    inward /= np.linalg.norm(inward)
    width = side * rng.uniform(0.3, 0.45)
    depth = share * side * side / width  # area covered inside the code ~ width * depth
    entry = a + (b - a) * rng.uniform(0.2, 0.8)
    tip = entry + inward * depth
    base = entry - inward * side  # the finger continues out of the code
    mask = np.zeros((HEIGHT, WIDTH), dtype=np.uint8)
    cv2.line(mask, tuple(np.int32(base)), tuple(np.int32(tip)), 255, int(width))
    cv2.circle(mask, tuple(np.int32(tip)), int(width / 2), 255, -1)
    soft = cv2.GaussianBlur(mask.astype(np.float32) / 255.0, (0, 0), 2.0)
    skin = rng.uniform(120, 190) + 20 * (_smooth_field(rng, (6, 10), (WIDTH, HEIGHT)) - 0.5)
    frame[:] = frame * (1.0 - soft) + skin * soft


def _frame_rng(seed: int, index: int) -> np.random.Generator:
    return np.random.default_rng([seed, index])


def make_frame(
    index: int, *, seed: int = DEFAULT_SEED, empty: bool = False, degrade: bool = True
) -> CodeFrame:
    """Frame ``index`` of the set ``seed``; the main degradation cycles through DEGRADATIONS.

    ``degrade=False`` draws the same scene through the plain camera only (for comparison).
    """
    rng = _frame_rng(seed, index if not empty else 1_000_000 + index)
    degradations: list[tuple[str, int]] = [
        (DEGRADATIONS[index % len(DEGRADATIONS)], int(rng.integers(1, 4)))
    ]
    if rng.random() < 0.25:
        others = [name for name in DEGRADATIONS if name != degradations[0][0]]
        degradations.append((str(rng.choice(others)), int(rng.integers(1, 3))))
    chosen = dict(degradations) if degrade else {}

    payload = None if empty else random_payload(rng)
    frame = _background(rng)
    module_px = float(rng.uniform(2.4, 6.0))
    if "small_modules" in chosen:
        module_px = _param(rng, "small_modules", chosen["small_modules"])
    rotation = float(rng.uniform(-10, 10))
    if "rotation" in chosen:
        rotation = _param(rng, "rotation", chosen["rotation"]) * float(rng.choice([-1, 1]))
    tilt = float(rng.uniform(0, 15))
    if "tilt" in chosen:
        tilt = _param(rng, "tilt", chosen["tilt"])
    paper = float(rng.uniform(185, 245))
    ink = float(rng.uniform(15, 60))
    if "low_contrast" in chosen:
        contrast = _param(rng, "low_contrast", chosen["low_contrast"])
        middle = float(rng.uniform(60 + contrast / 2, 220 - contrast / 2))
        paper, ink = middle + contrast / 2, middle - contrast / 2
    inverted = payload is not None and rng.random() < 0.05  # a phone app in dark mode
    corners = _render_code(
        rng,
        frame,
        payload,
        module_px=module_px,
        rotation_deg=rotation,
        tilt_deg=tilt,
        ink=ink,
        paper=paper,
        inverted=inverted,
    )
    # Scene light: uneven illumination on everything, then glare and fingers.
    frame *= 0.75 + 0.5 * _smooth_field(rng, (2, 3), (WIDTH, HEIGHT))
    if "glare" in chosen:
        _glare(rng, frame, corners, radius_share=_param(rng, "glare", chosen["glare"]))
    if "occlusion" in chosen:
        _occlude(rng, frame, corners, share=_param(rng, "occlusion", chosen["occlusion"]))
    # Optics.
    frame = cv2.GaussianBlur(frame, (0, 0), float(rng.uniform(0.4, 0.8)))
    if "gaussian_blur" in chosen:
        sigma = _param(rng, "gaussian_blur", chosen["gaussian_blur"])
        frame = cv2.GaussianBlur(frame, (0, 0), sigma)
    if "motion_blur" in chosen:
        length = _param(rng, "motion_blur", chosen["motion_blur"])
        kernel = _motion_kernel(length, float(rng.uniform(0, 180)))
        frame = cv2.filter2D(frame, -1, kernel, borderType=cv2.BORDER_REFLECT)
    # Sensor: read noise always, more in dim light; the ADC clips.
    sigma = float(rng.uniform(1.5, 3.5))
    if "noise" in chosen:
        sigma = _param(rng, "noise", chosen["noise"])
    frame += rng.standard_normal(frame.shape, dtype=np.float32) * sigma
    image = np.clip(frame, 0, 255).astype(np.uint8)
    # Codec: many USB cameras send MJPEG.
    quality = int(rng.uniform(70, 95)) if rng.random() < 0.5 else None
    if "jpeg" in chosen:
        quality = int(_param(rng, "jpeg", chosen["jpeg"]))
    if quality is not None:
        _, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
        image = cv2.imdecode(data, cv2.IMREAD_GRAYSCALE)
    return CodeFrame(
        index=index,
        image=image,
        payload=payload,
        degradations=tuple(degradations) if degrade and not empty else (),
        module_px=module_px,
        corners=corners if not empty else (),
    )


def iter_frames(count: int, *, seed: int = DEFAULT_SEED, start: int = 0) -> Iterator[CodeFrame]:
    """Frames ``start`` .. ``start + count - 1`` with codes."""
    for index in range(start, start + count):
        yield make_frame(index, seed=seed)


def iter_empty_frames(count: int, *, seed: int = DEFAULT_SEED) -> Iterator[CodeFrame]:
    """Scenes with no code in them (with the same degradations), for false reads and cost."""
    for index in range(count):
        yield make_frame(index, seed=seed, empty=True)
