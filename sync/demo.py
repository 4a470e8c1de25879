"""The sync stage of ``kiosk demo --headless``: the link comes back after the offline part.

Run between the residents' submissions and the progress query: a reference server is up on
a loopback port, staff enrol the kiosk with a one-time token, the kiosk's own sync worker
drains the queue (every application ends ``accepted`` with its server id, the rating and
the audit log go up; the pass's status pull records when each state was learned), so the
progress query at the kiosk shows 已受理 and since when, from the local store (it would
show it offline too). The back office moves nothing on: the demo's contract is that it ends
with every application ``accepted`` (later states are covered in tests/sync). Then the
server stops; the stage keeps its stopped worker, whose last snapshot the demo's staff screen
shows (server, last success, nothing pending).

The server itself is given by the composition root (``kiosk.cli``), which may start
processes of the server package; this module only talks to it over HTTP like any kiosk.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from kiosk.catalogs import CatalogService
from kiosk.config import load_settings
from kiosk.storage.database import Store
from sync.config import SyncConfig
from sync.enrolment import enrol
from sync.factory import build_engine
from sync.worker import SyncWorker, WorkerState

log = logging.getLogger(__name__)

DRAIN_TIMEOUT_S = 120.0


class KioskParts(Protocol):
    """What the stage needs of ``kiosk.app.Kiosk`` (not imported: it names the UI)."""

    data_dir: Path
    store: Store
    catalogs: CatalogService


class DemoServer(Protocol):
    url: str

    def token(self) -> str: ...

    def stop(self) -> None: ...


@dataclass
class DemoSyncStage:
    start_server: Callable[[], DemoServer]
    config: SyncConfig | None = None
    worker: SyncWorker | None = field(default=None, init=False)
    """After the stage: its worker, stopped, holding the last snapshot (for the staff screen)."""
    server_url: str = field(default="", init=False)
    """After the stage: the server it synced with."""

    def __call__(self, kiosk: KioskParts) -> dict:
        server = self.start_server()
        try:
            return self._run(kiosk, server)
        finally:
            server.stop()

    def _run(self, kiosk: KioskParts, server: DemoServer) -> dict:
        enrolment = enrol(kiosk.data_dir, server_url=server.url, token=server.token())
        engine = build_engine(
            store=kiosk.store,
            data_dir=kiosk.data_dir,
            catalogs=kiosk.catalogs,
            settings=load_settings(kiosk.data_dir),
            config=self.config,
        )
        worker = SyncWorker(engine)
        self.worker, self.server_url = worker, server.url
        worker.start()
        try:
            drained = worker.wait_for(
                lambda s: s.state is WorkerState.IDLE and s.pending == 0, DRAIN_TIMEOUT_S
            )
            first = worker.snapshot()
            if not drained:
                raise RuntimeError(f"the demo's queue did not drain: {first.message}")
            last = worker.snapshot()
        finally:
            worker.stop()
        return {
            "server": server.url,
            "device_code": enrolment.device_code,
            "pending": last.pending,
            "unsent_ratings": last.unsent_ratings,
            "passes": last.passes,
        }
