"""ESC/POS printers through python-escpos: USB, serial and network (port 9100) connections.

python-escpos only moves the bytes here (its ``_raw`` and ``_read``); the receipt is encoded by
:mod:`devices.printer.base`. Its printer object is built on the first print, not before, and
python-escpos itself connects only when first used.
"""

from __future__ import annotations

import contextlib
from typing import Any

from devices.printer.base import Printer
from devices.printer.errors import PrinterOffline

try:
    from escpos import printer as escpos_printer
    from escpos.exceptions import Error as EscposError
except ImportError:  # pragma: no cover - python-escpos is a declared dependency
    escpos_printer = None
    EscposError = Exception


class EscposPrinter(Printer):
    """Base of the python-escpos backends; subclasses name the connection class and arguments."""

    reads_status = True
    _connection = ""

    def __init__(self, *, columns: int = 32, status_timeout: float = 1.0, **connection: Any):
        super().__init__(columns=columns, status_timeout=status_timeout)
        self._connection_args = connection
        self._device: Any = None

    @classmethod
    def is_usable(cls) -> bool:
        if escpos_printer is None:
            return False
        return bool(getattr(escpos_printer, cls._connection).is_usable())

    def _escpos(self) -> Any:
        if self._device is None:
            if not self.is_usable():
                raise PrinterOffline(detail=f"python-escpos {self._connection} is not usable")
            factory = getattr(escpos_printer, self._connection)
            self._device = factory(**self._connection_args)
        return self._device

    def _failed(self, exc: Exception) -> PrinterOffline:
        self.close()
        return PrinterOffline(detail=f"{self._connection} printer: {type(exc).__name__}")

    def _write(self, data: bytes) -> None:
        try:
            self._escpos()._raw(data)
        except (EscposError, OSError) as exc:
            raise self._failed(exc) from exc

    def _read(self, n: int, timeout: float) -> bytes:
        try:
            return bytes(self._escpos()._read())[:n]
        except TimeoutError:
            return b""
        except (EscposError, OSError) as exc:
            raise self._failed(exc) from exc

    def close(self) -> None:
        if self._device is not None:
            device, self._device = self._device, None
            with contextlib.suppress(EscposError, OSError):  # the connection already broke
                device.close()


class UsbPrinter(EscposPrinter):
    """USB printer by vendor and product id (needs pyusb and access to the USB device)."""

    _connection = "Usb"

    def __init__(self, vendor_id: int, product_id: int, **options: Any) -> None:
        super().__init__(idVendor=vendor_id, idProduct=product_id, **options)


class SerialPrinter(EscposPrinter):
    """Serial printer on a device path (``/dev/ttyS0``, ``/dev/ttyUSB0``, a pty)."""

    _connection = "Serial"

    def __init__(self, devfile: str, *, baudrate: int = 9600, **options: Any) -> None:
        timeout = options.get("status_timeout", 1.0)
        # dsrdtr off: most receipt printers wire only TX/RX/GND; on a pty it cannot be set.
        super().__init__(
            devfile=devfile, baudrate=baudrate, timeout=timeout, dsrdtr=False, **options
        )

    def _read(self, n: int, timeout: float) -> bytes:
        # python-escpos reads 16 bytes and so always waits the full timeout; ask for n.
        try:
            port = self._escpos().device
            port.timeout = timeout
            return bytes(port.read(n))
        except (EscposError, OSError) as exc:
            raise self._failed(exc) from exc


class NetworkPrinter(EscposPrinter):
    """Network printer (raw TCP, usually port 9100)."""

    _connection = "Network"

    def __init__(self, host: str, *, port: int = 9100, timeout: float = 5.0, **options: Any):
        super().__init__(host=host, port=port, timeout=timeout, **options)

    def _read(self, n: int, timeout: float) -> bytes:
        # python-escpos waits with the connect timeout; a status answer comes in milliseconds.
        try:
            sock = self._escpos().device
            sock.settimeout(timeout)
            return sock.recv(n)
        except TimeoutError:  # socket.timeout is TimeoutError since Python 3.10
            return b""
        except (EscposError, OSError) as exc:
            raise self._failed(exc) from exc
