"""The last lines of the log, for the staff screen. Log records never carry personal data
(a rule of every package), so they may be shown; only the message and the logger are kept."""

from __future__ import annotations

import logging
import threading
from collections import deque
from datetime import datetime

from kiosk.logsafe import RedactPersonalData

TAIL = 12


class LogTail(logging.Handler):
    def __init__(self, *, keep: int = 200, level: int = logging.INFO) -> None:
        super().__init__(level=level)
        # Shown on a screen: masked even when no other handler is configured.
        self.addFilter(RedactPersonalData())
        self._lines: deque[str] = deque(maxlen=keep)
        self._lock_lines = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            when = datetime.fromtimestamp(record.created).strftime("%H:%M:%S")
            line = f"{when} {record.levelname} {record.name}: {record.getMessage()}"
        except Exception:
            return
        with self._lock_lines:
            self._lines.append(line[:200])

    def lines(self, count: int = TAIL) -> list[str]:
        with self._lock_lines:
            return list(self._lines)[-count:]

    @classmethod
    def install(cls) -> LogTail:
        """One handler on the root logger (installing twice returns the first)."""
        root = logging.getLogger()
        for handler in root.handlers:
            if isinstance(handler, cls):
                return handler
        # Levels are left as configured (WARNING by default, INFO with --verbose): the tail
        # shows what the log keeps, device faults and failed prints first of all.
        handler = cls()
        root.addHandler(handler)
        return handler
