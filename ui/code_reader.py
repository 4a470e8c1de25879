"""Codes held up to the camera on the identity page: ``devices.codes.Scanner`` adapted to Qt.

While the identity page shows (on a kiosk with a camera and live scanning on), the scanner
decodes camera frames on its own thread; each code is parsed here (``devices.codes.payloads``:
our receipt and draft codes carry a check, anything else is untrusted text) and handed to the
GUI thread as a :class:`ScannedText` by a queued signal. What it means for the resident is the
flows' business (:meth:`kiosk.flows.visit.Visit.code_scanned`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from devices.camera import Camera
from devices.codes.payloads import InvalidPayload, PayloadKind, parse_payload
from devices.codes.scanner import ScannedCode, Scanner
from kiosk.i18n import N_, tr

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScannedText:
    kind: str
    """``receipt``, ``draft``, ``text`` (someone else's code: an ID number, a link ...) or
    ``invalid`` (claims to be ours and fails its check)."""
    text: str


_KINDS = {PayloadKind.RECEIPT.value: "receipt", PayloadKind.DRAFT.value: "draft"}


def read_payload(text: str) -> ScannedText:
    """What a decoded code says, reduced to what the flows act on."""
    try:
        parsed = parse_payload(text)
    except InvalidPayload as exc:
        log.info("scanned code refused: %s", exc.detail)
        return ScannedText("invalid", "")
    if parsed.trusted:
        return ScannedText(_KINDS.get(parsed.kind, "text"), parsed.body)
    return ScannedText("text", parsed.body)


class CodeReader(QObject):
    read = Signal(object)
    """A :class:`ScannedText` (on the GUI thread)."""
    failed = Signal(str)
    """The camera's sentence for the resident."""

    def __init__(self, camera: Camera, *, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._camera = camera
        self._scanner: Scanner | None = None

    @property
    def running(self) -> bool:
        return self._scanner is not None and self._scanner.running

    def start(self) -> None:
        self.stop()
        self._scanner = Scanner(
            self._camera,
            on_code=self._code,
            on_error=lambda error: self.failed.emit(
                tr(getattr(error, "message", N_("摄像头出了问题")))
            ),
        )
        self._scanner.start()

    def stop(self) -> None:
        if self._scanner is not None:
            self._scanner.stop()
            self._scanner = None

    def _code(self, code: ScannedCode) -> None:  # on the scanner's thread
        self.read.emit(read_payload(code.text))
