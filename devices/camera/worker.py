"""A plain Python thread that reads a camera and hands every frame to a handler.

The code :class:`~devices.codes.scanner.Scanner` and the document
:class:`~devices.capture.session.CaptureSession` both run on one. Callbacks are called on the
worker thread: a Qt UI adapts them to signals (a signal emitted from another thread is queued
to the receiver's thread), a test waits on a ``threading.Event``.

When the camera fails, ``on_error`` is called once with the :class:`DeviceError` (not again for
every retry), the loop keeps trying at the camera's ``retry_interval``, and ``on_recovered`` is
called when frames come again. A non-looping :class:`FileCamera` reaching its end stops the loop
(``on_error`` gets the :class:`EndOfFrames`). An exception inside a callback or the handler is
logged and the loop goes on: a bug in one frame must not stop the scanner for the day.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from devices.camera.base import Camera, Frame
from devices.camera.file_camera import EndOfFrames
from devices.errors import DeviceError

log = logging.getLogger(__name__)

ErrorCallback = Callable[[DeviceError], None]


class FrameLoop:
    """Runs ``handle(frame)`` for every frame of ``camera`` until :meth:`stop`."""

    def __init__(
        self,
        camera: Camera,
        handle: Callable[[Frame], None],
        *,
        on_error: ErrorCallback | None = None,
        on_recovered: Callable[[], None] | None = None,
        name: str = "camera-loop",
        close_camera: bool = True,
    ) -> None:
        self.camera = camera
        self._handle = handle
        self._on_error = on_error
        self._on_recovered = on_recovered
        self._name = name
        self._close_camera = close_camera
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.failing: DeviceError | None = None  # the error being waited out, if any
        self.frames = 0

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.running:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 3.0) -> bool:
        """Asks the loop to end and waits; True when it has (the camera is then closed)."""
        self._stop.set()
        thread = self._thread
        if thread is None or thread is threading.current_thread():
            return True
        thread.join(timeout)
        return not thread.is_alive()

    def join(self, timeout: float | None = None) -> bool:
        """Waits for the loop to end by itself (end of a FileCamera); True when it has."""
        thread = self._thread
        if thread is None:
            return True
        thread.join(timeout)
        return not thread.is_alive()

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                try:
                    frame = self.camera.read()
                except EndOfFrames as exc:
                    self._call(self._on_error, exc)
                    return
                except DeviceError as exc:
                    if self.failing is None:
                        log.warning("camera failed: %s", exc.detail)
                        self._call(self._on_error, exc)
                    self.failing = exc
                    self._stop.wait(max(0.05, self.camera.retry_interval / 2))
                    continue
                if self.failing is not None:
                    log.info("camera back: %s", self.camera.describe())
                    self.failing = None
                    self._call(self._on_recovered)
                self.frames += 1
                self._call(self._handle, frame)
        finally:
            if self._close_camera:
                self.camera.close()

    @staticmethod
    def _call(callback, *args) -> None:
        if callback is None:
            return
        try:
            callback(*args)
        except Exception:
            log.exception("camera loop callback failed")
