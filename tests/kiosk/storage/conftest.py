"""Helpers for the storage tests: a controllable clock and a store with one catalogue."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kiosk.storage.catalog_repo import CatalogVersions
from kiosk.storage.database import Store
from kiosk.storage.drafts_repo import Draft, Drafts
from tests.kiosk.storage.fake_clock import FakeClock

CATALOG_BODY = '{"version": "2026.11.1", "items": []}'


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def catalog(store: Store, clock: FakeClock) -> str:
    """Install and activate one catalogue; returns its version."""
    CatalogVersions(store, now=clock).install(
        "2026.11.1", body=CATALOG_BODY, source="bundled", activate=True
    )
    return "2026.11.1"


@pytest.fixture
def drafts(store: Store, clock: FakeClock) -> Drafts:
    return Drafts(store, now=clock)


@pytest.fixture
def new_draft(drafts: Drafts, catalog: str) -> Callable[..., Draft]:
    def make(person_key: str = "p" * 64, **overrides: object) -> Draft:
        options: dict = {
            "catalog_version": catalog,
            "form_hash": "f" * 64,
            "person_key": person_key,
            "actor": "citizen",
        }
        options.update(overrides)
        return drafts.create("11000000000000001", **options)

    return make
