"""Decoding a QR code (model 2) from its sampled module grid, with erasures.

The last resort of :mod:`devices.codes.pipeline`. The generic decoders treat every module as
black or white; here each module also carries a confidence (a module under a saturated
highlight or a finger has none), and Reed-Solomon decoding is told which codewords are
doubtful (*erasures*). A code with ``n - k`` check codewords per block corrects ``t`` errors
and ``e`` erasures while ``2t + e <= n - k``, so a glare spot that wipes out a quarter of a
level-M code is still readable when its position is known.

A read is accepted only with margin: every block must decode with at least
:data:`CHECK_MARGIN` check codewords unused, and the data must parse to the end with the
padding the standard prescribes. A grid that is not a QR code fails these checks with
overwhelming probability (so no read from an empty frame), and so does a misplaced grid.

Layout and tables follow ISO/IEC 18004:2015: the error-correction block table (Table 9),
format and version information (Annexes C and D) and alignment pattern positions (Annex E)
are taken from segno's constants (``segno.consts``, the encoder this project prints with);
a test encodes with segno and decodes here for every mode, level and a range of versions.
Reed-Solomon arithmetic is reedsolo's (GF(256), polynomial 0x11D, first root alpha^0).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import reedsolo
from segno import consts as spec

CHECK_MARGIN = 2  # check codewords per block left unused by a correction we accept
_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
# Format information's two error-correction bits, in the order of spec.FORMAT_INFO.
_LEVELS = ("M", "L", "H", "Q")
_LEVEL_CONSTANT = {
    "L": spec.ERROR_LEVEL_L,
    "M": spec.ERROR_LEVEL_M,
    "Q": spec.ERROR_LEVEL_Q,
    "H": spec.ERROR_LEVEL_H,
}
_ECI_ENCODINGS = {3: "latin-1", 4: "iso8859-2", 20: "shift_jis", 26: "utf-8", 29: "gb18030"}


class NotDecodable(ValueError):
    """The grid does not decode to a QR code with enough certainty."""


@dataclass(frozen=True)
class SymbolRead:
    text: str
    version: int
    level: str
    mask: int
    corrected: int  # codewords corrected or filled in, all blocks together
    erasures: int


def size_of(version: int) -> int:
    return 4 * version + 17


def version_of(size: int) -> int | None:
    version, rest = divmod(size - 17, 4)
    return version if rest == 0 and 1 <= version <= 40 else None


def alignment_centres(version: int) -> list[tuple[int, int]]:
    """Centre modules (row, column) of the alignment patterns."""
    if version < 2:
        return []
    positions = spec.ALIGNMENT_POS[version - 2]
    last = positions[-1]
    centres = []
    for row in positions:
        for col in positions:
            if (row, col) in ((6, 6), (6, last), (last, 6)):
                continue  # where the finder patterns are
            centres.append((row, col))
    return centres


@cache
def function_patterns(version: int) -> tuple[np.ndarray, np.ndarray]:
    """(mask of function modules, their fixed values: 1 dark) for ``version``.

    Format and version information areas are in the mask with value -1 (not fixed).
    """
    n = size_of(version)
    used = np.zeros((n, n), bool)
    value = np.full((n, n), -1, np.int8)

    def put(r0: int, c0: int, pattern: np.ndarray) -> None:
        h, w = pattern.shape
        rows = slice(max(r0, 0), min(r0 + h, n))
        cols = slice(max(c0, 0), min(c0 + w, n))
        sub = pattern[rows.start - r0 : rows.stop - r0, cols.start - c0 : cols.stop - c0]
        used[rows, cols] = True
        value[rows, cols] = sub

    finder = np.zeros((9, 9), np.int8)  # with its light separator ring
    finder[1:8, 1:8] = 1
    finder[2:7, 2:7] = 0
    finder[3:6, 3:6] = 1
    for r0, c0 in ((-1, -1), (-1, n - 8), (n - 8, -1)):
        put(r0, c0, finder)
    timing = (np.arange(n) % 2 == 0).astype(np.int8)
    for i in range(8, n - 8):
        used[6, i] = used[i, 6] = True
        value[6, i] = value[i, 6] = timing[i]
    alignment = np.ones((5, 5), np.int8)
    alignment[1:4, 1:4] = 0
    alignment[2, 2] = 1
    for row, col in alignment_centres(version):
        put(row - 2, col - 2, alignment)
    # Format information, both copies, and the always-dark module.
    for i in range(9):
        for r, c in ((8, i), (i, 8)):
            if value[r, c] == -1 and not (r == 6 or c == 6):
                used[r, c] = True
    for i in range(8):
        used[8, n - 1 - i] = True
        used[n - 1 - i, 8] = True
    used[n - 8, 8], value[n - 8, 8] = True, 1
    if version >= 7:
        used[:6, n - 11 : n - 8] = True
        used[n - 11 : n - 8, :6] = True
    used.setflags(write=False)
    value.setflags(write=False)
    return used, value


def _format_positions(n: int) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(row, column) of format bits 14..0 in copy 1 (around the top-left finder) and copy 2."""
    first = (
        [(8, c) for c in range(6)] + [(8, 7), (8, 8), (7, 8)] + [(r, 8) for r in range(5, -1, -1)]
    )
    second = [(r, 8) for r in range(n - 1, n - 8, -1)] + [(8, c) for c in range(n - 8, n)]
    return first, second


def _version_positions(n: int) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(row, column) of version bits 17..0 in the top-right and bottom-left blocks."""
    top_right = [(r, c) for r in range(5, -1, -1) for c in range(n - 9, n - 12, -1)]
    bottom_left = [(r, c) for c in range(5, -1, -1) for r in range(n - 9, n - 12, -1)]
    return top_right, bottom_left


def _nearest(observed: np.ndarray, weights: np.ndarray, codewords, width: int):
    """The valid codeword closest to soft ``observed`` bits (1 dark), and its distance."""
    best, best_cost = None, float("inf")
    for index, word in enumerate(codewords):
        bits = np.array([(word >> (width - 1 - i)) & 1 for i in range(width)], np.float32)
        cost = float((np.abs(bits - observed) * weights).sum())
        if cost < best_cost:
            best, best_cost = index, cost
    return best, best_cost


def read_format(dark: np.ndarray, confidence: np.ndarray) -> tuple[str, int, float]:
    """(level, mask, cost) from both copies of the format information, soft-decided."""
    n = dark.shape[0]
    first, second = _format_positions(n)
    observed = np.array([dark[p] for p in first + second], np.float32)
    weights = np.array([confidence[p] for p in first + second], np.float32)
    doubled = [(word << 15) | word for word in spec.FORMAT_INFO]
    index, cost = _nearest(observed, weights, doubled, 30)
    return _LEVELS[index // 8], index % 8, cost / max(float(weights.sum()), 1e-6)


def read_version(dark: np.ndarray, confidence: np.ndarray) -> tuple[int, float]:
    n = dark.shape[0]
    top_right, bottom_left = _version_positions(n)
    observed = np.array([dark[p] for p in top_right + bottom_left], np.float32)
    weights = np.array([confidence[p] for p in top_right + bottom_left], np.float32)
    doubled = [(word << 18) | word for word in spec.VERSION_INFO]
    index, cost = _nearest(observed, weights, doubled, 36)
    return index + 7, cost / max(float(weights.sum()), 1e-6)


@cache
def _mask_bits(version: int, mask: int) -> np.ndarray:
    """The data mask ``mask`` (ISO/IEC 18004 Table 10) at the data modules, reading order."""
    rows, cols = _data_order(version)
    i, j = rows, cols
    condition = [
        (i + j) % 2 == 0,
        i % 2 == 0,
        j % 3 == 0,
        (i + j) % 3 == 0,
        (i // 2 + j // 3) % 2 == 0,
        (i * j) % 2 + (i * j) % 3 == 0,
        ((i * j) % 2 + (i * j) % 3) % 2 == 0,
        ((i + j) % 2 + (i * j) % 3) % 2 == 0,
    ][mask]
    condition.setflags(write=False)
    return condition


@cache
def _data_order(version: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows and columns of the data modules in reading order (the two-column zigzag)."""
    n = size_of(version)
    used, _ = function_patterns(version)
    rows, cols = [], []
    upward = True
    col = n - 1
    while col > 0:
        if col == 6:  # the vertical timing pattern is skipped as a whole column
            col -= 1
        for count in range(n):
            row = n - 1 - count if upward else count
            for c in (col, col - 1):
                if not used[row, c]:
                    rows.append(row)
                    cols.append(c)
        upward = not upward
        col -= 2
    return np.array(rows), np.array(cols)


def _blocks(version: int, level: str) -> list[tuple[int, int]]:
    """(total, data) codewords of each block in order."""
    blocks = []
    for group in spec.ECC[version][_LEVEL_CONSTANT[level]]:
        blocks += [(group.num_total, group.num_data)] * group.num_blocks
    return blocks


@cache
def _codec(nsym: int) -> reedsolo.RSCodec:
    return reedsolo.RSCodec(nsym, nsize=255, fcr=0, prim=0x11D, generator=2, c_exp=8)


def _deinterleave(values: list, blocks: list[tuple[int, int]]) -> list[list]:
    """Split the interleaved codeword stream into blocks (data then check codewords)."""
    out: list[list] = [[] for _ in blocks]
    position = 0
    longest = max(data for _, data in blocks)
    for i in range(longest):
        for b, (_, data) in enumerate(blocks):
            if i < data:
                out[b].append(values[position])
                position += 1
    nsym = blocks[0][0] - blocks[0][1]
    for _ in range(nsym):
        for b in range(len(blocks)):
            out[b].append(values[position])
            position += 1
    return out


def _correct_block(
    codewords: list[int], doubt: list[float], nsym: int
) -> tuple[list[int], int, int]:
    """Corrects one block; returns (data codewords, corrected count, erasures used)."""
    codec = _codec(nsym)
    order = sorted(range(len(codewords)), key=lambda i: doubt[i], reverse=True)
    # Try plain error correction, then with more and more of the doubtful codewords erased:
    # those above falling thresholds of doubt, never more than the code can fill in.
    limit = nsym - CHECK_MARGIN
    counts = {sum(1 for d in doubt if d > threshold) for threshold in (3.5, 2.5, 1.5, 0.9, 0.5)}
    counts |= {limit, limit - 2, limit - 4}
    tries = sorted({0, *(min(count, limit) for count in counts if count > 0)})
    doubtful = order
    message = bytearray(codewords)
    for count in tries:
        if count < 0:
            continue
        erasures = sorted(doubtful[:count])
        try:
            decoded, full, errata = codec.decode(message, erase_pos=erasures or None)
        except reedsolo.ReedSolomonError:
            continue
        errors = len(set(errata) - set(erasures))
        if 2 * errors + len(erasures) > limit:
            continue  # it decoded, but with too little left over to trust it
        if next(iter(codec.check(full))) is not True:
            continue
        changed = sum(1 for a, b in zip(full, codewords, strict=True) if a != b)
        return list(decoded), changed, len(erasures)
    raise NotDecodable("a block has too many errors")


class _Bits:
    def __init__(self, data: bytes) -> None:
        self._value = int.from_bytes(data, "big")
        self.size = len(data) * 8
        self.position = 0

    def left(self) -> int:
        return self.size - self.position

    def read(self, count: int) -> int:
        if count > self.left():
            raise NotDecodable("data runs past the end")
        self.position += count
        return (self._value >> (self.size - self.position)) & ((1 << count) - 1)


def _count_bits(mode: int, version: int) -> int:
    band = 0 if version <= 9 else 1 if version <= 26 else 2
    return {
        spec.MODE_NUMERIC: (10, 12, 14),
        spec.MODE_ALPHANUMERIC: (9, 11, 13),
        spec.MODE_BYTE: (8, 16, 16),
        spec.MODE_KANJI: (8, 10, 12),
        spec.MODE_HANZI: (8, 10, 12),
    }[mode][band]


def _decode_bytes(data: bytes, encoding: str | None) -> str:
    if encoding is not None:
        return data.decode(encoding, errors="replace")
    for guess in ("utf-8", "gb18030"):
        try:
            return data.decode(guess)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def parse_data(data: bytes, version: int) -> str:
    """The text of a QR data bit stream; strict about the terminator and padding."""
    bits = _Bits(data)
    parts: list[str] = []
    encoding: str | None = None
    while bits.left() >= 4:
        mode = bits.read(4)
        if mode == 0:
            break
        if mode == spec.MODE_ECI:
            first = bits.read(8)
            if first & 0x80 == 0:
                number = first
            elif first & 0xC0 == 0x80:
                number = ((first & 0x3F) << 8) | bits.read(8)
            else:
                number = ((first & 0x1F) << 16) | bits.read(16)
            encoding = _ECI_ENCODINGS.get(number, encoding)
            continue
        if mode == spec.MODE_STRUCTURED_APPEND:
            bits.read(16)
            continue
        if mode in (0x5, 0x9):  # FNC1 in first / second position
            if mode == 0x9:
                bits.read(8)
            continue
        if mode not in (
            spec.MODE_NUMERIC,
            spec.MODE_ALPHANUMERIC,
            spec.MODE_BYTE,
            spec.MODE_KANJI,
            spec.MODE_HANZI,
        ):
            raise NotDecodable(f"unknown mode {mode:04b}")
        if mode == spec.MODE_HANZI and bits.read(4) != 1:  # subset 1: GB 2312
            raise NotDecodable("unknown hanzi subset")
        count = bits.read(_count_bits(mode, version))
        if mode == spec.MODE_NUMERIC:
            digits = []
            while count >= 3:
                value = bits.read(10)
                if value > 999:
                    raise NotDecodable("numeric group out of range")
                digits.append(f"{value:03d}")
                count -= 3
            if count == 2:
                value = bits.read(7)
                if value > 99:
                    raise NotDecodable("numeric group out of range")
                digits.append(f"{value:02d}")
            elif count == 1:
                value = bits.read(4)
                if value > 9:
                    raise NotDecodable("numeric group out of range")
                digits.append(str(value))
            parts.append("".join(digits))
        elif mode == spec.MODE_ALPHANUMERIC:
            chars = []
            while count >= 2:
                value = bits.read(11)
                if value >= 45 * 45:
                    raise NotDecodable("alphanumeric pair out of range")
                chars += [_ALNUM[value // 45], _ALNUM[value % 45]]
                count -= 2
            if count:
                value = bits.read(6)
                if value >= 45:
                    raise NotDecodable("alphanumeric character out of range")
                chars.append(_ALNUM[value])
            parts.append("".join(chars))
        elif mode == spec.MODE_BYTE:
            raw = bytes(bits.read(8) for _ in range(count))
            parts.append(_decode_bytes(raw, encoding))
        elif mode == spec.MODE_KANJI:
            raw = bytearray()
            for _ in range(count):
                value = bits.read(13)
                code = ((value // 0xC0) << 8) | (value % 0xC0)
                code += 0x8140 if code < 0x1F00 else 0xC140
                raw += code.to_bytes(2, "big")
            parts.append(raw.decode("shift_jis", errors="replace"))
        else:  # hanzi, GB 2312
            raw = bytearray()
            for _ in range(count):
                value = bits.read(13)
                code = ((value // 0x60) << 8) | (value % 0x60)
                code += 0xA1A1 if code < 0x0A00 else 0xA6A1
                raw += code.to_bytes(2, "big")
            parts.append(raw.decode("gb2312", errors="replace"))
    # After the terminator: zero bits to the byte boundary, then 0xEC 0x11 0xEC ... (segno
    # 1.6 writes one whole zero byte when the stream already ends on a boundary: allowed).
    if bits.left() % 8 and bits.read(bits.left() % 8) != 0:
        raise NotDecodable("padding bits are not zero")
    pad, first = 0xEC, True
    while bits.left() >= 8:
        value = bits.read(8)
        if first and value == 0:
            first = False
            continue
        first = False
        if value != pad:
            raise NotDecodable("pad codewords are wrong")
        pad ^= 0xEC ^ 0x11
    return "".join(parts)


def decode_grid(dark: np.ndarray, confidence: np.ndarray) -> SymbolRead:
    """Decodes a sampled grid: ``dark`` in 0..1 (1 dark), ``confidence`` in 0..1 per module.

    Raises :class:`NotDecodable` unless the result passes every check.
    """
    n = dark.shape[0]
    version = version_of(n)
    if version is None or dark.shape != (n, n):
        raise NotDecodable(f"{dark.shape} is not a QR code size")
    if version >= 7:
        read, cost = read_version(dark, confidence)
        if read != version or cost > 0.2:
            raise NotDecodable("version information does not match the size")
    level, mask, cost = read_format(dark, confidence)
    if cost > 0.25:
        raise NotDecodable("format information is unreadable")
    rows, cols = _data_order(version)
    bits = (dark[rows, cols] > 0.5) ^ _mask_bits(version, mask)
    doubt = 1.0 - confidence[rows, cols]
    blocks = _blocks(version, level)
    total = sum(t for t, _ in blocks)
    bits, doubt = bits[: total * 8], doubt[: total * 8]
    codewords = np.packbits(bits.astype(np.uint8)).tolist()
    # A codeword's doubt: how many of its eight modules are in doubt (a module under glare
    # counts one, and is still guessed right half the time: erase the worst codewords first).
    codeword_doubt = doubt.reshape(total, 8).sum(axis=1).tolist()
    data = bytearray()
    corrected = erased = 0
    nsym = blocks[0][0] - blocks[0][1]
    for block, block_doubt in zip(
        _deinterleave(codewords, blocks), _deinterleave(codeword_doubt, blocks), strict=True
    ):
        decoded, changed, erasures = _correct_block(block, block_doubt, nsym)
        data += bytes(decoded)
        corrected += changed
        erased += erasures
    text = parse_data(bytes(data), version)
    return SymbolRead(text, version, level, mask, corrected, erased)
