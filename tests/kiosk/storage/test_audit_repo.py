from __future__ import annotations

import itertools
import threading

import pytest

from kiosk.storage.audit_repo import GENESIS_HASH, AuditLog, record_hash
from kiosk.storage.connectors import DATABASE_ERRORS
from kiosk.storage.database import Store
from tests.kiosk.storage.fake_clock import FakeClock


@pytest.fixture
def audit(store: Store, clock: FakeClock) -> AuditLog:
    return AuditLog(store, now=clock)


def fill(audit: AuditLog, count: int = 5) -> None:
    for n in range(count):
        audit.append(
            "application.transition",
            actor="volunteer:v1",
            subject=f"app-{n}",
            on_behalf_of="pk",
            detail={"from": "queued", "to": "uploading", "n": n, "note": "需补正：户口本"},
        )


def test_records_are_chained_from_genesis(audit: AuditLog) -> None:
    fill(audit, 3)
    records = audit.records()
    assert [r.seq for r in records] == [1, 2, 3]
    assert records[0].prev_hash == GENESIS_HASH
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(records))
    first = records[0]
    assert first.hash == record_hash(
        GENESIS_HASH,
        {
            "seq": 1,
            "at": "2026-11-22T08:00:00.000Z",
            "actor": "volunteer:v1",
            "on_behalf_of": "pk",
            "action": "application.transition",
            "subject": "app-0",
            "detail": {"from": "queued", "to": "uploading", "n": 0, "note": "需补正：户口本"},
        },
    )
    check = audit.verify_chain()
    assert check and check.records_checked == 3 and check.first_bad_seq is None
    assert audit.head() == (3, records[-1].hash)


def test_empty_log_verifies(audit: AuditLog) -> None:
    assert audit.verify_chain().ok
    assert audit.head() == (0, GENESIS_HASH)


@pytest.mark.parametrize(
    "sql",
    ["UPDATE audit_log SET actor = 'someone else' WHERE seq = 2", "DELETE FROM audit_log"],
)
def test_database_refuses_update_and_delete(audit: AuditLog, store: Store, sql: str) -> None:
    fill(audit)
    with pytest.raises(DATABASE_ERRORS, match="append-only") as raised:
        store.db.execute(sql)
    assert type(raised.value).__name__ == "IntegrityError"
    assert audit.verify_chain().records_checked == 5


def drop_guards(store: Store) -> None:
    store.db.execute("DROP TRIGGER audit_log_no_update")
    store.db.execute("DROP TRIGGER audit_log_no_delete")


def test_edited_record_is_detected(audit: AuditLog, store: Store) -> None:
    fill(audit)
    drop_guards(store)
    store.db.execute("UPDATE audit_log SET on_behalf_of = 'other' WHERE seq = 3")
    check = audit.verify_chain()
    assert not check and check.first_bad_seq == 3 and check.records_checked == 2


def test_rehashed_edit_is_detected_by_the_next_record(audit: AuditLog, store: Store) -> None:
    fill(audit)
    drop_guards(store)
    row = store.db["audit_log"].get(2)
    fields = {k: row[k] for k in ("seq", "at", "actor", "on_behalf_of", "action", "subject")}
    fields["detail"] = {"forged": True}
    forged = record_hash(row["prev_hash"], fields)
    store.db.execute(
        "UPDATE audit_log SET detail = '{\"forged\":true}', hash = ? WHERE seq = 2", [forged]
    )
    assert audit.verify_chain().first_bad_seq == 3


def test_removed_record_is_detected(audit: AuditLog, store: Store) -> None:
    fill(audit)
    drop_guards(store)
    store.db.execute("DELETE FROM audit_log WHERE seq = 2")
    assert audit.verify_chain().first_bad_seq == 3


def test_append_rolls_back_with_the_callers_transaction(audit: AuditLog, store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        audit.append("x", actor="a", subject="s")
        raise RuntimeError
    assert audit.records() == []


def test_concurrent_appends_keep_one_chain(audit: AuditLog) -> None:
    threads = [threading.Thread(target=fill, args=(audit, 10)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    check = audit.verify_chain()
    assert check and check.records_checked == 40


def test_records_after_seq_pages_in_order(audit: AuditLog) -> None:
    fill(audit, 5)
    assert [r.seq for r in audit.records(after_seq=2, limit=2)] == [3, 4]
    assert [r.subject for r in audit.for_subject("app-4")] == ["app-4"]
