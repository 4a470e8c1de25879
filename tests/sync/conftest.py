"""Fixtures for sync tests: a real server process per database backend, a fault proxy in
front of it, and kiosks (real data directories, stores and catalogues) enrolled through it.

Every server-facing test runs twice: against a SQLite server database and against a real
PostgreSQL (``server/pgtest.py`` starts one safely, also as root). One server process per
backend serves the whole session; each test enrols its own device, so tests never see each
other's applications.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from bench.fault_proxy import FaultProxy
from bench.live_server import LiveServer
from kiosk.app import Kiosk, open_kiosk
from kiosk.applications import ApplicationService
from kiosk.bulk_entry import MaterialFile, submit_application
from kiosk.storage.keys import load_or_create_device_secret
from kiosk.storage.outbox_repo import Application
from server.pgtest import create_database, running_postgres
from sync.config import SyncConfig, TransportConfig
from sync.engine import SyncEngine
from sync.enrolment import enrol
from sync.factory import build_engine

FAST = SyncConfig(
    transport=TransportConfig(connect_timeout_s=2.0, read_timeout_s=2.0),
    chunk_bytes=64 * 1024,
    max_chunk_bytes=64 * 1024,  # fixed chunks: the tests count them
    backoff_base_s=0.05,
    backoff_cap_s=0.5,
    item_backoff_base_s=0.05,
    item_backoff_cap_s=0.2,
    idle_interval_s=30.0,
    probe_timeout_s=1.0,
)
"""Short but real times: the proxy's "beyond the timeout" delay is FAST's read timeout + a bit."""

_names = itertools.count(1)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def backend(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def server_factory(tmp_path_factory):
    """Makes servers with a database of their own; PostgreSQL is started on first need."""
    started: list[LiveServer] = []
    postgres = []
    with ExitStack() as stack:

        def make(kind: str) -> LiveServer:
            name = f"kiosk_sync_{next(_names)}"
            base = tmp_path_factory.mktemp(name)
            if kind == "sqlite":
                url = f"sqlite:///{base / 'server.db'}"
            else:
                if not postgres:
                    postgres.append(stack.enter_context(running_postgres()))
                url = create_database(postgres[0], name)
            server = LiveServer(url, log_dir=base)
            server.start()
            started.append(server)
            return server

        yield make
        for server in started:
            server.stop()
            server.dispose()


@pytest.fixture(scope="session")
def shared_server(server_factory):
    """``shared_server(kind)``: the session's server for a backend, started on first use and
    started again if a test left it down."""
    servers: dict[str, LiveServer] = {}

    def get(kind: str) -> LiveServer:
        server = servers.get(kind)
        if server is None:
            server = servers[kind] = server_factory(kind)
        elif server.process is None or server.process.poll() is not None:
            server.start()
        return server

    return get


@pytest.fixture
def live_server(backend, shared_server) -> LiveServer:
    return shared_server(backend)


@pytest.fixture
def proxy(live_server) -> Iterator[FaultProxy]:
    fault_proxy = FaultProxy(live_server.port)
    yield fault_proxy
    fault_proxy.close()


@dataclass
class Client:
    """A kiosk's data directory opened as the app opens it, and its sync engine."""

    kiosk: Kiosk
    engine: SyncEngine
    service: ApplicationService
    rng: random.Random

    @property
    def data_dir(self) -> Path:
        return self.kiosk.data_dir

    def submit(self, code: str = "DEMO-MZ-001", *, images: list[Path] = ()) -> Application:
        return submit_application(
            self.service,
            self.kiosk.catalogs,
            code,
            today=date.today(),
            actor="test",
            materials=[MaterialFile(None, path) for path in images],
            rng=self.rng,
        )

    def reopen(self, *, config: SyncConfig = FAST) -> None:
        """A restart of the kiosk: new store connections, new engine (the old ones closed)."""
        self.engine.close()
        self.kiosk.close()
        self.kiosk = open_kiosk(self.data_dir)
        self.engine = _engine(self.kiosk, config)
        self.service = _service(self.kiosk)

    def close(self) -> None:
        self.engine.close()
        self.kiosk.close()


def _service(kiosk: Kiosk) -> ApplicationService:
    return ApplicationService(
        kiosk.store,
        catalogs=kiosk.catalogs,
        device_secret=load_or_create_device_secret(kiosk.data_dir),
        material_root=kiosk.data_dir / "materials",
        device_code=kiosk.settings.receipt_prefix,
    )


def _engine(kiosk: Kiosk, config: SyncConfig) -> SyncEngine:
    return build_engine(
        store=kiosk.store,
        data_dir=kiosk.data_dir,
        catalogs=kiosk.catalogs,
        settings=kiosk.settings,
        config=config,
    )


def make_client(
    data_dir: Path, server_url: str, token: str, *, seed: int = 0, config: SyncConfig = FAST
) -> Client:
    data_dir.mkdir(parents=True, exist_ok=True)
    enrol(data_dir, server_url=server_url, token=token, config=config.transport)
    kiosk = open_kiosk(data_dir)
    return Client(
        kiosk=kiosk,
        engine=_engine(kiosk, config),
        service=_service(kiosk),
        rng=random.Random(seed),
    )


@pytest.fixture
def client(tmp_path, live_server, proxy) -> Iterator[Client]:
    """A kiosk enrolled with the live server, talking to it through the fault proxy."""
    made = make_client(tmp_path / "kiosk", proxy.url, live_server.token())
    yield made
    made.close()


def make_photos(directory: Path, count: int, *, seed: int) -> list[Path]:
    """Real JPEG photos of about 300 KB (noise does not compress), made with OpenCV; new
    bytes for every seed, so the server has never seen them."""
    import cv2
    import numpy as np

    directory.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    paths = []
    for index in range(count):
        image = rng.integers(0, 255, size=(480, 680, 3), dtype=np.uint8)
        ok, encoded = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 90])
        assert ok
        path = directory / f"photo{seed}-{index}.jpg"
        path.write_bytes(encoded.tobytes())
        paths.append(path)
    return paths


photo_seeds = itertools.count(1000)


@pytest.fixture
def photos(tmp_path) -> list[Path]:
    """Two photos no server has seen yet (content addressing would skip known ones)."""
    return make_photos(tmp_path / "photos", 2, seed=next(photo_seeds))
