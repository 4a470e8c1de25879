"""Sample frames for the stand-in camera: a desk, then a receipt slip with its QR code.

Written on first use into a folder that a :class:`~devices.camera.file_camera.FileCamera`
plays, so the kiosk without a camera still runs the real scanner on real pixels. The slip
carries a demo receipt code (``ZWK1:R:...``, a receipt number of the demo device ``DEMO``);
nothing here is anyone's data.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import segno

from devices.codes.payloads import PayloadKind, encode_payload, receipt_check_char

SIZE = (1280, 720)
DEMO_RECEIPT = "DEMO-20261122-000001-" + receipt_check_char("DEMO20261122000001")
EMPTY_FRAMES = 6
CODE_FRAMES = 6


def demo_receipt_payload() -> str:
    return encode_payload(PayloadKind.RECEIPT, DEMO_RECEIPT)


def _desk(rng: np.random.Generator) -> np.ndarray:
    w, h = SIZE
    base = np.full((h, w, 3), (92, 110, 128), np.float32)
    base += rng.normal(0, 4, (h, w, 1)).astype(np.float32)
    return base


def _slip(payload: str, *, module: int) -> np.ndarray:
    matrix = np.array(segno.make(payload, error="m", micro=False).matrix, np.uint8)
    code = cv2.resize(
        (1 - matrix) * 255, None, fx=module, fy=module, interpolation=cv2.INTER_NEAREST
    )
    margin = 6 * module
    slip = np.full((code.shape[0] + 2 * margin, code.shape[1] + 2 * margin), 240, np.uint8)
    slip[margin:-margin, margin:-margin] = code
    return cv2.cvtColor(slip, cv2.COLOR_GRAY2BGR)


def render_frames(*, seed: int = 7) -> list[np.ndarray]:
    """The sample stream: a few empty frames, then the slip coming into view and held."""
    rng = np.random.default_rng(seed)
    frames = [np.clip(_desk(rng), 0, 255).astype(np.uint8) for _ in range(EMPTY_FRAMES)]
    slip = _slip(demo_receipt_payload(), module=5)
    sh, sw = slip.shape[:2]
    for step in range(CODE_FRAMES):
        frame = _desk(rng)
        x = SIZE[0] // 2 - sw // 2 + max(0, 3 - step) * 60
        y = SIZE[1] // 2 - sh // 2
        centre = (sw / 2, sh / 2)
        turn = cv2.getRotationMatrix2D(centre, 8.0 - step, 1.0)
        turn[:, 2] += (x, y)
        warped = cv2.warpAffine(slip, turn, SIZE, borderValue=(0, 0, 0))
        mask = cv2.warpAffine(np.ones((sh, sw), np.float32), turn, SIZE)[..., None]
        frame = frame * (1 - mask) + warped.astype(np.float32) * mask
        frames.append(np.clip(frame, 0, 255).astype(np.uint8))
    return frames


def write_sample_frames(folder: Path) -> Path:
    """Writes the sample stream into ``folder`` (once) and returns it."""
    folder = Path(folder)
    if folder.is_dir() and len(list(folder.glob("*.jpg"))) == EMPTY_FRAMES + CODE_FRAMES:
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    for n, frame in enumerate(render_frames()):
        cv2.imwrite(str(folder / f"frame-{n:02d}.jpg"), frame, [cv2.IMWRITE_JPEG_QUALITY, 88])
    return folder
