"""The resident ID-card reader: frame protocol, card record parsing, and the reading sequence.

Second-generation ID-card readers talk to the host through their SAM module's serial protocol
(docs/devices.md has the layout and what to confirm against a reader's manual)::

    host -> reader   AA AA AA 96 69 | Len1 Len2 | CMD  PARA      | data | CHK
    reader -> host   AA AA AA 96 69 | Len1 Len2 | SW1  SW2  SW3  | data | CHK

``Len`` (big-endian) counts every byte after itself, the checksum included; ``CHK`` is the XOR of
every byte between the preamble and the checksum (the length bytes included). ``SW3`` is the
reader's own status (0x90 success, 0x9F card found, ...).

Everything here is transport-free: a backend only implements :meth:`CardReader._write` and
:meth:`CardReader._read`, so the simulator drives exactly this code.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum
from types import TracebackType

from devices.cardreader.errors import (
    CardExpired,
    CardReaderError,
    CardReadFailed,
    NoCard,
    ReaderFault,
    ReaderNotResponding,
)
from devices.cardreader.nations import NATIONS

PREAMBLE = b"\xaa\xaa\xaa\x96\x69"
HEADER_SIZE = len(PREAMBLE) + 2
# The largest answer in use is read-text-and-photo (1,295 bytes); anything much larger is noise.
MAX_FRAME_BODY = 4096
# Bytes of line noise skipped while looking for a preamble before giving up.
MAX_GARBAGE = 64


class Command(tuple[int, int]):
    """A (CMD, PARA) pair."""


RESET_SAM = Command((0x10, 0xFF))
SAM_STATUS = Command((0x11, 0xFF))
FIND_CARD = Command((0x20, 0x01))
SELECT_CARD = Command((0x20, 0x02))
READ_TEXT_AND_PHOTO = Command((0x30, 0x01))


class Status(IntEnum):
    """SW3, the reader's status byte (as commonly documented for the SAM interface)."""

    OK = 0x90
    CARD_FOUND = 0x9F
    BAD_CHECKSUM = 0x10  # the reader received a frame whose checksum was wrong
    BAD_LENGTH = 0x11  # ... whose length was wrong
    BAD_COMMAND = 0x21  # ... an unknown command or parameter
    NOT_ALLOWED = 0x23  # operation not allowed (越权操作)
    UNKNOWN_ERROR = 0x24
    CARD_AUTH_FAILED = 0x31  # the card did not accept the reader
    READER_AUTH_FAILED = 0x32  # the reader did not accept the card
    VERIFY_FAILED = 0x33
    WRONG_CARD = 0x40
    READ_FAILED = 0x41  # typically: the card left the field during the read
    RANDOM_FAILED = 0x47
    SELF_TEST_FAILED = 0x60
    NOT_LICENSED = 0x66
    FIND_FAILED = 0x80  # no card in the field
    SELECT_FAILED = 0x81
    NO_CONTENT = 0x91


# Statuses that a resident can fix by placing the card again.
_RETRY_WITH_CARD = {
    Status.CARD_AUTH_FAILED,
    Status.READER_AUTH_FAILED,
    Status.VERIFY_FAILED,
    Status.WRONG_CARD,
    Status.READ_FAILED,
    Status.RANDOM_FAILED,
    Status.SELECT_FAILED,
    Status.NO_CONTENT,
}

# Text record: (field, size in bytes) in card order; UCS-2 little-endian, padded with spaces.
TEXT_LAYOUT: tuple[tuple[str, int], ...] = (
    ("name", 30),
    ("sex", 2),
    ("nation", 4),
    ("birth_date", 16),
    ("address", 70),
    ("id_number", 36),
    ("authority", 30),
    ("valid_from", 16),
    ("valid_to", 16),
    ("reserved", 36),
)
TEXT_SIZE = sum(size for _, size in TEXT_LAYOUT)  # 256
PHOTO_SIZE = 1024
LONG_TERM = "长期"  # i18n: keep

# GB/T 2261.1 sex codes as stored on the card.
_SEX_BY_CODE = {"1": "male", "2": "female", "0": "unknown", "9": "unknown"}
_CODE_BY_SEX = {"male": "1", "female": "2", "unknown": "0"}


class FrameError(ValueError):
    """A frame that is not well formed (preamble, length or checksum)."""


def checksum(data: bytes) -> int:
    """XOR of all bytes: the frame's CHK over length + body."""
    value = 0
    for byte in data:
        value ^= byte
    return value


def encode_frame(body: bytes) -> bytes:
    """Preamble, big-endian length of body + checksum byte, body, checksum."""
    length = (len(body) + 1).to_bytes(2, "big")
    return PREAMBLE + length + body + bytes([checksum(length + body)])


def encode_command(command: Command, payload: bytes = b"") -> bytes:
    """A host-to-reader frame, e.g. find card = ``AA AA AA 96 69 00 03 20 01 22``."""
    return encode_frame(bytes(command) + payload)


def encode_response(status: int, payload: bytes = b"", *, sw1: int = 0, sw2: int = 0) -> bytes:
    """A reader-to-host frame (used by the simulator and by tests)."""
    return encode_frame(bytes([sw1, sw2, status]) + payload)


def decode_frame(frame: bytes) -> bytes:
    """The body of a complete frame (between length and checksum), checked."""
    if len(frame) < HEADER_SIZE + 1 or not frame.startswith(PREAMBLE):
        raise FrameError("missing preamble or too short")
    length = int.from_bytes(frame[5:7], "big")
    if length != len(frame) - HEADER_SIZE:
        raise FrameError(f"length field {length} but {len(frame) - HEADER_SIZE} bytes follow")
    if checksum(frame[5:-1]) != frame[-1]:
        raise FrameError(f"checksum {frame[-1]:#04x} != {checksum(frame[5:-1]):#04x}")
    return frame[HEADER_SIZE:-1]


@dataclass(frozen=True)
class Response:
    sw1: int
    sw2: int
    status: int
    payload: bytes = b""

    @classmethod
    def from_body(cls, body: bytes) -> Response:
        if len(body) < 3:
            raise FrameError(f"response body of {len(body)} bytes has no status")
        return cls(body[0], body[1], body[2], bytes(body[3:]))


@dataclass(frozen=True, repr=False)
class CardRecord:
    """What the card's chip holds, as read; no identity rules applied (the caller does that).

    ``valid_to`` is ``None`` for a long-term card (长期). ``photo_wlt`` is the vendor's
    compressed photo, kept opaque: decoding it needs the licensed decoder library.
    ``repr()`` masks personal data so a record never lands whole in a log.
    """

    name: str
    sex: str
    nation_code: str
    birth_date: date
    address: str
    id_number: str
    authority: str
    valid_from: date
    valid_to: date | None
    photo_wlt: bytes = b""
    nation: str = field(default="")

    def __post_init__(self) -> None:
        if self.sex not in _CODE_BY_SEX:
            raise ValueError(f"sex must be one of {sorted(_CODE_BY_SEX)}")
        if not self.nation:
            object.__setattr__(self, "nation", NATIONS.get(self.nation_code, "未知"))  # i18n: keep

    @property
    def long_term(self) -> bool:
        return self.valid_to is None

    def is_expired(self, on: date) -> bool:
        """Whether the card is past its validity period on the given day (the end day counts)."""
        return self.valid_to is not None and on > self.valid_to

    def __repr__(self) -> str:
        masked = (
            self.id_number[:6] + "*" * 8 + self.id_number[-4:]
            if len(self.id_number) == 18
            else "*" * len(self.id_number)
        )
        return f"CardRecord(name='{self.name[:1]}**', id_number='{masked}')"


def _ucs2(text: str, size: int, field_name: str) -> bytes:
    raw = text.encode("utf-16-le")
    if len(raw) > size:
        raise ValueError(f"{field_name} is longer than {size // 2} characters")
    return raw + " ".encode("utf-16-le") * ((size - len(raw)) // 2)


def _yyyymmdd(value: date) -> str:
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"


def encode_text_record(record: CardRecord) -> bytes:
    """The 256-byte text record for a card (the simulator serves these)."""
    values = {
        "name": record.name,
        "sex": _CODE_BY_SEX[record.sex],
        "nation": record.nation_code,
        "birth_date": _yyyymmdd(record.birth_date),
        "address": record.address,
        "id_number": record.id_number,
        "authority": record.authority,
        "valid_from": _yyyymmdd(record.valid_from),
        "valid_to": LONG_TERM if record.valid_to is None else _yyyymmdd(record.valid_to),
        "reserved": "",
    }
    return b"".join(_ucs2(values[name], size, name) for name, size in TEXT_LAYOUT)


def _parse_date(text: str, field_name: str) -> date:
    if len(text) != 8 or not text.isdigit():
        raise ValueError(f"{field_name} is not YYYYMMDD")
    return date(int(text[:4]), int(text[4:6]), int(text[6:]))


def parse_text_record(text: bytes, photo: bytes = b"") -> CardRecord:
    """A :class:`CardRecord` from the 256-byte text record and the photo bytes.

    Raises ``ValueError`` (without the field's content) when the record is malformed.
    """
    if len(text) != TEXT_SIZE:
        raise ValueError(f"text record is {len(text)} bytes, expected {TEXT_SIZE}")
    fields: dict[str, str] = {}
    offset = 0
    for name, size in TEXT_LAYOUT:
        try:
            value = text[offset : offset + size].decode("utf-16-le")
        except UnicodeDecodeError as exc:
            raise ValueError(f"{name} is not UCS-2") from exc
        fields[name] = value.rstrip(" \x00")
        offset += size
    if fields["sex"] not in _SEX_BY_CODE:
        raise ValueError("unknown sex code")
    if fields["nation"] not in NATIONS:
        raise ValueError("unknown nation code")
    valid_to = fields["valid_to"]
    return CardRecord(
        name=fields["name"],
        sex=_SEX_BY_CODE[fields["sex"]],
        nation_code=fields["nation"],
        birth_date=_parse_date(fields["birth_date"], "birth_date"),
        address=fields["address"],
        id_number=fields["id_number"],
        authority=fields["authority"],
        valid_from=_parse_date(fields["valid_from"], "valid_from"),
        valid_to=None if valid_to == LONG_TERM else _parse_date(valid_to, "valid_to"),
        photo_wlt=bytes(photo),
    )


def encode_read_payload(record: CardRecord) -> bytes:
    """Data of a successful read-text-and-photo answer: text length, photo length, both records."""
    photo = record.photo_wlt.ljust(PHOTO_SIZE, b"\x00")[:PHOTO_SIZE]
    text = encode_text_record(record)
    return len(text).to_bytes(2, "big") + len(photo).to_bytes(2, "big") + text + photo


def parse_read_payload(payload: bytes) -> CardRecord:
    """The record from a read-text-and-photo answer's data."""
    if len(payload) < 4:
        raise ValueError("read answer too short")
    text_len = int.from_bytes(payload[0:2], "big")
    photo_len = int.from_bytes(payload[2:4], "big")
    if len(payload) != 4 + text_len + photo_len:
        raise ValueError(
            f"read answer has {len(payload)} bytes, lengths say {4 + text_len + photo_len}"
        )
    text = payload[4 : 4 + text_len]
    return parse_text_record(text, payload[4 + text_len :])


def _status_name(status: int) -> str:
    try:
        return f"{Status(status).name} ({status:#04x})"
    except ValueError:
        return f"unknown status {status:#04x}"


class CardReader(ABC):
    """An ID-card reader. Backends implement :meth:`_write` and :meth:`_read` only.

    Nothing is opened until the first command; use as a context manager or call :meth:`close`.
    """

    def __init__(
        self,
        *,
        response_timeout: float = 1.0,
        read_timeout: float = 3.0,
        retries: int = 1,
    ) -> None:
        # Find/select answer within ~100 ms on real readers; reading the chip takes ~1 s.
        self.response_timeout = response_timeout
        self.read_timeout = read_timeout
        self.retries = retries

    # -- what a backend provides ---------------------------------------------------------

    @abstractmethod
    def _write(self, data: bytes) -> None:
        """Send bytes to the reader."""

    @abstractmethod
    def _read(self, n: int, timeout: float) -> bytes:
        """Up to ``n`` bytes, waiting at most ``timeout`` seconds; fewer (even none) on timeout."""

    def _discard_input(self) -> None:  # noqa: B027 - optional hook, nothing to do by default
        """Drop stale bytes before a new command (a late answer to an earlier one)."""

    def close(self) -> None:  # noqa: B027 - optional hook, nothing to do by default
        """Release the port."""

    @staticmethod
    def is_usable() -> bool:
        """Whether this backend's dependencies are present (opens no hardware)."""
        return True

    def __enter__(self) -> CardReader:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- the protocol ------------------------------------------------------------------

    def read_card(self, *, today: date | None = None, allow_expired: bool = False) -> CardRecord:
        """Find, select and read the card on the reader.

        Raises :class:`NoCard`, :class:`CardReadFailed`, :class:`CardExpired` (unless
        ``allow_expired``, e.g. for renewing a card), :class:`ReaderNotResponding` or
        :class:`ReaderFault`, each with the sentence to say to the resident.
        """
        self.find_card()
        self._expect(self.transact(SELECT_CARD), Status.OK, "select")
        record = self._read_text_and_photo()
        if not allow_expired and record.is_expired(today or date.today()):
            raise CardExpired()
        return record

    def card_present(self) -> bool:
        """Whether a card is in the field (find card), for polling before :meth:`read_card`."""
        try:
            self.find_card()
        except NoCard:
            return False
        return True

    def find_card(self) -> None:
        response = self.transact(FIND_CARD)
        if response.status == Status.FIND_FAILED:
            raise NoCard()
        self._expect(response, Status.CARD_FOUND, "find")

    def sam_status(self) -> int:
        """The SAM module's status byte (0x90 when healthy), for ``kiosk doctor``."""
        return self.transact(SAM_STATUS).status

    def _read_text_and_photo(self) -> CardRecord:
        failure: CardReadFailed | None = None
        for _attempt in range(self.retries + 1):
            try:
                response = self.transact(READ_TEXT_AND_PHOTO, timeout=self.read_timeout)
                self._expect(response, Status.OK, "read")
                try:
                    return parse_read_payload(response.payload)
                except ValueError as exc:
                    raise CardReadFailed(detail=f"read: {exc}") from exc
            except CardReadFailed as exc:
                # A checksum or truncation glitch usually clears on the next try.
                failure = exc
        assert failure is not None
        raise failure

    def _expect(self, response: Response, wanted: Status, step: str) -> None:
        if response.status == wanted:
            return
        detail = f"{step}: {_status_name(response.status)}"
        if response.status in _RETRY_WITH_CARD:
            raise CardReadFailed(detail=detail)
        if response.status in (Status.BAD_CHECKSUM, Status.BAD_LENGTH):
            # The reader saw our frame damaged: line noise, worth another try.
            raise CardReadFailed(detail=detail)
        if response.status == Status.FIND_FAILED:
            raise NoCard(detail=detail)
        raise ReaderFault(detail=detail)

    def transact(
        self, command: Command, payload: bytes = b"", *, timeout: float | None = None
    ) -> Response:
        """Send one command and return the reader's checked answer."""
        self._discard_input()
        self._write(encode_command(command, payload))
        return self._receive(self.response_timeout if timeout is None else timeout, command)

    def _receive(self, timeout: float, command: Command) -> Response:
        deadline = time.monotonic() + timeout
        name = f"{command[0]:02X} {command[1]:02X}"
        header = self._read_exact(HEADER_SIZE, deadline)
        if not header:
            raise ReaderNotResponding(detail=f"no answer to {name} within {timeout:.1f} s")
        skipped = 0
        while not header.startswith(PREAMBLE):
            # Resynchronise on line noise one byte at a time.
            skipped += 1
            more = self._read_exact(1, deadline) if skipped <= MAX_GARBAGE else b""
            if not more:
                raise CardReadFailed(detail=f"answer to {name}: no preamble")
            header = header[1:] + more
        length = int.from_bytes(header[5:7], "big")
        if not 4 <= length <= MAX_FRAME_BODY:
            raise CardReadFailed(detail=f"answer to {name}: implausible length {length}")
        rest = self._read_exact(length, deadline)
        if len(rest) < length:
            raise CardReadFailed(
                detail=f"answer to {name}: {len(rest)} of {length} bytes before timeout"
            )
        try:
            return Response.from_body(decode_frame(header + rest))
        except FrameError as exc:
            raise CardReadFailed(detail=f"answer to {name}: {exc}") from exc

    def _read_exact(self, n: int, deadline: float) -> bytes:
        data = b""
        while len(data) < n:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            chunk = self._read(n - len(data), remaining)
            if chunk:
                data += chunk
        return data


__all__ = [
    "FIND_CARD",
    "PHOTO_SIZE",
    "PREAMBLE",
    "READ_TEXT_AND_PHOTO",
    "SELECT_CARD",
    "TEXT_LAYOUT",
    "TEXT_SIZE",
    "CardReader",
    "CardReaderError",
    "CardRecord",
    "Command",
    "FrameError",
    "Response",
    "Status",
    "checksum",
    "decode_frame",
    "encode_command",
    "encode_frame",
    "encode_read_payload",
    "encode_response",
    "encode_text_record",
    "parse_read_payload",
    "parse_text_record",
]
