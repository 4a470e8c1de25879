"""A simulated ID-card reader at the far end of a pseudo-terminal, for tests and the demo.

The simulator opens a pty pair (``os.openpty``), answers SAM frames on the master side from a
thread, and publishes the slave's path (``/dev/pts/N``) as :attr:`port`. The kiosk opens that
path with the real :class:`~devices.cardreader.serial_reader.SerialCardReader`, so the real tty
driver, pyserial and the real frame code all run. (pyserial's ``loop://`` cannot do this: it is
one object that echoes the host's own writes back, with nobody at the other end to answer.)

The simulator holds one card (a :class:`CardRecord` built by the caller from a synthetic
person; devices never import the kiosk's or the tests' helpers) and can inject faults.
"""

from __future__ import annotations

import contextlib
import os
import select
import threading
import tty
from dataclasses import replace
from datetime import date, timedelta
from enum import StrEnum
from types import TracebackType

from devices.cardreader.base import (
    FIND_CARD,
    HEADER_SIZE,
    PREAMBLE,
    READ_TEXT_AND_PHOTO,
    RESET_SAM,
    SAM_STATUS,
    SELECT_CARD,
    CardRecord,
    Command,
    FrameError,
    Status,
    decode_frame,
    encode_read_payload,
    encode_response,
)


class Fault(StrEnum):
    """What the simulated reader gets wrong."""

    NONE = "none"
    NO_CARD = "no_card"
    """Find card answers 0x80: nothing on the reader."""
    CARD_REMOVED = "card_removed"
    """Find and select succeed, then the read answers 0x41: the card left mid-read."""
    EXPIRED = "expired"
    """The card is served with a validity period that ended yesterday."""
    CHECKSUM = "checksum"
    """The read answer's checksum byte is wrong."""
    TRUNCATED = "truncated"
    """Half of the read answer arrives, then nothing."""
    NO_ANSWER = "no_answer"
    """The reader never answers anything (unplugged, wrong port)."""


class CardReaderSimulator:
    """A SAM-protocol reader on a pty. Use as a context manager; connect to :attr:`port`.

    ``fault_times`` limits how many read attempts a read fault affects (``None``: all), so a
    one-off glitch that the host's retry clears can be simulated.
    """

    def __init__(
        self,
        card: CardRecord | None = None,
        *,
        fault: Fault = Fault.NONE,
        fault_times: int | None = None,
    ) -> None:
        self._lock = threading.Lock()
        self._card = card
        self._fault = fault
        self._fault_left = fault_times
        self._selected = False
        self.commands: list[tuple[int, int]] = []
        self.port = ""
        self._master = self._slave = -1
        self._wake_r = self._wake_w = -1
        self._thread: threading.Thread | None = None

    @staticmethod
    def is_usable() -> bool:
        """Needs POSIX pseudo-terminals."""
        return hasattr(os, "openpty")

    # -- control -------------------------------------------------------------------------

    def set_card(self, card: CardRecord | None) -> None:
        """Put a card on the reader (or take it away with ``None``)."""
        with self._lock:
            self._card = card
            self._selected = False

    def set_fault(self, fault: Fault, *, times: int | None = None) -> None:
        with self._lock:
            self._fault = fault
            self._fault_left = times

    def start(self) -> str:
        """Open the pty and start answering; returns the port path."""
        self._master, self._slave = os.openpty()
        # Raw from the start: no echo or line editing even before the host configures it.
        tty.setraw(self._slave)
        self.port = os.ttyname(self._slave)
        self._wake_r, self._wake_w = os.pipe()
        self._thread = threading.Thread(target=self._serve, name="card-reader-sim", daemon=True)
        self._thread.start()
        return self.port

    def stop(self) -> None:
        if self._thread is None:
            return
        os.write(self._wake_w, b"x")
        self._thread.join(timeout=5)
        self._thread = None
        for fd in (self._master, self._slave, self._wake_r, self._wake_w):
            with contextlib.suppress(OSError):
                os.close(fd)

    def __enter__(self) -> CardReaderSimulator:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- the reader ----------------------------------------------------------------------

    def _serve(self) -> None:
        buffer = b""
        while True:
            ready, _, _ = select.select([self._master, self._wake_r], [], [])
            if self._wake_r in ready:
                return
            try:
                buffer += os.read(self._master, 4096)
            except OSError:
                return
            buffer = self._handle_frames(buffer)

    def _handle_frames(self, buffer: bytes) -> bytes:
        while True:
            start = buffer.find(PREAMBLE)
            if start < 0:
                return buffer[-(len(PREAMBLE) - 1) :]
            buffer = buffer[start:]
            if len(buffer) < HEADER_SIZE:
                return buffer
            end = HEADER_SIZE + int.from_bytes(buffer[5:7], "big")
            if len(buffer) < end:
                return buffer
            frame, buffer = buffer[:end], buffer[end:]
            answer = self._answer(frame)
            if answer:
                self._send(answer)

    def _send(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            written = os.write(self._master, view)
            view = view[written:]

    def _answer(self, frame: bytes) -> bytes:
        try:
            body = decode_frame(frame)
        except FrameError:
            return encode_response(Status.BAD_CHECKSUM)
        if len(body) < 2:
            return encode_response(Status.BAD_LENGTH)
        command = Command((body[0], body[1]))
        with self._lock:
            self.commands.append(tuple(command))
            if self._fault == Fault.NO_ANSWER:
                return b""
            return self._dispatch(command)

    def _dispatch(self, command: Command) -> bytes:
        card = None if self._fault == Fault.NO_CARD else self._card
        if command in (SAM_STATUS, RESET_SAM):
            return encode_response(Status.OK)
        if command == FIND_CARD:
            if card is None:
                return encode_response(Status.FIND_FAILED)
            # The data of a found answer is the card's 4-byte IIN (zeros on most readers).
            return encode_response(Status.CARD_FOUND, b"\x00\x00\x00\x00")
        if command == SELECT_CARD:
            if card is None:
                return encode_response(Status.SELECT_FAILED)
            self._selected = True
            # The data of a select answer is the card's 8-byte serial number.
            return encode_response(Status.OK, bytes(8))
        if command == READ_TEXT_AND_PHOTO:
            if card is None or not self._selected:
                return encode_response(Status.READ_FAILED)
            return self._read_answer(card)
        return encode_response(Status.BAD_COMMAND)

    def _read_answer(self, card: CardRecord) -> bytes:
        fault = self._fault
        if self._fault_left is not None:
            if self._fault_left <= 0:
                fault = Fault.NONE
            else:
                self._fault_left -= 1
        if fault == Fault.CARD_REMOVED:
            self._selected = False
            return encode_response(Status.READ_FAILED)
        if fault == Fault.EXPIRED:
            card = _expired(card)
        answer = encode_response(Status.OK, encode_read_payload(card))
        if fault == Fault.CHECKSUM:
            return answer[:-1] + bytes([answer[-1] ^ 0xFF])
        if fault == Fault.TRUNCATED:
            return answer[: len(answer) // 2]
        return answer


def _expired(card: CardRecord) -> CardRecord:
    valid_to = date.today() - timedelta(days=1)
    valid_from = min(card.valid_from, date(valid_to.year - 10, valid_to.month, 1))
    return replace(card, valid_from=valid_from, valid_to=valid_to)
