"""Receipts as PDF files shaped like the paper roll: the default where no printer is attached.

Rendered with Qt (QPdfWriter + QPainter) in "Noto Sans CJK SC" (without an explicit family Qt
falls back to the Japanese face), the QR code drawn from segno. The same :class:`Receipt` as the
ESC/POS path, so the PDF shows what the roll would. Needs a QGuiApplication; one is created if
the process has none (on the thread that first prints, so do that from the main thread or
create the application first, as ``kiosk/app.py`` does).
"""

from __future__ import annotations

import io
import itertools
import time
from pathlib import Path
from typing import Any

from devices.printer.base import Printer, Receipt
from devices.printer.errors import PrinterFault

try:
    import segno
    from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
    from PySide6.QtGui import (
        QFont,
        QFontMetricsF,
        QGuiApplication,
        QImage,
        QPageLayout,
        QPageSize,
        QPainter,
        QPdfWriter,
        QPen,
    )
except ImportError:  # pragma: no cover - both are declared dependencies
    segno = None

FONT_FAMILIES = ["Noto Sans CJK SC", "WenQuanYi Micro Hei"]
DPI = 300
MM = DPI / 25.4  # device pixels per millimetre

# Keeps an application created here alive for the rest of the process.
_app: Any = None


def _ensure_gui_application() -> None:
    global _app
    if QGuiApplication.instance() is None:
        _app = QGuiApplication([])


def _font(point_size: float, *, bold: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSizeF(point_size)
    font.setBold(bold)
    # Noto CJK's 'locl' swaps Latin digits for variant glyphs no character maps to, and Qt's
    # PDF text layer then writes glyph numbers for them: a copied or read-aloud code came out
    # as control characters. Without it the digits differ by a hair; ideographs not at all.
    font.setFeature(QFont.Tag("locl"), 0)
    return font


class PdfPrinter(Printer):
    """Writes each receipt to ``<out_dir>/<kind>-<time>-<n>.pdf`` (``receipt-...``,
    ``draft-slip-...``), one roll-sized page."""

    def __init__(
        self,
        out_dir: str | Path,
        *,
        width_mm: float = 80.0,
        margin_mm: float = 4.0,
        **options: Any,
    ) -> None:
        super().__init__(**options)
        self.out_dir = Path(out_dir)
        self.width_mm = width_mm
        self.margin_mm = margin_mm
        self.written: list[Path] = []
        self._counter = itertools.count(1)

    @staticmethod
    def is_usable() -> bool:
        return segno is not None

    def print_receipt(self, receipt: Receipt) -> Path:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        kind = receipt.kind if receipt.kind.replace("-", "").isalpha() else "receipt"
        path = self.out_dir / f"{kind}-{stamp}-{next(self._counter):03d}.pdf"
        render_pdf(receipt, path, width_mm=self.width_mm, margin_mm=self.margin_mm)
        self.written.append(path)
        return path


def _qr_image(payload: str) -> QImage:
    buffer = io.BytesIO()
    segno.make(payload, error="m").save(buffer, kind="png", scale=10, border=2)
    image = QImage.fromData(buffer.getvalue(), "PNG")
    if image.isNull():
        raise PrinterFault(detail="QR image could not be decoded")
    return image


def render_pdf(
    receipt: Receipt, path: str | Path, *, width_mm: float = 80.0, margin_mm: float = 4.0
) -> None:
    """Draw the receipt into a one-page PDF at ``path``."""
    _ensure_gui_application()
    content_w = (width_mm - 2 * margin_mm) * MM
    title_font, body_font, small_font = _font(14, bold=True), _font(9), _font(8)
    big_font = _font(24, bold=True)
    qr = _qr_image(receipt.qr_payload) if receipt.qr_payload else None
    qr_side = min(32 * MM, content_w)
    gap = 2 * MM

    writer = QPdfWriter(str(path))
    writer.setResolution(DPI)
    writer.setTitle(receipt.title)
    writer.setCreator("zhengwu-kiosk")

    def height_of(font: QFont, value: str, *, flags: int = 0) -> float:
        metrics = QFontMetricsF(font, writer)
        rect = metrics.boundingRect(
            QRectF(0, 0, content_w, 1e6), int(flags | Qt.TextFlag.TextWordWrap), value
        )
        return rect.height()

    # First pass: measure, so the page is exactly as long as the receipt.
    blocks: list[tuple[str, Any, float]] = []
    blocks.append(("title", receipt.title, height_of(title_font, receipt.title)))
    if receipt.big:
        blocks.append(("big", receipt.big, height_of(big_font, receipt.big)))
    blocks.append(("rule", None, gap))
    for label, value in receipt.lines:
        label_h = height_of(body_font, f"{label}：")
        value_h = height_of(body_font, value)
        fits = (
            QFontMetricsF(body_font, writer).horizontalAdvance(f"{label}：{value}")
            <= content_w - MM
        )
        blocks.append(("pair", (label, value, fits), label_h if fits else label_h + value_h))
    if receipt.notes:
        blocks.append(("rule", None, gap))
        blocks += [("note", note, height_of(small_font, note)) for note in receipt.notes]
    if qr is not None:
        blocks.append(("qr", qr, qr_side + gap))
    if receipt.footer:
        blocks.append(("footer", receipt.footer, height_of(small_font, receipt.footer)))
    content_h = sum(h for _, _, h in blocks) + gap * len(blocks)
    height_mm = content_h / MM + 2 * margin_mm

    writer.setPageLayout(
        QPageLayout(
            QPageSize(QSizeF(width_mm, height_mm), QPageSize.Unit.Millimeter, "receipt"),
            QPageLayout.Orientation.Portrait,
            QMarginsF(margin_mm, margin_mm, margin_mm, margin_mm),
            QPageLayout.Unit.Millimeter,
        )
    )
    painter = QPainter()
    if not painter.begin(writer):
        raise PrinterFault(detail="cannot open the PDF file for writing")
    try:
        pen = QPen(Qt.GlobalColor.black)
        pen.setWidthF(0.25 * MM)  # the default cosmetic pen is one 300-dpi dot: invisible
        painter.setPen(pen)
        y = 0.0
        wrap = Qt.TextFlag.TextWordWrap
        for kind, value, h in blocks:
            if kind in ("title", "big"):
                painter.setFont(title_font if kind == "title" else big_font)
                painter.drawText(
                    QRectF(0, y, content_w, h), int(Qt.AlignmentFlag.AlignHCenter | wrap), value
                )
            elif kind == "rule":
                painter.drawLine(0, int(y + h / 2), int(content_w), int(y + h / 2))
            elif kind == "pair":
                label, text, fits = value
                painter.setFont(body_font)
                line_h = height_of(body_font, f"{label}：")
                painter.drawText(QRectF(0, y, content_w, line_h), int(wrap), f"{label}：")
                if fits:
                    right = int(Qt.AlignmentFlag.AlignRight)
                    painter.drawText(QRectF(0, y, content_w, line_h), right, text)
                else:
                    painter.drawText(QRectF(0, y + line_h, content_w, h - line_h), int(wrap), text)
            elif kind in ("note", "footer"):
                painter.setFont(small_font)
                align = Qt.AlignmentFlag.AlignHCenter if kind == "footer" else 0
                painter.drawText(QRectF(0, y, content_w, h), int(align | wrap), value)
            elif kind == "qr":
                left = (content_w - qr_side) / 2
                painter.drawImage(QRectF(left, y, qr_side, qr_side), value)
            y += h + gap
    finally:
        painter.end()
