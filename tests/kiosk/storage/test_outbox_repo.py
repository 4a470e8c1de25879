from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from kiosk.domain.states import ApplicationState, InvalidTransition, OutboxStage
from kiosk.storage.audit_repo import AuditLog
from kiosk.storage.database import Store
from kiosk.storage.drafts_repo import Draft, Drafts
from kiosk.storage.errors import DraftClosed, InvalidStage, NotFound
from kiosk.storage.materials_repo import MaterialStore
from kiosk.storage.outbox_repo import Application, Outbox, payload_digest
from kiosk.storage.receipt_numbers import is_valid_receipt_no
from tests.kiosk.storage.fake_clock import FakeClock

S = ApplicationState
NewDraft = Callable[..., Draft]
PAYLOAD = {"name": "张三", "village": "某村"}


@pytest.fixture
def outbox(store: Store, clock: FakeClock) -> Outbox:
    return Outbox(store, device_code="KS01", now=clock)


@pytest.fixture
def queued(new_draft: NewDraft, outbox: Outbox) -> Application:
    return outbox.enqueue(new_draft().draft_id, payload=PAYLOAD, actor="citizen")


def test_enqueue_issues_receipt_and_closes_draft(
    queued: Application, drafts: Drafts, store: Store, outbox: Outbox
) -> None:
    assert queued.state is S.QUEUED and queued.stage is OutboxStage.MATERIALS
    assert is_valid_receipt_no(queued.receipt_no)
    assert queued.payload == PAYLOAD and queued.attempts == 0 and queued.revision == 1
    assert drafts.get(queued.draft_id).status == "submitted"
    with pytest.raises(DraftClosed):
        drafts.save_answer(queued.draft_id, "name", "changed")
    (record,) = AuditLog(store).for_subject(queued.client_uuid)
    assert record.detail["from"] == "draft" and record.detail["to"] == "queued"
    assert record.detail["payload_sha256"] == payload_digest(PAYLOAD)
    assert "张三" not in str(record.detail)
    assert outbox.find_by_receipt(queued.receipt_no) == queued


def test_enqueue_twice_returns_the_same_application(
    queued: Application, outbox: Outbox, store: Store
) -> None:
    again = outbox.enqueue(queued.draft_id, payload={"other": 1}, actor="citizen")
    assert again == queued
    assert store.db["applications"].count == 1


def test_enqueue_refuses_abandoned_and_unknown_drafts(
    new_draft: NewDraft, drafts: Drafts, outbox: Outbox
) -> None:
    draft = new_draft()
    drafts.abandon(draft.draft_id, actor="citizen")
    with pytest.raises(DraftClosed):
        outbox.enqueue(draft.draft_id, payload={}, actor="citizen")
    with pytest.raises(NotFound):
        outbox.enqueue("nope", payload={}, actor="citizen")


def test_proxy_submission_is_audited_on_behalf_of_the_person(
    new_draft: NewDraft, outbox: Outbox, store: Store
) -> None:
    draft = new_draft(person_key="resident", proxy_person_key="vol", actor="volunteer:7")
    app = outbox.enqueue(draft.draft_id, payload={}, actor="volunteer:7")
    (record,) = AuditLog(store).for_subject(app.client_uuid)
    assert (record.actor, record.on_behalf_of) == ("volunteer:7", "resident")


def test_full_happy_path_is_audited(queued: Application, outbox: Outbox, store: Store) -> None:
    uuid = queued.client_uuid
    outbox.start_attempt(uuid, actor="sync")
    outbox.advance_stage(uuid, OutboxStage.APPLICATION)
    outbox.advance_stage(uuid, OutboxStage.CONFIRM)
    accepted = outbox.mark_accepted(uuid, server_id="SRV-1", actor="sync")
    assert accepted.server_id == "SRV-1" and accepted.stage is OutboxStage.DONE
    outbox.transition(uuid, S.IN_REVIEW, actor="sync")
    done = outbox.transition(uuid, S.APPROVED, actor="sync", note="准予办理")
    assert done.state is S.APPROVED and done.status_note == "准予办理"
    steps = [(r.detail["from"], r.detail["to"]) for r in AuditLog(store).for_subject(uuid)]
    assert steps == [
        ("draft", "queued"),
        ("queued", "uploading"),
        ("uploading", "accepted"),
        ("accepted", "in_review"),
        ("in_review", "approved"),
    ]
    assert AuditLog(store).verify_chain()


def test_invalid_transition_leaves_row_and_audit_unchanged(
    queued: Application, outbox: Outbox, store: Store
) -> None:
    before_audit = AuditLog(store).head()
    with pytest.raises(InvalidTransition):
        outbox.transition(queued.client_uuid, S.APPROVED, actor="sync", note="x")
    assert outbox.get(queued.client_uuid) == queued
    assert AuditLog(store).head() == before_audit


def test_failure_backs_off_and_due_respects_it(
    queued: Application, outbox: Outbox, clock: FakeClock
) -> None:
    uuid = queued.client_uuid
    assert [a.client_uuid for a in outbox.due()] == [uuid]
    outbox.start_attempt(uuid, actor="sync")
    assert outbox.due() == []
    failed = outbox.record_attempt_failure(
        uuid, error="ConnectionError", backoff=timedelta(minutes=2), actor="sync"
    )
    assert failed.state is S.QUEUED and failed.attempts == 1
    assert failed.last_error == "ConnectionError"
    assert failed.next_attempt_at == clock.current + timedelta(minutes=2)
    assert outbox.due() == []
    assert outbox.due(clock.current + timedelta(minutes=2))[0].client_uuid == uuid
    assert outbox.start_attempt(uuid, actor="sync").attempts == 2


def test_due_is_oldest_first_and_limited(
    new_draft: NewDraft, outbox: Outbox, clock: FakeClock
) -> None:
    uuids = []
    for _ in range(3):
        uuids.append(outbox.enqueue(new_draft().draft_id, payload={}, actor="c").client_uuid)
        clock.advance(timedelta(seconds=1))
    assert [a.client_uuid for a in outbox.due()] == uuids
    assert [a.client_uuid for a in outbox.due(limit=2)] == uuids[:2]
    assert outbox.pending_count() == 3


def test_recover_interrupted_requeues_uploading(queued: Application, outbox: Outbox) -> None:
    outbox.start_attempt(queued.client_uuid, actor="sync")
    assert outbox.recover_interrupted(actor="startup") == [queued.client_uuid]
    assert outbox.get(queued.client_uuid).state is S.QUEUED
    assert outbox.recover_interrupted(actor="startup") == []


def test_correction_resubmits_a_new_revision(queued: Application, outbox: Outbox) -> None:
    uuid = queued.client_uuid
    outbox.start_attempt(uuid, actor="sync")
    outbox.mark_accepted(uuid, server_id="SRV-1", actor="sync")
    outbox.transition(uuid, S.NEEDS_CORRECTION, actor="sync", note="请补充户口本首页")
    again = outbox.resubmit(uuid, payload={"name": "张三", "fixed": True}, actor="citizen")
    assert again.state is S.QUEUED and again.revision == 2
    assert again.stage is OutboxStage.MATERIALS and again.attempts == 0
    assert again.payload == {"name": "张三", "fixed": True}
    assert again.status_note == "请补充户口本首页" and again.server_id == "SRV-1"


def test_audit_keeps_only_a_digest_of_notes(
    queued: Application, outbox: Outbox, store: Store
) -> None:
    outbox.transition(queued.client_uuid, S.CANCELLED, actor="citizen", note="张三本人撤回")
    record = AuditLog(store).for_subject(queued.client_uuid)[-1]
    assert "note" not in record.detail and len(record.detail["note_sha256"]) == 64
    assert "张三" not in str(record.detail)


def test_stage_never_goes_back(queued: Application, outbox: Outbox) -> None:
    outbox.advance_stage(queued.client_uuid, OutboxStage.APPLICATION)
    outbox.advance_stage(queued.client_uuid, OutboxStage.APPLICATION)
    with pytest.raises(InvalidStage):
        outbox.advance_stage(queued.client_uuid, OutboxStage.MATERIALS)


def test_receipt_printing_is_counted(queued: Application, outbox: Outbox, clock: FakeClock) -> None:
    outbox.record_receipt_printed(queued.client_uuid)
    printed = outbox.record_receipt_printed(queued.client_uuid)
    assert printed.receipt_printed_count == 2
    assert printed.receipt_last_printed_at == clock.current


def test_receipt_numbers_never_repeat_after_rows_are_deleted(
    new_draft: NewDraft, outbox: Outbox, store: Store
) -> None:
    first = [outbox.enqueue(new_draft().draft_id, payload={}, actor="c") for _ in range(3)]
    store.db.execute("DELETE FROM applications")
    later = [outbox.enqueue(new_draft().draft_id, payload={}, actor="c") for _ in range(3)]
    numbers = [a.receipt_no for a in first + later]
    assert len(set(numbers)) == 6
    assert [n.split("-")[2] for n in numbers] == [f"{i:06d}" for i in range(1, 7)]


def test_material_uses_of_the_draft_are_linked_on_submit(
    new_draft: NewDraft, outbox: Outbox, store: Store, data_dir: object
) -> None:
    materials = MaterialStore(store, root=store.path.parent / "materials")
    draft = new_draft()
    sha = materials.put(b"scan", mime="image/jpeg")
    materials.record_use(
        sha, person_key=draft.person_key, material_type="id", draft_id=draft.draft_id
    )
    app = outbox.enqueue(draft.draft_id, payload={}, actor="citizen")
    assert [u.sha256 for u in materials.uses_for_application(app.client_uuid)] == [sha]


def test_list_for_person(new_draft: NewDraft, outbox: Outbox, clock: FakeClock) -> None:
    a = outbox.enqueue(new_draft(person_key="a").draft_id, payload={}, actor="c")
    clock.advance(timedelta(seconds=1))
    b = outbox.enqueue(new_draft(person_key="a").draft_id, payload={}, actor="c")
    outbox.enqueue(new_draft(person_key="z").draft_id, payload={}, actor="c")
    assert [x.client_uuid for x in outbox.list_for("a")] == [b.client_uuid, a.client_uuid]
