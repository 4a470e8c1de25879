"""Alembic migrations: from empty to head, back to empty and up again; the schema the code
queries (``server.schema``) is exactly what the migrations build; data steps move what
they must."""

from __future__ import annotations

import os
import threading
from datetime import UTC, datetime

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from kiosk.protocol import sha256_hex
from server import cli, migrate
from server.database import make_engine
from server.material_files import MaterialFiles
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


def _upgrade_to(engine, revision: str, **attributes) -> None:
    config = migrate._config()
    with engine.begin() as connection:
        config.attributes.update(connection=connection, **attributes)
        command.upgrade(config, revision)


def test_material_chunks_move_into_files_and_back(empty_engine, tmp_path):
    """0002 takes the bytes of uploads made before it out of the database: complete ones
    become complete files, a partial one a partial file; downgrading copies them back."""
    photo, partial = os.urandom(5000), os.urandom(3000)
    whole_sha, partial_sha = sha256_hex(photo), sha256_hex(partial)
    _upgrade_to(empty_engine, "0001_initial")
    now = datetime.now(UTC)
    with empty_engine.begin() as connection:
        for sha, size, received, complete in (
            (whole_sha, len(photo), len(photo), True),
            (partial_sha, len(partial), 1000, False),
        ):
            connection.execute(
                text(
                    "INSERT INTO materials (sha256, size, received, complete, created_at)"
                    " VALUES (:sha, :size, :received, :complete, :now)"
                ),
                {"sha": sha, "size": size, "received": received, "complete": complete, "now": now},
            )
        chunks = [(whole_sha, 0, photo[:2000]), (whole_sha, 2000, photo[2000:])]
        chunks.append((partial_sha, 0, partial[:1000]))
        for sha, position, data in chunks:
            connection.execute(
                text("INSERT INTO material_chunks VALUES (:sha, :position, :data)"),
                {"sha": sha, "position": position, "data": data},
            )
    with pytest.raises(RuntimeError, match="--materials"):
        migrate.upgrade(empty_engine)
    migrate.upgrade(empty_engine, materials_dir=tmp_path)
    files = MaterialFiles(tmp_path)
    assert files.read(whole_sha) == photo
    assert files.partial_path(partial_sha).read_bytes() == partial[:1000]
    assert "material_chunks" not in _tables(empty_engine)

    migrate.downgrade(empty_engine, "0001_initial", materials_dir=tmp_path)
    with empty_engine.connect() as connection:
        back = dict(connection.execute(text("SELECT sha256, data FROM material_chunks")).all())
    assert {sha: bytes(data) for sha, data in back.items()} == {
        whole_sha: photo,
        partial_sha: partial[:1000],
    }
