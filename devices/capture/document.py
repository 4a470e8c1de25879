"""Document capture without threads or Qt: analyse frames, say what to fix, capture when steady.

::

    capture = DocumentCapture()
    for frame in frames:                       # camera frames, BGR uint8
        analysis = capture.feed(frame.image, timestamp=frame.timestamp)
        show(analysis.hint.text)               # 请把材料放进框内 / 请拿稳 / 太模糊 / 有反光 ...
        if analysis.captured is not None:      # steady, sharp, no glare: taken automatically
            store(analysis.captured.data)      # JPEG (or WebP) bytes, <= 300 KB
            break

``analyse(image)`` looks at one frame only (no steadiness); ``capture_now(image)`` is the
manual shutter: it captures if the page is acceptable and otherwise raises
:class:`CaptureRefused` whose ``hint`` says why. Everything here is deterministic and takes a
few tens of milliseconds per frame at 1280x720, so it can run on every frame in a worker
(:class:`devices.capture.session.CaptureSession`).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from enum import StrEnum

import cv2
import numpy as np

from devices.capture import quality, rectify
from devices.capture.encode import MAX_BYTES, EncodedImage, encode_image
from devices.capture.geometry import find_document_quad
from devices.errors import DeviceError
from devices.text import N_


class Hint(StrEnum):
    """What the kiosk shows and says about the current view; ``text`` is the sentence."""

    NO_DOCUMENT = "no_document"
    PARTIAL = "partial"
    TOO_SMALL = "too_small"
    GLARE = "glare"
    BLURRY = "blurry"
    HOLD_STEADY = "hold_steady"
    READY = "ready"
    CAPTURED = "captured"

    @property
    def text(self) -> str:
        return _HINT_TEXT[self]

    @property
    def acceptable(self) -> bool:
        """True when a capture from this view would be kept."""
        return self in (Hint.HOLD_STEADY, Hint.READY, Hint.CAPTURED)


_HINT_TEXT = {
    Hint.NO_DOCUMENT: N_("请把材料放进框内"),
    Hint.PARTIAL: N_("请把材料整个放进框内"),
    Hint.TOO_SMALL: N_("请把材料靠近一些"),
    Hint.GLARE: N_("有反光，请把材料挪一挪或换个角度"),
    Hint.BLURRY: N_("太模糊，请拿稳，不要晃动"),
    Hint.HOLD_STEADY: N_("请拿稳"),
    Hint.READY: N_("很好，请保持不动"),
    Hint.CAPTURED: N_("拍好了"),
}


class CaptureRefused(DeviceError):
    """A manual capture of a view that would not be legible; ``hint`` says what to fix."""

    def __init__(self, hint: Hint, *, detail: str) -> None:
        super().__init__(hint.text, detail=detail)
        self.hint = hint


@dataclass(frozen=True)
class CaptureSettings:
    """Thresholds (measured: docs/devices.md) and output choices."""

    min_sharpness: float = 250.0  # variance of Laplacian at quality.MEASURE_WIDTH
    max_glare: float = 0.005  # share of the page blown out
    min_area: float = 0.15  # of the frame: below this, ask to come closer
    border_margin: float = 0.01  # of the frame's short side: closer to the edge is "partial"
    steady_seconds: float = 0.6  # the page must stay put this long before auto-capture
    steady_motion: float = 0.012  # of the frame diagonal, largest corner movement allowed
    enhance: bool = False  # flatten light and sharpen strokes (text documents)
    deskew: bool = True
    image_format: str = "jpeg"
    quality: int = 70  # measured: no stroke lost against q90, at half its bytes
    max_bytes: int = MAX_BYTES


@dataclass(frozen=True)
class CapturedDocument:
    """The corrected page, encoded."""

    data: bytes
    mime: str
    size: tuple[int, int]  # (width, height) of the stored image
    quality: int
    quad: tuple[tuple[float, float], ...]  # where the page was in the frame (tl, tr, br, bl)
    sharpness: float
    glare: float
    skew_degrees: float


@dataclass(frozen=True)
class CaptureAnalysis:
    """One frame's verdict."""

    hint: Hint
    quad: tuple[tuple[float, float], ...] | None  # in frame pixels, for the on-screen outline
    sharpness: float | None = None
    glare: float | None = None
    steady_for: float = 0.0  # seconds the page has been still
    captured: CapturedDocument | None = None
    frame_size: tuple[int, int] = (0, 0)


@dataclass
class _Seen:
    timestamp: float
    quad: np.ndarray
    image: np.ndarray
    sharpness: float
    glare: float


@dataclass
class DocumentCapture:
    """Frame-by-frame document capture; one instance per capture, reset to take another."""

    settings: CaptureSettings = field(default_factory=CaptureSettings)

    def __post_init__(self) -> None:
        self._history: deque[_Seen] = deque(maxlen=30)
        self._done: CapturedDocument | None = None

    def reset(self) -> None:
        """Ready for another page (after the resident chose 重拍, or the next material)."""
        self._history.clear()
        self._done = None

    @property
    def captured(self) -> CapturedDocument | None:
        return self._done

    # -- one frame ----------------------------------------------------------------------

    def analyse(self, image: np.ndarray) -> CaptureAnalysis:
        """The hint for this frame alone (never HOLD_STEADY/READY: it cannot see motion)."""
        analysis, _ = self._look(image)
        if analysis.hint is Hint.HOLD_STEADY:
            return CaptureAnalysis(
                Hint.READY,
                analysis.quad,
                analysis.sharpness,
                analysis.glare,
                frame_size=analysis.frame_size,
            )
        return analysis

    def capture_now(self, image: np.ndarray) -> CapturedDocument:
        """The manual shutter: captures this frame, or raises :class:`CaptureRefused`."""
        analysis, seen = self._look(image)
        if seen is None or not analysis.hint.acceptable:
            raise CaptureRefused(analysis.hint, detail=f"capture refused: {analysis.hint.value}")
        self._done = self._produce(seen)
        return self._done

    def feed(self, image: np.ndarray, *, timestamp: float) -> CaptureAnalysis:
        """Analyses a frame of a stream; captures when the page has been steady long enough."""
        if self._done is not None:
            return CaptureAnalysis(Hint.CAPTURED, self._done.quad, captured=self._done)
        analysis, seen = self._look(image, timestamp=timestamp)
        if seen is None:
            self._history.clear()
            return analysis
        limit = self.settings.steady_motion * float(np.hypot(*image.shape[:2]))
        if self._history and quality.corner_motion(self._history[-1].quad, seen.quad) > limit:
            self._history.clear()
        if not analysis.hint.acceptable:
            # Blurred or glared: the page may be still, but this frame is no good to keep.
            steady = self._steady_for(timestamp, seen.quad, limit)
            self._history.append(seen)
            return _with(analysis, steady_for=steady)
        self._history.append(seen)
        steady = self._steady_for(timestamp, seen.quad, limit)
        if steady < self.settings.steady_seconds:
            return _with(analysis, hint=Hint.HOLD_STEADY, steady_for=steady)
        good = [s for s in self._history if s.timestamp >= timestamp - steady and self._good(s)]
        best = max(good, key=lambda s: s.sharpness)  # the sharpest still frame, not the last
        self._done = self._produce(best)
        return _with(analysis, hint=Hint.CAPTURED, steady_for=steady, captured=self._done)

    # -- internals ----------------------------------------------------------------------

    def _good(self, seen: _Seen) -> bool:
        s = self.settings
        return seen.sharpness >= s.min_sharpness and seen.glare <= s.max_glare

    def _steady_for(self, now: float, quad: np.ndarray, limit: float) -> float:
        start = now
        for past in reversed(self._history):
            if quality.corner_motion(past.quad, quad) > limit:
                break
            start = past.timestamp
        return now - start

    def _look(
        self, image: np.ndarray, *, timestamp: float = 0.0
    ) -> tuple[CaptureAnalysis, _Seen | None]:
        s = self.settings
        h, w = image.shape[:2]
        size = (w, h)
        quad = find_document_quad(image)
        if quad is None:
            return CaptureAnalysis(Hint.NO_DOCUMENT, None, frame_size=size), None
        corners = tuple((float(x), float(y)) for x, y in quad)
        margin = s.border_margin * min(w, h)
        if (
            quad[:, 0].min() < margin
            or quad[:, 1].min() < margin
            or quad[:, 0].max() > w - 1 - margin
            or quad[:, 1].max() > h - 1 - margin
        ):
            return CaptureAnalysis(Hint.PARTIAL, corners, frame_size=size), None
        if cv2.contourArea(quad) < s.min_area * w * h:
            return CaptureAnalysis(Hint.TOO_SMALL, corners, frame_size=size), None
        preview = _preview(image, quad)
        gray = quality.measure_copy(preview)
        sharp = quality.sharpness(gray)
        glare = quality.glare_share(preview)
        seen = _Seen(timestamp, quad, image, sharp, glare)
        if glare > s.max_glare:
            hint = Hint.GLARE
        elif sharp < s.min_sharpness:
            hint = Hint.BLURRY
        else:
            hint = Hint.HOLD_STEADY
        return CaptureAnalysis(hint, corners, sharp, glare, frame_size=size), seen

    def _produce(self, seen: _Seen) -> CapturedDocument:
        s = self.settings
        page = rectify.warp(seen.image, seen.quad, rectify.output_size(seen.quad))
        angle = 0.0
        if s.deskew:
            page, angle = rectify.deskew(page)
        if s.enhance:
            page = rectify.enhance_text(page)
        encoded: EncodedImage = encode_image(
            page, fmt=s.image_format, quality=s.quality, max_bytes=s.max_bytes
        )
        return CapturedDocument(
            data=encoded.data,
            mime=encoded.mime,
            size=encoded.size,
            quality=encoded.quality,
            quad=tuple((float(x), float(y)) for x, y in seen.quad),
            sharpness=seen.sharpness,
            glare=seen.glare,
            skew_degrees=angle,
        )


def _preview(image: np.ndarray, quad: np.ndarray) -> np.ndarray:
    """The page flattened at a fixed width: what sharpness and glare are measured on."""
    width, height = rectify.side_lengths(quad)
    out_h = max(1, round(quality.MEASURE_WIDTH * height / max(width, 1.0)))
    return rectify.warp(image, quad, (quality.MEASURE_WIDTH, out_h))


def _with(analysis: CaptureAnalysis, **changes) -> CaptureAnalysis:
    from dataclasses import replace

    return replace(analysis, **changes)
