"""A camera that plays a folder of images or a video file: the stand-in with no camera attached.

Frames go through exactly the code a real camera's do (:class:`devices.camera.base.Camera`):
the folder or file disappearing mid-use is an unplugged camera (:class:`CameraDisconnected`),
and it recovers when the path is back. Images in a folder play in name order; ``loop`` starts
again at the end, otherwise the end raises :class:`EndOfFrames`. ``fps`` paces ``read()`` like a
real camera (a scan loop on files would otherwise spin a core); ``None`` returns at once.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from devices.camera.base import Camera, CameraUnavailable
from devices.text import N_

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".webp", ".bmp", ".tif", ".tiff"})
_CACHE_LIMIT = 64  # decoded images kept in memory (sample sets are small; a folder may not be)


class EndOfFrames(CameraUnavailable):
    """A non-looping FileCamera has played every frame."""

    def __init__(self, *, detail: str) -> None:
        super().__init__(detail=detail)
        self.message = N_("没有更多画面了")


def image_files(folder: Path) -> list[Path]:
    """The images in ``folder`` that FileCamera plays, in order."""
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file())


class FileCamera(Camera):
    name = "file"

    def __init__(
        self,
        path: str | Path,
        *,
        loop: bool = True,
        fps: float | None = None,
        grey: bool = False,
        retry_interval: float = 1.0,
        clock: Callable[[], float] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        extra: dict[str, Any] = {} if clock is None else {"clock": clock}
        super().__init__(retry_interval=retry_interval, **extra)
        self.path = Path(path)
        self.loop, self.fps, self.grey = loop, fps, grey
        self._sleep = sleep
        self._files: list[Path] = []
        self._video: Any = None
        self._position = 0
        self._cache: dict[Path, np.ndarray] = {}
        self._next_due: float | None = None

    def describe(self) -> str:
        return f"{self.name}:{self.path}"

    @property
    def frame_count(self) -> int | None:
        """Images in the folder (None for a video, or before the first open)."""
        return len(self._files) if self._files else None

    def _open(self) -> None:
        if self.path.is_dir():
            files = image_files(self.path)
            if not files:
                raise CameraUnavailable(detail=f"{self.path}: no images")
            if files != self._files:
                self._files, self._position = files, 0
                self._cache.clear()
        elif self.path.is_file():
            video = cv2.VideoCapture(str(self.path))
            if not video.isOpened():
                video.release()
                raise CameraUnavailable(detail=f"{self.path}: not a video OpenCV can read")
            self._video = video
            if self._position:  # back after an unplug: carry on where we were
                video.set(cv2.CAP_PROP_POS_FRAMES, self._position)
        else:
            raise CameraUnavailable(detail=f"{self.path} does not exist")

    def _grab_frame(self) -> np.ndarray:
        self._pace()
        image = self._next_video_frame() if self._video is not None else self._next_image()
        if self.grey and image.ndim == 3:
            image = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        return image

    def _next_image(self) -> np.ndarray:
        if not self.path.is_dir():
            raise CameraUnavailable(detail=f"{self.path} went away")
        if self._position >= len(self._files):
            if not self.loop:
                raise EndOfFrames(detail=f"{self.path}: all {len(self._files)} frames played")
            self._position = 0
        path = self._files[self._position]
        image = self._cache.get(path)
        if image is None:
            image = cv2.imread(str(path), cv2.IMREAD_COLOR)
            if image is None:
                raise CameraUnavailable(detail=f"{path.name}: cannot be read as an image")
            if len(self._cache) < _CACHE_LIMIT:
                self._cache[path] = image
        self._position += 1
        return image

    def _next_video_frame(self) -> np.ndarray:
        if not self.path.exists():
            raise CameraUnavailable(detail=f"{self.path} went away")
        ok, image = self._video.read()
        if not ok and self.loop and self._position:
            self._video.set(cv2.CAP_PROP_POS_FRAMES, 0)
            self._position = 0
            ok, image = self._video.read()
        if not ok or image is None:
            if not self.loop:
                raise EndOfFrames(detail=f"{self.path}: end of video")
            raise CameraUnavailable(detail=f"{self.path}: no frame")
        self._position += 1
        return image

    def _pace(self) -> None:
        if not self.fps:
            return
        now = time.monotonic()
        if self._next_due is not None and now < self._next_due:
            self._sleep(self._next_due - now)
            now = self._next_due
        self._next_due = now + 1.0 / self.fps

    def _close(self) -> None:
        video, self._video = self._video, None
        if video is not None:
            video.release()

    def rewind(self) -> None:
        """Play from the first frame again."""
        with self._lock:
            self._position = 0
            if self._video is not None:
                self._video.set(cv2.CAP_PROP_POS_FRAMES, 0)
