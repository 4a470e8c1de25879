"""What can go wrong at the receipt printer, each with the sentence the kiosk shows and says.

A failed print never loses the receipt: the number is on screen and in the store already.
"""

from __future__ import annotations

from devices.errors import DeviceError, DeviceUnavailable
from devices.text import N_


class PrinterError(DeviceError):
    """Base of the printer's errors."""


class PaperOut(PrinterError):
    def __init__(self, *, detail: str = "") -> None:
        super().__init__(N_("打印纸用完了，请联系工作人员换纸"), detail=detail or "paper end")


class CoverOpen(PrinterError):
    def __init__(self, *, detail: str = "") -> None:
        super().__init__(N_("打印机盖子没有关好，请联系工作人员"), detail=detail or "cover open")


class PrinterFault(PrinterError):
    """Cutter jam, overheated head, or an error the printer cannot recover from by itself."""

    def __init__(self, *, detail: str) -> None:
        super().__init__(N_("打印机出了故障，请联系工作人员"), detail=detail)


class PrinterOffline(PrinterError, DeviceUnavailable):
    """Not connected, switched off, or not answering."""

    def __init__(self, *, detail: str) -> None:
        super().__init__(N_("打印机没有连接，请联系工作人员"), detail=detail)
