"""When the retention purge cleared an application's answers.

- ``applications.answers_purged_at``: set when the answers (names, ID numbers, addresses: the
  ``payload``) of an application decided long ago were cleared; the record of the decision
  stays (server/retention.py).

Revision ID: 0004_answers_retention
Revises: 0003_housekeeping
Create Date: 2026-12-01

"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_answers_retention"
down_revision = "0003_housekeeping"
branch_labels = None
depends_on = None

INSTANT = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("applications") as batch:
        batch.add_column(sa.Column("answers_purged_at", INSTANT, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("applications") as batch:
        batch.drop_column("answers_purged_at")
