"""Barcode decoders behind one interface: zxing-cpp and pyzbar.

A :class:`Decoder` takes a grey ``uint8`` image and returns :class:`DecodedCode` records with
the payload, the format under zxing-cpp's name (``QRCode``, ``EAN13``, ``Code128`` ...) and the
four corners in the image's pixel coordinates. Each backend guards its import and answers
``is_usable()``; the pipeline uses whichever are installed.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

Point = tuple[float, float]
Corners = tuple[Point, Point, Point, Point]

# Symbologies protected by Reed-Solomon error correction. A read of one of these from a
# heavily processed image is still trustworthy; a 1-D code (one mod-10 digit at best) is not.
ECC_FORMATS = frozenset(
    {"QRCode", "MicroQRCode", "RMQRCode", "DataMatrix", "Aztec", "PDF417", "MaxiCode"}
)

# pyzbar's symbol names mapped to zxing-cpp's, so callers see one vocabulary.
_PYZBAR_FORMATS = {
    "QRCODE": "QRCode",
    "EAN13": "EAN13",
    "EAN8": "EAN8",
    "EAN5": "EAN5",
    "EAN2": "EAN2",
    "UPCA": "UPCA",
    "UPCE": "UPCE",
    "ISBN13": "EAN13",
    "ISBN10": "EAN13",
    "CODE128": "Code128",
    "CODE39": "Code39",
    "CODE93": "Code93",
    "I25": "ITF",
    "CODABAR": "Codabar",
    "DATABAR": "DataBar",
    "DATABAR_EXP": "DataBarExp",
    "PDF417": "PDF417",
    "SQCODE": "SQCode",
}


@dataclass(frozen=True)
class DecodedCode:
    """One code read from one image."""

    text: str
    format: str
    corners: Corners
    decoder: str


def pyzbar_format_name(symbol: str) -> str:
    """zxing-cpp's name for a pyzbar symbol type (unknown ones pass through)."""
    return _PYZBAR_FORMATS.get(symbol, symbol)


class Decoder(ABC):
    """Reads every code it can find in one grey image."""

    name: str = "decoder"

    @classmethod
    @abstractmethod
    def is_usable(cls) -> bool:
        """True when the library behind this decoder can be imported here."""

    @abstractmethod
    def decode(self, image: np.ndarray) -> list[DecodedCode]:
        """Codes found in ``image`` (2-D ``uint8``); an empty list when none."""


class ZxingDecoder(Decoder):
    """zxing-cpp: fast (about 1 ms on a 1280x720 frame here), reads most symbologies.

    ``binarizer`` is one of zxing-cpp's ``LocalAverage``, ``GlobalHistogram``,
    ``FixedThreshold`` (for images that are already black and white) or ``BoolCast``.
    """

    name = "zxing-cpp"

    def __init__(
        self,
        *,
        binarizer: str = "LocalAverage",
        formats: Iterable[str] | None = None,
        try_downscale: bool = True,
        try_rotate: bool = True,
        try_invert: bool = True,
        is_pure: bool = False,
    ) -> None:
        import zxingcpp

        self._zxing = zxingcpp
        self._options = {
            "binarizer": getattr(zxingcpp.Binarizer, binarizer),
            "try_downscale": try_downscale,
            "try_rotate": try_rotate,
            "try_invert": try_invert,
            "is_pure": is_pure,
        }
        if formats is not None:
            self._options["formats"] = zxingcpp.barcode_formats_from_str(",".join(formats))
        self.name = "zxing-cpp" if binarizer == "LocalAverage" else f"zxing-cpp/{binarizer}"

    @classmethod
    def is_usable(cls) -> bool:
        try:
            import zxingcpp  # noqa: F401
        except ImportError:
            return False
        return True

    def decode(self, image: np.ndarray) -> list[DecodedCode]:
        found = []
        for result in self._zxing.read_barcodes(np.ascontiguousarray(image), **self._options):
            if not result.valid:
                continue
            position = result.position
            corners = tuple(
                (float(p.x), float(p.y))
                for p in (
                    position.top_left,
                    position.top_right,
                    position.bottom_right,
                    position.bottom_left,
                )
            )
            found.append(DecodedCode(result.text, result.format.name, corners, self.name))
        return found


class PyzbarDecoder(Decoder):
    """pyzbar (ZBar): slower (about 20 ms a frame here), a second opinion on hard images."""

    name = "pyzbar"

    def __init__(self, *, formats: Iterable[str] | None = None) -> None:
        from pyzbar import pyzbar

        self._pyzbar = pyzbar
        self._symbols = None
        if formats is not None:
            wanted = set(formats)
            symbols = [
                getattr(pyzbar.ZBarSymbol, symbol)
                for symbol, name in _PYZBAR_FORMATS.items()
                if name in wanted and hasattr(pyzbar.ZBarSymbol, symbol)
            ]
            self._symbols = symbols or None

    @classmethod
    def is_usable(cls) -> bool:
        try:
            from pyzbar import pyzbar  # noqa: F401  (loads libzbar; fails without it)
        except (ImportError, OSError):
            return False
        return True

    def decode(self, image: np.ndarray) -> list[DecodedCode]:
        image = np.ascontiguousarray(image)
        found = []
        for result in self._pyzbar.decode(image, symbols=self._symbols):
            text = result.data.decode("utf-8", errors="replace")
            found.append(
                DecodedCode(
                    text, pyzbar_format_name(result.type), _pyzbar_corners(result), self.name
                )
            )
        return found


def _pyzbar_corners(result) -> Corners:
    points = [(float(p.x), float(p.y)) for p in result.polygon]
    if len(points) != 4:  # 1-D codes come back as a long outline: use its bounding box
        left, top, width, height = result.rect
        points = [
            (left, top),
            (left + width, top),
            (left + width, top + height),
            (left, top + height),
        ]
    return _clockwise_from_top_left(points)


def _clockwise_from_top_left(points: list[Point]) -> Corners:
    centre_x = sum(x for x, _ in points) / len(points)
    centre_y = sum(y for _, y in points) / len(points)
    ordered = sorted(points, key=lambda p: np.arctan2(p[1] - centre_y, p[0] - centre_x))
    start = min(range(4), key=lambda i: ordered[i][0] + ordered[i][1])
    rotated = ordered[start:] + ordered[:start]
    return (rotated[0], rotated[1], rotated[2], rotated[3])


def usable_decoders() -> list[Decoder]:
    """The default decoders of this machine, fastest first."""
    decoders: list[Decoder] = []
    if ZxingDecoder.is_usable():
        decoders.append(ZxingDecoder())
    if PyzbarDecoder.is_usable():
        decoders.append(PyzbarDecoder())
    return decoders
