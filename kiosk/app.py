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
