"""The server's tables (SQLAlchemy Core). Alembic migrations in ``server/migrations`` create
them; this module is what the code queries, and a test checks the two agree."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.types import TypeDecorator

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class UtcDateTime(TypeDecorator):
    """Aware UTC datetimes in and out: ``timestamptz`` on PostgreSQL, text on SQLite."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:  # SQLite gives back what it stored: UTC without an offset
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


# Row ids: BIGINT on PostgreSQL, INTEGER (the rowid alias) on SQLite.
RowId = BigInteger().with_variant(Integer(), "sqlite")

devices = Table(
    "devices",
    metadata,
    Column("id", RowId, primary_key=True, autoincrement=True),
    Column("device_code", String(8), nullable=False, unique=True),
    Column("name", String(60), nullable=False),
    Column("installation_id", String(36), nullable=True, unique=True),
    # HMAC key: the server must hold it to verify signatures and open USB bundles.
    Column("secret", LargeBinary, nullable=False),
    Column("enrolled_at", UtcDateTime, nullable=False),
    Column("revoked_at", UtcDateTime, nullable=True),
    Column("last_seen_at", UtcDateTime, nullable=True),
    # Per-device status sequence: bumped under the row lock, so cursors never skip an event.
    Column("status_seq", BigInteger, nullable=False, server_default=text("0")),
    Column("audit_head_seq", BigInteger, nullable=False, server_default=text("0")),
    Column("audit_head_hash", String(64), nullable=False, server_default="0" * 64),
    Column("last_rejection", String(40), nullable=True),
    Column("last_rejection_at", UtcDateTime, nullable=True),
)

enrolment_tokens = Table(
    "enrolment_tokens",
    metadata,
    # Only the SHA-256 of the token is kept: a leaked table enrols nobody.
    Column("token_sha256", String(64), primary_key=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("device_code", String(8), nullable=True),
    Column("used_at", UtcDateTime, nullable=True),
    Column("used_by_installation", String(36), nullable=True),
    Column("device_id", RowId, ForeignKey("devices.id"), nullable=True),
    Column("revoked_at", UtcDateTime, nullable=True),
)

admin_tokens = Table(
    "admin_tokens",
    metadata,
    Column("token_sha256", String(64), primary_key=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("note", String(200), nullable=True),
    Column("revoked_at", UtcDateTime, nullable=True),
)

nonces = Table(
    "nonces",
    metadata,
    Column("device_id", RowId, ForeignKey("devices.id"), nullable=False),
    Column("nonce", String(64), nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    PrimaryKeyConstraint("device_id", "nonce"),
    Index("ix_nonces_expires_at", "expires_at"),
)

materials = Table(
    "materials",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("received", BigInteger, nullable=False, server_default=text("0")),
    Column("complete", Boolean, nullable=False, server_default=text("false")),
    Column("created_at", UtcDateTime, nullable=False),
    Column("completed_at", UtcDateTime, nullable=True),
    # When the last chunk came: garbage collection of abandoned uploads goes by it
    # (server/upload_gc.py).
    Column("updated_at", UtcDateTime, nullable=True),
    CheckConstraint("received >= 0 AND received <= size", name="received_in_range"),
    Index("ix_materials_updated_at", "updated_at"),
)
# The bytes themselves are files (server.material_files), not rows.

applications = Table(
    "applications",
    metadata,
    Column("id", RowId, primary_key=True, autoincrement=True),
    Column("client_uuid", String(36), nullable=False, unique=True),
    Column("device_id", RowId, ForeignKey("devices.id"), nullable=False),
    Column("service_code", String(64), nullable=False),
    Column("receipt_no", String(40), nullable=False),
    Column("catalog_version", String(64), nullable=False),
    Column("state", String(20), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("payload", Text, nullable=False),
    Column("materials", Text, nullable=False),
    Column("source", String(10), nullable=False),
    Column("reason", Text, nullable=True),
    Column("materials_to_bring", Text, nullable=True),
    Column("result_text", Text, nullable=True),
    Column("received_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    # Set when the retention purge removed its material bytes (server/retention.py).
    Column("materials_purged_at", UtcDateTime, nullable=True),
    # Set when the retention purge cleared its answers (``payload``; server/retention.py).
    Column("answers_purged_at", UtcDateTime, nullable=True),
    Index("ix_applications_state", "state"),
    Index("ix_applications_device_id", "device_id"),
)

# The materials each application has used, over all its revisions: what the upload GC and
# the retention purge ask before removing bytes.
application_materials = Table(
    "application_materials",
    metadata,
    Column("application_id", RowId, ForeignKey("applications.id"), nullable=False),
    Column("sha256", String(64), nullable=False),
    PrimaryKeyConstraint("application_id", "sha256"),
    Index("ix_application_materials_sha256", "sha256"),
)

# One row per (client_uuid, revision) ever accepted: the idempotency record.
submissions = Table(
    "submissions",
    metadata,
    Column("client_uuid", String(36), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("device_id", RowId, ForeignKey("devices.id"), nullable=False),
    Column("body_sha256", String(64), nullable=False),
    Column("accepted_at", UtcDateTime, nullable=False),
    Column("source", String(10), nullable=False),
    PrimaryKeyConstraint("client_uuid", "revision"),
)

status_events = Table(
    "status_events",
    metadata,
    Column("id", RowId, primary_key=True, autoincrement=True),
    Column("device_id", RowId, ForeignKey("devices.id"), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("application_id", RowId, ForeignKey("applications.id"), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("state", String(20), nullable=False),
    Column("reason", Text, nullable=True),
    Column("materials_to_bring", Text, nullable=True),
    Column("result_text", Text, nullable=True),
    Column("actor", String(100), nullable=False),
    Column("changed_at", UtcDateTime, nullable=False),
    UniqueConstraint("device_id", "seq"),
)

ratings = Table(
    "ratings",
    metadata,
    Column("client_uuid", String(36), primary_key=True),
    Column("device_id", RowId, ForeignKey("devices.id"), nullable=False),
    Column("level", Integer, nullable=False),
    Column("reason", Text, nullable=True),
    Column("created_at", String(40), nullable=False),
    Column("body_sha256", String(64), nullable=False),
    Column("received_at", UtcDateTime, nullable=False),
)

audit_records = Table(
    "audit_records",
    metadata,
    Column("device_id", RowId, ForeignKey("devices.id"), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("at", String(40), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("on_behalf_of", String(200), nullable=True),
    Column("action", String(100), nullable=False),
    Column("subject", String(200), nullable=False),
    Column("detail", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Column("received_at", UtcDateTime, nullable=False),
    PrimaryKeyConstraint("device_id", "seq"),
)

catalogs = Table(
    "catalogs",
    metadata,
    Column("version", String(64), primary_key=True),
    Column("checksum", String(64), nullable=False),
    Column("body", LargeBinary, nullable=False),
    Column("published_at", UtcDateTime, nullable=False),
    Column("is_current", Boolean, nullable=False, server_default=text("false")),
    # At most one current catalogue.
    Index(
        "ix_catalogs_one_current",
        "is_current",
        unique=True,
        sqlite_where=text("is_current"),
        postgresql_where=text("is_current"),
    ),
)

imports = Table(
    "imports",
    metadata,
    Column("bundle_id", String(36), primary_key=True),
    Column("device_id", RowId, ForeignKey("devices.id"), nullable=False),
    Column("first_imported_at", UtcDateTime, nullable=False),
    Column("last_imported_at", UtcDateTime, nullable=False),
    Column("times", Integer, nullable=False, server_default=text("1")),
)
