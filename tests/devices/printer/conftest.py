"""Stand-in printers at the far end of real connections: a TCP server and a pty."""

from __future__ import annotations

import contextlib
import os
import select
import socket
import threading
import tty
from collections.abc import Iterator

import pytest

READY = 0x12


class FakePrinterEnd:
    """Collects what the host sends and answers DLE EOT n from ``status``."""

    def __init__(self) -> None:
        self.received = bytearray()
        self.status: dict[int, int | None] = {1: READY, 2: READY, 3: READY, 4: READY}
        self.lock = threading.Lock()
        self.got_data = threading.Condition(self.lock)
        self._scan = 0

    def feed(self, data: bytes) -> bytes:
        """Record ``data`` and return the answer bytes to send back."""
        answer = b""
        with self.got_data:
            self.received += data
            # Answer every complete DLE EOT n; a query may straddle two chunks.
            while True:
                i = self.received.find(b"\x10\x04", self._scan)
                if i < 0:
                    self._scan = max(self._scan, len(self.received) - 1)
                    break
                if i + 2 >= len(self.received):
                    self._scan = i
                    break
                value = self.status.get(self.received[i + 2])
                if value is not None:
                    answer += bytes([value])
                self._scan = i + 3
            self.got_data.notify_all()
        return answer

    def wait_for(self, size: int, timeout: float = 5.0) -> bytes:
        with self.got_data:
            self.got_data.wait_for(lambda: len(self.received) >= size, timeout)
            return bytes(self.received)


@pytest.fixture
def tcp_printer() -> Iterator[tuple[FakePrinterEnd, int]]:
    """A raw-TCP printer on 127.0.0.1; yields (printer end, port)."""
    end = FakePrinterEnd()
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    stop = threading.Event()

    def serve() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(0.1)
                while not stop.is_set():
                    try:
                        data = conn.recv(65536)
                    except TimeoutError:
                        continue
                    if not data:
                        break
                    answer = end.feed(data)
                    if answer:
                        conn.sendall(answer)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield end, port
    stop.set()
    thread.join(timeout=5)
    server.close()


@pytest.fixture
def pty_printer() -> Iterator[tuple[FakePrinterEnd, str]]:
    """A serial printer on a pty; yields (printer end, device path)."""
    end = FakePrinterEnd()
    master, slave = os.openpty()
    tty.setraw(slave)
    path = os.ttyname(slave)
    wake_r, wake_w = os.pipe()

    def serve() -> None:
        while True:
            ready, _, _ = select.select([master, wake_r], [], [])
            if wake_r in ready:
                return
            try:
                data = os.read(master, 65536)
            except OSError:
                return
            answer = end.feed(data)
            if answer:
                os.write(master, answer)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield end, path
    os.write(wake_w, b"x")
    thread.join(timeout=5)
    for fd in (master, slave, wake_r, wake_w):
        with contextlib.suppress(OSError):
            os.close(fd)
