"""The scanner on a FileCamera: generated frames through the real pipeline, on its thread."""

from __future__ import annotations

import threading
from pathlib import Path

import cv2
import numpy as np
import pytest

from bench.code_frames import make_frame
from devices.camera import EndOfFrames, FileCamera, Frame
from devices.codes.scanner import ScannedCode, Scanner
from devices.errors import DeviceError


def _write(folder: Path, frames: list[np.ndarray]) -> None:
    folder.mkdir()
    for n, image in enumerate(frames):
        cv2.imwrite(str(folder / f"{n:03d}.png"), image)


@pytest.fixture(scope="module")
def scenes():
    a = make_frame(2, degrade=False)
    b = make_frame(5, degrade=False)
    empty = make_frame(0, empty=True, degrade=False)
    return a, b, empty


def test_delivers_each_code_once_in_a_row_with_its_corners(tmp_path: Path, scenes) -> None:
    a, b, empty = scenes
    order = [a, a, empty, a, b, b, a, empty]
    _write(tmp_path / "frames", [scene.image for scene in order])
    got: list[ScannedCode] = []
    ended: list[DeviceError] = []
    scanner = Scanner(
        FileCamera(tmp_path / "frames", loop=False), on_code=got.append, on_error=ended.append
    )
    scanner.start()
    assert scanner.join(30.0)
    assert [code.text for code in got] == [a.payload, b.payload, a.payload]
    assert [code.frame_index for code in got] == [1, 5, 7]
    assert all(code.format == "QRCode" and code.frame_size == (1280, 720) for code in got)
    # Corners for an on-screen highlight: where the code really is (within a few pixels).
    found = np.array(got[0].corners)
    assert np.abs(found - np.array(a.corners)).max() < 6
    assert len(ended) == 1 and isinstance(ended[0], EndOfFrames)
    stats = scanner.stats()
    assert (stats.frames, stats.decoded_frames, stats.delivered) == (8, 6, 3)


def test_reset_and_forget_after_allow_the_same_code_again(scenes) -> None:
    a, _, empty = scenes
    clock = [0.0]
    got: list[str] = []
    camera = FileCamera(".", loop=False)  # never read: frames are pushed through process()
    scanner = Scanner(
        camera, on_code=lambda c: got.append(c.text), forget_after=2.0, clock=lambda: clock[0]
    )

    def show(scene, index: int) -> None:
        scanner.process(Frame(cv2.cvtColor(scene.image, cv2.COLOR_GRAY2BGR), clock[0], index))

    show(a, 1)
    show(a, 2)
    scanner.reset()  # a new screen wants a code
    show(a, 3)
    clock[0] = 1.5
    show(empty, 4)
    show(a, 5)  # out of sight only 1.5 s: still the same sighting
    clock[0] = 4.0
    show(empty, 6)
    show(a, 7)  # out of sight 2.5 s: a new sighting
    assert got == [a.payload] * 3


def test_callbacks_run_on_the_scanner_thread_and_stop_ends_it(tmp_path: Path, scenes) -> None:
    a, _, _ = scenes
    _write(tmp_path / "frames", [a.image])
    threads: list[str] = []
    delivered = threading.Event()

    def on_code(code: ScannedCode) -> None:
        threads.append(threading.current_thread().name)
        delivered.set()

    camera = FileCamera(tmp_path / "frames", loop=True, fps=50)
    scanner = Scanner(camera, on_code=on_code)
    scanner.start()
    assert delivered.wait(10.0)
    assert scanner.stop()
    assert not scanner.running and not camera.is_open
    assert threads == ["code-scanner"]
    assert scanner.stats().frames >= 1
