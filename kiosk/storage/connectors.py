"""How the store opens its file: plain SQLite, or SQLCipher under a key.

All access to the database file goes through a :class:`Connector`. Nothing else reads the
file header, opens the file with another tool or ATTACHes a plain copy, so the encrypted and
the plain store run exactly the same code above this module.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Protocol

import sqlcipher3

from kiosk.i18n import tr
from kiosk.storage.errors import StorageKeyError

#: Errors of either driver: the sqlite3 module and SQLCipher's copy of it share no base class.
DATABASE_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, sqlcipher3.dbapi2.Error)
#: The error a closed connection raises when used, in either driver.
CLOSED_CONNECTION_ERRORS: tuple[type[Exception], ...] = (
    sqlite3.ProgrammingError,
    sqlcipher3.dbapi2.ProgrammingError,
)


class Connector(Protocol):
    """Opens a DB-API connection to the store's file; the one place that knows how.

    The connection must use the default (legacy) transaction control and be created with
    ``check_same_thread=False``: the store uses each connection only from the thread that
    opened it, but closes them all from whichever thread calls ``Store.close``. A keyed
    connector must issue its ``PRAGMA key`` before returning.
    """

    def connect(self, path: Path) -> sqlite3.Connection: ...


class PlainConnector:
    """An unencrypted SQLite file: for tests of the store's own mechanics and for tools."""

    def connect(self, path: Path) -> sqlite3.Connection:
        return sqlite3.connect(path, check_same_thread=False)


def key_literal(key: bytes) -> str:
    """SQLCipher's raw-key literal. A raw key skips SQLCipher's PBKDF2: the key is already
    random, and each thread's connection would otherwise pay for the derivation."""
    return f"\"x'{key.hex()}'\""


class SqlcipherConnector:
    """Opens the store's file with SQLCipher 4 (AES-256 pages, WAL included) under ``key``."""

    def __init__(self, key: bytes) -> None:
        if len(key) != 32:
            raise ValueError("SQLCipher raw key must be 32 bytes")
        self._key = key

    def connect(self, path: Path) -> sqlite3.Connection:
        conn = sqlcipher3.connect(str(path), check_same_thread=False)
        try:
            conn.execute(f"PRAGMA key = {key_literal(self._key)}")
            # The key is checked only when a page is read: read one now, so a wrong key is
            # reported here and not as a baffling error deep inside a repository.
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher3.dbapi2.DatabaseError as error:
            conn.close()
            raise StorageKeyError(
                tr("本机数据无法解密，请联系工作人员。"),
                detail=f"database does not open with this key: {error}",
            ) from error
        return conn  # type: ignore[return-value]  # the same DB-API as sqlite3
