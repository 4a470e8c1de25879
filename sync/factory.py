"""Building the sync engine for a data directory (used by the CLI, the app and the demo)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kiosk.catalogs import CatalogService
from kiosk.config import Settings
from kiosk.storage.database import Store
from sync.config import SyncConfig
from sync.engine import PassResult, SyncEngine


def build_engine(
    *,
    store: Store,
    data_dir: Path,
    catalogs: CatalogService,
    settings: Settings,
    config: SyncConfig | None = None,
    server_url: str | None = None,
    after_pass: Callable[[PassResult], object] | None = None,
) -> SyncEngine:
    """``server_url`` overrides the enrolled server's address (``kiosk sync --server``);
    ``after_pass`` runs after every completed pass (the kiosk's retention purge)."""
    return SyncEngine(
        store=store,
        data_dir=data_dir,
        catalogs=catalogs,
        device_code=settings.receipt_prefix,
        config=config,
        server_url=server_url,
        after_pass=after_pass,
    )
