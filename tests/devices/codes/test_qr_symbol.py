"""Our QR decoder on exact module grids from segno: every mode and level; erasures; no ghosts."""

from __future__ import annotations

import numpy as np
import pytest
import segno

from devices.codes.qr_symbol import CHECK_MARGIN, NotDecodable, decode_grid

TEXTS = [
    "ZWK1:R:K1-20261122-000042-D*0A1B2C3D",  # alphanumeric
    "20261122000042",  # numeric
    "https://zwfw.example.gov.cn/progress?no=K1-20261122-000042-D",  # byte
    "ESSC|1|110105|202611|" + "aZ09+/" * 12,  # byte, version 5-7
    "A" * 180,  # version 7+ (version information blocks)
]


def _grid(text: str, **options) -> np.ndarray:
    return np.array(segno.make(text, micro=False, boost_error=False, **options).matrix, np.float32)


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("level", "lmqh")
def test_decodes_what_segno_encodes(text: str, level: str) -> None:
    for mask in (0, 3, 5, 7):
        grid = _grid(text, error=level, mask=mask)
        read = decode_grid(grid, np.ones_like(grid))
        assert read.text == text and read.level == level.upper() and read.mask == mask
        assert read.corrected == 0 and read.erasures == 0


def test_utf8_with_eci_and_kanji_modes() -> None:
    grid = _grid("办事指南：高龄津贴", error="m", encoding="utf-8", eci=True)
    assert decode_grid(grid, np.ones_like(grid)).text == "办事指南：高龄津贴"
    grid = _grid("漢字テスト", error="m", mode="kanji")
    assert decode_grid(grid, np.ones_like(grid)).text == "漢字テスト"


def _blot(grid: np.ndarray, radius: float) -> np.ndarray:
    n = grid.shape[0]
    rows, cols = np.mgrid[0:n, 0:n]
    return (rows - 0.55 * n) ** 2 + (cols - 0.5 * n) ** 2 < (radius * n) ** 2


def test_erasures_read_what_errors_alone_cannot() -> None:
    text = TEXTS[2]
    grid = _grid(text, error="q")
    blot = _blot(grid, 0.25)  # ~20 % of the modules under a highlight, read as white
    damaged = grid.copy()
    damaged[blot] = 0.0
    with pytest.raises(NotDecodable):
        decode_grid(damaged, np.ones_like(grid))  # told nothing: too many errors
    confidence = np.ones_like(grid)
    confidence[blot] = 0.0
    read = decode_grid(damaged, confidence)  # told where: erasures
    assert read.text == text and read.erasures > 0


def test_too_much_damage_is_refused_not_guessed() -> None:
    grid = _grid(TEXTS[2], error="m")
    blot = _blot(grid, 0.33)
    damaged = grid.copy()
    damaged[blot] = 0.0
    confidence = np.ones_like(grid)
    confidence[blot] = 0.0
    with pytest.raises(NotDecodable):
        decode_grid(damaged, confidence)


def test_random_grids_never_decode() -> None:
    rng = np.random.default_rng(7)
    template = _grid(TEXTS[0], error="m")
    for _ in range(300):
        noise = (rng.random(template.shape) < 0.5).astype(np.float32)
        # Keep the fixed patterns and format information so that the data path is exercised.
        noise[:9, :9] = template[:9, :9]
        noise[:9, -8:] = template[:9, -8:]
        noise[-8:, :9] = template[-8:, :9]
        confidence = rng.random(template.shape).astype(np.float32)
        with pytest.raises(NotDecodable):
            decode_grid(noise, confidence)
    assert CHECK_MARGIN >= 2
