"""Retention: personal data leaves the device after acknowledgement + the retention period."""

from __future__ import annotations

import os
import time
from datetime import timedelta
from pathlib import Path

import pytest

from kiosk.domain.states import ApplicationState
from kiosk.storage.audit_repo import AuditLog
from kiosk.storage.database import Store
from kiosk.storage.drafts_repo import Drafts
from kiosk.storage.materials_repo import MaterialStore
from kiosk.storage.outbox_repo import Outbox
from kiosk.storage.ratings_repo import Ratings
from kiosk.storage.retention import Retention
from tests.kiosk.storage.fake_clock import FakeClock

DAYS_30 = timedelta(days=30)
DAYS_7 = timedelta(days=7)
PHOTO = b"\xff\xd8" + b"hukouben" * 100
OTHER_PHOTO = b"\xff\xd8" + b"shenfenzheng" * 100


@pytest.fixture
def root(data_dir: Path) -> Path:
    return data_dir / "materials"


@pytest.fixture
def retention(store: Store, root: Path, clock: FakeClock) -> Retention:
    return Retention(store, material_root=root, now=clock)


@pytest.fixture
def outbox(store: Store, clock: FakeClock) -> Outbox:
    return Outbox(store, device_code="K1", now=clock)


@pytest.fixture
def materials(store: Store, root: Path, clock: FakeClock) -> MaterialStore:
    return MaterialStore(store, root=root, now=clock)


def submitted(new_draft, drafts: Drafts, outbox: Outbox, materials: MaterialStore, photo: bytes):
    draft = new_draft()
    sha = materials.put(photo, mime="image/jpeg")
    materials.record_use(
        sha,
        person_key=draft.person_key,
        material_type="HKB",
        valid_until=None,
        draft_id=draft.draft_id,
    )
    drafts.save_answer(draft.draft_id, "name", "王建国")
    drafts.save_answer(draft.draft_id, "hukouben", {"sha256": sha, "source": "captured"})
    answers = drafts.answers(draft.draft_id)
    return outbox.enqueue(draft.draft_id, payload=answers, actor="citizen"), sha


def acknowledge(outbox: Outbox, client_uuid: str, server_id: str = "S-1") -> None:
    outbox.start_attempt(client_uuid, actor="sync")
    outbox.mark_accepted(client_uuid, server_id=server_id, actor="sync")


def purge(retention: Retention):
    return retention.purge(draft_retention=DAYS_30, after_ack=DAYS_7, actor="housekeeping")


def test_acknowledged_application_is_purged_only_after_the_period(
    retention, new_draft, drafts, outbox, materials, clock, root, store
) -> None:
    app, sha = submitted(new_draft, drafts, outbox, materials, PHOTO)
    acknowledge(outbox, app.client_uuid)
    clock.advance(DAYS_7 - timedelta(minutes=1))
    assert not purge(retention).anything
    assert materials.read(sha) == PHOTO

    clock.advance(timedelta(minutes=1))
    report = purge(retention)
    assert (report.applications_purged, report.materials_deleted) == (1, 1)
    after = outbox.get(app.client_uuid)
    assert after.payload == {}
    assert after.purged_at == clock.current
    # What the progress query needs stays: receipt number, service, state.
    assert (after.receipt_no, after.state) == (app.receipt_no, ApplicationState.ACCEPTED)
    assert drafts.answers(app.draft_id) == {}
    assert not materials.exists(sha)
    assert not (root / sha[:2] / sha[2:]).exists()
    assert AuditLog(store).verify_chain().ok
    assert not purge(retention).anything  # nothing twice


def test_unacknowledged_and_correction_cases_are_never_purged(
    retention, new_draft, drafts, outbox, materials, clock
) -> None:
    waiting, sha_waiting = submitted(new_draft, drafts, outbox, materials, PHOTO)
    correcting, _ = submitted(new_draft, drafts, outbox, materials, OTHER_PHOTO)
    acknowledge(outbox, correcting.client_uuid)
    outbox.transition(
        correcting.client_uuid, ApplicationState.NEEDS_CORRECTION, actor="sync", note="缺户口簿"
    )
    clock.advance(timedelta(days=365))
    assert purge(retention).applications_purged == 0
    assert outbox.get(waiting.client_uuid).payload["name"] == "王建国"
    assert outbox.get(correcting.client_uuid).status_note == "缺户口簿"
    assert materials.read(sha_waiting) == PHOTO


def test_a_material_still_used_elsewhere_is_kept(
    retention, new_draft, drafts, outbox, materials, clock
) -> None:
    first, sha = submitted(new_draft, drafts, outbox, materials, PHOTO)
    # 材料复用: a later, unsubmitted draft answers with the same document.
    later = new_draft()
    drafts.save_answer(later.draft_id, "hukouben", {"sha256": sha, "source": "reused"})
    acknowledge(outbox, first.client_uuid)
    clock.advance(DAYS_7)
    report = purge(retention)
    assert (report.applications_purged, report.materials_deleted) == (1, 0)
    assert materials.read(sha) == PHOTO


def test_idle_drafts_expire_and_lose_their_answers(
    retention, new_draft, drafts, materials, clock
) -> None:
    stale = new_draft()
    drafts.save_answer(stale.draft_id, "name", "李桂兰")
    sha = materials.put(PHOTO, mime="image/jpeg")
    materials.record_use(
        sha,
        person_key=stale.person_key,
        material_type="HKB",
        valid_until=None,
        draft_id=stale.draft_id,
    )
    clock.advance(timedelta(days=29))
    fresh = new_draft()
    drafts.save_answer(fresh.draft_id, "name", "赵立新")
    clock.advance(timedelta(days=1, seconds=1))

    report = purge(retention)
    assert (report.drafts_expired, report.drafts_cleared, report.materials_deleted) == (1, 1, 1)
    assert drafts.get(stale.draft_id).status == "abandoned"
    assert drafts.answers(stale.draft_id) == {}
    assert drafts.answers(fresh.draft_id) == {"name": "赵立新"}
    assert drafts.get(fresh.draft_id).status == "open"


def test_a_synced_rating_reason_goes_with_the_application(
    retention, new_draft, drafts, outbox, materials, clock, store
) -> None:
    app, _ = submitted(new_draft, drafts, outbox, materials, PHOTO)
    ratings = Ratings(store, now=clock)
    ratings.record(app.client_uuid, level=2, reason="等了很久，工作人员叫王某某")
    ratings.mark_synced([app.client_uuid])
    acknowledge(outbox, app.client_uuid)
    clock.advance(DAYS_7)
    purge(retention)
    rating = ratings.get(app.client_uuid)
    assert rating is not None and rating.level == 2 and rating.reason is None


def test_a_stray_file_left_by_a_crash_is_swept_once_old(retention, materials, root, clock) -> None:
    sha = "ab" + "0" * 62
    stray = root / sha[:2] / sha[2:]
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(b"KMAT1 left behind")
    purge(retention)
    assert stray.exists()  # young: may be a put() about to commit its row

    old = time.time() - 2 * 3600
    os.utime(stray, (old, old))
    clock.current = clock.current.fromtimestamp(time.time(), tz=clock.current.tzinfo)
    purge(retention)
    assert not stray.exists()


def test_the_kiosk_applies_its_retention_settings(data_dir: Path) -> None:
    from kiosk.app import open_kiosk

    with open_kiosk(data_dir) as kiosk:
        assert not kiosk.purge_expired().anything  # a new kiosk has nothing to forget


def test_a_photo_just_captured_is_kept_until_its_answer_is_saved(
    retention, new_draft, drafts, materials, clock
) -> None:
    """The capture stores the file, then the screen saves the answer naming it: two
    transactions. Retention, which also runs on the sync thread after every pass, must not
    take the photo in between."""
    draft = new_draft()
    sha = materials.put(PHOTO, mime="image/jpeg")  # not yet named by any answer

    assert purge(retention).materials_deleted == 0
    drafts.save_answer(draft.draft_id, "hukouben", {"sha256": sha, "source": "captured"})
    assert materials.read(sha) == PHOTO

    # One truly left behind (the resident went away before answering) goes once old.
    orphan = materials.put(OTHER_PHOTO, mime="image/jpeg")
    clock.advance(timedelta(hours=2))
    assert purge(retention).materials_deleted == 1
    assert not materials.exists(orphan)
    assert materials.read(sha) == PHOTO


def test_bytes_put_again_after_their_row_went_keep_their_file(
    retention, materials, root, store
) -> None:
    """Retention deletes rows in its transaction and files after it commits. The same bytes
    put again in between get a row again; the file deletion, checking under the write lock,
    must then leave the file, or the new row would have none."""
    sha = materials.put(PHOTO, mime="image/jpeg")
    with store.transaction() as db:  # what retention's first transaction did
        db.conn.execute("DELETE FROM materials WHERE sha256 = ?", (sha,))
    assert materials.put(PHOTO, mime="image/jpeg") == sha  # the file was still there

    retention._delete_files([sha])  # the deletion that follows the commit

    assert materials.read(sha) == PHOTO
    with store.transaction() as db:
        db.conn.execute("DELETE FROM materials WHERE sha256 = ?", (sha,))
    retention._delete_files([sha])
    assert not (root / sha[:2] / sha[2:]).exists()
