"""Engines, time, and the few SQL idioms that differ between SQLite and PostgreSQL.

All state lives in the database (nonces too), so any number of app processes can serve the
same database behind a reverse proxy. SQLite is for a single machine (a county hall's spare
PC, tests); PostgreSQL for production.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, Table, create_engine, event, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.pool import QueuePool

from server.errors import ServerError


class DatabaseUrlError(ServerError):
    """A ``--db`` URL this server cannot use."""


def normalize_url(url: str) -> str:
    """``postgresql://`` (and ``postgres://``) use psycopg 3; ``sqlite:///path`` stays."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    if url.startswith(("postgresql+psycopg://", "sqlite://")):
        return url
    scheme = url.split(":", 1)[0][:20]
    raise DatabaseUrlError(
        f"不支持的数据库地址「{scheme}:」，请用 sqlite:///路径 或 postgresql://…",
        detail=f"unsupported database URL scheme: {scheme}",
    )


def redact_url(url: str) -> str:
    """The URL for logs and messages, without its password."""
    return make_url(normalize_url(url)).render_as_string(hide_password=True)


def make_engine(url: str, *, pool_size: int = 5) -> Engine:
    url = normalize_url(url)
    if url.startswith("sqlite"):
        return _sqlite_engine(url)
    engine = create_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        # No pre-ping: it costs a round trip on every checkout (two per request). After a
        # database restart the first request on a stale connection fails instead, as a
        # retryable 503 `unavailable`, and SQLAlchemy then discards the whole stale pool.
        pool_pre_ping=False,
        pool_recycle=1800,
        # A dead PostgreSQL must turn into a quick 503, not a hung request.
        connect_args={"connect_timeout": 5},
    )

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        if connection.get_execution_options().get(RELAXED):
            # LOCAL: it ends with this transaction, so the pooled connection stays durable.
            connection.exec_driver_sql("SET LOCAL synchronous_commit TO OFF")

    return engine


RELAXED = "kiosk_relaxed"
"""Execution option: this engine's transactions need not survive a power cut (see relaxed)."""


def relaxed(engine: Engine) -> Engine:
    """The same engine (and pool) for transactions whose loss in a power cut is harmless,
    such as a nonce: their commit does not wait for the disk. A later durable commit flushes
    them too (SQLite's WAL and PostgreSQL's log are each written in order)."""
    return engine.execution_options(**{RELAXED: True})


def _sqlite_engine(url: str) -> Engine:
    # Pooled, not a connection per request: closing the last connection to a WAL database
    # checkpoints and deletes the WAL, so every request paid a checkpoint and the next
    # commit a new WAL file. A connection serves one thread at a time, and BEGIN IMMEDIATE
    # serialises writers anyway.
    engine = create_engine(
        url,
        poolclass=QueuePool,
        pool_size=5,
        max_overflow=10,
        connect_args={"timeout": 15, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, record: Any) -> None:
        # Take over transaction control from the sqlite3 module so BEGIN IMMEDIATE below is
        # the only BEGIN: it takes the write lock up front, so two processes never deadlock
        # upgrading read locks (SQLAlchemy's documented pysqlite recipe).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.close()
        record.info["synchronous"] = "FULL"  # the same dict as Connection.info below

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # synchronous is per connection: set it for each transaction (only when it changes),
        # so a relaxed transaction never leaves a pooled connection relaxed.
        wanted = "NORMAL" if connection.get_execution_options().get(RELAXED) else "FULL"
        if connection.info.get("synchronous") != wanted:
            connection.exec_driver_sql(f"PRAGMA synchronous={wanted}")
            connection.info["synchronous"] = wanted
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def is_postgresql(connection: Connection) -> bool:
    return connection.dialect.name == "postgresql"


def utc_now() -> datetime:
    return datetime.now(UTC)


def insert_ignore(
    connection: Connection,
    table: Table,
    values: Mapping[str, Any],
    *,
    keys: Sequence[str],
) -> bool:
    """INSERT unless a row with the same ``keys`` exists; True when this call inserted it.

    The unique constraint decides, not a prior SELECT, so two processes racing on the same
    key cannot both insert (the idempotency guarantee rests on this). ``RETURNING`` says
    whether a row went in: the driver's rowcount does not (psycopg reports -1 for it).
    """
    statement = _insert_ignore_statement(
        "postgresql" if is_postgresql(connection) else "sqlite", table, tuple(keys)
    )
    return connection.execute(statement, dict(values)).first() is not None


@functools.lru_cache(maxsize=256)
def _insert_ignore_statement(dialect: str, table: Table, keys: tuple[str, ...]) -> Any:
    """One statement object per table and key, executed with the row as parameters: building
    ``insert().values(row)`` anew for every row cost more than running it (SQLAlchemy makes
    a bound parameter and a cache key for each value; a nonce, a submission and its events
    each paid that)."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return (
        insert(table).on_conflict_do_nothing(index_elements=list(keys)).returning(table.c[keys[0]])
    )


def for_update(statement: Any, connection: Connection) -> Any:
    """``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite's BEGIN IMMEDIATE already serialises."""
    return statement.with_for_update() if is_postgresql(connection) else statement


def exists(connection: Connection, table: Table, **where: Any) -> bool:
    clauses = [table.c[name] == value for name, value in where.items()]
    return connection.execute(select(1).select_from(table).where(*clauses)).first() is not None
