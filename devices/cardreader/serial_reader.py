"""ID-card reader on a serial port (RS-232 or USB-serial), through pyserial.

``port`` is anything :func:`serial.serial_for_url` accepts: ``/dev/ttyUSB0``, a pty path such as
the simulator's, ``socket://host:port``, ``rfc2217://...`` or ``loop://``. The port is opened on
the first command, never on construction.
"""

from __future__ import annotations

import contextlib
from typing import Any

from devices.cardreader.base import CardReader
from devices.errors import DeviceUnavailable
from devices.text import N_

try:
    import serial
except ImportError:  # pragma: no cover - pyserial is a declared dependency
    serial = None

# Most SAM modules ship at 115200 bps, 8N1, no flow control.
DEFAULT_BAUDRATE = 115200


class SerialCardReader(CardReader):
    """A reader speaking the SAM frame protocol over a serial port."""

    def __init__(self, port: str, *, baudrate: int = DEFAULT_BAUDRATE, **options: Any) -> None:
        super().__init__(**options)
        self.port = port
        self.baudrate = baudrate
        self._serial: Any = None

    @staticmethod
    def is_usable() -> bool:
        return serial is not None

    def _open(self) -> Any:
        if self._serial is None:
            if serial is None:
                raise DeviceUnavailable(
                    N_("读卡器无法使用，请联系工作人员"), detail="pyserial missing"
                )
            try:
                self._serial = serial.serial_for_url(self.port, baudrate=self.baudrate, timeout=0)
            except (serial.SerialException, ValueError, OSError) as exc:
                raise DeviceUnavailable(
                    N_("读卡器没有连接，请联系工作人员"),
                    detail=f"cannot open card reader port {self.port}: {type(exc).__name__}",
                ) from exc
        return self._serial

    def _write(self, data: bytes) -> None:
        port = self._open()
        try:
            port.write(data)
            port.flush()
        except (serial.SerialException, OSError) as exc:
            raise self._lost(exc) from exc

    def _read(self, n: int, timeout: float) -> bytes:
        port = self._open()
        port.timeout = max(timeout, 0.0)
        try:
            return bytes(port.read(n))
        except (serial.SerialException, OSError) as exc:
            raise self._lost(exc) from exc

    def _lost(self, exc: Exception) -> DeviceUnavailable:
        # The port vanished under us (USB-serial adapter pulled): reopen on the next command.
        self.close()
        return DeviceUnavailable(
            N_("读卡器没有连接，请联系工作人员"),
            detail=f"card reader port {self.port} failed: {type(exc).__name__}",
        )

    def _discard_input(self) -> None:
        self._open().reset_input_buffer()

    def close(self) -> None:
        if self._serial is not None:
            port, self._serial = self._serial, None
            with contextlib.suppress(OSError, AttributeError):  # gone with the device
                port.close()
