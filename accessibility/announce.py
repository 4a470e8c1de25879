"""Announcements for screen readers (Orca, NVDA): state changes said without moving focus.

Qt 6.8 added ``QAccessibleAnnouncementEvent``; PySide6 6.11 exposes it with its politeness
(polite: after what is being read; assertive: at once, for errors). Qt sends it to the
platform bridge only while an assistive technology is listening, so :class:`Announcer` also
emits :attr:`Announcer.announced` — the kiosk's own speech and the tests hear every
announcement either way.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QWidget


class Announcer(QObject):
    announced = Signal(str, bool)
    """The message and whether it was assertive."""

    def announce(self, source: QWidget, message: str, *, assertive: bool = False) -> None:
        """Announces ``message`` on behalf of ``source`` (the widget whose state changed)."""
        message = message.strip()
        if not message:
            return
        event = QAccessibleAnnouncementEvent(source, message)
        event.setPoliteness(
            QAccessible.AnnouncementPoliteness.Assertive
            if assertive
            else QAccessible.AnnouncementPoliteness.Polite
        )
        QAccessible.updateAccessibility(event)
        self.announced.emit(message, assertive)
