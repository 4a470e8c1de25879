"""Every fault of a bad network or a failing server, between a real client and a real server.

Each test injects one fault with the proxy, runs sync passes until the outbox is empty (or a
bound is hit), and checks what matters: the server holds every queued application exactly
once, the client knows each one's server id, and the pass reacted as the error policy says
(pause on network trouble, wait on Retry-After, go on at once when a re-sign suffices).
"""

from __future__ import annotations

import hashlib
import threading

import pytest

from bench.fault_proxy import Fault, FaultProxy, Rule
from bench.live_server import LiveServer, wait_until
from kiosk.domain.states import ApplicationState
from sync.engine import PassOutcome, PassResult
from tests.sync.conftest import FAST, Client

BEYOND_TIMEOUT_S = FAST.transport.read_timeout_s + 0.5


def drain(client: Client, *, passes: int = 6) -> list[PassResult]:
    results = []
    for _ in range(passes):
        results.append(client.engine.run_pass(force=True))
        if results[-1].ok and client.engine.outbox_empty():
            return results
    raise AssertionError(f"outbox not empty after {passes} passes: {results[-1].error}")


def assert_exactly_once(server: LiveServer, client: Client, uuids: list[str]) -> None:
    code = client.engine.credentials().device_code
    rows = server.applications(code)
    held = [row["client_uuid"] for row in rows]
    assert sorted(held) == sorted(uuids), "server must hold each application exactly once"
    by_uuid = {row["client_uuid"]: row for row in rows}
    for uuid in uuids:
        local = client.engine.outbox.get(uuid)
        assert local.state is ApplicationState.ACCEPTED
        assert local.server_id == by_uuid[uuid]["server_id"]


SUBMIT = r"^/v1/applications"

# (fault, where, how the first pass must end, does the server hold it after the first pass)
CASES = [
    (Fault.REFUSE, SUBMIT, PassOutcome.OFFLINE, False),
    (Fault.RESET_REQUEST, SUBMIT, PassOutcome.OFFLINE, False),
    (Fault.RESET_RESPONSE, SUBMIT, PassOutcome.OFFLINE, True),
    (Fault.DELAY_AFTER_COMMIT, SUBMIT, PassOutcome.OFFLINE, True),
    (Fault.ERROR_500, SUBMIT, PassOutcome.BUSY, False),
    (Fault.ERROR_502, SUBMIT, PassOutcome.BUSY, False),
    (Fault.ERROR_503, SUBMIT, PassOutcome.BUSY, False),
    (Fault.ERROR_AFTER_COMMIT, SUBMIT, PassOutcome.BUSY, True),
    (Fault.RATE_LIMIT, SUBMIT, PassOutcome.BUSY, False),
    (Fault.DUPLICATE_REQUEST, SUBMIT, PassOutcome.DONE, True),
    (Fault.DUPLICATE_RESPONSE, SUBMIT, PassOutcome.DONE, True),
    (Fault.RESET_REQUEST, r"^/v1/materials/[0-9a-f]+\?", PassOutcome.OFFLINE, False),
    (Fault.RESET_RESPONSE, r"^/v1/materials/query", PassOutcome.OFFLINE, False),
    (Fault.RESET_RESPONSE, r"^/v1/status", PassOutcome.OFFLINE, True),
]


# Answered by the proxy itself, never reaching the server: the server's database plays no
# part, so these run against one backend; every fault that reaches the server runs on both.
NEVER_REACH_THE_SERVER = {
    Fault.REFUSE,
    Fault.ERROR_500,
    Fault.ERROR_502,
    Fault.ERROR_503,
    Fault.RATE_LIMIT,
}
PARAMS = [
    pytest.param(
        backend, *case, id=f"{backend}-{case[0].value}@{case[1].split('/')[2].rstrip('?')}"
    )
    for case in CASES
    for backend in (("sqlite",) if case[0] in NEVER_REACH_THE_SERVER else ("sqlite", "postgresql"))
]


@pytest.mark.parametrize(
    ("backend", "fault", "where", "first_outcome", "held_after_first"),
    PARAMS,
    indirect=["backend"],
)
def test_each_fault_delivers_exactly_once(
    client, live_server, proxy: FaultProxy, photos, fault, where, first_outcome, held_after_first
):
    apps = [client.submit("DEMO-MZ-001", images=photos[:1]), client.submit("DEMO-YB-001")]
    uuids = [app.client_uuid for app in apps]
    rule = proxy.add(Rule(fault, path=where, delay_s=BEYOND_TIMEOUT_S, retry_after=2))
    if fault is Fault.REFUSE:
        rule.delay_s = 0.3

    first = client.engine.run_pass(force=True)

    assert rule.used == 1, "the fault must actually have happened"
    assert first.outcome is first_outcome, first.error
    code = client.engine.credentials().device_code
    held = {row["client_uuid"] for row in live_server.applications(code)}
    assert (held == set(uuids)) is held_after_first
    if first_outcome is not PassOutcome.DONE:
        # Nothing was lost and nothing counted against the items: they wait in the queue.
        for uuid in uuids:
            if uuid not in {u for u in first.accepted}:
                assert client.engine.outbox.get(uuid).state is ApplicationState.QUEUED
    if fault in (Fault.RATE_LIMIT, Fault.ERROR_503):
        assert first.retry_after_s == 2
    if fault is Fault.REFUSE:
        wait_until(
            lambda: proxy.pending_rules() == [] and _listening(proxy),
            timeout_s=5,
            what="the proxy to listen again",
        )

    drain(client)
    assert_exactly_once(live_server, client, uuids)


def _listening(proxy: FaultProxy) -> bool:
    import socket

    try:
        socket.create_connection(("127.0.0.1", proxy.port), timeout=0.5).close()
    except OSError:
        return False
    return True


def test_a_material_upload_cut_halfway_resumes_from_the_servers_offset(
    client, live_server, proxy: FaultProxy, photos
):
    app = client.submit("DEMO-MZ-001", images=photos[:1])
    size = photos[0].stat().st_size
    chunk = FAST.chunk_bytes
    assert size > 3 * chunk
    sha = hashlib.sha256(photos[0].read_bytes()).hexdigest()
    proxy.add(Rule(Fault.RESET_REQUEST, method="PATCH", path=sha, cut_at_stream=size // 2))

    first = client.engine.run_pass(force=True)
    assert first.outcome is PassOutcome.OFFLINE

    drain(client)

    patches = [e for e in proxy.stats.exchanges if e.method == "PATCH" and sha in e.target]
    cut = next(i for i, e in enumerate(patches) if e.fault is Fault.RESET_REQUEST)
    held = sum(e.request_body for e in patches[:cut])  # whole chunks the server kept
    after = patches[cut + 1 :]
    offset = int(after[0].target.split("offset=")[1].split("&")[0])
    # The upload went on exactly where the server's whole chunks ended: only the one chunk
    # in flight at the cut was sent again, and nothing the server held.
    assert offset == held
    assert sum(e.request_body for e in after) == size - held
    assert 0 < patches[cut].request_body <= chunk
    assert_exactly_once(live_server, client, [app.client_uuid])


def test_server_restarted_mid_batch_stores_each_once(client, live_server, proxy: FaultProxy):
    apps = [client.submit("DEMO-YB-001") for _ in range(20)]
    code = client.engine.credentials().device_code
    back = threading.Event()

    def crash_after_some_committed() -> None:
        wait_until(
            lambda: len(live_server.applications(code)) >= 1, timeout_s=20, what="first commits"
        )
        live_server.kill()
        live_server.start()
        back.set()

    proxy.add(
        Rule(
            Fault.HOOK,
            path=r"^/v1/applications/batch",
            hook=crash_after_some_committed,
            drop_answer=True,
        )
    )
    first = client.engine.run_pass(force=True)
    assert first.outcome is PassOutcome.OFFLINE
    wait_until(back.is_set, timeout_s=60, what="the server to come back")
    assert 1 <= len(live_server.applications(code)) <= len(apps)

    drain(client)
    assert_exactly_once(live_server, client, [app.client_uuid for app in apps])
