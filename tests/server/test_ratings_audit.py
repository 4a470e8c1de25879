"""Ratings (好差评) and the hash-chained audit log go up the same way: once, checked."""

from __future__ import annotations

from sqlalchemy import select

from kiosk.protocol import AuditRecordIn, audit_fields, audit_record_hash, utc_text
from server.schema import audit_records
from tests.server.support import DeviceClient, audit_chain, submission


def _rating(client_uuid: str, level: int = 5, reason: str | None = None) -> dict:
    return {"client_uuid": client_uuid, "level": level, "reason": reason, "created_at": utc_text()}


def test_a_rating_is_stored_once_and_a_repeat_is_a_harmless_duplicate(device: DeviceClient):
    request = submission(device_code=device.device_code)
    device.submit(request)
    rating = _rating(request.client_uuid, 5, "工作人员很耐心")
    first = device.post("/v1/ratings", {"ratings": [rating]}).json()
    assert first["results"] == [
        {"key": request.client_uuid, "ok": True, "duplicate": False, "error": None}
    ]
    again = device.post("/v1/ratings", {"ratings": [rating]}).json()
    assert again["results"][0]["duplicate"] is True


def test_a_different_rating_for_the_same_application_is_refused(device: DeviceClient):
    request = submission(device_code=device.device_code)
    device.submit(request)
    device.post("/v1/ratings", {"ratings": [_rating(request.client_uuid, 5)]})
    answer = device.post("/v1/ratings", {"ratings": [_rating(request.client_uuid, 1)]}).json()
    outcome = answer["results"][0]
    assert outcome["ok"] is False
    assert (outcome["error"]["code"], outcome["error"]["kind"]) == ("rating_conflict", "reject")


def test_a_rating_before_its_application_is_retryable_and_spoils_nothing_else(
    device: DeviceClient,
):
    known = submission(device_code=device.device_code)
    device.submit(known)
    unknown = submission(device_code=device.device_code)
    answer = device.post(
        "/v1/ratings",
        {"ratings": [_rating(unknown.client_uuid), _rating(known.client_uuid, 4)]},
    ).json()
    early, fine = answer["results"]
    assert (early["error"]["code"], early["error"]["kind"]) == ("application_unknown", "retry")
    assert fine["ok"] is True


def test_a_device_cannot_rate_another_devices_application(device: DeviceClient, new_device):
    request = submission(device_code=device.device_code)
    device.submit(request)
    answer = new_device().post("/v1/ratings", {"ratings": [_rating(request.client_uuid)]})
    assert answer.json()["results"][0]["error"]["code"] == "application_unknown"


def test_rating_levels_are_one_to_five(device: DeviceClient):
    request = submission(device_code=device.device_code)
    answer = device.post("/v1/ratings", {"ratings": [_rating(request.client_uuid, 6)]})
    assert answer.status_code == 422


def test_audit_records_are_appended_and_acknowledged(server, device: DeviceClient):
    records = audit_chain(3)
    ack = device.post("/v1/audit", {"records": records}).json()
    assert ack == {
        "head_seq": 3,
        "head_hash": records[-1]["hash"],
        "accepted": 3,
        "duplicates": 0,
    }
    with server.engine.connect() as connection:
        stored = connection.execute(
            select(audit_records.c.seq, audit_records.c.hash).order_by(audit_records.c.seq)
        ).all()
    assert [(row.seq, row.hash) for row in stored] == [(r["seq"], r["hash"]) for r in records]


def test_resending_acknowledged_records_with_new_ones_is_harmless(device: DeviceClient):
    records = audit_chain(5)
    device.post("/v1/audit", {"records": records[:3]})
    ack = device.post("/v1/audit", {"records": records[1:]}).json()
    assert (ack["head_seq"], ack["accepted"], ack["duplicates"]) == (5, 2, 2)


def test_a_gap_in_the_chain_says_where_to_resume(device: DeviceClient):
    records = audit_chain(5)
    device.post("/v1/audit", {"records": records[:2]})
    answer = device.post("/v1/audit", {"records": records[3:]})
    assert answer.status_code == 409
    body = answer.json()
    assert (body["code"], body["kind"]) == ("audit_gap", "retry")
    assert body["details"]["expected_seq"] == 3


def test_a_record_whose_hash_does_not_match_its_content_is_refused(device: DeviceClient):
    records = audit_chain(2)
    records[1] = {**records[1], "actor": "someone-else"}
    answer = device.post("/v1/audit", {"records": records})
    assert answer.status_code == 422
    assert (answer.json()["code"], answer.json()["kind"]) == ("audit_invalid", "reject")
    # All or nothing: the good first record was not kept either.
    assert device.post("/v1/audit", {"records": audit_chain(1)}).json()["accepted"] == 1


def test_a_record_that_does_not_continue_the_chain_is_refused(device: DeviceClient):
    device.post("/v1/audit", {"records": audit_chain(2)})
    foreign = audit_chain(1, start_seq=3, prev_hash="ab" * 32)  # self-consistent, wrong link
    answer = device.post("/v1/audit", {"records": foreign})
    assert answer.json()["code"] == "audit_conflict"


def test_a_rewritten_record_already_held_is_refused(device: DeviceClient):
    device.post("/v1/audit", {"records": audit_chain(2)})
    rewritten = audit_chain(2)  # same seqs, new timestamps: different hashes
    rewritten[0]["detail"] = {"evidence": "changed"}
    record = AuditRecordIn(**{**rewritten[0], "hash": "0" * 64})
    rewritten[0]["hash"] = audit_record_hash(record.prev_hash, audit_fields(record))
    answer = device.post("/v1/audit", {"records": rewritten[:1]})
    assert answer.json()["code"] == "audit_conflict"


def test_each_device_has_its_own_chain(device: DeviceClient, new_device):
    device.post("/v1/audit", {"records": audit_chain(2)})
    assert new_device().post("/v1/audit", {"records": audit_chain(1)}).json()["head_seq"] == 1


def test_records_from_the_kiosks_own_audit_log_verify_on_the_server(device: DeviceClient, store):
    """The chain rule is shared: what the real kiosk store writes, the server accepts."""
    from kiosk.storage.audit_repo import AuditLog
    from kiosk.storage.timestamps import to_text

    log = AuditLog(store)
    log.append("consent_recorded", actor="volunteer:V07", subject="draft:1", on_behalf_of="p:9")
    log.append("application_queued", actor="kiosk", subject="draft:1", detail={"n": "二"})
    records = [
        {
            "seq": r.seq,
            "at": to_text(r.at),
            "actor": r.actor,
            "on_behalf_of": r.on_behalf_of,
            "action": r.action,
            "subject": r.subject,
            "detail": dict(r.detail),
            "prev_hash": r.prev_hash,
            "hash": r.hash,
        }
        for r in log.records()
    ]
    ack = device.post("/v1/audit", {"records": records})
    assert ack.status_code == 200, ack.text
    assert ack.json()["head_hash"] == records[-1]["hash"]
