"""Alembic migrations: from empty to head, back to empty and up again; the schema the code
queries (``server.schema``) is exactly what the migrations build."""

from __future__ import annotations

import threading

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from server import cli, migrate
from server.database import make_engine
from server.schema import metadata


@pytest.fixture
def empty_engine(fresh_db):
    engine = make_engine(fresh_db(migrated=False))
    yield engine
    engine.dispose()


def _tables(engine) -> set[str]:
    return set(inspect(engine).get_table_names()) - {"alembic_version"}


def test_upgrade_from_empty_builds_every_table(empty_engine):
    assert _tables(empty_engine) == set()
    migrate.upgrade(empty_engine)
    assert _tables(empty_engine) == set(metadata.tables)
    assert migrate.current_revision(empty_engine) == migrate.head_revision()


def test_the_migrated_schema_matches_the_schema_module(empty_engine):
    migrate.upgrade(empty_engine)
    with empty_engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, metadata)
    assert differences == []


def test_downgrade_to_empty_and_upgrade_again(empty_engine):
    migrate.upgrade(empty_engine)
    migrate.downgrade(empty_engine, "base")
    assert _tables(empty_engine) == set()
    assert migrate.current_revision(empty_engine) is None
    migrate.upgrade(empty_engine)
    assert _tables(empty_engine) == set(metadata.tables)


def test_upgrading_an_up_to_date_database_changes_nothing(empty_engine):
    migrate.upgrade(empty_engine)
    migrate.upgrade(empty_engine)
    assert migrate.current_revision(empty_engine) == migrate.head_revision()


def test_servers_starting_together_migrate_once(empty_engine):
    errors: list[BaseException] = []
    start = threading.Barrier(3)

    def start_one() -> None:
        start.wait()
        try:
            migrate.upgrade(empty_engine)
        except BaseException as error:  # reported below, not swallowed
            errors.append(error)

    threads = [threading.Thread(target=start_one) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert migrate.current_revision(empty_engine) == migrate.head_revision()


def test_a_database_from_a_newer_release_is_refused(empty_engine):
    migrate.upgrade(empty_engine)
    with empty_engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    with pytest.raises(migrate.SchemaTooNew) as refused:
        migrate.upgrade(empty_engine)
    assert "升级服务器程序" in refused.value.message


def test_cli_migrate_and_downgrade(fresh_db, capsys):
    url = fresh_db(migrated=False)
    assert cli.main(["migrate", "--db", url]) == 0
    assert capsys.readouterr().out.strip().endswith(migrate.head_revision())
    assert cli.main(["migrate", "--db", url, "--downgrade", "base"]) == 0
    assert capsys.readouterr().out.strip().endswith("None")
