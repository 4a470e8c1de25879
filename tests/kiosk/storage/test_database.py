from __future__ import annotations

import sqlite3
import stat
import threading
from pathlib import Path

import pytest

from kiosk.storage.connectors import CLOSED_CONNECTION_ERRORS, DATABASE_ERRORS, PlainConnector
from kiosk.storage.database import DB_FILENAME, Store
from kiosk.storage.errors import StoreClosed, StoreError


def pragma(store: Store, name: str) -> object:
    return store.db.conn.execute(f"PRAGMA {name}").fetchone()[0]


def test_connection_pragmas_are_set(store: Store) -> None:
    assert pragma(store, "journal_mode") == "wal"
    assert pragma(store, "synchronous") == 2  # FULL
    assert pragma(store, "foreign_keys") == 1
    assert pragma(store, "busy_timeout") == 5000


def test_pragmas_are_set_on_every_threads_connection(store: Store) -> None:
    seen: list[tuple[object, ...]] = []

    def probe() -> None:
        seen.append(tuple(pragma(store, name) for name in ("journal_mode", "synchronous")))

    thread = threading.Thread(target=probe)
    thread.start()
    thread.join()
    assert seen == [("wal", 2)]


def test_database_file_is_owner_only(store: Store) -> None:
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600


def test_each_thread_gets_its_own_connection_and_concurrent_writes_all_land(
    store: Store,
) -> None:
    store.db.execute("CREATE TABLE t (thread INTEGER, n INTEGER, PRIMARY KEY (thread, n))")
    connections: dict[int, int] = {}
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def write(thread_no: int) -> None:
        try:
            connections[thread_no] = id(store.db.conn)
            assert store.db is store.db  # stable within a thread
            start.wait()
            for n in range(50):
                with store.transaction() as db:
                    db.conn.execute("INSERT INTO t VALUES (?, ?)", (thread_no, n))
        except BaseException as error:  # surfaced below, in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(connections.values()) | {id(store.db.conn)}) == 5
    assert store.db.conn.execute("SELECT count(*) FROM t").fetchone()[0] == 200


def test_transaction_commits_or_rolls_back_as_a_unit(store: Store) -> None:
    store.db.execute("CREATE TABLE t (n INTEGER PRIMARY KEY)")
    with store.transaction() as db:
        db.conn.execute("INSERT INTO t VALUES (1)")
        db.conn.execute("INSERT INTO t VALUES (2)")
    with pytest.raises(RuntimeError), store.transaction() as db:
        db.conn.execute("INSERT INTO t VALUES (3)")
        raise RuntimeError("boom")
    assert [row[0] for row in store.db.conn.execute("SELECT n FROM t")] == [1, 2]
    assert not store.db.conn.in_transaction


def test_nested_transaction_is_a_savepoint(store: Store) -> None:
    store.db.execute("CREATE TABLE t (n INTEGER PRIMARY KEY)")
    with store.transaction() as db:
        db.conn.execute("INSERT INTO t VALUES (1)")
        with pytest.raises(RuntimeError), store.transaction():
            db.conn.execute("INSERT INTO t VALUES (2)")
            raise RuntimeError("inner fails, outer goes on")
        db.conn.execute("INSERT INTO t VALUES (3)")
    assert [row[0] for row in store.db.conn.execute("SELECT n FROM t")] == [1, 3]


def test_sqlite_errors_leave_as_store_errors(store: Store) -> None:
    store.db.execute("CREATE TABLE t (n INTEGER PRIMARY KEY)")
    with pytest.raises(StoreError) as raised, store.transaction() as db:
        db.conn.execute("INSERT INTO t VALUES (1)")
        db.conn.execute("INSERT INTO t VALUES (1)")
    assert isinstance(raised.value.__cause__, DATABASE_ERRORS)
    assert type(raised.value.__cause__).__name__ == "IntegrityError"
    assert store.db.conn.execute("SELECT count(*) FROM t").fetchone()[0] == 0


def test_close_closes_connections_of_all_threads(data_dir: Path) -> None:
    store = Store.open(data_dir / DB_FILENAME)
    other: list[sqlite3.Connection] = []
    thread = threading.Thread(target=lambda: other.append(store.db.conn))
    thread.start()
    thread.join()
    mine = store.db.conn
    store.close()
    for conn in (mine, other[0]):
        with pytest.raises(sqlite3.ProgrammingError):
            conn.execute("SELECT 1")
    with pytest.raises(StoreClosed):
        _ = store.db
    store.close()  # idempotent


class CountingConnector:
    """Stands in for a keyed (SQLCipher) connector: the store must use only this."""

    def __init__(self) -> None:
        self.calls = 0

    def connect(self, path: Path) -> sqlite3.Connection:
        self.calls += 1
        return PlainConnector().connect(path)


def test_all_access_goes_through_the_connector(data_dir: Path) -> None:
    connector = CountingConnector()
    store = Store.open(data_dir / DB_FILENAME, connector=connector)
    thread = threading.Thread(target=lambda: store.db.execute("SELECT 1"))
    thread.start()
    thread.join()
    store.close()
    assert connector.calls == 2


def test_reopening_keeps_data_and_applies_nothing_twice(data_dir: Path) -> None:
    path = data_dir / DB_FILENAME
    first = Store.open(path)
    first.db.conn.execute("INSERT INTO sync_state VALUES ('k', '1', 'x')")
    first.close()
    second = Store.open(path)
    assert second.db.conn.execute("SELECT value FROM sync_state").fetchone() == ("1",)
    second.close()


def test_a_thread_can_release_its_connection(store: Store) -> None:
    first = store.db.conn
    store.close_thread_connection()
    with pytest.raises(CLOSED_CONNECTION_ERRORS):
        first.execute("SELECT 1")
    assert store.db.conn is not first  # reopened on next use
    store.close_thread_connection()
    store.close_thread_connection()  # nothing open: no error
