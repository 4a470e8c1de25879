"""Cameras over real image files and a real video file; unplugging and coming back."""

from __future__ import annotations

import threading
from pathlib import Path

import cv2
import numpy as np
import pytest

from devices.camera import (
    CameraDisconnected,
    CameraUnavailable,
    EndOfFrames,
    FileCamera,
    FrameLoop,
    OpenCVCamera,
)
from devices.errors import DeviceError


def _numbered_frame(n: int, size=(320, 240)) -> np.ndarray:
    image = np.full((size[1], size[0], 3), 30 * (n % 8), np.uint8)
    cv2.putText(image, str(n), (20, 200), cv2.FONT_HERSHEY_SIMPLEX, 6, (255, 255, 255), 12)
    return image


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "frames"
    path.mkdir()
    for n in range(4):
        cv2.imwrite(str(path / f"frame-{n:02d}.png"), _numbered_frame(n))
    (path / "notes.txt").write_text("not an image")
    return path


@pytest.fixture
def video(tmp_path: Path) -> Path:
    path = tmp_path / "clip.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), 10, (320, 240))
    assert writer.isOpened()
    for n in range(6):
        writer.write(_numbered_frame(n))
    writer.release()
    return path


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_file_camera_plays_a_folder_in_name_order_and_loops(folder: Path) -> None:
    camera = FileCamera(folder)
    means = [float(camera.read().image.mean()) for _ in range(6)]
    expected = [float(_numbered_frame(n).mean()) for n in (0, 1, 2, 3, 0, 1)]
    assert means == pytest.approx(expected, abs=0.5)
    assert camera.frame_count == 4


def test_file_camera_without_loop_ends(folder: Path) -> None:
    camera = FileCamera(folder, loop=False, grey=True)
    frames = [camera.read() for _ in range(4)]
    assert [f.index for f in frames] == [1, 2, 3, 4]
    assert frames[0].image.ndim == 2
    with pytest.raises(EndOfFrames):
        camera.read()


def test_file_camera_plays_a_video_file(video: Path) -> None:
    camera = FileCamera(video, loop=True)
    frames = [camera.read() for _ in range(8)]
    assert frames[0].size == (320, 240)
    # MJPEG is lossy: the frames are recognisably the ones written, in order, then again.
    for frame, n in zip(frames, [0, 1, 2, 3, 4, 5, 0, 1], strict=True):
        assert abs(float(frame.image.mean()) - float(_numbered_frame(n).mean())) < 4


def test_missing_source_is_a_clear_device_error(tmp_path: Path) -> None:
    with pytest.raises(CameraUnavailable) as caught:
        FileCamera(tmp_path / "nowhere").read()
    assert caught.value.message == "摄像头没有画面，请联系工作人员"
    assert "nowhere" in caught.value.detail
    with pytest.raises(CameraUnavailable):
        OpenCVCamera("/dev/video97").read()


def test_unplug_mid_use_then_recover(folder: Path, tmp_path: Path) -> None:
    clock = Clock()
    camera = FileCamera(folder, clock=clock, retry_interval=2.0)
    assert camera.read().index == 1
    away = tmp_path / "unplugged"
    folder.rename(away)
    with pytest.raises(CameraDisconnected) as caught:
        camera.read()
    assert isinstance(caught.value, DeviceError)
    assert caught.value.message == "摄像头断开了，请联系工作人员检查连线"
    assert not camera.is_open
    away.rename(folder)
    # Within the retry interval it does not hammer the device...
    clock.now += 1.0
    with pytest.raises(CameraUnavailable) as waiting:
        camera.read()
    assert "waiting to retry" in waiting.value.detail
    # ... after it, it reopens and carries on.
    clock.now += 1.5
    frame = camera.read()
    assert camera.is_open
    assert frame.index == 2


def test_opencv_camera_reads_a_real_stream_and_notices_the_loss(video: Path) -> None:
    camera = OpenCVCamera(str(video), retry_interval=0.0)
    first = camera.read()
    assert first.size == (320, 240)
    assert "320x240" in camera.describe()
    for _ in range(5):
        camera.read()
    with pytest.raises(CameraDisconnected):  # the stream ended: for a device, an unplug
        camera.read()
    assert camera.read().index == 7  # reopened at once (retry_interval 0)
    camera.close()
    assert not camera.is_open


def test_frame_loop_reports_an_unplug_once_and_the_recovery(folder: Path, tmp_path: Path) -> None:
    camera = FileCamera(folder, retry_interval=0.01)
    away = tmp_path / "unplugged"
    errors: list[DeviceError] = []
    recovered = threading.Event()
    seen: list[int] = []

    def handle(frame) -> None:
        seen.append(frame.index)
        if frame.index == 2:
            folder.rename(away)  # pulled out while the loop runs

    def on_error(error: DeviceError) -> None:
        errors.append(error)
        away.rename(folder)  # plugged back in

    loop = FrameLoop(camera, handle, on_error=on_error, on_recovered=recovered.set)
    loop.start()
    try:
        assert recovered.wait(5.0)
    finally:
        assert loop.stop()
    assert len(errors) == 1 and isinstance(errors[0], CameraDisconnected)
    assert seen[:3] == [1, 2, 3]
    assert not camera.is_open  # the loop closes the camera when it ends


def test_frame_loop_survives_a_failing_handler(folder: Path) -> None:
    camera = FileCamera(folder, loop=False)
    seen: list[int] = []
    ended: list[DeviceError] = []

    def handle(frame) -> None:
        seen.append(frame.index)
        if frame.index == 2:
            raise RuntimeError("a bug in one frame")

    loop = FrameLoop(camera, handle, on_error=ended.append)
    loop.start()
    assert loop.join(5.0)
    assert seen == [1, 2, 3, 4]
    assert len(ended) == 1 and isinstance(ended[0], EndOfFrames)
