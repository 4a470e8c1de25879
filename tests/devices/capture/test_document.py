"""Document capture on synthetic pages photographed on cluttered desks (real OpenCV pipeline)."""

from __future__ import annotations

import itertools
import threading
from pathlib import Path

import cv2
import numpy as np
import pytest

from devices.camera import FileCamera
from devices.capture import (
    CaptureRefused,
    CaptureSession,
    CaptureSettings,
    DocumentCapture,
    Hint,
    rectify,
    testpage,
)
from devices.capture.geometry import corner_distance, find_document_quad

FRAME = (1600, 1200)


def photo(seed: int, **options) -> testpage.Photo:
    return testpage.photograph(testpage.render_page(seed), seed=seed, frame_size=FRAME, **options)


@pytest.mark.parametrize("seed", range(6))
def test_finds_the_page_corners_within_two_pixels(seed: int) -> None:
    shot = photo(seed)
    quad = find_document_quad(shot.frame)
    assert quad is not None
    assert corner_distance(quad, shot.corners) < 2.0


def test_finds_the_page_in_a_720p_frame_too() -> None:
    corners = testpage.place_page(testpage.A4_150DPI, (1280, 720), seed=3, coverage=(0.2, 0.3))
    page = testpage.render_page(3)
    shot = testpage.photograph(page, seed=3, frame_size=(1280, 720), corners=corners)
    quad = find_document_quad(shot.frame)
    assert quad is not None and corner_distance(quad, shot.corners) < 2.0


def test_hints_for_what_is_wrong() -> None:
    capture = DocumentCapture()
    assert capture.analyse(photo(1).frame).hint is Hint.READY
    assert capture.analyse(photo(1, blur_sigma=4.0).frame).hint is Hint.BLURRY
    assert capture.analyse(photo(1, glare=0.15).frame).hint is Hint.GLARE
    desk = testpage.background(FRAME, seed=9)
    assert capture.analyse(desk).hint is Hint.NO_DOCUMENT
    # Half the page off the bottom of the frame.
    low = testpage.place_page(testpage.A4_150DPI, FRAME, seed=4) + np.float32([0, 500])
    partial = photo(4, corners=low)
    assert capture.analyse(partial.frame).hint is Hint.PARTIAL
    small = testpage.place_page(testpage.A4_150DPI, FRAME, seed=5, coverage=(0.06, 0.08))
    assert capture.analyse(photo(5, corners=small).frame).hint is Hint.TOO_SMALL
    assert Hint.BLURRY.text == "太模糊，请拿稳，不要晃动"
    assert Hint.NO_DOCUMENT.text == "请把材料放进框内"


def test_manual_capture_refuses_a_blurred_or_glared_page() -> None:
    capture = DocumentCapture()
    with pytest.raises(CaptureRefused) as blurred:
        capture.capture_now(photo(2, blur_sigma=4.0).frame)
    assert blurred.value.hint is Hint.BLURRY and blurred.value.message == Hint.BLURRY.text
    with pytest.raises(CaptureRefused) as glared:
        capture.capture_now(photo(2, glare=0.2).frame)
    assert glared.value.hint is Hint.GLARE
    assert capture.captured is None


def _page_similarity(captured: bytes, original: np.ndarray) -> float:
    decoded = cv2.imdecode(np.frombuffer(captured, np.uint8), cv2.IMREAD_GRAYSCALE)
    reference = cv2.cvtColor(original, cv2.COLOR_BGR2GRAY)
    size = (310, 438)
    a = cv2.resize(decoded, size, interpolation=cv2.INTER_AREA).astype(np.float32).ravel()
    b = cv2.resize(reference, size, interpolation=cv2.INTER_AREA).astype(np.float32).ravel()
    return float(np.corrcoef(a, b)[0, 1])


def test_steady_page_is_captured_flat_upright_and_small() -> None:
    seed = 0
    shot = photo(seed)
    capture = DocumentCapture()
    hints = [capture.feed(shot.frame, timestamp=t / 10).hint for t in range(7)]
    assert hints[:6] == [Hint.HOLD_STEADY] * 6  # 0 .. 0.5 s still
    assert hints[6] is Hint.CAPTURED
    document = capture.captured
    assert document is not None
    assert document.mime == "image/jpeg" and len(document.data) <= 300_000
    assert document.size == testpage.A4_150DPI  # snapped to A4 at 150 dpi
    assert corner_distance(np.array(document.quad), shot.corners) < 2.0
    assert _page_similarity(document.data, testpage.render_page(seed)) > 0.9
    # Once captured it stays captured until reset.
    assert capture.feed(shot.frame, timestamp=1.0).hint is Hint.CAPTURED
    capture.reset()
    assert capture.captured is None


def test_a_moving_page_is_not_captured() -> None:
    capture = DocumentCapture()
    shot = photo(1)
    for step in range(8):
        shift = np.float32([[1, 0, step * 25], [0, 1, 0]])  # the hand slides the page along
        frame = cv2.warpAffine(shot.frame, shift, FRAME, borderMode=cv2.BORDER_REPLICATE)
        analysis = capture.feed(frame, timestamp=step / 10)
        assert analysis.hint is Hint.HOLD_STEADY
        assert analysis.steady_for == 0.0
    assert capture.captured is None


def test_webp_and_text_enhancement() -> None:
    settings = CaptureSettings(image_format="webp", enhance=True, steady_seconds=0.0)
    capture = DocumentCapture(settings)
    document = capture.capture_now(photo(3).frame)
    assert document.mime == "image/webp" and document.data[8:12] == b"WEBP"
    assert len(document.data) <= 300_000
    assert _page_similarity(document.data, testpage.render_page(3)) > 0.9


@pytest.mark.parametrize("angle", [-4.0, 2.5])
def test_deskew_recovers_a_small_rotation(angle: float) -> None:
    page = testpage.render_page(7)
    tilted = rectify.rotate(page, angle)
    assert rectify.estimate_skew(cv2.cvtColor(tilted, cv2.COLOR_BGR2GRAY)) == pytest.approx(
        -angle, abs=0.5
    )


def test_capture_session_on_a_camera(tmp_path: Path) -> None:
    folder = tmp_path / "frames"
    folder.mkdir()
    frames = [photo(6, blur_sigma=4.0).frame] * 4 + [photo(6).frame] * 8
    for n, image in enumerate(frames):
        cv2.imwrite(str(folder / f"{n:03d}.png"), image)
    ticks = itertools.count()
    camera = FileCamera(folder, loop=False, clock=lambda: next(ticks) * 0.1)
    hints: list[Hint] = []
    captured = threading.Event()
    documents = []

    def on_captured(document) -> None:
        documents.append(document)
        captured.set()

    session = CaptureSession(camera, on_hint=hints.append, on_captured=on_captured)
    session.start()
    assert captured.wait(30.0)
    assert session.join(5.0)
    # The page lay still while out of focus, so the first sharp frame is taken at once.
    assert hints == [Hint.BLURRY, Hint.CAPTURED]
    assert documents[0].sharpness >= CaptureSettings().min_sharpness
    assert len(documents) == 1 and len(documents[0].data) <= 300_000
