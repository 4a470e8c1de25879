"""Encoding a captured page for storage and upload: JPEG or WebP under a byte budget.

The quality steps down from ``quality`` until the file fits ``max_bytes``; if even the lowest
quality does not fit, the page is scaled down and tried again. The measured size and
legibility figures behind the defaults are in docs/devices.md (``kiosk bench`` prints them).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from devices.errors import DeviceError
from devices.text import N_

MAX_BYTES = 300_000
DEFAULT_QUALITY = 80
LOWEST_QUALITY = 40
_MIME = {"jpeg": "image/jpeg", "webp": "image/webp"}


@dataclass(frozen=True)
class EncodedImage:
    data: bytes
    mime: str
    quality: int
    size: tuple[int, int]  # (width, height) of the encoded image


def encode_image(
    image: np.ndarray,
    *,
    fmt: str = "jpeg",
    quality: int = DEFAULT_QUALITY,
    max_bytes: int = MAX_BYTES,
) -> EncodedImage:
    """The smallest change to ``quality`` (then size) that fits ``max_bytes``."""
    if fmt not in _MIME:
        raise ValueError(f"unknown image format {fmt!r}")
    flag = cv2.IMWRITE_JPEG_QUALITY if fmt == "jpeg" else cv2.IMWRITE_WEBP_QUALITY
    extra = [cv2.IMWRITE_JPEG_OPTIMIZE, 1] if fmt == "jpeg" else []
    current = image
    for _ in range(6):
        q = quality
        while True:
            ok, data = cv2.imencode(f".{fmt}", current, [flag, q, *extra])
            if not ok:
                raise DeviceError(N_("材料照片保存失败，请重拍"), detail=f"imencode {fmt} failed")
            if len(data) <= max_bytes or q <= LOWEST_QUALITY:
                break
            q = max(LOWEST_QUALITY, q - 10)
        if len(data) <= max_bytes:
            h, w = current.shape[:2]
            return EncodedImage(data.tobytes(), _MIME[fmt], q, (w, h))
        current = cv2.resize(current, None, fx=0.85, fy=0.85, interpolation=cv2.INTER_AREA)
    raise DeviceError(N_("材料照片太大，请重拍"), detail=f"{fmt} does not fit {max_bytes} bytes")
