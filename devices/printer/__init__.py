"""Receipt printer: layout and ESC/POS encoding; python-escpos, PDF and dummy backends."""

from __future__ import annotations

from devices.printer.base import Printer, PrinterStatus, Receipt, parse_status, render_escpos
from devices.printer.errors import CoverOpen, PaperOut, PrinterError, PrinterFault, PrinterOffline

__all__ = [
    "CoverOpen",
    "PaperOut",
    "Printer",
    "PrinterError",
    "PrinterFault",
    "PrinterOffline",
    "PrinterStatus",
    "Receipt",
    "parse_status",
    "render_escpos",
]
