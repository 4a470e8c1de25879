"""Housekeeping: which materials each application uses, token revocation, and when an
application's material bytes were purged.

- an index on ``materials.updated_at`` (the last chunk, from 0002): the garbage collection of
  abandoned uploads measures its expiry from there (a village link may take days).
- ``application_materials``: one row per (application, material), so "is this material still
  needed?" is an indexed lookup instead of a scan of every application's JSON.
- ``enrolment_tokens.revoked_at``: an operator can withdraw a token that was never used.
- ``applications.materials_purged_at``: the retention purge says when it removed the bytes.

Revision ID: 0003_housekeeping
Revises: 0002_material_files
Create Date: 2026-12-01

"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0003_housekeeping"
down_revision = "0002_material_files"
branch_labels = None
depends_on = None

ROW_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
INSTANT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_index("ix_materials_updated_at", "materials", ["updated_at"])
    with op.batch_alter_table("enrolment_tokens") as batch:
        batch.add_column(sa.Column("revoked_at", INSTANT, nullable=True))
    with op.batch_alter_table("applications") as batch:
        batch.add_column(sa.Column("materials_purged_at", INSTANT, nullable=True))

    uses = op.create_table(
        "application_materials",
        sa.Column("application_id", ROW_ID, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("application_id", "sha256", name="pk_application_materials"),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name="fk_application_materials_application_id_applications",
        ),
    )
    op.create_index("ix_application_materials_sha256", "application_materials", ["sha256"])
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, materials FROM applications"))
    backfill = [
        {"application_id": row.id, "sha256": sha}
        for row in rows
        for sha in sorted({ref["sha256"] for ref in json.loads(row.materials)})
    ]
    if backfill:
        op.bulk_insert(uses, backfill)


def downgrade() -> None:
    op.drop_index("ix_application_materials_sha256", table_name="application_materials")
    op.drop_table("application_materials")
    with op.batch_alter_table("applications") as batch:
        batch.drop_column("materials_purged_at")
    with op.batch_alter_table("enrolment_tokens") as batch:
        batch.drop_column("revoked_at")
    op.drop_index("ix_materials_updated_at", table_name="materials")
