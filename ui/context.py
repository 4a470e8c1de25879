"""What the screens share: the flows' services, the speaker, the task runner, the devices.

Built by the composition root (:func:`kiosk.app.build_window`); screens reach the current
resident's flows through :attr:`UiContext.visit`, which the window replaces when a session
ends.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from accessibility.speech.base import Speaker
from kiosk.flows.admin import AdminFlow, SyncFacts
from kiosk.flows.context import FlowContext
from kiosk.flows.visit import Visit
from ui.tasks import TaskRunner


@dataclass
class Devices:
    """The drivers the composition root picked (``None``: not attached on this kiosk)."""

    card_reader: Any = None
    """A :class:`devices.cardreader.CardReader`."""
    printer: Any = None
    """A :class:`devices.printer.Printer` (the PDF printer where no paper printer is)."""
    camera: Any = None
    """A camera for document capture (``devices.camera``), once attached."""
    scanner: Any = None
    """A code scanner (``devices.codes``), once attached."""
    notices: list[str] = field(default_factory=list)
    """Stand-ins in place of absent devices, said to staff (``kiosk.app.build_devices``)."""


@dataclass
class UiContext:
    flows: FlowContext
    speaker: Speaker
    tasks: TaskRunner
    admin: AdminFlow
    devices: Devices = field(default_factory=Devices)
    online: Callable[[], bool] = lambda: False
    """Whether the link to the server is up (the sync worker's snapshot); offline by default."""
    sync_facts: Callable[[], SyncFacts | None] = lambda: None
    live_capture: bool = False
    """Materials are captured automatically from the live camera (the kiosk); off, 拍照 takes
    one frame (the scripted tour and tests, which must not depend on thread timing)."""
    visit: Visit = field(init=False)

    def __post_init__(self) -> None:
        self.visit = Visit(self.flows)

    def new_visit(self) -> Visit:
        self.visit.end()
        self.visit = Visit(self.flows)
        return self.visit
