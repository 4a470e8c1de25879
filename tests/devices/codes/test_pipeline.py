"""Generated camera frames through the real decoders: plain, repaired, and empty frames.

Budgets are unlimited here: these tests are about what the pipeline reads, not how fast (the
timing figures live in ``kiosk bench``, measured beside zxing-cpp in the same run).
"""

from __future__ import annotations

import numpy as np
import pytest

from bench.code_frames import iter_empty_frames, make_frame
from devices.codes.decoders import PyzbarDecoder, ZxingDecoder, usable_decoders
from devices.codes.pipeline import DecodePipeline

UNLIMITED = 1e9


@pytest.fixture(scope="module")
def pipeline() -> DecodePipeline:
    return DecodePipeline(budget_ms=UNLIMITED)


def test_both_decoders_are_installed_and_agree_on_a_clean_frame() -> None:
    assert [d.name for d in usable_decoders()] == ["zxing-cpp", "pyzbar"]
    frame = make_frame(3, degrade=False)
    for decoder in (ZxingDecoder(), PyzbarDecoder()):
        codes = decoder.decode(frame.image)
        assert [(c.text, c.format) for c in codes] == [(frame.payload, "QRCode")]
        assert np.abs(np.array(codes[0].corners) - np.array(frame.corners)).max() < 6


@pytest.mark.parametrize("index", range(8))
def test_reads_ordinary_frames_with_their_corners(pipeline: DecodePipeline, index: int) -> None:
    frame = make_frame(index, degrade=False)
    result = pipeline.decode(frame.image)
    assert [c.text for c in result.codes] == [frame.payload]
    assert result.stage == "plain"
    assert np.abs(np.array(result.codes[0].corners) - np.array(frame.corners)).max() < 6


# Frames of the benchmark set that zxing-cpp alone cannot read, each rescued by a different
# repair (the stage that reads them is stated so a change in the pipeline's order shows here).
RESCUED = {
    22: ("motion_blur:3", {"deblur_motion", "deblur_motion_strong"}),
    58: ("glare:1", {"threshold_mean_pyzbar"}),
    108: ("glare:2+occlusion:1", {"grid_equalize", "grid"}),
    139: ("occlusion:3", {"deblur_motion"}),
    228: ("glare:3", {"deblur_motion"}),
    31: ("gaussian_blur:3", {"deblur_defocus"}),
    34: ("low_contrast:3", {"flatten", "threshold_mean"}),
}


@pytest.mark.parametrize("index", sorted(RESCUED))
def test_repairs_read_what_zxing_cpp_alone_cannot(pipeline: DecodePipeline, index: int) -> None:
    frame = make_frame(index)
    label, stages = RESCUED[index]
    assert frame.label == label
    assert ZxingDecoder(formats=["QRCode"]).decode(frame.image) == []
    result = pipeline.decode(frame.image)
    assert [c.text for c in result.codes] == [frame.payload]
    assert result.stage in stages


def test_the_grid_reader_places_its_corners_on_the_code(pipeline: DecodePipeline) -> None:
    frame = make_frame(108)
    code = pipeline.decode(frame.image).codes[0]
    assert code.decoder == "grid"
    found, truth = np.array(code.corners), np.array(frame.corners)
    # The same four corners, whichever one the symbol calls its top left.
    assert min(np.abs(np.roll(found, k, axis=0) - truth).max() for k in range(4)) < 8


def test_no_code_on_empty_frames(pipeline: DecodePipeline) -> None:
    for frame in iter_empty_frames(12):
        result = pipeline.decode(frame.image)
        assert result.codes == ()


def test_a_zero_budget_is_the_plain_read_only() -> None:
    pipeline = DecodePipeline()
    frame = make_frame(22)
    result = pipeline.decode(frame.image, budget_ms=0)
    assert result.codes == () and result.steps == 1 and result.regions == 0
