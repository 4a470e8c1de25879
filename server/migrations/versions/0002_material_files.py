"""Material bytes move from the ``material_chunks`` table to files; ``materials.updated_at``.

Chunks as BLOBs cost every upload a large WAL write, a commit of it and, on completion, a read
of the whole file back out of the database; files (``server.material_files``) cost one
``fdatasync``. Existing chunks are written out to the material directory here, so this step
needs it (``server.migrate.upgrade(engine, materials_dir=...)``; ``kiosk-server`` passes
``--materials``) whenever there are chunks to move. Downgrading copies the files back.

Revision ID: 0002_material_files
Revises: 0001_initial
Create Date: 2026-12-01

"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from alembic import context, op

revision = "0002_material_files"
down_revision = "0001_initial"
branch_labels = None
depends_on = None

INSTANT = sa.DateTime(timezone=True)

_materials = sa.table(
    "materials",
    sa.column("sha256", sa.String),
    sa.column("size", sa.BigInteger),
    sa.column("received", sa.BigInteger),
    sa.column("complete", sa.Boolean),
)
_chunks = sa.table(
    "material_chunks",
    sa.column("sha256", sa.String),
    sa.column("position", sa.BigInteger),
    sa.column("data", sa.LargeBinary),
)


def _files(needed: bool):
    from server.material_files import MaterialFiles

    root = context.config.attributes.get("materials_dir")
    if root is None:
        if needed:
            raise RuntimeError(
                "material bytes must move between the database and the material directory:"
                " run the migration with the server's --materials directory"
            )
        return None
    return MaterialFiles(root)


def upgrade() -> None:
    with op.batch_alter_table("materials") as batch:
        batch.add_column(sa.Column("updated_at", INSTANT, nullable=True))
    bind = op.get_bind()
    held = bind.execute(sa.select(sa.func.count()).select_from(_chunks)).scalar_one()
    files = _files(needed=held > 0)
    for row in bind.execute(sa.select(_materials)).all() if held else ():
        data = b"".join(
            bytes(chunk.data)
            for chunk in bind.execute(
                sa.select(_chunks.c.data)
                .where(_chunks.c.sha256 == row.sha256)
                .order_by(_chunks.c.position)
            )
        )
        if row.complete and hashlib.sha256(data).hexdigest() == row.sha256:
            files.store(row.sha256, data)
            continue
        # Partial (or, against all odds, damaged: then it starts again from the first byte).
        keep = data[: row.received] if not row.complete else b""
        if keep:
            files.write_at(row.sha256, 0, keep)
        bind.execute(
            sa.update(_materials)
            .where(_materials.c.sha256 == row.sha256)
            .values(received=len(keep), complete=False)
        )
    op.drop_table("material_chunks")


def downgrade() -> None:
    # First: on SQLite dropping a column rebuilds the table, which the chunks' foreign key
    # would forbid once they are in.
    with op.batch_alter_table("materials") as batch:
        batch.drop_column("updated_at")
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
    bind = op.get_bind()
    rows = bind.execute(sa.select(_materials).where(_materials.c.received > 0)).all()
    files = _files(needed=bool(rows))
    for row in rows:
        if row.complete:
            data = files.read(row.sha256)
        else:
            path = files.partial_path(row.sha256)
            data = path.read_bytes()[: row.received] if path.exists() else b""
        if data is None or len(data) != row.received:
            data = b""
            bind.execute(
                sa.update(_materials)
                .where(_materials.c.sha256 == row.sha256)
                .values(received=0, complete=False)
            )
        if data:
            bind.execute(sa.insert(_chunks).values(sha256=row.sha256, position=0, data=data))
