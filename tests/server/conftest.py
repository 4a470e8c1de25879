"""Fixtures for the intake server: every test that takes ``db_url`` runs twice, once on a SQLite
file and once on a real PostgreSQL (a throwaway cluster started once per session by
``server.pgtest``; it runs, never skips: ``make test`` installs the ``postgresql`` package).

Each test gets an emptied database, a live uvicorn server on a free loopback port (one per
backend, shared by the session), a controllable server clock, an admin client and an enrolled
device. Tests that need a database of their own (migrations) use ``fresh_db``.
"""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from datetime import timedelta
from pathlib import Path

import pytest

from server import pgtest
from server.app import create_app
from server.database import make_engine, utc_now
from server.devices import create_admin_token
from server.migrate import upgrade
from server.schema import metadata
from tests.server.support import (
    AdminClient,
    Clock,
    DeviceClient,
    LiveServer,
    enrol,
    serve_in_thread,
)

BACKENDS = ("sqlite", "postgresql")
_TEMPLATE = "kiosk_template"
_names = itertools.count(1)


@pytest.fixture(scope="session")
def postgres() -> Iterator[pgtest.PostgresInstance]:
    with pgtest.running_postgres() as instance:
        engine = make_engine(pgtest.create_database(instance, _TEMPLATE))
        upgrade(engine)
        engine.dispose()
        yield instance


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()  # the last connection to close checkpoints the WAL into the file
    assert not path.with_name(path.name + "-wal").exists()
    return path


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def fresh_db(
    request: pytest.FixtureRequest, tmp_path: Path, backend: str
) -> Iterator[Callable[..., str]]:
    """Makes databases on this test's backend, each call a new one: migrated (a copy of the
    template), or with ``migrated=False`` entirely empty."""
    made: list[str] = []

    def make(*, migrated: bool = True) -> str:
        if backend == "sqlite":
            path = tmp_path / f"server-{next(_names)}.db"
            if migrated:
                shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
            return f"sqlite:///{path}"
        instance: pgtest.PostgresInstance = request.getfixturevalue("postgres")
        name = f"kiosk_test_{next(_names)}"
        made.append(name)
        return pgtest.create_database(instance, name, template=_TEMPLATE if migrated else None)

    yield make
    for name in made:
        pgtest.drop_database(request.getfixturevalue("postgres"), name)


@pytest.fixture(scope="session")
def _shared() -> dict[str, tuple[str, Clock, LiveServer]]:
    return {}


@pytest.fixture(scope="session")
def _servers(
    request: pytest.FixtureRequest, _shared: dict, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[[str], tuple[str, Clock, LiveServer]]]:
    """One live server per backend for the whole session (started on first use); each test
    empties its database first, which costs far less than a new database and server."""
    stack = ExitStack()

    def get(backend: str) -> tuple[str, Clock, LiveServer]:
        if backend not in _shared:
            if backend == "sqlite":
                path = tmp_path_factory.mktemp("shared") / "server.db"
                shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
                url = f"sqlite:///{path}"
            else:
                instance = request.getfixturevalue("postgres")
                url = pgtest.create_database(instance, "kiosk_shared", template=_TEMPLATE)
            clock = Clock()
            app = create_app(
                url,
                run_migrations=False,
                rate_limit=0,
                now=clock,
                materials_dir=tmp_path_factory.mktemp(f"materials-{backend}"),
            )
            _shared[backend] = (url, clock, stack.enter_context(serve_in_thread(app)))
        return _shared[backend]

    with stack:
        yield get


def _empty(engine) -> None:
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(table.name for table in metadata.sorted_tables)
            connection.exec_driver_sql(f"TRUNCATE TABLE {names} RESTART IDENTITY CASCADE")
        else:
            for table in reversed(metadata.sorted_tables):
                connection.execute(table.delete())


def _empty_files(root: Path) -> None:
    # A complete file counts as held whatever the database says: it goes with the rows.
    for path in [*root.glob("complete/*/*"), *root.glob("partial/*")]:
        path.unlink()


@pytest.fixture
def db_url(backend: str, _servers) -> str:
    """The shared server's database on this test's backend, emptied (schema kept), and its
    material directory emptied too."""
    url, clock, live = _servers(backend)
    clock.offset = timedelta(0)
    _empty(live.engine)
    _empty_files(live.files.root)
    return url


@pytest.fixture
def clock(db_url: str, backend: str, _servers) -> Clock:
    return _servers(backend)[1]


@pytest.fixture
def server(db_url: str, backend: str, _servers) -> LiveServer:
    return _servers(backend)[2]


@pytest.fixture
def admin(server: LiveServer) -> AdminClient:
    with server.engine.begin() as connection:
        token = create_admin_token(connection, now=utc_now(), note="tests")
    return AdminClient(server.url, token)


@pytest.fixture
def device(server: LiveServer, admin: AdminClient) -> DeviceClient:
    return enrol(server.url, admin.new_token())


@pytest.fixture
def new_device(server: LiveServer, admin: AdminClient) -> Callable[[], DeviceClient]:
    return lambda: enrol(server.url, admin.new_token())
