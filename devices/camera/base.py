"""The camera interface: frames in, a clear message when the camera goes away, recovery.

All the behaviour lives here; a backend implements only the transport:

* ``_open()`` — acquire the device (raise :class:`CameraUnavailable` when it is not there),
* ``_grab_frame()`` — one BGR ``uint8`` image, or raise :class:`CameraUnavailable`,
* ``_close()`` — release it (must not raise).

:meth:`Camera.read` opens on first use, and when a grab fails it releases the device, raises
:class:`CameraDisconnected` once, and on later calls tries to reopen at most every
``retry_interval`` seconds (raising :class:`CameraUnavailable` in between), so a loop that keeps
calling ``read()`` recovers by itself when the camera is plugged back in. Nothing is opened in
``__init__`` or on attribute access.
"""

from __future__ import annotations

import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType

import cv2
import numpy as np

from devices.errors import DeviceUnavailable
from devices.text import N_


class CameraUnavailable(DeviceUnavailable):
    """The camera is not there (not plugged in, busy, wrong device) or gave no picture."""

    def __init__(self, *, detail: str) -> None:
        super().__init__(N_("摄像头没有画面，请联系工作人员"), detail=detail)


class CameraDisconnected(CameraUnavailable):
    """A camera that was working stopped giving frames (unplugged mid-use)."""

    def __init__(self, *, detail: str) -> None:
        super().__init__(detail=detail)
        self.message = N_("摄像头断开了，请联系工作人员检查连线")


@dataclass(frozen=True)
class Frame:
    """One picture: BGR (or grey) ``uint8``, when it was taken, and its number in the stream."""

    image: np.ndarray
    timestamp: float  # time.monotonic() of the grab
    index: int

    @property
    def size(self) -> tuple[int, int]:
        """(width, height) in pixels."""
        return int(self.image.shape[1]), int(self.image.shape[0])

    def gray(self) -> np.ndarray:
        """The frame as a grey ``uint8`` image (the decoders' input)."""
        if self.image.ndim == 2:
            return self.image
        return cv2.cvtColor(self.image, cv2.COLOR_BGR2GRAY)


class Camera(ABC):
    """A source of frames. Use from one thread at a time (the scanner's or the capture's)."""

    name = "camera"

    def __init__(
        self, *, retry_interval: float = 1.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.retry_interval = retry_interval
        self._clock = clock
        self._lock = threading.Lock()
        self._opened = False
        self._failed_at: float | None = None
        self._index = 0

    # -- transport, per backend -----------------------------------------------------------

    @classmethod
    def is_usable(cls) -> bool:
        """True when this backend's library is importable here (says nothing about a device)."""
        return True

    @abstractmethod
    def _open(self) -> None: ...

    @abstractmethod
    def _grab_frame(self) -> np.ndarray: ...

    @abstractmethod
    def _close(self) -> None: ...

    def describe(self) -> str:
        """Where frames come from, for ``kiosk doctor`` and logs (no personal data)."""
        return self.name

    # -- behaviour ------------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self._opened

    def open(self) -> None:
        """Acquire the device now (``read()`` does it too); raises :class:`CameraUnavailable`."""
        with self._lock:
            self._ensure_open(force=True)

    def read(self) -> Frame:
        """The next frame; raises :class:`CameraDisconnected` or :class:`CameraUnavailable`."""
        with self._lock:
            self._ensure_open(force=False)
            try:
                image = self._grab_frame()
            except CameraUnavailable as exc:
                self._release()
                self._failed_at = self._clock()
                if type(exc) is CameraUnavailable:  # a backend's plain "no frame"
                    raise CameraDisconnected(detail=exc.detail) from exc
                raise
            if image is None or image.size == 0:
                self._release()
                self._failed_at = self._clock()
                raise CameraDisconnected(detail=f"{self.describe()}: empty frame")
            self._index += 1
            return Frame(image=image, timestamp=self._clock(), index=self._index)

    def close(self) -> None:
        with self._lock:
            self._release()
            self._failed_at = None

    def __enter__(self) -> Camera:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _ensure_open(self, *, force: bool) -> None:
        if self._opened:
            return
        now = self._clock()
        if (
            not force
            and self._failed_at is not None
            and now - self._failed_at < self.retry_interval
        ):
            raise CameraUnavailable(detail=f"{self.describe()}: waiting to retry")
        try:
            self._open()
        except CameraUnavailable:
            self._failed_at = now
            raise
        self._opened = True
        self._failed_at = None

    def _release(self) -> None:
        if self._opened:
            self._opened = False
            self._close()
