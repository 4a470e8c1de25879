"""The outbox's sync bookkeeping: parking, frozen requests, acknowledgement, status news."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from kiosk.domain.states import ApplicationState, InvalidTransition, OutboxStage
from kiosk.storage.audit_repo import AuditLog
from kiosk.storage.database import Store
from kiosk.storage.drafts_repo import Draft
from kiosk.storage.materials_repo import MaterialStore
from kiosk.storage.outbox_repo import Application, Outbox
from kiosk.storage.ratings_repo import Ratings
from tests.kiosk.storage.fake_clock import FakeClock

S = ApplicationState


@pytest.fixture
def outbox(store: Store, clock: FakeClock) -> Outbox:
    return Outbox(store, device_code="KS01", now=clock)


@pytest.fixture
def queue(new_draft: Callable[..., Draft], outbox: Outbox) -> Callable[..., Application]:
    def make(payload: dict | None = None) -> Application:
        return outbox.enqueue(new_draft().draft_id, payload=payload or {"a": 1}, actor="t")

    return make


def test_a_parked_item_is_never_due_and_keeps_its_reason(queue, outbox: Outbox, store: Store):
    first, second = queue(), queue()
    outbox.start_attempt(first.client_uuid, actor="sync")
    parked = outbox.park(
        first.client_uuid, code="validation_error", reason="请求内容有误。", actor="sync"
    )

    assert parked.state is S.QUEUED and parked.is_parked
    assert (parked.parked_code, parked.parked_reason) == ("validation_error", "请求内容有误。")
    assert [a.client_uuid for a in outbox.due(ignore_backoff=True)] == [second.client_uuid]
    assert [a.client_uuid for a in outbox.parked()] == [first.client_uuid]
    assert outbox.pending_count() == 2  # parked is not acknowledged: never forgotten
    record = AuditLog(store).for_subject(first.client_uuid)[-1]
    assert record.detail["parked"] == "validation_error"
    assert "请求内容有误" not in str(record.detail)  # the reason stays in the row only

    back = outbox.unpark(first.client_uuid, actor="staff")
    assert not back.is_parked
    assert first.client_uuid in [a.client_uuid for a in outbox.due(ignore_backoff=True)]


def test_park_only_from_uploading(queue, outbox: Outbox):
    item = queue()
    with pytest.raises(InvalidTransition):
        outbox.park(item.client_uuid, code="x", reason="y", actor="sync")


def test_the_first_request_built_is_kept_until_the_next_revision(queue, outbox: Outbox):
    item = queue()
    assert outbox.freeze_request(item.client_uuid, '{"v":1}') == '{"v":1}'
    assert outbox.freeze_request(item.client_uuid, '{"v":2}') == '{"v":1}'
    outbox.start_attempt(item.client_uuid, actor="sync")
    outbox.acknowledge(item.client_uuid, server_id="SV1", revision=1, actor="sync")
    outbox.apply_status(
        item.client_uuid,
        state=S.NEEDS_CORRECTION,
        revision=1,
        server_id="SV1",
        note="照片不清楚",
        materials_to_bring=["户口簿"],
        changed_at=outbox.get(item.client_uuid).updated_at,
        actor="sync",
    )
    corrected = outbox.resubmit(item.client_uuid, payload={"a": 2}, actor="citizen")
    assert corrected.revision == 2 and corrected.request_body is None


def test_acknowledge_from_the_queue_passes_through_uploading(queue, outbox: Outbox, store: Store):
    item = queue()
    done = outbox.acknowledge(item.client_uuid, server_id="SV00000007", revision=1, actor="sync")
    assert done.state is S.ACCEPTED and done.stage is OutboxStage.DONE
    assert done.server_id == "SV00000007"
    assert done.acknowledged_at is not None and done.request_body is None
    moves = [
        (r.detail["from"], r.detail["to"])
        for r in AuditLog(store).for_subject(item.client_uuid)
        if "from" in r.detail
    ]
    assert moves[-2:] == [("queued", "uploading"), ("uploading", "accepted")]
    # Again, or for another revision: nothing changes.
    assert outbox.acknowledge(item.client_uuid, server_id="SV9", revision=1, actor="s") == done
    assert outbox.acknowledge(item.client_uuid, server_id="SV9", revision=2, actor="s") == done


def test_status_news_moves_the_state_and_records_when_it_was_learned(
    queue, outbox: Outbox, clock: FakeClock
):
    item = queue()
    changed = clock() - timedelta(hours=3)
    clock.advance(timedelta(minutes=5))
    # News of the current revision while still queued: the server has it (an answer lost).
    assert outbox.apply_status(
        item.client_uuid,
        state=S.IN_REVIEW,
        revision=1,
        server_id="SV00000003",
        note=None,
        changed_at=changed,
        actor="sync",
    )
    now = outbox.get(item.client_uuid)
    assert now.state is S.IN_REVIEW and now.server_id == "SV00000003"
    assert now.server_changed_at == changed
    assert now.status_learned_at == clock()
    # The same news again changes nothing; a state the machine cannot reach is not forced.
    assert not outbox.apply_status(
        item.client_uuid,
        state=S.IN_REVIEW,
        revision=1,
        server_id="SV00000003",
        note=None,
        changed_at=changed,
        actor="sync",
    )
    assert not outbox.apply_status(
        item.client_uuid,
        state=S.ACCEPTED,
        revision=1,
        server_id="SV00000003",
        note=None,
        changed_at=changed,
        actor="sync",
    )
    assert outbox.get(item.client_uuid).state is S.IN_REVIEW
    assert outbox.apply_status(
        item.client_uuid,
        state=S.APPROVED,
        revision=1,
        server_id="SV00000003",
        note="已发放",
        changed_at=clock(),
        actor="sync",
    )
    final = outbox.get(item.client_uuid)
    assert final.state is S.APPROVED and final.status_note == "已发放"


def test_news_of_an_older_revision_is_ignored(queue, outbox: Outbox):
    item = queue()
    outbox.acknowledge(item.client_uuid, server_id="SV1", revision=1, actor="sync")
    outbox.apply_status(
        item.client_uuid,
        state=S.NEEDS_CORRECTION,
        revision=1,
        server_id="SV1",
        note="补正",
        changed_at=item.submitted_at,
        actor="sync",
    )
    outbox.resubmit(item.client_uuid, payload={"a": 2}, actor="citizen")
    assert not outbox.apply_status(
        item.client_uuid,
        state=S.IN_REVIEW,
        revision=1,
        server_id="SV1",
        note=None,
        changed_at=item.submitted_at,
        actor="sync",
    )
    assert outbox.get(item.client_uuid).state is S.QUEUED


def test_pending_upload_counts_files_not_yet_sent(queue, outbox: Outbox, store: Store, data_dir):
    materials = MaterialStore(store, root=data_dir / "materials")
    sha = materials.put(b"x" * 1000, mime="image/jpeg")
    item = queue({"answers": {"photo": {"sha256": sha, "source": "captured"}, "n": "1"}})
    queue({"answers": {"photo": {"sha256": sha, "source": "captured"}}})  # the same file
    request_bytes, files = outbox.pending_upload()
    assert files == {sha: 1000}
    assert request_bytes > 0
    outbox.advance_stage(item.client_uuid, OutboxStage.APPLICATION)
    assert outbox.pending_upload()[1] == {sha: 1000}  # the other still needs it


def test_a_refused_rating_is_kept_but_not_sent_again(queue, outbox: Outbox, store: Store):
    ratings = Ratings(store)
    item = queue()
    ratings.record(item.client_uuid, level=5)
    assert ratings.unsynced_count() == 1
    ratings.refuse(item.client_uuid, code="rating_conflict")
    assert ratings.unsynced() == [] and ratings.unsynced_count() == 0
    assert [r.sync_error for r in ratings.refused()] == ["rating_conflict"]
