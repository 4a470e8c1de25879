"""Apply the Alembic migrations in ``server/migrations`` (on every start, before serving)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from server.database import is_postgresql
from server.errors import ServerError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Any constant will do: it only has to be the same in every process that migrates.
_ADVISORY_LOCK_KEY = 0x4B494F534B  # "KIOSK"


class SchemaTooNew(ServerError):
    pass


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, *, materials_dir: Path | None = None) -> None:
    """Bring the database to the newest schema, in one transaction.

    ``materials_dir`` is the server's material directory: a step that moves material bytes
    between the database and files needs it (and refuses to run without it when there are
    bytes to move).

    On PostgreSQL an advisory lock makes concurrent starters (several servers rolling out at
    once) take turns; on SQLite ``BEGIN IMMEDIATE`` does the same. A database migrated by a
    newer release is refused rather than misread.
    """
    config = _config()
    script = ScriptDirectory.from_config(config)
    with engine.begin() as connection:
        if is_postgresql(connection):
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_ADVISORY_LOCK_KEY})")
        current = MigrationContext.configure(connection).get_current_revision()
        known = {revision.revision for revision in script.walk_revisions()}
        if current is not None and current not in known:
            raise SchemaTooNew(
                "数据库版本比本程序新，请升级服务器程序。",
                detail=f"database at unknown revision {current}",
            )
        config.attributes["connection"] = connection
        config.attributes["materials_dir"] = materials_dir
        command.upgrade(config, "head")


def downgrade(engine: Engine, revision: str, *, materials_dir: Path | None = None) -> None:
    """Step the schema back to ``revision`` (``base``: empty). Data in dropped tables is lost:
    back the database up first (docs/operations.md)."""
    config = _config()
    with engine.begin() as connection:
        if is_postgresql(connection):
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_ADVISORY_LOCK_KEY})")
        config.attributes["connection"] = connection
        config.attributes["materials_dir"] = materials_dir
        command.downgrade(config, revision)
