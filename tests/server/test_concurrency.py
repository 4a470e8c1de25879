"""Two copies of one submission arriving at once are stored once.

The first test pins the mechanism on PostgreSQL deterministically: copy A has inserted its
idempotency row but not committed; copy B, on another connection, must block on the unique
key (we watch it wait in ``pg_locks``), and once A commits B answers A's result. The others
race real HTTP requests through the server's thread pool on both backends.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select, text

from server import intake
from server.database import utc_now
from server.errors import ApiError
from server.schema import applications, devices, submissions
from tests.server.support import DeviceClient, submission


def _device_id(engine, code: str) -> int:
    with engine.connect() as connection:
        return connection.execute(
            select(devices.c.id).where(devices.c.device_code == code)
        ).scalar_one()


def _wait_until_blocked(engine, *, deadline_s: float = 20.0) -> None:
    """Until some other backend of this database waits for a lock (a condition, not a nap)."""
    query = text(
        "SELECT count(*) FROM pg_stat_activity"
        " WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    end = time.monotonic() + deadline_s
    with engine.connect() as connection:
        while connection.execute(query).scalar_one() == 0:
            connection.rollback()
            if time.monotonic() > end:
                raise AssertionError("the second copy never waited for the first")
            time.sleep(0.005)


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
@pytest.mark.parametrize("same_body", [True, False])
def test_a_second_copy_waits_on_the_unique_key_then_answers_the_first(
    server, device: DeviceClient, same_body: bool
):
    engine = server.engine
    device_id = _device_id(engine, device.device_code)
    request = submission(device_code=device.device_code)
    rival = request if same_body else request.model_copy(update={"catalog_version": "9"})
    outcome: dict[str, object] = {}

    def second_copy() -> None:
        try:
            with engine.begin() as connection:
                outcome["result"] = intake.submit(
                    connection, device_id, rival, source="online", now=utc_now(), files=server.files
                )
        except ApiError as error:
            outcome["error"] = error.code.value

    with engine.begin() as first:
        original = intake.submit(
            first, device_id, request, source="online", now=utc_now(), files=server.files
        )
        thread = threading.Thread(target=second_copy)
        thread.start()
        _wait_until_blocked(engine)
        assert thread.is_alive() and not outcome
    thread.join(timeout=30)

    if same_body:
        result = outcome["result"]
        assert result.duplicate is True and result.server_id == original.server_id
    else:
        assert outcome == {"error": "idempotency_conflict"}
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(submissions)).scalar_one() == 1


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_a_copy_that_waited_on_a_rolled_back_first_copy_stores_it_itself(
    server, device: DeviceClient
):
    engine = server.engine
    device_id = _device_id(engine, device.device_code)
    request = submission(device_code=device.device_code)
    outcome = {}

    def second_copy() -> None:
        with engine.begin() as connection:
            outcome["result"] = intake.submit(
                connection, device_id, request, source="online", now=utc_now(), files=server.files
            )

    first = engine.connect()
    transaction = first.begin()
    intake.submit(first, device_id, request, source="online", now=utc_now(), files=server.files)
    thread = threading.Thread(target=second_copy)
    thread.start()
    _wait_until_blocked(engine)
    transaction.rollback()  # the first copy's request died (a cut connection, a crash)
    first.close()
    thread.join(timeout=30)
    assert outcome["result"].duplicate is False


def test_concurrent_duplicate_http_submits_store_once(server, device: DeviceClient):
    request = submission(device_code=device.device_code)
    copies = 8
    start = threading.Barrier(copies)
    clients = [DeviceClient(device.base_url, device.device_code, device.secret) for _ in range(8)]

    def send(client: DeviceClient):
        start.wait()
        return client.submit(request)

    with ThreadPoolExecutor(copies) as pool:
        answers = list(pool.map(send, clients))
    assert sorted(a.status_code for a in answers) == [200] * (copies - 1) + [201]
    assert len({a.json()["server_id"] for a in answers}) == 1
    with server.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(applications)).scalar_one() == 1


def test_concurrent_different_applications_from_many_devices_all_arrive(server, new_device):
    kiosks = [new_device() for _ in range(4)]
    requests_ = [submission(device_code=k.device_code) for k in kiosks for _ in range(5)]
    owners = [k for k in kiosks for _ in range(5)]
    with ThreadPoolExecutor(8) as pool:
        answers = list(
            pool.map(lambda pair: pair[0].submit(pair[1]), zip(owners, requests_, strict=True))
        )
    assert [a.status_code for a in answers] == [201] * len(requests_)
    assert len({a.json()["server_id"] for a in answers}) == len(requests_)
    # Every device's status feed has exactly its own five, numbered 1..5.
    for kiosk in kiosks:
        page = kiosk.get("/v1/status").json()
        assert [u["seq"] for u in page["updates"]] == [1, 2, 3, 4, 5]
