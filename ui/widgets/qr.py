"""QR codes drawn on screen (segno makes the matrix; Qt scales it without blurring)."""

from __future__ import annotations

import io

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QWidget


def qr_pixmap(payload: str, *, side: int) -> QPixmap:
    import segno  # its writers pull in xml and urllib: kept off the start-up path

    buffer = io.BytesIO()
    segno.make(payload, error="m").save(buffer, kind="png", scale=8, border=4)
    image = QImage.fromData(buffer.getvalue(), "PNG")
    return QPixmap.fromImage(image).scaled(
        side, side, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation
    )


class QrLabel(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.payload = ""
        self.setAlignment(Qt.AlignmentFlag.AlignLeft)

    def set_payload(self, payload: str, *, side: int) -> None:
        self.payload = payload
        self.setPixmap(qr_pixmap(payload, side=side))
        self.setFixedSize(side, side)
