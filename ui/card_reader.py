"""The ID-card reader on the identity screen: polled off the GUI thread, results by signal.

While the identity screen shows, the reader is asked every ``interval_ms`` whether a card
is on it (``card_present``, a find-card frame: tens of milliseconds) and, when one is, read
(about a second) on the task runner's I/O lane. A card read once is not read again until it
has been taken away, so a card left on the reader does not fill the next resident's screen.
"""

from __future__ import annotations

import logging
from datetime import date

from PySide6.QtCore import QObject, QTimer, Signal

from devices.cardreader import CardReader, CardReaderError, NoCard
from kiosk.flows.identify import CardIdentity
from kiosk.i18n import tr
from ui.tasks import TaskRunner

log = logging.getLogger(__name__)


class CardPoller(QObject):
    card_read = Signal(object)
    """A :class:`~kiosk.flows.identify.CardIdentity`."""
    failed = Signal(str)
    """The reader's sentence for the resident (place the card again, card expired ...)."""

    def __init__(
        self,
        reader: CardReader,
        *,
        tasks: TaskRunner,
        today=date.today,
        interval_ms: int = 700,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._reader = reader
        self._tasks = tasks
        self._today = today
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.poll)
        self._busy = False
        self._last_present = False

    def start(self) -> None:
        self._last_present = True  # a card already lying there is not this resident's
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def poll(self) -> None:
        if self._busy:
            return
        self._busy = True
        self._tasks.io(self._look, self._done, self._failed)

    def _look(self) -> CardIdentity | bool | None:
        if not self._reader.card_present():
            return False
        if self._last_present:
            return None
        record = self._reader.read_card(today=self._today())
        return CardIdentity(record.id_number, name=record.name, address=record.address)

    def _done(self, result) -> None:
        self._busy = False
        if result is False:
            self._last_present = False
            return
        self._last_present = True
        if isinstance(result, CardIdentity):
            self.card_read.emit(result)

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        if isinstance(error, NoCard):
            self._last_present = False
            return
        if isinstance(error, CardReaderError):
            log.warning("card reader: %s", error.detail)
            self.failed.emit(tr(error.message))
            self._last_present = True
            return
        log.error("card reader failed: %s", type(error).__name__)
