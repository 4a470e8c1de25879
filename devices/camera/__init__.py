"""Cameras: one interface, an OpenCV backend for real cameras, a file-backed stand-in.

Interface (what the UI and the scanner build on)::

    camera = OpenCVCamera(0, width=1280, height=720, fps=30)   # or "/dev/video2"
    camera = FileCamera("samples/", loop=True, fps=15)         # a folder of images, or a video
    frame = camera.read()        # Frame(image=BGR uint8, timestamp, index)
    camera.close()

``read()`` opens the device on first use and raises :class:`CameraDisconnected` (a
:class:`~devices.errors.DeviceError` with a Chinese ``message`` and a log-safe ``detail``) when
a working camera stops giving frames; keep calling it and it reopens the device by itself when
it is back (at most every ``retry_interval`` seconds, :class:`CameraUnavailable` in between).

:class:`FrameLoop` reads a camera on its own thread and hands each frame to a handler, with
``on_error`` / ``on_recovered`` callbacks; the code scanner and the document capture run on it.
"""

from __future__ import annotations

from devices.camera.base import Camera, CameraDisconnected, CameraUnavailable, Frame
from devices.camera.file_camera import EndOfFrames, FileCamera
from devices.camera.opencv_camera import OpenCVCamera
from devices.camera.worker import FrameLoop

__all__ = [
    "Camera",
    "CameraDisconnected",
    "CameraUnavailable",
    "EndOfFrames",
    "FileCamera",
    "Frame",
    "FrameLoop",
    "OpenCVCamera",
]
