"""Receipts: the layout, its ESC/POS encoding, and the printer's status, independent of transport.

A backend implements :meth:`Printer._write` (and :meth:`Printer._read` if it can hear the printer
answer); everything else, including the status query (DLE EOT n) and its parsing, lives here.
The PDF backend renders the same :class:`Receipt` with Qt instead of ESC/POS.
"""

from __future__ import annotations

import unicodedata
from abc import ABC
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from devices.printer.errors import CoverOpen, PaperOut, PrinterError, PrinterFault, PrinterOffline

# -- ESC/POS commands used (Epson ESC/POS; the FS commands are the Chinese-printer extension) --
ESC = b"\x1b"
GS = b"\x1d"
FS = b"\x1c"
DLE = b"\x10"
EOT = b"\x04"
LF = b"\n"

INIT = ESC + b"@"  # ESC @: reset modes
CHINESE_ON = FS + b"&"  # FS &: two-byte (GB18030) character mode
ALIGN_LEFT = ESC + b"a\x00"
ALIGN_CENTER = ESC + b"a\x01"
BOLD_ON = ESC + b"E\x01"
BOLD_OFF = ESC + b"E\x00"
SIZE_DOUBLE = GS + b"!\x11"  # GS ! n: double width (0x10) and double height (0x01)
SIZE_TRIPLE = GS + b"!\x22"  # GS ! n: triple width (0x20) and triple height (0x02)
SIZE_NORMAL = GS + b"!\x00"
CUT = GS + b"V\x01"  # GS V 1: partial cut


def feed(lines: int) -> bytes:
    """ESC d n: print and feed n lines (clears the cutter's distance to the print head)."""
    return ESC + b"d" + bytes([lines])


# Columns of the 12x24 font: 32 on a 58 mm roll (384 dots), 48 on an 80 mm roll (576 dots).
COLUMNS_58MM = 32
COLUMNS_80MM = 48
QR_MAX_BYTES = 7089  # model 2, version 40, level L
_QR_LEVELS = {"L": 48, "M": 49, "Q": 50, "H": 51}

# DLE EOT n: real-time status; every answer byte has bits 1 and 4 set, bits 0 and 7 clear.
STATUS_PRINTER, STATUS_OFFLINE_CAUSE, STATUS_ERROR_CAUSE, STATUS_PAPER = 1, 2, 3, 4
_FIXED_MASK, _FIXED_BITS = 0x93, 0x12


@dataclass(frozen=True)
class Receipt:
    """What a receipt says; the printer decides how it looks.

    ``lines`` are (label, value) pairs such as ("受理编号", "K1-20261122-0001"); ``notes`` are
    sentences printed in full; ``qr_payload`` is printed as a QR code (ASCII, e.g. a URL or the
    draft code); ``big`` is printed large right under the title (a draft slip's code, to be
    read and typed by someone with poor sight).
    """

    title: str
    lines: tuple[tuple[str, str], ...] = ()
    big: str = ""
    notes: tuple[str, ...] = ()
    qr_payload: str | None = None
    footer: str = ""
    kind: str = "receipt"
    """What it is, for file names (``receipt``, ``draft-slip``): letters and dashes."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "lines", tuple((str(k), str(v)) for k, v in self.lines))
        object.__setattr__(self, "notes", tuple(str(n) for n in self.notes))


def display_width(text: str) -> int:
    """Columns the text takes on a receipt: CJK and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap(text: str, width: int) -> list[str]:
    """Greedy wrap by display width (Chinese breaks anywhere; good enough for receipts)."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        current, used = "", 0
        for ch in paragraph:
            w = display_width(ch)
            if used + w > width and current:
                lines.append(current.rstrip())
                current, used = "", 0
                if ch == " ":
                    continue
            current += ch
            used += w
        lines.append(current.rstrip())
    return lines


def layout_lines(receipt: Receipt, *, columns: int) -> list[str]:
    """The label/value block as fixed-width text: value right-aligned, or wrapped below."""
    out: list[str] = []
    for label, value in receipt.lines:
        head = f"{label}："
        gap = columns - display_width(head) - display_width(value)
        if gap >= 1:
            out.append(head + " " * gap + value)
        else:
            out.append(head)
            out.extend("  " + part for part in wrap(value, columns - 2))
    return out


def text(value: str) -> bytes:
    """Text in GB18030, which covers all of Unicode (the printer's font may still lack a glyph)."""
    return value.encode("gb18030")


def qr_code(payload: str | bytes, *, module_size: int = 6, level: str = "M") -> bytes:
    """GS ( k commands that print a model-2 QR code of ``payload``."""
    data = payload.encode("utf-8") if isinstance(payload, str) else payload
    if not data or len(data) > QR_MAX_BYTES:
        raise ValueError(f"QR payload must be 1..{QR_MAX_BYTES} bytes, got {len(data)}")
    if not 1 <= module_size <= 16:
        raise ValueError("module size must be 1..16")
    store = len(data) + 3
    return b"".join(
        [
            GS + b"(k" + b"\x04\x00" + b"1A" + b"2\x00",  # fn 165: model 2
            GS + b"(k" + b"\x03\x00" + b"1C" + bytes([module_size]),  # fn 167: module size
            GS + b"(k" + b"\x03\x00" + b"1E" + bytes([_QR_LEVELS[level]]),  # fn 169: level
            GS + b"(k" + store.to_bytes(2, "little") + b"1P0" + data,  # fn 180: store
            GS + b"(k" + b"\x03\x00" + b"1Q0",  # fn 181: print
        ]
    )


def render_escpos(receipt: Receipt, *, columns: int = COLUMNS_58MM) -> bytes:
    """The whole receipt as ESC/POS bytes, from reset to cut."""
    rule = text("-" * columns) + LF
    out = [INIT, CHINESE_ON, ALIGN_CENTER, BOLD_ON, SIZE_DOUBLE]
    out += [text(line) + LF for line in wrap(receipt.title, columns // 2)]
    if receipt.big:
        width = columns // 3
        # Break between groups (XXXXX XXXXX), not inside one, when it is too wide for a line.
        groups = [receipt.big] if display_width(receipt.big) <= width else receipt.big.split()
        out += [SIZE_TRIPLE]
        out += [text(line) + LF for group in groups for line in wrap(group, width)]
        out += [SIZE_DOUBLE]
    out += [SIZE_NORMAL, BOLD_OFF, ALIGN_LEFT, rule]
    out += [text(line) + LF for line in layout_lines(receipt, columns=columns)]
    if receipt.notes:
        out.append(rule)
        for note in receipt.notes:
            out += [text(line) + LF for line in wrap(note, columns)]
    if receipt.qr_payload:
        out += [ALIGN_CENTER, qr_code(receipt.qr_payload), LF, ALIGN_LEFT]
    if receipt.footer:
        out += [ALIGN_CENTER]
        out += [text(line) + LF for line in wrap(receipt.footer, columns)]
        out += [ALIGN_LEFT]
    out += [feed(4), CUT]
    return b"".join(out)


def status_query(n: int) -> bytes:
    """DLE EOT n (n = 1 printer, 2 offline cause, 3 error cause, 4 paper sensor)."""
    if n not in (1, 2, 3, 4):
        raise ValueError("DLE EOT n takes n = 1..4")
    return DLE + EOT + bytes([n])


@dataclass(frozen=True)
class PrinterStatus:
    """The printer's state from its four DLE EOT answers; ``problem()`` says what to tell."""

    online: bool = True
    cover_open: bool = False
    paper_out: bool = False
    paper_near_end: bool = False
    error: bool = False
    cutter_error: bool = False
    unrecoverable_error: bool = False
    recoverable_error: bool = False
    raw: Mapping[int, int] = field(default_factory=dict)

    @property
    def ready(self) -> bool:
        return self.problem() is None

    def problem(self) -> PrinterError | None:
        """The error to report, most actionable first; ``None`` when the printer can print."""
        detail = "status " + " ".join(f"{n}:{b:#04x}" for n, b in sorted(self.raw.items()))
        if self.paper_out:
            return PaperOut(detail=f"paper end; {detail}")
        if self.cover_open:
            return CoverOpen(detail=f"cover open; {detail}")
        if self.error or self.cutter_error or self.unrecoverable_error or self.recoverable_error:
            return PrinterFault(detail=f"printer error; {detail}")
        if not self.online:
            return PrinterOffline(detail=f"printer offline; {detail}")
        return None


def _check_fixed_bits(n: int, byte: int) -> None:
    if byte & _FIXED_MASK != _FIXED_BITS:
        raise ValueError(f"DLE EOT {n} answer {byte:#04x} lacks the fixed bits")


def parse_status(answers: Mapping[int, int]) -> PrinterStatus:
    """A :class:`PrinterStatus` from the answers to DLE EOT 1..4 (any subset).

    Raises ``ValueError`` for a byte that is not a status answer (fixed bits wrong).
    """
    for n, byte in answers.items():
        _check_fixed_bits(n, byte)
    printer = answers.get(STATUS_PRINTER, _FIXED_BITS)
    offline = answers.get(STATUS_OFFLINE_CAUSE, _FIXED_BITS)
    error = answers.get(STATUS_ERROR_CAUSE, _FIXED_BITS)
    paper = answers.get(STATUS_PAPER, _FIXED_BITS)
    return PrinterStatus(
        online=not printer & 0x08,  # n=1 bit 3: offline
        cover_open=bool(offline & 0x04),  # n=2 bit 2: cover open
        # n=2 bit 5: stopped at paper end; n=4 bits 5-6: paper-end sensor.
        paper_out=bool(offline & 0x20) or paper & 0x60 == 0x60,
        paper_near_end=paper & 0x0C == 0x0C,  # n=4 bits 2-3: near-end sensor
        error=bool(offline & 0x40),  # n=2 bit 6: an error occurred (n=3 says which)
        cutter_error=bool(error & 0x08),  # n=3 bit 3
        unrecoverable_error=bool(error & 0x20),  # n=3 bit 5
        recoverable_error=bool(error & 0x40),  # n=3 bit 6: e.g. head too hot
        raw=dict(answers),
    )


class Printer(ABC):  # noqa: B024 - backends override the transport they have
    """A receipt printer. ESC/POS backends implement :meth:`_write` (and :meth:`_read`).

    Nothing is opened until the first print or status query.
    """

    #: Whether :meth:`_read` can hear the printer (status queries need it).
    reads_status = False

    def __init__(self, *, columns: int = COLUMNS_58MM, status_timeout: float = 1.0) -> None:
        self.columns = columns
        self.status_timeout = status_timeout

    @staticmethod
    def is_usable() -> bool:
        """Whether this backend's dependencies are present (opens no hardware)."""
        return True

    def _write(self, data: bytes) -> None:
        raise NotImplementedError(f"{type(self).__name__} does not take ESC/POS bytes")

    def _read(self, n: int, timeout: float) -> bytes:
        """Up to ``n`` bytes the printer sent, waiting at most ``timeout``; may be fewer."""
        raise NotImplementedError(f"{type(self).__name__} cannot read from the printer")

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release the connection."""

    def __enter__(self) -> Printer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def status(self) -> PrinterStatus:
        """Ask DLE EOT 1..4 and parse the answers; assumes ready when the backend cannot read."""
        if not self.reads_status:
            return PrinterStatus()
        answers: dict[int, int] = {}
        for n in (STATUS_PRINTER, STATUS_OFFLINE_CAUSE, STATUS_ERROR_CAUSE, STATUS_PAPER):
            self._write(status_query(n))
            answer = self._read(1, self.status_timeout)
            if not answer:
                raise PrinterOffline(detail=f"no answer to DLE EOT {n}")
            answers[n] = answer[-1]
        try:
            return parse_status(answers)
        except ValueError as exc:
            raise PrinterFault(detail=str(exc)) from exc

    def print_receipt(self, receipt: Receipt) -> Path | None:
        """Print, after checking the printer can; returns the file written, if any.

        Raises :class:`PaperOut`, :class:`CoverOpen`, :class:`PrinterFault` or
        :class:`PrinterOffline` with the sentence for the resident.
        """
        problem = self.status().problem()
        if problem is not None:
            raise problem
        self._write(render_escpos(receipt, columns=self.columns))
        return None
