"""Configuration names -> device backends: the one table the composition root looks in.

``backend("camera", "opencv")`` returns the class; every class answers ``is_usable()`` (its
library is importable here; no hardware is opened). Which device is *present* is found out by
the composition root (``kiosk.app.build_devices``), which also falls back to the stand-ins.

=============  ==================================================================
kind           names
=============  ==================================================================
camera         ``opencv`` (V4L2 index or path, or a stream URL), ``file`` (folder / video)
card_reader    ``serial`` (SAM protocol over pyserial), ``simulator`` (a pty, synthetic card)
printer        ``escpos-usb``, ``escpos-serial``, ``escpos-network``, ``pdf``, ``dummy``
=============  ==================================================================
"""

from __future__ import annotations

from devices.camera.file_camera import FileCamera
from devices.camera.opencv_camera import OpenCVCamera
from devices.cardreader.serial_reader import SerialCardReader
from devices.cardreader.simulator import CardReaderSimulator
from devices.errors import DeviceError
from devices.printer.dummy import DummyPrinter
from devices.printer.escpos_printer import NetworkPrinter, SerialPrinter, UsbPrinter
from devices.printer.pdf_printer import PdfPrinter
from devices.text import N_

BACKENDS: dict[str, dict[str, type]] = {
    "camera": {"opencv": OpenCVCamera, "file": FileCamera},
    "card_reader": {"serial": SerialCardReader, "simulator": CardReaderSimulator},
    "printer": {
        "escpos-usb": UsbPrinter,
        "escpos-serial": SerialPrinter,
        "escpos-network": NetworkPrinter,
        "pdf": PdfPrinter,
        "dummy": DummyPrinter,
    },
}


class UnknownBackend(DeviceError):
    def __init__(self, kind: str, name: str) -> None:
        known = ", ".join(sorted(BACKENDS.get(kind, {})))
        super().__init__(
            N_("设备设置有误，请联系工作人员"),
            detail=f"unknown {kind} backend {name!r} (known: {known})",
        )


def backend(kind: str, name: str) -> type:
    """The backend class configured as ``name`` for ``kind``."""
    try:
        return BACKENDS[kind][name]
    except KeyError:
        raise UnknownBackend(kind, name) from None


def usable(kind: str) -> dict[str, bool]:
    """Each backend of ``kind`` and whether its library is importable on this machine."""
    return {name: bool(cls.is_usable()) for name, cls in BACKENDS[kind].items()}
