"""``BEGIN IMMEDIATE`` transactions that nest as savepoints.

IMMEDIATE takes the write lock up front, so a transaction that reads and then writes can never
fail half-way with SQLITE_BUSY (a deferred one can, and the busy timeout does not help it).
Nesting lets a repository method be used alone or inside a larger unit of work.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlite_utils import Database

from kiosk.i18n import tr
from kiosk.storage.connectors import DATABASE_ERRORS
from kiosk.storage.errors import StoreError

_savepoint_ids = itertools.count(1)


@contextmanager
def immediate(db: Database) -> Iterator[Database]:
    """Run the block in one write transaction; commit on success, roll back on any error.

    SQLite errors leave as :class:`StoreError` (detail names the SQLite error class and text,
    which carry table and constraint names, never bound values).
    """
    conn = db.conn
    try:
        if conn.in_transaction:
            with _savepoint(conn):
                yield db
        else:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                # An error such as RAISE(ROLLBACK) may already have ended the transaction.
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            try:
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
    except DATABASE_ERRORS as error:
        raise StoreError(
            tr("本机数据保存失败，请联系工作人员。"), detail=f"{type(error).__name__}: {error}"
        ) from error


@contextmanager
def _savepoint(conn: sqlite3.Connection) -> Iterator[None]:
    name = f"kiosk_sp_{next(_savepoint_ids)}"
    conn.execute(f"SAVEPOINT {name}")
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.execute(f"ROLLBACK TO {name}")
            conn.execute(f"RELEASE {name}")
        raise
    conn.execute(f"RELEASE {name}")
