"""Document capture for the materials screen: ``devices.capture`` adapted to Qt signals.

Two ways, both through the real capture pipeline (page detection, blur and glare checks,
perspective correction, JPEG):

* live: a :class:`~devices.capture.CaptureSession` on its own thread watches the camera and
  captures by itself once the page is steady; its callbacks become signals here, and every
  few frames a small preview image is handed to the screen;
* one shot (拍照, and the scripted tour): one frame is read and captured on the task runner.

Only signals cross threads; the screen touches widgets on the GUI thread.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from devices.camera import Camera, Frame
from devices.capture import CaptureRefused, CaptureSession, DocumentCapture
from devices.errors import DeviceError
from kiosk.i18n import N_, tr
from ui.tasks import TaskRunner

log = logging.getLogger(__name__)
PREVIEW_INTERVAL_S = 0.1
PREVIEW_WIDTH = 640


def to_qimage(image: np.ndarray, *, width: int = PREVIEW_WIDTH) -> QImage:
    """A small RGB copy of a BGR (or grey) frame, safe to hand to the GUI thread."""
    step = max(1, image.shape[1] // width)
    small = np.ascontiguousarray(image[::step, ::step])
    if small.ndim == 2:
        h, w = small.shape
        return QImage(small.data, w, h, w, QImage.Format.Format_Grayscale8).copy()
    rgb = np.ascontiguousarray(small[:, :, ::-1])
    h, w = rgb.shape[:2]
    return QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()


class _PreviewCamera:
    """A camera that passes frames through and publishes a preview now and then (on the
    capture thread); everything else is the wrapped camera's."""

    def __init__(self, inner: Camera, publish) -> None:
        self._inner = inner
        self._publish = publish
        self._last = 0.0

    def read(self) -> Frame:
        frame = self._inner.read()
        now = time.monotonic()
        if now - self._last >= PREVIEW_INTERVAL_S:
            self._last = now
            self._publish(to_qimage(frame.image))
        return frame

    def close(self) -> None:
        self._inner.close()

    def describe(self) -> str:
        return self._inner.describe()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class DocumentCamera(QObject):
    hint_changed = Signal(str)
    captured = Signal(object)
    """A :class:`~devices.capture.CapturedDocument`."""
    preview = Signal(QImage)
    failed = Signal(str)

    def __init__(self, camera: Camera, *, tasks: TaskRunner, parent: QObject | None = None):
        super().__init__(parent)
        self._camera = camera
        self._tasks = tasks
        self._session: CaptureSession | None = None

    @property
    def live(self) -> bool:
        return self._session is not None and self._session.running

    def start(self) -> None:
        """Live capture: auto-captures once the page has been steady."""
        self.stop()
        self._session = CaptureSession(
            _PreviewCamera(self._camera, self.preview.emit),  # type: ignore[arg-type]
            on_captured=self.captured.emit,
            on_hint=lambda hint: self.hint_changed.emit(tr(hint.text)),
            on_error=lambda error: self.failed.emit(
                tr(getattr(error, "message", N_("摄像头出了问题")))
            ),
        )
        self._session.start()

    def retake(self) -> None:
        if self._session is not None:
            self._session.retake()

    def stop(self) -> None:
        if self._session is not None:
            self._session.stop()
            self._session = None

    def shoot(self) -> None:
        """拍照: captures the next frame now (refused with a hint when it is not good enough)."""

        def job():
            frame = self._camera.read()
            self.preview.emit(to_qimage(frame.image))
            return DocumentCapture().capture_now(frame.image)

        def failed(error: BaseException) -> None:
            if isinstance(error, CaptureRefused):
                self.hint_changed.emit(tr(error.hint.text))
            elif isinstance(error, DeviceError):
                log.warning("camera failed: %s", error.detail)
                self.failed.emit(tr(error.message))
            else:
                log.error("capture failed: %s", type(error).__name__)
                self.failed.emit(tr("拍照没有成功，请再试一次。"))

        self._tasks.io(job, self.captured.emit, failed)
