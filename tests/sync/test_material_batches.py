"""Whole files several to a request (``POST /v1/materials/batch``) through the faults that
matter for them, against SQLite and PostgreSQL: a batch cut mid-body costs at most that one
batch (at most one chunk) and nothing the server kept; an answer lost after the server stored
the files (reset, or held past the client's timeout) costs nothing at all, since the next
pass asks first; every application arrives exactly once."""

from __future__ import annotations

import dataclasses
import hashlib

import pytest

from bench.fault_proxy import Fault, FaultProxy, Rule
from sync.config import SyncConfig
from sync.engine import PassOutcome
from tests.sync.conftest import FAST, make_client
from tests.sync.test_faults import BEYOND_TIMEOUT_S, assert_exactly_once, drain

BATCHED: SyncConfig = dataclasses.replace(
    FAST, chunk_bytes=1024 * 1024, max_chunk_bytes=1024 * 1024
)
"""Fixed 1 MiB chunks: two ~300 KB photos (and the forms' small files) fit in one batch."""

BATCH = r"^/v1/materials/batch\?"


@pytest.fixture
def batch_client(tmp_path, live_server, proxy):
    made = make_client(tmp_path / "kiosk", proxy.url, live_server.token(), config=BATCHED)
    yield made
    made.close()


def _shas(paths) -> set[str]:
    return {hashlib.sha256(path.read_bytes()).hexdigest() for path in paths}


def _uploads(proxy: FaultProxy) -> list:
    return [
        e
        for e in proxy.stats.exchanges
        if e.target.startswith("/v1/materials/batch") or e.method == "PATCH"
    ]


def test_an_applications_photos_go_in_one_request(batch_client, live_server, proxy, photos):
    app = batch_client.submit("DEMO-MZ-001", images=photos)
    result = batch_client.engine.run_pass(force=True)
    assert result.ok, result.error
    uploads = _uploads(proxy)
    assert [e.method for e in uploads] == ["POST"], "both photos in one batch, no PATCH"
    assert all(sha in uploads[0].target for sha in _shas(photos))
    assert uploads[0].request_body <= BATCHED.chunk_bytes
    assert_exactly_once(live_server, batch_client, [app.client_uuid])


@pytest.mark.parametrize(
    ("backend", "fault", "held_after_first"),
    [
        (backend, fault, held)
        for fault, held in [
            (Fault.RESET_REQUEST, False),
            (Fault.RESET_RESPONSE, True),
            (Fault.DELAY_AFTER_COMMIT, True),
        ]
        for backend in ("sqlite", "postgresql")
    ],
    indirect=["backend"],
    ids=lambda value: getattr(value, "value", str(value)),
)
def test_a_fault_in_a_batch_costs_at_most_the_batch(
    batch_client, live_server, proxy: FaultProxy, photos, fault, held_after_first
):
    apps = [batch_client.submit("DEMO-MZ-001", images=[photo]) for photo in photos]
    rule = proxy.add(Rule(fault, path=BATCH, delay_s=BEYOND_TIMEOUT_S))

    first = batch_client.engine.run_pass(force=True)

    assert rule.used == 1, "the fault must actually have happened"
    assert first.outcome is PassOutcome.OFFLINE, first.error
    statuses = batch_client.engine.transport().post_json(
        "/materials/query", {"sha256s": sorted(_shas(photos))}
    )["materials"]
    # All or nothing: a cut body stores no file, an answer lost after the commit all of them.
    assert {status["complete"] for status in statuses} == {held_after_first}
    cut = next(i for i, e in enumerate(_uploads(proxy)) if e.fault is fault)

    drain(batch_client)

    after = _uploads(proxy)[cut + 1 :]
    resent = sum(e.request_body for e in after if any(sha in e.target for sha in _shas(photos)))
    if held_after_first:
        assert resent == 0, "files the server stored are never sent again"
    else:
        assert 0 < resent <= BATCHED.chunk_bytes, "a cut costs at most the one batch"
    assert_exactly_once(live_server, batch_client, [app.client_uuid for app in apps])


def test_a_server_without_batches_gets_the_files_one_by_one(
    batch_client, live_server, proxy: FaultProxy, photos
):
    """A server from before ``/materials/batch`` answers it as any unknown path (404); the
    kiosk sends the same files by PATCH in the same pass and keeps to PATCH for the pass."""
    first = batch_client.submit("DEMO-MZ-001", images=photos)
    rule = proxy.add(Rule(Fault.NO_ROUTE, path=BATCH, times=100))

    result = batch_client.engine.run_pass(force=True)

    assert result.ok, result.error
    uploads = _uploads(proxy)
    assert [(e.method, e.status) for e in uploads[:1]] == [("POST", 404)]
    assert rule.used == 1, "after one 404 the pass asks no more batches"
    patched = [e for e in uploads[1:] if e.method == "PATCH"]
    # The photos and the application's own small files, each by PATCH.
    assert _shas(photos) <= {e.target.split("/")[3].split("?")[0] for e in patched}
    assert all(e.status == 200 for e in patched)
    assert_exactly_once(live_server, batch_client, [first.client_uuid])


def test_a_file_refused_in_a_batch_parks_only_its_application(
    tmp_path, batch_client, live_server, proxy: FaultProxy, photos
):
    """Between the kiosk's question and its batch, another device declares one of the files
    with a wrong size: the server refuses that file alone. Its application is parked with
    the server's reason for staff; the other file of the same request is stored and its
    application accepted; nothing is sent twice."""
    refused, kept = photos
    refused_app = batch_client.submit("DEMO-MZ-001", images=[refused])
    kept_app = batch_client.submit("DEMO-MZ-001", images=[kept])
    other = make_client(tmp_path / "other", live_server.url, live_server.token(), config=BATCHED)
    sha = hashlib.sha256(refused.read_bytes()).hexdigest()

    def declare_wrong_size() -> None:
        other.engine.transport().request(
            "PATCH",
            f"/materials/{sha}",
            raw_body=b"",
            query={"offset": 0, "size": refused.stat().st_size + 1},
        )

    rule = proxy.add(Rule(Fault.HOOK_FIRST, path=BATCH, hook=declare_wrong_size))
    try:
        result = batch_client.engine.run_pass(force=True)
    finally:
        other.close()

    assert rule.used == 1
    assert result.ok, result.error
    assert result.parked == [refused_app.client_uuid]
    parked = batch_client.engine.outbox.get(refused_app.client_uuid)
    assert parked.parked_code == "material_size_mismatch"
    assert parked.parked_reason == "材料大小与先前不一致。"
    batches = [e for e in _uploads(proxy) if e.method == "POST"]
    assert len(batches) == 1 and batches[0].status == 200
    assert not [e for e in _uploads(proxy) if e.method == "PATCH"], "the kept file went once"
    code = batch_client.engine.credentials().device_code
    assert [row["client_uuid"] for row in live_server.applications(code)] == [kept_app.client_uuid]
