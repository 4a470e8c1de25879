"""A camera through OpenCV's ``VideoCapture``: a V4L2 device index or path, or a stream URL.

USB cameras on Linux are opened with the V4L2 backend (``/dev/video0`` or index ``0``); any
other source (an RTSP URL, a video file) with whatever backend OpenCV picks. Resolution and
frame rate are requests: the driver picks the nearest mode it has, and :meth:`describe` reports
what it actually gave. The driver's read timeout is shortened so an unplugged camera is noticed
within about a second instead of V4L2's ten.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

import cv2
import numpy as np

from devices.camera.base import Camera, CameraUnavailable

READ_TIMEOUT_MS = 1500


class OpenCVCamera(Camera):
    name = "opencv"

    def __init__(
        self,
        source: int | str = 0,
        *,
        width: int | None = 1280,
        height: int | None = 720,
        fps: float | None = 30.0,
        fourcc: str | None = "MJPG",
        retry_interval: float = 1.0,
        clock: Callable[[], float] | None = None,
    ) -> None:
        extra: dict[str, Any] = {} if clock is None else {"clock": clock}
        super().__init__(retry_interval=retry_interval, **extra)
        if isinstance(source, str) and source.isdigit():
            source = int(source)
        self.source = source
        self.width, self.height, self.fps, self.fourcc = width, height, fps, fourcc
        self._capture: Any = None
        self._actual: tuple[int, int, float] | None = None

    @classmethod
    def is_usable(cls) -> bool:
        return hasattr(cv2, "VideoCapture")

    def _is_device(self) -> bool:
        return isinstance(self.source, int) or str(self.source).startswith("/dev/video")

    def describe(self) -> str:
        where = f"{self.name}:{self.source}"
        if self._actual is not None:
            w, h, fps = self._actual
            where += f" {w}x{h}@{fps:g}"
        return where

    def _open(self) -> None:
        node = self.source if isinstance(self.source, str) else f"/dev/video{self.source}"
        local = node.startswith("/") or (sys.platform.startswith("linux") and node != self.source)
        if local and not os.path.exists(node):
            # Checked first: OpenCV would print a warning to stderr and fail all the same.
            raise CameraUnavailable(detail=f"{node} does not exist")
        api = cv2.CAP_V4L2 if self._is_device() else cv2.CAP_ANY
        params: list[int] = []
        if hasattr(cv2, "CAP_PROP_OPEN_TIMEOUT_MSEC"):
            params += [cv2.CAP_PROP_OPEN_TIMEOUT_MSEC, READ_TIMEOUT_MS]
        if hasattr(cv2, "CAP_PROP_READ_TIMEOUT_MSEC"):
            params += [cv2.CAP_PROP_READ_TIMEOUT_MSEC, READ_TIMEOUT_MS]
        capture = cv2.VideoCapture(self.source, api, params)
        if not capture.isOpened():
            capture.release()
            raise CameraUnavailable(detail=f"{self.describe()}: VideoCapture did not open")
        if self._is_device():
            if self.fourcc:  # MJPEG: the only way most USB 2 cameras give 720p at 30 fps
                capture.set(cv2.CAP_PROP_FOURCC, cv2.VideoWriter.fourcc(*self.fourcc))
            if self.width:
                capture.set(cv2.CAP_PROP_FRAME_WIDTH, self.width)
            if self.height:
                capture.set(cv2.CAP_PROP_FRAME_HEIGHT, self.height)
            if self.fps:
                capture.set(cv2.CAP_PROP_FPS, self.fps)
            capture.set(cv2.CAP_PROP_BUFFERSIZE, 1)  # the newest frame, not a stale queue
        self._capture = capture
        self._actual = (
            int(capture.get(cv2.CAP_PROP_FRAME_WIDTH)),
            int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT)),
            float(capture.get(cv2.CAP_PROP_FPS)),
        )

    def _grab_frame(self) -> np.ndarray:
        ok, image = self._capture.read()
        if not ok or image is None:
            raise CameraUnavailable(detail=f"{self.describe()}: read() gave no frame")
        return image

    def _close(self) -> None:
        capture, self._capture = self._capture, None
        if capture is not None:
            capture.release()
