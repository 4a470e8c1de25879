"""The code scanner: decodes camera frames on its own thread and reports codes by callback.

Usage (the UI adapts the callbacks to Qt signals; they run on the scanner's thread)::

    scanner = Scanner(camera, on_code=got_code, on_error=camera_problem, on_recovered=camera_ok)
    scanner.start()
    ...
    scanner.stop()

``on_code(ScannedCode)`` gets the payload text, the format (zxing-cpp's names: ``QRCode`` ...),
the four corners in frame pixels (top-left, top-right, bottom-right, bottom-left, for an
on-screen highlight) and the frame size they refer to. What the text means is for
:func:`devices.codes.payloads.parse_payload`; the scanner does not interpret it.

The same code is not delivered twice in a row: after delivering a code, frames showing it again
are ignored until another code is delivered, :meth:`Scanner.reset` is called (a new screen
wants a code again), or — if ``forget_after`` is set — it has been out of sight that long.
(With several codes in view, every code of the delivering frame counts as delivered, so a
decoder that sees one code in one frame and two in the next does not repeat itself.)

Empty frames are cheap: most frames get a light look (zxing-cpp on the whole frame, what
zxing-cpp alone would do; ``budget_ms`` allows more); one frame every ``deep_interval``
seconds gets the deep look of :mod:`devices.codes.pipeline` (up to ``deep_budget_ms``: crop
retries, the grid reader, deblurring).
A code held in front of the camera stays there for many frames, so a hard one is still read
within about ``deep_interval`` seconds, while an empty scene costs about a plain read a frame.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from devices.camera.base import Camera, Frame
from devices.camera.worker import ErrorCallback, FrameLoop
from devices.codes.decoders import Corners
from devices.codes.pipeline import DEEP_BUDGET_MS, DEFAULT_FORMATS, DecodePipeline

SCAN_BUDGET_MS = 0.0  # the light look: zxing-cpp on the whole frame, nothing more
DEEP_INTERVAL_S = 0.5


@dataclass(frozen=True)
class ScannedCode:
    """One code seen by the scanner."""

    text: str
    format: str
    corners: Corners  # frame pixels: tl, tr, br, bl
    frame_size: tuple[int, int]  # (width, height) the corners refer to
    frame_index: int
    timestamp: float  # time.monotonic() of the frame
    stage: str  # which pipeline stage read it ("plain", "deglare" ...): for diagnostics


@dataclass(frozen=True)
class ScannerStats:
    frames: int
    decoded_frames: int
    delivered: int
    busy_ms: float  # time spent decoding, all frames together

    @property
    def mean_ms(self) -> float:
        return self.busy_ms / self.frames if self.frames else 0.0


class Scanner:
    """Runs a :class:`DecodePipeline` on every frame of ``camera`` in a worker thread."""

    def __init__(
        self,
        camera: Camera,
        *,
        on_code: Callable[[ScannedCode], None],
        on_error: ErrorCallback | None = None,
        on_recovered: Callable[[], None] | None = None,
        on_frame: Callable[[Frame], None] | None = None,
        pipeline: DecodePipeline | None = None,
        formats: tuple[str, ...] = DEFAULT_FORMATS,
        budget_ms: float = SCAN_BUDGET_MS,
        deep_interval: float = DEEP_INTERVAL_S,
        deep_budget_ms: float = DEEP_BUDGET_MS,
        forget_after: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._pipeline = pipeline or DecodePipeline(formats=formats, budget_ms=deep_budget_ms)
        self._budget_ms = budget_ms
        self._deep_interval = deep_interval
        self._deep_budget_ms = deep_budget_ms
        self._last_deep: float | None = None
        self._on_code = on_code
        self._on_frame = on_frame
        self._forget_after = forget_after
        self._clock = clock
        self._lock = threading.Lock()
        self._shown: frozenset[tuple[str, str]] = frozenset()
        self._last_seen = 0.0
        self._frames = self._decoded = self._delivered = 0
        self._busy_ms = 0.0
        self._loop = FrameLoop(
            camera,
            self._handle,
            on_error=on_error,
            on_recovered=on_recovered,
            name="code-scanner",
        )

    @property
    def camera(self) -> Camera:
        return self._loop.camera

    @property
    def running(self) -> bool:
        return self._loop.running

    def start(self) -> None:
        self._loop.start()

    def stop(self, timeout: float = 3.0) -> bool:
        """Stops scanning and closes the camera; True when the thread has ended."""
        return self._loop.stop(timeout)

    def join(self, timeout: float | None = None) -> bool:
        return self._loop.join(timeout)

    def reset(self) -> None:
        """Forget the last code delivered: the next sighting of it is delivered again."""
        with self._lock:
            self._shown = frozenset()

    def stats(self) -> ScannerStats:
        with self._lock:
            return ScannerStats(self._frames, self._decoded, self._delivered, self._busy_ms)

    def process(self, frame: Frame) -> list[ScannedCode]:
        """Decodes one frame and delivers what is new; the worker calls this for every frame.

        Public so that a caller with its own frame source (or a test) runs the same path.
        """
        if self._on_frame is not None:
            self._on_frame(frame)
        now = self._clock()
        deep = self._last_deep is None or now - self._last_deep >= self._deep_interval
        if deep:
            self._last_deep = now
        budget = self._deep_budget_ms if deep else self._budget_ms
        result = self._pipeline.decode(frame.gray(), budget_ms=budget)
        fresh: list[ScannedCode] = []
        with self._lock:
            self._frames += 1
            self._busy_ms += result.elapsed_ms
            if (
                self._shown
                and self._forget_after is not None
                and now - self._last_seen > self._forget_after
            ):
                self._shown = frozenset()
            if result.codes:
                self._decoded += 1
                seen = frozenset((code.format, code.text) for code in result.codes)
                if seen & self._shown:
                    self._last_seen = now
                for code in result.codes:
                    if (code.format, code.text) in self._shown:
                        continue
                    fresh.append(
                        ScannedCode(
                            text=code.text,
                            format=code.format,
                            corners=code.corners,
                            frame_size=frame.size,
                            frame_index=frame.index,
                            timestamp=frame.timestamp,
                            stage=result.stage or "",
                        )
                    )
                if fresh:
                    # The codes of the frame that delivered something: none of them is
                    # delivered again until a frame brings a code outside this set.
                    self._shown, self._last_seen = seen, now
                    self._delivered += len(fresh)
        for code in fresh:
            self._on_code(code)
        return fresh

    def _handle(self, frame: Frame) -> None:
        self.process(frame)
