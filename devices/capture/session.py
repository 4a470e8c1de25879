"""Document capture on a camera, in a worker thread, reporting by plain callbacks.

::

    session = CaptureSession(
        camera,
        on_hint=lambda hint: speak(hint.text),    # 请把材料放进框内 / 请拿稳 / 有反光 ...
        on_captured=lambda doc: save(doc.data),   # JPEG bytes of the corrected page
        on_analysis=lambda a: draw_outline(a.quad, a.frame_size),   # every frame (optional)
        on_error=camera_problem, on_recovered=camera_ok,
    )
    session.start()
    ...
    session.retake()      # the resident chose 重拍: forget the capture, look again
    session.stop()

Callbacks run on the session's thread (a Qt UI turns them into signals). ``on_hint`` is
called only when the hint changes and the new one has held for ``hint_frames`` frames, so
the kiosk does not chatter while a hand moves; the capture itself is reported at once. After a
capture the session stops looking (and closes the camera) until :meth:`retake`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from devices.camera.base import Camera, Frame
from devices.camera.worker import ErrorCallback, FrameLoop
from devices.capture.document import (
    CaptureAnalysis,
    CapturedDocument,
    CaptureSettings,
    DocumentCapture,
    Hint,
)


class CaptureSession:
    def __init__(
        self,
        camera: Camera,
        *,
        on_captured: Callable[[CapturedDocument], None],
        on_hint: Callable[[Hint], None] | None = None,
        on_analysis: Callable[[CaptureAnalysis], None] | None = None,
        on_error: ErrorCallback | None = None,
        on_recovered: Callable[[], None] | None = None,
        settings: CaptureSettings | None = None,
        hint_frames: int = 3,
    ) -> None:
        self.capture = DocumentCapture(settings or CaptureSettings())
        self._on_captured = on_captured
        self._on_hint = on_hint
        self._on_analysis = on_analysis
        self._hint_frames = hint_frames
        self._lock = threading.Lock()
        self._reported: Hint | None = None
        self._candidate: Hint | None = None
        self._run = 0
        self._camera = camera
        self._on_error, self._on_recovered = on_error, on_recovered
        self._loop = self._new_loop()

    def _new_loop(self) -> FrameLoop:
        return FrameLoop(
            self._camera,
            self.process,
            on_error=self._on_error,
            on_recovered=self._on_recovered,
            name="document-capture",
        )

    @property
    def running(self) -> bool:
        return self._loop.running

    @property
    def hint(self) -> Hint | None:
        """The hint last reported through ``on_hint``."""
        return self._reported

    def start(self) -> None:
        if not self._loop.running:
            self._loop = self._new_loop()
            self._loop.start()

    def stop(self, timeout: float = 3.0) -> bool:
        return self._loop.stop(timeout)

    def join(self, timeout: float | None = None) -> bool:
        return self._loop.join(timeout)

    def retake(self) -> None:
        """Forget the captured page and start looking again."""
        self.stop()
        with self._lock:
            self.capture.reset()
            self._reported = self._candidate = None
            self._run = 0
        self.start()

    def process(self, frame: Frame) -> CaptureAnalysis:
        """One frame through the capture; the worker calls this (public for other sources)."""
        with self._lock:
            analysis = self.capture.feed(frame.image, timestamp=frame.timestamp)
            changed = self._debounce(analysis.hint)
        if self._on_analysis is not None:
            self._on_analysis(analysis)
        if changed is not None and self._on_hint is not None:
            self._on_hint(changed)
        if analysis.captured is not None:
            self._loop.stop()  # we are on the loop's thread: it ends after this frame
            self._on_captured(analysis.captured)
        return analysis

    def _debounce(self, hint: Hint) -> Hint | None:
        if hint == self._candidate:
            self._run += 1
        else:
            self._candidate, self._run = hint, 1
        held = self._run >= self._hint_frames or hint is Hint.CAPTURED
        if held and hint != self._reported:
            self._reported = hint
            return hint
        return None
