"""The sync worker's snapshot, polled with a QTimer (the worker is plain Python, not a
QObject): the receipt's offline note and the staff screen read it from here."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from kiosk.flows.admin import SyncFacts
from kiosk.i18n import tr
from kiosk.storage.receipt_numbers import CHINA_TZ


def _when(moment) -> str:
    return moment.astimezone(CHINA_TZ).strftime(tr("%m月%d日 %H:%M")) if moment else ""


class SyncPoller(QObject):
    def __init__(self, worker, *, interval_ms: int = 2000, parent: QObject | None = None):
        super().__init__(parent)
        self._worker = worker
        self.snapshot = worker.snapshot()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()

    def refresh(self) -> None:
        self.snapshot = self._worker.snapshot()

    def online(self) -> bool:
        return bool(self.snapshot.online)

    def facts(self) -> SyncFacts:
        snap = self.snapshot
        return SyncFacts(
            online=bool(snap.online),
            last_success=_when(snap.last_success),
            next_attempt=_when(snap.next_attempt),
            parked=len(snap.parked),
        )
