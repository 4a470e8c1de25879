"""``kiosk-server --workers 2`` as a real process on a free loopback port: two stateless worker
processes on one database, where duplicates, replays and enrolments still count once."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
import uvicorn
from uvicorn.server import ServerState

from kiosk.protocol import new_nonce
from server import pgtest
from server.app import create_app
from server.database import make_engine, utc_now
from server.devices import create_admin_token
from server.serving import NoDelayH11Protocol
from tests.server.conftest import BACKENDS
from tests.server.support import AdminClient, DeviceClient, enrol, serve_in_thread, submission

KIOSK_SERVER = Path(sys.executable).with_name("kiosk-server")


@dataclass
class ServerProcess:
    process: subprocess.Popen
    url: str
    log: Path

    def workers(self) -> list[int]:
        """PIDs of the worker processes (children running uvicorn's spawned server)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        pids = [int(pid) for pid in children.read_text().split()]
        return [pid for pid in pids if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_serving(server: ServerProcess, *, deadline_s: float = 90.0) -> None:
    """Until /v1/health answers and both workers are up (polling a condition with a bound)."""
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        if server.process.poll() is not None:
            raise AssertionError(f"kiosk-server exited:\n{server.log.read_text()[-3000:]}")
        try:
            if requests.get(server.url + "/v1/health", timeout=2).ok and len(server.workers()) == 2:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"kiosk-server did not start:\n{server.log.read_text()[-3000:]}")


@pytest.fixture(scope="module", params=BACKENDS)
def served_db(request: pytest.FixtureRequest, tmp_path_factory) -> str:
    """One database per backend for this module's server process (tests here share it)."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("workers") / "server.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    return pgtest.create_database(
        request.getfixturevalue("postgres"), "kiosk_workers", template="kiosk_template"
    )


@pytest.fixture(scope="module")
def served(served_db: str, tmp_path_factory) -> Iterator[ServerProcess]:
    """One ``kiosk-server --workers 2`` per backend; the module's last tests stop it."""
    workdir = tmp_path_factory.mktemp("served")
    port = _free_port()
    log = workdir / "server.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [
                str(KIOSK_SERVER),
                "--db",
                served_db,
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                "2",
                "--rate-limit",
                "0",
                "--log-level",
                "warning",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=workdir,
        )
    server = ServerProcess(process, f"http://127.0.0.1:{port}", log)
    try:
        _wait_until_serving(server)
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def process_admin(served: ServerProcess, served_db: str) -> AdminClient:
    engine = make_engine(served_db)
    with engine.begin() as connection:
        token = create_admin_token(connection, now=utc_now())
    engine.dispose()
    return AdminClient(served.url, token)


def test_two_workers_store_concurrent_duplicates_once(served, process_admin):
    device = enrol(served.url, process_admin.new_token())
    requests_ = [submission(device_code=device.device_code) for _ in range(6)]
    # 36 attempts, six copies of each application, each on its own connection, all at once.
    attempts = [r for r in requests_ for _ in range(6)]

    def send(request):
        return DeviceClient(device.base_url, device.device_code, device.secret).submit(request)

    with ThreadPoolExecutor(12) as pool:
        answers = list(pool.map(send, attempts))
    assert all(a.status_code in (200, 201) for a in answers), [a.text for a in answers]
    assert sorted(a.status_code for a in answers).count(201) == len(requests_)
    listed = process_admin.request("GET", "/v1/admin/applications").json()["applications"]
    assert sorted(row["client_uuid"] for row in listed) == sorted(r.client_uuid for r in requests_)


def test_a_replay_is_refused_whichever_worker_gets_it(served, process_admin):
    device = enrol(served.url, process_admin.new_token())
    nonce, stamp = new_nonce(), int(time.time())
    assert device.get("/v1/status", nonce=nonce, timestamp=stamp).status_code == 200

    def replay(_):
        fresh = DeviceClient(device.base_url, device.device_code, device.secret)
        return fresh.get("/v1/status", nonce=nonce, timestamp=stamp).json()["code"]

    with ThreadPoolExecutor(4) as pool:
        assert set(pool.map(replay, range(12))) == {"replayed"}


def test_one_token_enrols_one_device_even_when_raced(served, process_admin):
    token = process_admin.new_token()

    def attempt(_):
        return requests.post(
            served.url + "/v1/enrol",
            json={"token": token, "installation_id": str(uuid.uuid4()), "device_name": "并发"},
            timeout=30,
        ).status_code

    with ThreadPoolExecutor(6) as pool:
        codes = sorted(pool.map(attempt, range(6)))
    assert codes == [200] + [403] * 5


def test_a_killed_worker_loses_nothing_and_the_server_goes_on(served, process_admin):
    device = enrol(served.url, process_admin.new_token())
    first = submission(device_code=device.device_code)
    assert device.submit(first).status_code == 201
    os.kill(served.workers()[0], signal.SIGKILL)
    # Whichever process answers now, the application stored before is there, once.
    later = submission(device_code=device.device_code)
    fresh = DeviceClient(device.base_url, device.device_code, device.secret)
    assert fresh.submit(later).status_code == 201
    assert fresh.submit(first).json()["duplicate"] is True


def test_sigterm_stops_the_server_cleanly(served):
    served.process.send_signal(signal.SIGTERM)
    assert served.process.wait(timeout=30) == 0


def test_every_accepted_connection_gets_tcp_nodelay():
    """The listening socket uvicorn makes for --workers has protocol number 0, so asyncio
    leaves Nagle on; our protocol class switches it off for each connection."""
    config = uvicorn.Config(lambda scope, receive, send: None, http="h11")
    state = ServerState()
    seen: list[int] = []

    class Probe(NoDelayH11Protocol):
        def connection_made(self, transport):
            super().connection_made(transport)
            sock = transport.get_extra_info("socket")
            seen.append(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            transport.close()

    async def run() -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 0)  # as uvicorn binds it
        listener.bind(("127.0.0.1", 0))
        server = await asyncio.get_running_loop().create_server(
            lambda: Probe(config, state, {}), sock=listener
        )
        _, writer = await asyncio.open_connection(*listener.getsockname())
        while not seen:
            await asyncio.sleep(0.001)
        writer.close()
        server.close()
        await server.wait_closed()

    asyncio.run(asyncio.wait_for(run(), timeout=10))
    assert seen == [1]


def test_a_postgresql_restart_costs_one_retryable_answer():
    """The pooled connection dies with the database (the pool does not ping before use):
    the request that finds it is answered `unavailable` (retry, Retry-After), never a 500,
    and the next one goes through on a fresh connection."""
    with pgtest.running_postgres() as own:
        url = pgtest.create_database(own, "restarted", template=None)
        app = create_app(url, rate_limit=0)
        with serve_in_thread(app) as live:
            with live.engine.begin() as connection:
                token = create_admin_token(connection, now=utc_now())
            device = enrol(live.url, AdminClient(live.url, token).new_token())
            assert device.submit(submission(device_code=device.device_code)).status_code == 201
            own.restart()
            first = device.submit(submission(device_code=device.device_code))
            assert first.status_code == 503, first.text
            assert (first.json()["code"], first.json()["kind"]) == ("unavailable", "retry")
            assert int(first.headers["Retry-After"]) > 0
            second = device.submit(submission(device_code=device.device_code))
            assert second.status_code == 201, second.text
