"""Engine details the guarantees rest on: every transaction is durable unless it asks not to
be, and a relaxed one never leaves its pooled connection relaxed."""

from __future__ import annotations

from server.database import make_engine, relaxed


def _durability(connection) -> str:
    if connection.dialect.name == "postgresql":
        return connection.exec_driver_sql("SHOW synchronous_commit").scalar_one()
    level = connection.exec_driver_sql("PRAGMA synchronous").scalar_one()
    return {1: "normal", 2: "full"}[level]


def test_relaxed_transactions_skip_the_flush_and_the_others_keep_it(fresh_db):
    engine = make_engine(fresh_db(), pool_size=1)
    fast = "off" if engine.dialect.name == "postgresql" else "normal"
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                # The test cluster runs with it off for speed (server.pgtest); production's
                # default is on. Session-wide, so it stays with the pooled connection.
                connection.exec_driver_sql("SET SESSION synchronous_commit TO on")
            durable = _durability(connection)
        assert durable in ("on", "full")
        for _ in range(3):  # the same pooled connection, back and forth
            with relaxed(engine).begin() as connection:
                assert _durability(connection) == fast
            with engine.begin() as connection:
                assert _durability(connection) == durable
    finally:
        engine.dispose()
