"""Composition root: the one place that opens the store and wires the parts together.

Only this module and :mod:`kiosk.cli` may import the outer packages (ui, devices, sync,
accessibility); the import-linter contract in pyproject.toml enforces it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from kiosk.catalogs import CatalogService
from kiosk.config import Settings, load_settings
from kiosk.storage.database import DB_FILENAME, Store
from kiosk.storage.encryption import StorageKey, load_storage_key
from kiosk.storage.retention import PurgeReport, Retention

if TYPE_CHECKING:
    from kiosk.flows.context import FlowContext


@dataclass
class Kiosk:
    data_dir: Path
    settings: Settings
    store: Store
    catalogs: CatalogService
    storage_key: StorageKey

    def purge_expired(self, *, actor: str = "housekeeping") -> PurgeReport:
        """Apply the retention settings now (at start-up and after each sync pass)."""
        return Retention(self.store, material_root=self.data_dir / "materials").purge(
            draft_retention=timedelta(days=self.settings.draft_retention_days),
            after_ack=timedelta(days=self.settings.purge_after_ack_days),
            actor=actor,
        )

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Kiosk:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def open_kiosk(data_dir: Path) -> Kiosk:
    """Opens (creating on first start) the data directory, the store and the catalogue."""
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    settings = load_settings(data_dir)
    db_path = data_dir / DB_FILENAME
    key = load_storage_key(data_dir, store_exists=db_path.exists() and db_path.stat().st_size > 0)
    store = Store.open(db_path, key=key)
    try:
        catalogs = CatalogService(store)
        catalogs.ensure_installed()
    except BaseException:
        store.close()
        raise
    return Kiosk(
        data_dir=data_dir, settings=settings, store=store, catalogs=catalogs, storage_key=key
    )


def flow_context(kiosk: Kiosk, *, today: Callable[[], date] = date.today) -> FlowContext:
    """The services every screen's flow uses, over this kiosk's store and catalogue."""
    from kiosk.applications import ApplicationService
    from kiosk.flows.context import FlowContext
    from kiosk.flows.home import usage_counts
    from kiosk.storage.keys import load_or_create_device_secret

    applications = ApplicationService(
        kiosk.store,
        catalogs=kiosk.catalogs,
        device_secret=load_or_create_device_secret(kiosk.data_dir),
        material_root=kiosk.data_dir / "materials",
        device_code=kiosk.settings.receipt_prefix,
    )
    return FlowContext(
        store=kiosk.store,
        catalogs=kiosk.catalogs,
        applications=applications,
        settings=kiosk.settings,
        today=today,
        device=kiosk.settings.receipt_prefix,
        usage=lambda: usage_counts(kiosk.store),
    )


DEMO_ADMIN_PIN = "135790"
"""The staff PIN of ``kiosk run --demo`` and the headless demo (never of a real kiosk)."""


def build_window(
    kiosk: Kiosk,
    *,
    demo: bool = False,
    today: Callable[[], date] = date.today,
    speaker: object | None = None,
    immediate: bool = False,
    monotonic: Callable[[], float] | None = None,
    devices: object | None = None,
    live_capture: bool = False,
):
    """The kiosk window over this kiosk's store, with its devices, speaker and task runner.

    ``demo``: stand-in devices (a camera playing document photos, a PDF printer) and the demo
    staff PIN. ``immediate`` runs background work inline (the scripted tour and tests).
    Needs a QApplication.
    """
    import time

    from accessibility.speech.base import RecordingSpeaker
    from kiosk.flows.admin import AdminFlow
    from kiosk.storage.drafts_repo import hash_pin
    from ui.context import Devices, UiContext
    from ui.demo import demo_devices
    from ui.tasks import TaskRunner
    from ui.window import KioskWindow

    ctx = flow_context(kiosk, today=today)
    if devices is None:
        devices = demo_devices(kiosk.data_dir) if demo else Devices()
    admin_hash = kiosk.settings.admin_pin_hash or (hash_pin(DEMO_ADMIN_PIN) if demo else None)
    ui = UiContext(
        flows=ctx,
        speaker=speaker or RecordingSpeaker(),
        tasks=TaskRunner.immediate() if immediate else TaskRunner(),
        admin=AdminFlow(
            pin_hash=lambda: admin_hash, catalogs=ctx.catalogs, applications=ctx.applications
        ),
        devices=devices,
        live_capture=live_capture,
    )
    return KioskWindow(ui, monotonic=monotonic or time.monotonic)
