"""The schema's history: named, ordered migrations, each applied once and recorded.

Built on sqlite-utils' :class:`~sqlite_utils.migrations.Migrations`, which records each applied
migration by name in ``_sqlite_migrations`` and wraps it, with its record, in a transaction.
:func:`migrate` additionally holds ``BEGIN IMMEDIATE`` around the whole run, so two processes
opening the same new database cannot both apply a migration, and an upgrade is all-or-nothing.

Rules for editing this file:

- Never change or reorder a migration that has shipped; add a new one at the end.
- Migrations hold literal SQL, not imports of today's enums: they are history, and must build
  the same schema tomorrow as on the day they were written.
- ``tests/kiosk/storage/test_migrations.py`` upgrades from every earlier version; extend its
  seed data when a migration changes existing tables.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from kiosk.i18n import tr
from kiosk.storage.errors import SchemaTooNew
from kiosk.storage.transactions import immediate


def _m0001_initial(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE catalog_versions (
            version       TEXT PRIMARY KEY,
            checksum      TEXT NOT NULL CHECK (length(checksum) = 64),
            body          TEXT NOT NULL,
            source        TEXT NOT NULL CHECK (source IN ('bundled', 'network', 'usb')),
            installed_at  TEXT NOT NULL,
            is_active     INTEGER NOT NULL DEFAULT 0 CHECK (is_active IN (0, 1))
        );
        -- At most one active catalogue; activate() swaps it in one transaction.
        CREATE UNIQUE INDEX catalog_versions_one_active
            ON catalog_versions (is_active) WHERE is_active = 1;

        CREATE TABLE drafts (
            draft_id             TEXT PRIMARY KEY,
            service_code         TEXT NOT NULL,
            catalog_version      TEXT NOT NULL REFERENCES catalog_versions (version),
            form_hash            TEXT NOT NULL,
            person_key           TEXT NOT NULL,
            proxy_person_key     TEXT,
            draft_code           TEXT NOT NULL UNIQUE,
            pin_hash             TEXT,
            failed_pin_attempts  INTEGER NOT NULL DEFAULT 0,
            pin_locked_until     TEXT,
            current_step         TEXT,
            created_at           TEXT NOT NULL,
            updated_at           TEXT NOT NULL,
            status               TEXT NOT NULL DEFAULT 'open'
                                 CHECK (status IN ('open', 'submitted', 'abandoned'))
        );

        CREATE TABLE answers (
            draft_id    TEXT NOT NULL REFERENCES drafts (draft_id) ON DELETE CASCADE,
            field_id    TEXT NOT NULL,
            value       TEXT NOT NULL,
            updated_at  TEXT NOT NULL,
            PRIMARY KEY (draft_id, field_id)
        );

        -- The outbox: one row per submitted application, kept until the server has it.
        CREATE TABLE applications (
            client_uuid        TEXT PRIMARY KEY,
            draft_id           TEXT NOT NULL UNIQUE REFERENCES drafts (draft_id),
            service_code       TEXT NOT NULL,
            catalog_version    TEXT NOT NULL REFERENCES catalog_versions (version),
            person_key         TEXT NOT NULL,
            receipt_no         TEXT NOT NULL UNIQUE,
            state              TEXT NOT NULL CHECK (state IN (
                                   'draft', 'queued', 'uploading', 'accepted', 'in_review',
                                   'needs_correction', 'approved', 'rejected', 'cancelled')),
            stage              TEXT NOT NULL CHECK (stage IN (
                                   'materials', 'application', 'confirm', 'done')),
            revision           INTEGER NOT NULL DEFAULT 1,
            attempts           INTEGER NOT NULL DEFAULT 0,
            last_error         TEXT,
            next_attempt_at    TEXT,
            server_id          TEXT UNIQUE,
            payload            TEXT NOT NULL,
            submitted_at       TEXT NOT NULL,
            updated_at         TEXT NOT NULL,
            status_note        TEXT,
            status_updated_at  TEXT NOT NULL
        );

        -- Monotonic counters that must never repeat, even when the rows they numbered go.
        CREATE TABLE counters (
            name   TEXT PRIMARY KEY,
            value  INTEGER NOT NULL
        );
        INSERT INTO counters (name, value) VALUES ('receipt_no', 0);

        CREATE TABLE materials (
            sha256      TEXT PRIMARY KEY CHECK (length(sha256) = 64),
            size        INTEGER NOT NULL,
            mime        TEXT NOT NULL,
            created_at  TEXT NOT NULL
        );

        CREATE TABLE material_uses (
            id                INTEGER PRIMARY KEY,
            sha256            TEXT NOT NULL REFERENCES materials (sha256),
            person_key        TEXT NOT NULL,
            material_type     TEXT NOT NULL,
            valid_until       TEXT,
            captured_at       TEXT NOT NULL,
            draft_id          TEXT REFERENCES drafts (draft_id),
            application_uuid  TEXT REFERENCES applications (client_uuid)
        );

        CREATE TABLE ratings (
            client_uuid  TEXT PRIMARY KEY REFERENCES applications (client_uuid),
            level        INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
            reason       TEXT,
            created_at   TEXT NOT NULL,
            synced       INTEGER NOT NULL DEFAULT 0 CHECK (synced IN (0, 1))
        );

        CREATE TABLE audit_log (
            seq           INTEGER PRIMARY KEY,
            at            TEXT NOT NULL,
            actor         TEXT NOT NULL,
            on_behalf_of  TEXT,
            action        TEXT NOT NULL,
            subject       TEXT NOT NULL,
            detail        TEXT NOT NULL,
            prev_hash     TEXT NOT NULL,
            hash          TEXT NOT NULL UNIQUE
        );
        -- Append-only is the database's rule, not just the code's.
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN
            SELECT RAISE(ABORT, 'audit_log is append-only');
        END;
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN
            SELECT RAISE(ABORT, 'audit_log is append-only');
        END;

        CREATE TABLE sync_state (
            key         TEXT PRIMARY KEY,
            value       TEXT NOT NULL,
            updated_at  TEXT NOT NULL
        );
        """
    )


def _m0002_lookup_indexes(db: Database) -> None:
    # The outbox worker polls for due items every few seconds; the kiosk looks up a person's
    # drafts, applications and reusable materials on every identification.
    db.executescript(
        """
        CREATE INDEX applications_due
            ON applications (next_attempt_at, submitted_at) WHERE state = 'queued';
        CREATE INDEX applications_person ON applications (person_key, submitted_at);
        CREATE INDEX drafts_open_person
            ON drafts (person_key, updated_at) WHERE status = 'open';
        CREATE INDEX material_uses_reuse
            ON material_uses (person_key, material_type, valid_until);
        CREATE INDEX ratings_unsynced ON ratings (created_at) WHERE synced = 0;
        """
    )


def _m0003_receipt_printing(db: Database) -> None:
    # A receipt may be reprinted (paper jam, lost slip); staff need to see how often.
    db.executescript(
        """
        ALTER TABLE applications
            ADD COLUMN receipt_printed_count INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE applications ADD COLUMN receipt_last_printed_at TEXT;
        """
    )


def _m0004_retention(db: Database) -> None:
    # Personal data is purged a set time after the server acknowledged it (DESIGN.md): the row
    # keeps when that was, and when its payload, answers and materials were purged.
    db.executescript(
        """
        ALTER TABLE applications ADD COLUMN acknowledged_at TEXT;
        ALTER TABLE applications ADD COLUMN purged_at TEXT;
        UPDATE applications SET acknowledged_at = updated_at WHERE server_id IS NOT NULL;
        CREATE INDEX applications_purgeable ON applications (acknowledged_at)
            WHERE purged_at IS NULL AND acknowledged_at IS NOT NULL;
        """
    )


def _m0005_cases(db: Database) -> None:
    # 帮办代办: the volunteer's case list needs to say whom a draft is for before any answer
    # is saved, and to keep saying it (masked) after retention has purged the answers.
    db.executescript(
        """
        CREATE TABLE cases (
            draft_id             TEXT PRIMARY KEY REFERENCES drafts (draft_id),
            helper_key           TEXT NOT NULL,
            applicant_name       TEXT,
            applicant_id_masked  TEXT NOT NULL,
            consent_method       TEXT NOT NULL,
            consent_at           TEXT NOT NULL
        );
        CREATE INDEX cases_helper ON cases (helper_key, consent_at);
        """
    )


def _m0006_sync_progress(db: Database) -> None:
    # What the sync worker learns and must not forget: an item the server refused for good is
    # parked with the reason for staff (never dropped, never retried blindly); the exact
    # request sent for the current revision is frozen, so a retry is byte-for-byte the same
    # request even across an upgrade; status news keeps when the server changed it and when
    # this kiosk heard, so the progress query can say how fresh it is while offline.
    db.executescript(
        """
        ALTER TABLE applications ADD COLUMN parked_at TEXT;
        ALTER TABLE applications ADD COLUMN parked_code TEXT;
        ALTER TABLE applications ADD COLUMN parked_reason TEXT;
        ALTER TABLE applications ADD COLUMN request_body TEXT;
        ALTER TABLE applications ADD COLUMN materials_to_bring TEXT;
        ALTER TABLE applications ADD COLUMN server_changed_at TEXT;
        ALTER TABLE applications ADD COLUMN status_learned_at TEXT;
        DROP INDEX applications_due;
        CREATE INDEX applications_due ON applications (next_attempt_at, submitted_at)
            WHERE state = 'queued' AND parked_at IS NULL;
        CREATE INDEX applications_parked ON applications (parked_at) WHERE parked_at IS NOT NULL;
        ALTER TABLE ratings ADD COLUMN sync_error TEXT;
        """
    )


STEPS: tuple[tuple[str, Callable[[Database], None]], ...] = (
    ("0001_initial", _m0001_initial),
    ("0002_lookup_indexes", _m0002_lookup_indexes),
    ("0003_receipt_printing", _m0003_receipt_printing),
    ("0004_retention", _m0004_retention),
    ("0005_cases", _m0005_cases),
    ("0006_sync_progress", _m0006_sync_progress),
)

MIGRATION_NAMES: tuple[str, ...] = tuple(name for name, _ in STEPS)

MIGRATIONS = Migrations("kiosk")
for _name, _fn in STEPS:
    MIGRATIONS(name=_name)(_fn)
del _name, _fn


def applied_names(db: Database) -> list[str]:
    """Names of the migrations already applied to ``db``, in the order they were applied."""
    return [migration.name for migration in MIGRATIONS.applied(db)]


def migrate(db: Database, *, stop_before: str | None = None) -> list[str]:
    """Apply pending migrations (all, or those before ``stop_before``); return their names.

    Refuses a database that has migrations this code does not know: it was written by a newer
    release, and an older one could silently misread it.
    """
    with immediate(db):
        before = applied_names(db)
        unknown = sorted(set(before) - set(MIGRATION_NAMES))
        if unknown:
            raise SchemaTooNew(
                tr("本机数据由更新版本的程序写入，请升级程序后再使用。"),
                detail=f"unknown migrations applied: {', '.join(unknown)}",
            )
        MIGRATIONS.apply(db, stop_before=stop_before)
        after = applied_names(db)
    return [name for name in after if name not in before]
