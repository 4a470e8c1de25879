"""Submitting applications: stored once under the client's UUID, whatever is retried."""

from __future__ import annotations

import gzip
import json

import pytest
from sqlalchemy import func, inspect, select

from server.schema import applications, submissions
from tests.server.support import DeviceClient, error_code, submission


def _count(server, table) -> int:
    with server.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar_one()


def test_a_new_application_is_accepted_with_a_server_id(server, device: DeviceClient):
    request = submission(device_code=device.device_code)
    answer = device.submit(request)
    assert answer.status_code == 201
    body = answer.json()
    assert body["server_id"].startswith("SV")
    assert (body["client_uuid"], body["revision"]) == (request.client_uuid, 1)
    assert (body["state"], body["duplicate"]) == ("accepted", False)


def test_a_repeat_answers_the_original_result_and_stores_nothing(server, device: DeviceClient):
    request = submission(device_code=device.device_code)
    first = device.submit(request).json()
    again = device.submit(request)
    assert again.status_code == 200
    repeat = again.json()
    assert repeat["duplicate"] is True
    assert {k: repeat[k] for k in ("server_id", "accepted_at", "state")} == {
        k: first[k] for k in ("server_id", "accepted_at", "state")
    }
    assert _count(server, applications) == 1
    assert _count(server, submissions) == 1


def test_a_repeat_gzipped_and_with_keys_reordered_is_still_the_same_submission(
    device: DeviceClient,
):
    request = submission(device_code=device.device_code)
    device.submit(request)
    reordered = dict(reversed(list(request.model_dump(mode="json").items())))
    again = device.post("/v1/applications", reordered, compress=True)
    assert again.status_code == 200 and again.json()["duplicate"] is True


def test_the_same_key_with_a_different_body_is_refused_for_good(server, device: DeviceClient):
    request = submission(device_code=device.device_code)
    device.submit(request)
    changed = request.model_copy(update={"payload": {"answers": {"applicant_name": "另一人"}}})
    answer = device.submit(changed)
    assert answer.status_code == 409
    body = answer.json()
    assert (body["code"], body["kind"], body["retryable"]) == (
        "idempotency_conflict",
        "reject",
        False,
    )
    assert "另一人" not in answer.text  # never echo a resident's answers
    with server.engine.connect() as connection:
        stored = connection.execute(select(applications.c.payload)).scalar_one()
    assert "另一人" not in stored


def test_the_same_key_from_another_device_is_refused(device: DeviceClient, new_device):
    request = submission(device_code=device.device_code)
    device.submit(request)
    assert error_code(new_device().submit(request)) == "idempotency_conflict"


def test_the_key_is_held_by_unique_constraints(server):
    schema = inspect(server.engine)
    assert schema.get_pk_constraint("submissions")["constrained_columns"] == [
        "client_uuid",
        "revision",
    ]
    unique = [c["column_names"] for c in schema.get_unique_constraints("applications")]
    assert ["client_uuid"] in unique


def test_missing_materials_are_listed_and_the_attempt_leaves_no_trace(server, device: DeviceClient):
    photo = b"\xff\xd8synthetic-jpeg" * 500
    ref = device.upload(photo)
    absent = ref.model_copy(update={"sha256": "ab" * 32})
    request = submission(device_code=device.device_code, materials=[ref, absent])
    answer = device.submit(request)
    assert answer.status_code == 409
    body = answer.json()
    assert (body["code"], body["kind"]) == ("materials_missing", "retry")
    assert body["details"]["missing"] == ["ab" * 32]
    assert _count(server, submissions) == 0 and _count(server, applications) == 0

    complete = submission(device_code=device.device_code, materials=[ref])
    assert device.submit(complete).status_code == 201


def test_a_material_reference_with_the_wrong_size_is_refused(device: DeviceClient):
    ref = device.upload(b"scan" * 1000)
    wrong = ref.model_copy(update={"size": ref.size + 1})
    answer = device.submit(submission(device_code=device.device_code, materials=[wrong]))
    assert error_code(answer) == "material_size_mismatch"


def test_a_first_submission_must_be_revision_one(device: DeviceClient):
    answer = device.submit(submission(device_code=device.device_code, revision=2))
    assert answer.status_code == 409
    assert answer.json()["code"] == "revision_conflict"


def test_a_correction_is_accepted_only_after_the_officer_asked_for_one(device: DeviceClient, admin):
    first = submission(device_code=device.device_code)
    server_id = device.submit(first).json()["server_id"]
    corrected = first.model_copy(update={"revision": 2, "payload": {"answers": {"x": "补正"}}})
    early = device.submit(corrected)
    assert early.json()["code"] == "revision_conflict"
    assert early.json()["details"] == {"current_revision": 1, "state": "accepted"}

    asked = admin.advance(server_id, "needs_correction", reason="户口簿照片不清楚")
    assert asked.status_code == 200, asked.text
    answer = device.submit(corrected)
    assert answer.status_code == 201
    assert (answer.json()["server_id"], answer.json()["revision"]) == (server_id, 2)
    assert device.submit(corrected).json()["duplicate"] is True
    # The first revision's repeat still answers its own original result.
    assert device.submit(first).json()["revision"] == 1
    detail = admin.request("GET", f"/v1/admin/applications/{server_id}").json()
    assert (detail["state"], detail["revision"], detail["reason"]) == ("accepted", 2, None)


def test_an_unknown_field_is_a_validation_error_that_names_where_not_what(
    device: DeviceClient,
):
    body = submission(device_code=device.device_code).model_dump(mode="json")
    body["id_number"] = "11010519491231002X"
    answer = device.post("/v1/applications", body)
    assert answer.status_code == 422
    payload = answer.json()
    assert (payload["code"], payload["kind"]) == ("validation_error", "reject")
    assert {"loc": ["body", "id_number"], "type": "extra_forbidden"} in payload["details"][
        "problems"
    ]
    assert "11010519491231002X" not in answer.text


def test_a_body_that_is_not_json_is_a_validation_error(device: DeviceClient):
    answer = device.request(
        "POST", "/v1/applications", body=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert answer.status_code == 422
    assert answer.json()["code"] == "validation_error"


def test_an_oversized_body_is_refused(device: DeviceClient):
    answer = device.request(
        "POST",
        "/v1/applications",
        body=b"x" * (9 * 1024 * 1024 + 1),
        headers={"Content-Type": "application/json"},
    )
    assert answer.status_code == 413
    assert answer.json()["code"] == "payload_too_large"


def test_a_gzip_bomb_is_refused(device: DeviceClient):
    bomb = gzip.compress(b"{" + b" " * (20 * 1024 * 1024) + b"}")
    answer = device.request(
        "POST",
        "/v1/applications",
        body=bomb,
        headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
    )
    assert answer.status_code == 413


@pytest.mark.parametrize(
    ("encoding", "body", "code"),
    [("br", b"\x00", "unsupported_encoding"), ("gzip", b"not gzip", "bad_encoding")],
)
def test_bad_content_encodings_are_refused(device: DeviceClient, encoding, body, code):
    answer = device.request(
        "POST",
        "/v1/applications",
        body=body,
        headers={"Content-Type": "application/json", "Content-Encoding": encoding},
    )
    assert error_code(answer) == code
    assert answer.json()["kind"] == "reject"


def test_a_batch_answers_each_item_as_if_sent_alone(server, device: DeviceClient):
    held = submission(device_code=device.device_code)
    device.submit(held)
    new = submission(device_code=device.device_code)
    conflicting = held.model_copy(update={"catalog_version": "other"})
    missing = submission(
        device_code=device.device_code,
        materials=[{"sha256": "cd" * 32, "size": 10}],
    )
    answer = device.post(
        "/v1/applications/batch",
        {
            "applications": [
                r.model_dump(mode="json") for r in (new, held, conflicting, missing, new)
            ]
        },
    )
    assert answer.status_code == 200
    results = answer.json()["results"]
    assert [r["status"] for r in results] == [201, 200, 409, 409, 200]
    assert results[1]["result"]["duplicate"] is True
    assert results[2]["error"]["code"] == "idempotency_conflict"
    assert results[3]["error"]["code"] == "materials_missing"
    assert results[3]["error"]["kind"] == "retry"
    assert results[4]["result"]["server_id"] == results[0]["result"]["server_id"]
    assert _count(server, applications) == 2


def test_a_batch_has_a_size_limit(device: DeviceClient):
    items = [submission(device_code=device.device_code).model_dump(mode="json")] * 101
    answer = device.post("/v1/applications/batch", {"applications": items})
    assert answer.status_code == 422


def test_the_stored_application_is_what_was_sent(server, device: DeviceClient, admin):
    request = submission(device_code=device.device_code)
    server_id = device.submit(request).json()["server_id"]
    detail = admin.request("GET", f"/v1/admin/applications/{server_id}").json()
    assert detail["payload"] == request.payload
    assert detail["receipt_no"] == request.receipt_no
    assert (detail["device_code"], detail["source"]) == (device.device_code, "online")
    assert json.loads(json.dumps(detail["materials"])) == []


def test_the_device_can_ask_where_one_application_stands(device: DeviceClient):
    request = submission(device_code=device.device_code)
    server_id = device.submit(request).json()["server_id"]
    answer = device.get(f"/v1/applications/{request.client_uuid}")
    assert answer.status_code == 200
    assert (answer.json()["server_id"], answer.json()["state"]) == (server_id, "accepted")


def test_a_device_cannot_see_another_devices_application(device: DeviceClient, new_device):
    request = submission(device_code=device.device_code)
    device.submit(request)
    answer = new_device().get(f"/v1/applications/{request.client_uuid}")
    assert answer.status_code == 404
