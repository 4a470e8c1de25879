"""A printer that keeps the bytes it is sent: for tests, and kiosks with no printer attached.

It answers status queries from :attr:`status_answers` (all fine by default), so the real status
parsing runs; set an answer to simulate paper out, cover open, or ``None`` for no answer.
"""

from __future__ import annotations

from typing import Any

from devices.printer.base import DLE, EOT, Printer

READY = 0x12  # a status byte with only the fixed bits set: nothing wrong


class DummyPrinter(Printer):
    reads_status = True

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.output = bytearray()
        self.status_answers: dict[int, int | None] = {1: READY, 2: READY, 3: READY, 4: READY}
        self._pending = b""

    def _write(self, data: bytes) -> None:
        if len(data) == 3 and data[:2] == DLE + EOT:
            answer = self.status_answers.get(data[2])
            self._pending += b"" if answer is None else bytes([answer])
            return
        self.output += data

    def _read(self, n: int, timeout: float) -> bytes:
        chunk, self._pending = self._pending[:n], self._pending[n:]
        return chunk

    def clear(self) -> None:
        self.output.clear()
