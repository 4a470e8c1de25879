"""What every flow of a visit needs, built once by the composition root (kiosk/app.py)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from kiosk.applications import ApplicationService
from kiosk.catalogs import CatalogService
from kiosk.config import Settings
from kiosk.domain.regions import RegionTable
from kiosk.storage.audit_repo import AuditLog
from kiosk.storage.database import Store
from kiosk.storage.ratings_repo import Ratings


@dataclass
class FlowContext:
    store: Store
    catalogs: CatalogService
    applications: ApplicationService
    settings: Settings
    today: Callable[[], date] = date.today
    """The kiosk's calendar day (injected so tests and the demo pin it)."""
    device: str = "kiosk"
    """The device's name in the audit log (``kiosk:<device>``)."""
    audit: AuditLog = field(init=False)
    ratings: Ratings = field(init=False)
    usage: Callable[[], Mapping[str, int]] | None = None
    region_table: RegionTable | None = None

    def __post_init__(self) -> None:
        self.audit = AuditLog(self.store)
        self.ratings = Ratings(self.store)

    @property
    def regions(self) -> RegionTable:
        """The region table (read on first use: a tenth of a second nobody waits for at boot)."""
        if self.region_table is None:
            self.region_table = RegionTable.load_default()
        return self.region_table

    def draft_retention(self) -> timedelta:
        """How long an untouched draft is kept (settings; retention abandons it after)."""
        return timedelta(days=self.settings.draft_retention_days)

    @property
    def actor(self) -> str:
        return f"kiosk:{self.device}"
