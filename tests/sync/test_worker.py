"""SyncWorker on its own thread against the real server: what the UI's snapshot shows.

Waits are on the worker's own condition (``wait_for``, with a deadline), never sleeps.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from bench.fault_proxy import Fault, FaultProxy, Rule
from kiosk.domain.states import ApplicationState
from sync.enrolment import enrol
from sync.worker import SyncSnapshot, SyncWorker, WorkerState
from tests.sync.conftest import FAST, Client

DEADLINE_S = 30


@pytest.fixture
def worker(client: Client) -> Iterator[SyncWorker]:
    seen: list[SyncSnapshot] = []
    made = SyncWorker(client.engine, on_change=seen.append)
    made.seen = seen  # type: ignore[attr-defined]
    yield made
    made.stop()


def test_worker_drains_the_queue_and_reports_it(client, worker, photos):
    apps = [client.submit("DEMO-MZ-001", images=photos), client.submit("DEMO-YB-001")]
    worker.start()

    assert worker.wait_for(lambda s: s.state is WorkerState.IDLE and s.pending == 0, DEADLINE_S), (
        worker.snapshot()
    )
    snap = worker.snapshot()
    assert snap.online is True
    assert snap.bytes_left == 0
    assert snap.last_success is not None
    assert snap.next_attempt is not None and snap.next_attempt > snap.updated_at
    assert snap.parked == () and snap.message is None
    assert all(
        client.engine.outbox.get(a.client_uuid).state is ApplicationState.ACCEPTED for a in apps
    )
    # The callback ran on the worker thread with every change, the first showing the queue.
    assert worker.seen[0].pending == 2 or any(s.state is WorkerState.SYNCING for s in worker.seen)
    assert worker.seen[-1] == snap


def test_offline_the_worker_probes_with_backoff_and_resumes_by_itself(
    client, worker, proxy: FaultProxy, photos
):
    worker.start()
    assert worker.wait_for(lambda s: s.state is WorkerState.IDLE, DEADLINE_S)
    proxy.set_down()
    client.submit("DEMO-MZ-001", images=photos[:1])
    worker.poke()

    assert worker.wait_for(lambda s: s.state is WorkerState.OFFLINE, DEADLINE_S)
    snap = worker.snapshot()
    assert snap.online is False
    assert snap.pending == 1
    assert snap.bytes_left >= photos[0].stat().st_size
    assert snap.next_attempt is not None
    assert snap.error_code == "network" and snap.message

    proxy.set_up()  # no poke: the probe on its backoff finds the link again
    assert worker.wait_for(lambda s: s.pending == 0 and s.online, DEADLINE_S), worker.snapshot()
    health = [e for e in proxy.stats.exchanges if e.target.startswith("/v1/health")]
    assert health, "while offline the worker probes the cheap health endpoint"


def test_retry_after_is_honoured(client, worker, proxy: FaultProxy):
    worker.start()
    assert worker.wait_for(lambda s: s.state is WorkerState.IDLE, DEADLINE_S)
    proxy.add(Rule(Fault.RATE_LIMIT, path=r"^/v1/applications", retry_after=1))
    client.submit("DEMO-YB-001")
    worker.poke()

    assert worker.wait_for(lambda s: s.state is WorkerState.WAITING, DEADLINE_S)
    snap = worker.snapshot()
    assert (snap.next_attempt - snap.updated_at).total_seconds() >= 0.99
    assert worker.wait_for(lambda s: s.pending == 0, DEADLINE_S)
    submits = [e for e in proxy.stats.exchanges if e.target.startswith("/v1/applications")]
    assert [e.status for e in submits] == [429, 201]


def test_a_refused_device_stops_the_queue_until_it_is_enrolled_again(
    client, worker, live_server, proxy: FaultProxy
):
    from server.database import utc_now
    from server.devices import create_enrolment_token, revoke

    code = client.engine.credentials().device_code
    with live_server._db().begin() as connection:
        revoke(connection, code, now=utc_now())
    client.submit("DEMO-YB-001")
    worker.start()

    assert worker.wait_for(lambda s: s.state is WorkerState.STOPPED, DEADLINE_S)
    snap = worker.snapshot()
    assert snap.error_code == "device_revoked"
    assert "停用" in snap.message
    requests_so_far = len(proxy.stats.exchanges)
    worker.poke()
    assert worker.wait_for(
        lambda s: s.passes == snap.passes and s.updated_at > snap.updated_at, DEADLINE_S
    )
    assert len(proxy.stats.exchanges) == requests_so_far, "a stopped worker sends nothing"

    with live_server._db().begin() as connection:
        token, _ = create_enrolment_token(connection, now=utc_now(), device_code=code)
    enrol(client.data_dir, server_url=proxy.url, token=token, config=FAST.transport)
    worker.poke()
    assert worker.wait_for(lambda s: s.pending == 0 and s.state is WorkerState.IDLE, DEADLINE_S)


def test_a_permanent_refusal_parks_that_item_and_the_rest_go_on(client, worker):
    good = client.submit("DEMO-YB-001")
    bad = client.submit("DEMO-YB-001")
    # A damaged row: revision 2 of an application the server never saw.
    with client.kiosk.store.transaction() as db:
        db.conn.execute(
            "UPDATE applications SET revision = 2 WHERE client_uuid = ?", (bad.client_uuid,)
        )
    worker.start()

    assert worker.wait_for(lambda s: len(s.parked) == 1 and s.state is WorkerState.IDLE, DEADLINE_S)
    snap = worker.snapshot()
    (parked,) = snap.parked
    assert parked.client_uuid == bad.client_uuid
    assert parked.receipt_no == bad.receipt_no
    assert parked.code == "revision_conflict"
    assert parked.reason  # the server's Chinese reason, for staff
    assert snap.pending == 1  # parked is not acknowledged: never forgotten
    assert client.engine.outbox.get(good.client_uuid).state is ApplicationState.ACCEPTED
    assert not client.engine.outbox_empty()


def test_stop_ends_the_thread_promptly(client):
    worker = SyncWorker(client.engine)
    worker.start()
    assert worker.wait_for(lambda s: s.state is WorkerState.IDLE, DEADLINE_S)
    worker.stop(timeout_s=10)
    assert worker.snapshot().state is WorkerState.FINISHED
    assert not [t for t in threading.enumerate() if t.name == "sync-worker" and t.is_alive()]
