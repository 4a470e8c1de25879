"""Initial schema: devices, tokens, nonces, materials, applications, status, ratings, audit,
catalogues, imports.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-22

"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None

# Spelled out here rather than imported from server.schema: a shipped migration must not
# change when the current schema module does.
ROW_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
INSTANT = sa.DateTime(timezone=True)
FALSE = sa.text("false")
ZERO = sa.text("0")


def upgrade() -> None:
    op.create_table(
        "devices",
        sa.Column("id", ROW_ID, primary_key=True, autoincrement=True),
        sa.Column("device_code", sa.String(8), nullable=False),
        sa.Column("name", sa.String(60), nullable=False),
        sa.Column("installation_id", sa.String(36), nullable=True),
        sa.Column("secret", sa.LargeBinary(), nullable=False),
        sa.Column("enrolled_at", INSTANT, nullable=False),
        sa.Column("revoked_at", INSTANT, nullable=True),
        sa.Column("last_seen_at", INSTANT, nullable=True),
        sa.Column("status_seq", sa.BigInteger(), nullable=False, server_default=ZERO),
        sa.Column("audit_head_seq", sa.BigInteger(), nullable=False, server_default=ZERO),
        sa.Column("audit_head_hash", sa.String(64), nullable=False, server_default="0" * 64),
        sa.Column("last_rejection", sa.String(40), nullable=True),
        sa.Column("last_rejection_at", INSTANT, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_devices"),
        sa.UniqueConstraint("device_code", name="uq_devices_device_code"),
        sa.UniqueConstraint("installation_id", name="uq_devices_installation_id"),
    )
    op.create_table(
        "enrolment_tokens",
        sa.Column("token_sha256", sa.String(64), nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("expires_at", INSTANT, nullable=False),
        sa.Column("device_code", sa.String(8), nullable=True),
        sa.Column("used_at", INSTANT, nullable=True),
        sa.Column("used_by_installation", sa.String(36), nullable=True),
        sa.Column("device_id", ROW_ID, nullable=True),
        sa.PrimaryKeyConstraint("token_sha256", name="pk_enrolment_tokens"),
        sa.ForeignKeyConstraint(
            ["device_id"], ["devices.id"], name="fk_enrolment_tokens_device_id_devices"
        ),
    )
    op.create_table(
        "admin_tokens",
        sa.Column("token_sha256", sa.String(64), nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("note", sa.String(200), nullable=True),
        sa.Column("revoked_at", INSTANT, nullable=True),
        sa.PrimaryKeyConstraint("token_sha256", name="pk_admin_tokens"),
    )
    op.create_table(
        "nonces",
        sa.Column("device_id", ROW_ID, nullable=False),
        sa.Column("nonce", sa.String(64), nullable=False),
        sa.Column("expires_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("device_id", "nonce", name="pk_nonces"),
        sa.ForeignKeyConstraint(["device_id"], ["devices.id"], name="fk_nonces_device_id_devices"),
    )
    op.create_index("ix_nonces_expires_at", "nonces", ["expires_at"])
    op.create_table(
        "materials",
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("received", sa.BigInteger(), nullable=False, server_default=ZERO),
        sa.Column("complete", sa.Boolean(), nullable=False, server_default=FALSE),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("completed_at", INSTANT, nullable=True),
        sa.PrimaryKeyConstraint("sha256", name="pk_materials"),
        sa.CheckConstraint(
            "received >= 0 AND received <= size", name="ck_materials_received_in_range"
        ),
    )
    op.create_table(
        "material_chunks",
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", "position", name="pk_material_chunks"),
        sa.ForeignKeyConstraint(
            ["sha256"], ["materials.sha256"], name="fk_material_chunks_sha256_materials"
        ),
    )
    op.create_table(
        "applications",
        sa.Column("id", ROW_ID, primary_key=True, autoincrement=True),
        sa.Column("client_uuid", sa.String(36), nullable=False),
        sa.Column("device_id", ROW_ID, nullable=False),
        sa.Column("service_code", sa.String(64), nullable=False),
        sa.Column("receipt_no", sa.String(40), nullable=False),
        sa.Column("catalog_version", sa.String(64), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("materials", sa.Text(), nullable=False),
        sa.Column("source", sa.String(10), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("materials_to_bring", sa.Text(), nullable=True),
        sa.Column("result_text", sa.Text(), nullable=True),
        sa.Column("received_at", INSTANT, nullable=False),
        sa.Column("updated_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_applications"),
        sa.UniqueConstraint("client_uuid", name="uq_applications_client_uuid"),
        sa.ForeignKeyConstraint(
            ["device_id"], ["devices.id"], name="fk_applications_device_id_devices"
        ),
    )
    op.create_index("ix_applications_state", "applications", ["state"])
    op.create_index("ix_applications_device_id", "applications", ["device_id"])
    op.create_table(
        "submissions",
        sa.Column("client_uuid", sa.String(36), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("device_id", ROW_ID, nullable=False),
        sa.Column("body_sha256", sa.String(64), nullable=False),
        sa.Column("accepted_at", INSTANT, nullable=False),
        sa.Column("source", sa.String(10), nullable=False),
        sa.PrimaryKeyConstraint("client_uuid", "revision", name="pk_submissions"),
        sa.ForeignKeyConstraint(
            ["device_id"], ["devices.id"], name="fk_submissions_device_id_devices"
        ),
    )
    op.create_table(
        "status_events",
        sa.Column("id", ROW_ID, primary_key=True, autoincrement=True),
        sa.Column("device_id", ROW_ID, nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("application_id", ROW_ID, nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("materials_to_bring", sa.Text(), nullable=True),
        sa.Column("result_text", sa.Text(), nullable=True),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("changed_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_status_events"),
        sa.UniqueConstraint("device_id", "seq", name="uq_status_events_device_id_seq"),
        sa.ForeignKeyConstraint(
            ["device_id"], ["devices.id"], name="fk_status_events_device_id_devices"
        ),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name="fk_status_events_application_id_applications",
        ),
    )
    op.create_table(
        "ratings",
        sa.Column("client_uuid", sa.String(36), nullable=False),
        sa.Column("device_id", ROW_ID, nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("body_sha256", sa.String(64), nullable=False),
        sa.Column("received_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("client_uuid", name="pk_ratings"),
        sa.ForeignKeyConstraint(["device_id"], ["devices.id"], name="fk_ratings_device_id_devices"),
    )
    op.create_table(
        "audit_records",
        sa.Column("device_id", ROW_ID, nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("on_behalf_of", sa.String(200), nullable=True),
        sa.Column("action", sa.String(100), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("received_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("device_id", "seq", name="pk_audit_records"),
        sa.ForeignKeyConstraint(
            ["device_id"], ["devices.id"], name="fk_audit_records_device_id_devices"
        ),
    )
    op.create_table(
        "catalogs",
        sa.Column("version", sa.String(64), nullable=False),
        sa.Column("checksum", sa.String(64), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("published_at", INSTANT, nullable=False),
        sa.Column("is_current", sa.Boolean(), nullable=False, server_default=FALSE),
        sa.PrimaryKeyConstraint("version", name="pk_catalogs"),
    )
    op.create_index(
        "ix_catalogs_one_current",
        "catalogs",
        ["is_current"],
        unique=True,
        sqlite_where=sa.text("is_current"),
        postgresql_where=sa.text("is_current"),
    )
    op.create_table(
        "imports",
        sa.Column("bundle_id", sa.String(36), nullable=False),
        sa.Column("device_id", ROW_ID, nullable=False),
        sa.Column("first_imported_at", INSTANT, nullable=False),
        sa.Column("last_imported_at", INSTANT, nullable=False),
        sa.Column("times", sa.Integer(), nullable=False, server_default=sa.text("1")),
        sa.PrimaryKeyConstraint("bundle_id", name="pk_imports"),
        sa.ForeignKeyConstraint(["device_id"], ["devices.id"], name="fk_imports_device_id_devices"),
    )


def downgrade() -> None:
    for table in (
        "imports",
        "catalogs",
        "audit_records",
        "ratings",
        "status_events",
        "submissions",
        "applications",
        "material_chunks",
        "materials",
        "nonces",
        "admin_tokens",
        "enrolment_tokens",
        "devices",
    ):
        op.drop_table(table)
