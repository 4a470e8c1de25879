"""Upgrading from every earlier schema version keeps the data and ends at today's schema."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from kiosk.storage.audit_repo import GENESIS_HASH, AuditLog, record_hash
from kiosk.storage.database import DB_FILENAME, PlainConnector, Store
from kiosk.storage.drafts_repo import Drafts
from kiosk.storage.errors import SchemaTooNew
from kiosk.storage.migrations import MIGRATION_NAMES, applied_names, migrate
from kiosk.storage.outbox_repo import Outbox

T = "2026-01-02T03:04:05.006Z"
UUID = "00000000-0000-4000-8000-000000000001"
DRAFT = "00000000-0000-4000-8000-0000000000d1"


def schema(db: Database) -> list[tuple[str, str, str, str]]:
    return sorted(
        db.conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall(),
        key=lambda row: (row[0], row[1]),
    )


def seed_version_1(db: Database) -> None:
    """Rows in every table, using only the columns that 0001_initial created."""
    audit_fields = {
        "seq": 1,
        "at": T,
        "actor": "citizen",
        "on_behalf_of": None,
        "action": "draft.created",
        "subject": DRAFT,
        "detail": {},
    }
    db.executescript(
        f"""
        BEGIN;
        INSERT INTO catalog_versions VALUES ('v1', '{"c" * 64}', '{{}}', 'bundled', '{T}', 1);
        INSERT INTO drafts (draft_id, service_code, catalog_version, form_hash, person_key,
            draft_code, created_at, updated_at, status)
            VALUES ('{DRAFT}', 'S1', 'v1', 'h', 'pk', 'ABCDE12345', '{T}', '{T}', 'submitted');
        INSERT INTO answers VALUES ('{DRAFT}', 'name', '"张三"', '{T}');
        INSERT INTO applications (client_uuid, draft_id, service_code, catalog_version,
            person_key, receipt_no, state, stage, payload, submitted_at, updated_at,
            status_updated_at)
            VALUES ('{UUID}', '{DRAFT}', 'S1', 'v1', 'pk', 'KS01-20260102-000001-0', 'queued',
                    'materials', '{{"name":"张三"}}', '{T}', '{T}', '{T}');
        UPDATE counters SET value = 1 WHERE name = 'receipt_no';
        INSERT INTO materials VALUES ('{"a" * 64}', 3, 'image/jpeg', '{T}');
        INSERT INTO material_uses (sha256, person_key, material_type, captured_at,
            application_uuid) VALUES ('{"a" * 64}', 'pk', 'hukou', '{T}', '{UUID}');
        INSERT INTO ratings (client_uuid, level, reason, created_at, synced)
            VALUES ('{UUID}', 5, NULL, '{T}', 0);
        INSERT INTO sync_state VALUES ('cursor', '42', '{T}');
        INSERT INTO audit_log VALUES (1, '{T}', 'citizen', NULL, 'draft.created', '{DRAFT}',
            '{{}}', '{GENESIS_HASH}', '{record_hash(GENESIS_HASH, audit_fields)}');
        COMMIT;
        """
    )


def open_raw(path: Path) -> Database:
    conn = PlainConnector().connect(path)
    conn.isolation_level = None
    conn.execute("PRAGMA foreign_keys=ON")
    return Database(conn, execute_plugins=False)


@pytest.fixture
def fresh_schema(tmp_path: Path) -> list[tuple[str, str, str, str]]:
    store = Store.open(tmp_path / "fresh" / DB_FILENAME)
    try:
        return schema(store.db)
    finally:
        store.close()


def test_migrations_are_named_ordered_and_recorded(store: Store) -> None:
    assert applied_names(store.db) == list(MIGRATION_NAMES)
    assert list(MIGRATION_NAMES) == sorted(MIGRATION_NAMES)
    assert migrate(store.db) == []


@pytest.mark.parametrize("k", range(1, len(MIGRATION_NAMES) + 1))
def test_upgrade_from_every_earlier_version(
    k: int, data_dir: Path, fresh_schema: list[tuple[str, str, str, str]]
) -> None:
    path = data_dir / DB_FILENAME
    old = open_raw(path)
    stop = MIGRATION_NAMES[k] if k < len(MIGRATION_NAMES) else None
    assert migrate(old, stop_before=stop) == list(MIGRATION_NAMES[:k])
    seed_version_1(old)
    old.close()

    store = Store.open(path)
    try:
        assert applied_names(store.db) == list(MIGRATION_NAMES)
        assert schema(store.db) == fresh_schema
        assert Drafts(store).answers(DRAFT) == {"name": "张三"}
        application = Outbox(store, device_code="KS01").get(UUID)
        assert application.payload == {"name": "张三"}
        assert application.receipt_printed_count == 0
        assert application.receipt_last_printed_at is None
        assert [r["material_type"] for r in store.db["material_uses"].rows] == ["hukou"]
        assert store.db["ratings"].count == 1
        assert store.db["sync_state"].get("cursor")["value"] == "42"
        assert AuditLog(store).verify_chain().records_checked == 1
        assert AuditLog(store).verify_chain()
    finally:
        store.close()


def test_database_from_a_newer_release_is_refused(data_dir: Path) -> None:
    path = data_dir / DB_FILENAME
    Store.open(path).close()
    raw = sqlite3.connect(path)
    raw.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
        " VALUES ('kiosk', '9999_from_the_future', 'x')"
    )
    raw.commit()
    raw.close()
    with pytest.raises(SchemaTooNew):
        Store.open(path)


def test_a_failing_upgrade_changes_nothing(data_dir: Path) -> None:
    path = data_dir / DB_FILENAME
    old = open_raw(path)
    failing = MIGRATION_NAMES.index("0006_sync_progress")
    migrate(old, stop_before=MIGRATION_NAMES[failing])
    # Make 0006_sync_progress fail half-way (its last ALTER finds the column already there):
    # neither it nor any later migration is applied.
    old.execute("ALTER TABLE ratings ADD COLUMN sync_error TEXT")
    before = schema(old)
    old.close()
    with pytest.raises(Exception, match="保存失败"):
        Store.open(path)
    old = open_raw(path)
    assert schema(old) == before
    assert applied_names(old) == list(MIGRATION_NAMES[:failing])
    old.close()
