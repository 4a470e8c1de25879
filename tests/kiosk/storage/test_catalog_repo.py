from __future__ import annotations

import hashlib

import pytest

from kiosk.storage.catalog_repo import CatalogVersions, body_checksum
from kiosk.storage.database import Store
from kiosk.storage.errors import CatalogConflict, ChecksumMismatch, NotFound, StoreError
from tests.kiosk.storage.fake_clock import FakeClock

BODY_1 = '{"version": "1", "items": ["户籍"]}'
BODY_2 = '{"version": "2", "items": ["户籍", "社保"]}'


@pytest.fixture
def catalogs(store: Store, clock: FakeClock) -> CatalogVersions:
    return CatalogVersions(store, now=clock)


def test_install_stores_body_and_checksum(catalogs: CatalogVersions) -> None:
    installed = catalogs.install("1", body=BODY_1, source="bundled")
    assert installed.checksum == hashlib.sha256(BODY_1.encode()).hexdigest()
    assert not installed.is_active
    assert catalogs.body("1") == BODY_1
    assert catalogs.active() is None


def test_exactly_one_active_and_activate_swaps(catalogs: CatalogVersions) -> None:
    catalogs.install("1", body=BODY_1, source="bundled", activate=True)
    catalogs.install("2", body=BODY_2, source="network")
    assert catalogs.active().version == "1"  # type: ignore[union-attr]
    catalogs.activate("2")
    assert catalogs.active().version == "2"  # type: ignore[union-attr]
    assert [c.version for c in catalogs.installed() if c.is_active] == ["2"]


def test_activating_unknown_version_keeps_the_last_good(catalogs: CatalogVersions) -> None:
    catalogs.install("1", body=BODY_1, source="bundled", activate=True)
    with pytest.raises(NotFound):
        catalogs.activate("nope")
    assert catalogs.active().version == "1"  # type: ignore[union-attr]


def test_announced_checksum_must_match(catalogs: CatalogVersions) -> None:
    with pytest.raises(ChecksumMismatch):
        catalogs.install("2", body=BODY_2, source="network", checksum="0" * 64)
    assert catalogs.installed() == []
    ok = catalogs.install("2", body=BODY_2, source="network", checksum=body_checksum(BODY_2))
    assert ok.version == "2"


def test_reinstall_is_idempotent_but_versions_are_immutable(catalogs: CatalogVersions) -> None:
    catalogs.install("1", body=BODY_1, source="bundled")
    catalogs.install("1", body=BODY_1, source="usb")
    assert len(catalogs.installed()) == 1
    with pytest.raises(CatalogConflict):
        catalogs.install("1", body=BODY_2, source="network")
    assert catalogs.body("1") == BODY_1


def test_database_enforces_single_active_row(catalogs: CatalogVersions, store: Store) -> None:
    catalogs.install("1", body=BODY_1, source="bundled", activate=True)
    catalogs.install("2", body=BODY_2, source="bundled")
    with pytest.raises(StoreError), store.transaction() as db:
        db.conn.execute("UPDATE catalog_versions SET is_active = 1 WHERE version = '2'")


def test_damaged_stored_body_is_refused(catalogs: CatalogVersions, store: Store) -> None:
    catalogs.install("1", body=BODY_1, source="bundled")
    store.db.execute("UPDATE catalog_versions SET body = '{}' WHERE version = '1'")
    with pytest.raises(ChecksumMismatch):
        catalogs.body("1")
