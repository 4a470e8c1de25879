"""The signature pad: a finger or stylus draws; each stroke's end hands the whole signature
over as a PNG (black on white), which the flow stores as a material."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QPointF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.i18n import tr

INK = QColor("#000000")
PAPER = QColor("#FFFFFF")


class SignaturePad(QWidget):
    signed = Signal(object)
    """PNG bytes of everything drawn so far."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(tr("签名框"))
        self.setAccessibleDescription(tr("请用手指在框里写下您的名字"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        # Not in the keypad's Up/Down order: drawing needs a finger; the keypad's way to sign
        # is the screen's 我确认以上内容属实 (one Enter).
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self._strokes: list[list[QPointF]] = []

    def _pad_height(self) -> int:
        return max(200, self.fontMetrics().height() * 5)

    def sizeHint(self) -> QSize:
        return QSize(600, self._pad_height())

    def minimumSizeHint(self) -> QSize:
        return QSize(200, self._pad_height())

    def event(self, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.Polish):
            self.setFixedHeight(self._pad_height())
        return super().event(event)

    @property
    def empty(self) -> bool:
        return not any(len(s) > 1 for s in self._strokes)

    def clear(self) -> None:
        self._strokes = []
        self.update()

    def draw(self, strokes: Sequence[Sequence[tuple[float, float]]]) -> None:
        """Draws strokes given as fractions of the pad (0..1), as a finger would."""
        width, height = max(1, self.width()), max(1, self.height())
        for stroke in strokes:
            self._strokes.append([QPointF(x * width, y * height) for x, y in stroke])
        self.update()
        self.signed.emit(self.png())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._strokes.append([event.position()])

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._strokes and event.buttons() & Qt.MouseButton.LeftButton:
            self._strokes[-1].append(event.position())
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._strokes:
            self._strokes[-1].append(event.position())
        if not self.empty:
            self.signed.emit(self.png())

    def _paint(self, painter: QPainter) -> None:
        pen = QPen(INK, max(3.0, self.height() / 50))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        for stroke in self._strokes:
            if len(stroke) < 2:
                continue
            path = QPainterPath(stroke[0])
            for point in stroke[1:]:
                path.lineTo(point)
            painter.drawPath(path)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), PAPER)
        frame = QPen(QColor("#5A6F8E"), 4)
        painter.setPen(frame)
        painter.drawRect(self.rect().adjusted(2, 2, -2, -2))
        baseline = QPen(QColor("#8A9BB5"), 2, Qt.PenStyle.DashLine)
        painter.setPen(baseline)
        y = int(self.height() * 0.75)
        painter.drawLine(16, y, self.width() - 16, y)
        self._paint(painter)
        painter.end()

    def png(self) -> bytes:
        image = QImage(self.size(), QImage.Format.Format_RGB32)
        image.fill(PAPER)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paint(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        return bytes(data.data())
