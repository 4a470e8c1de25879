"""Document capture: find the page, flatten it, refuse blurred or glared views, store it small.

Plain Python, no Qt. Two levels:

* :class:`DocumentCapture` — frame by frame, no threads: ``feed(image, timestamp=...)`` returns
  a :class:`CaptureAnalysis` (``hint``: what to tell the resident, ``quad``: where the page is,
  ``captured``: the page once it was steady and sharp); ``capture_now(image)`` is the manual
  shutter (raises :class:`CaptureRefused` with the hint when the view is not good enough).
* :class:`CaptureSession` — the same on a :class:`~devices.camera.Camera` in a worker thread,
  reporting through ``on_hint`` / ``on_captured`` / ``on_analysis`` / ``on_error`` callbacks.

Hints (``Hint.X.text`` is the sentence to show and speak): 请把材料放进框内 (no page found),
请把材料整个放进框内 (page cut by the frame edge), 请把材料靠近一些 (too small), 有反光… (glare),
太模糊… (blurred: variance of the Laplacian below the threshold), 请拿稳 (page still moving),
拍好了 (captured).

A :class:`CapturedDocument` holds the corrected page as JPEG (or WebP) ``data`` with its
``mime`` and ``size``: perspective corrected, deskewed, optionally text-enhanced, A4 snapped to
1240x1754 (150 dpi), at most 300 KB.
"""

from __future__ import annotations

from devices.capture.document import (
    CaptureAnalysis,
    CapturedDocument,
    CaptureRefused,
    CaptureSettings,
    DocumentCapture,
    Hint,
)
from devices.capture.session import CaptureSession

__all__ = [
    "CaptureAnalysis",
    "CaptureRefused",
    "CaptureSession",
    "CaptureSettings",
    "CapturedDocument",
    "DocumentCapture",
    "Hint",
]
