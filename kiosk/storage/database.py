"""The durable local store: one SQLite file, one connection per thread, migrations on open.

Every connection runs in WAL mode with ``synchronous=FULL``: a committed transaction is on
disk when ``COMMIT`` returns, which is what lets the wizard promise that an accepted answer
survives a power cut.

Encryption at rest: opened with a :class:`~kiosk.storage.encryption.StorageKey`, the file is
SQLCipher-encrypted and material files go through an AES-GCM codec (:attr:`Store.blob_codec`);
all access to the file goes through a :class:`~kiosk.storage.connectors.Connector`, so the
code above runs the same either way. Without a key (tests of the store's own mechanics) the
file is plain SQLite.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from kiosk.i18n import tr
from kiosk.storage.blob_codec import BlobCodec, IdentityCodec
from kiosk.storage.connectors import Connector, PlainConnector, SqlcipherConnector
from kiosk.storage.encryption import (
    AesGcmCodec,
    StorageKey,
    encrypt_plaintext_store,
    is_plaintext_store,
)
from kiosk.storage.errors import StoreClosed, StoreError
from kiosk.storage.migrations import migrate
from kiosk.storage.transactions import immediate

DB_FILENAME = "kiosk.db"

# Per connection; journal_mode=WAL also persists in the file, the others do not.
_PRAGMAS = (
    "PRAGMA busy_timeout=5000",
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
)


class Store:
    """The SQLite store shared by all repositories; safe to share between threads.

    Open it with :meth:`open`. Each thread that touches :attr:`db` gets its own connection,
    opened on first use and closed by :meth:`close`.
    """

    def __init__(
        self, path: Path, *, connector: Connector, blob_codec: BlobCodec | None = None
    ) -> None:
        self.path = path
        self._connector = connector
        #: How material files beside this store are encoded (encrypted with a key).
        self.blob_codec: BlobCodec = blob_codec or IdentityCodec()
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []
        self._closed = False

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        key: StorageKey | None = None,
        connector: Connector | None = None,
        material_root: Path | None = None,
    ) -> Store:
        """Open (creating if needed) the database at ``path`` and apply pending migrations.

        With ``key`` the store is encrypted (a plaintext store from an earlier build is
        converted once, with the material files under ``material_root``); without, plain.
        """
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Create the file owner-only before SQLite does: SQLite gives the -wal and -shm files
        # the main file's permissions. An empty file is a valid new database for any VFS.
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        codec: BlobCodec | None = None
        if key is not None:
            if is_plaintext_store(path):
                root = material_root if material_root is not None else path.parent / "materials"
                encrypt_plaintext_store(path, key, material_root=root)
            connector = connector or SqlcipherConnector(key.derive("database"))
            codec = AesGcmCodec(key)
        store = cls(path, connector=connector or PlainConnector(), blob_codec=codec)
        try:
            migrate(store.db)
        except BaseException:
            store.close()
            raise
        return store

    @property
    def db(self) -> Database:
        """This thread's connection, wrapped in :class:`sqlite_utils.Database`."""
        if self._closed:
            raise StoreClosed()
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._connect()
            self._local.db = db
        return db

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """One ``BEGIN IMMEDIATE ... COMMIT`` unit on this thread's connection; nests as a
        savepoint. Rolls back on any exception; SQLite errors leave as :class:`StoreError`."""
        with immediate(self.db) as db:
            yield db

    def close_thread_connection(self) -> None:
        """Close this thread's connection now (for short-lived threads); reopens on next use."""
        db = getattr(self._local, "db", None)
        if db is None:
            return
        self._local.db = None
        with self._lock:
            if db.conn in self._connections:
                self._connections.remove(db.conn)
        db.conn.close()

    def close(self) -> None:
        """Close every connection this store opened, in any thread. Idempotent."""
        with self._lock:
            self._closed = True
            connections, self._connections = self._connections, []
        for conn in connections:
            conn.close()

    @property
    def closed(self) -> bool:
        return self._closed

    def _connect(self) -> Database:
        conn = self._connector.connect(self.path)
        try:
            # Driver-level autocommit: transactions are only the explicit ones in transaction(),
            # never an implicit BEGIN that the sqlite3 module opens on its own.
            conn.isolation_level = None
            for pragma in _PRAGMAS:
                conn.execute(pragma)
            mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
            if str(mode).lower() != "wal":
                raise StoreError(
                    tr("本机存储不支持安全写入，请联系工作人员。"),
                    detail=f"journal_mode is {mode!r}, expected 'wal'",
                )
            db = Database(conn, execute_plugins=False)
        except BaseException:
            conn.close()
            raise
        with self._lock:
            if self._closed:
                conn.close()
                raise StoreClosed()
            self._connections.append(conn)
        return db

    def __repr__(self) -> str:
        return f"<Store {self.path.name} closed={self._closed}>"
