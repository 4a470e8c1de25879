"""The signature kind (drawn / confirmed, WCAG 2.5.7's single-action alternative): checked at
intake, shown to staff. Every test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from kiosk.domain.answers import CONFIRMED_STATEMENT
from server import cli
from server.schema import applications, submissions
from tests.server.support import DeviceClient, error_code, submission

PNG = b"\x89PNG\r\n\x1a\n" + b"signature strokes" * 64


def _count(server, table) -> int:
    with server.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar_one()


def _signed(device: DeviceClient, signature: dict, **overrides):
    request = submission(device_code=device.device_code, **overrides)
    answers = {**request.payload["answers"], "applicant_signature": signature}
    return request.model_copy(update={"payload": {**request.payload, "answers": answers}})


def _drawn(device: DeviceClient):
    ref = device.upload(PNG)
    return _signed(device, {"kind": "drawn", "sha256": ref.sha256}, materials=[ref])


def _confirmed(device: DeviceClient):
    return _signed(device, {"kind": "confirmed", "statement": CONFIRMED_STATEMENT})


def test_drawn_and_confirmed_signatures_are_accepted_and_shown_to_staff(
    server, device: DeviceClient, admin, db_url, capsys
):
    drawn = device.submit(_drawn(device))
    confirmed = device.submit(_confirmed(device))
    unsigned = device.submit(submission(device_code=device.device_code))
    assert [a.status_code for a in (drawn, confirmed, unsigned)] == [201, 201, 201]

    listed = admin.request("GET", "/v1/admin/applications").json()["applications"]
    assert [a["signature_kinds"] for a in listed] == [["drawn"], ["confirmed"], []]
    one = admin.request("GET", f"/v1/admin/applications/{confirmed.json()['server_id']}")
    assert one.json()["signature_kinds"] == ["confirmed"]

    assert cli.main(["list", "--json", "--db", db_url]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["signature_kinds"] for r in rows] == [["drawn"], ["confirmed"], []]
    assert cli.main(["list", "--db", db_url]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.rsplit("  ", 1)[-1] for line in lines] == ["drawn", "confirmed", "-"]


@pytest.mark.parametrize(
    "signature",
    [
        {"kind": "typed", "text": "张三"},  # a kind the server does not know
        {"kind": "", "sha256": "0" * 64},
        {"kind": "confirmed", "statement": "  "},
        {"kind": "confirmed", "statement": CONFIRMED_STATEMENT, "sha256": "0" * 64},
        {"kind": "drawn", "sha256": "not-hex"},
        {"kind": "drawn", "sha256": "ab" * 32},  # an image that is not among the materials
    ],
    ids=["unknown", "empty-kind", "blank-statement", "extra-member", "bad-sha", "no-image"],
)
def test_an_unknown_or_malformed_signature_is_refused_for_good(
    server, device: DeviceClient, signature
):
    answer = device.submit(_signed(device, signature))
    assert answer.status_code == 422
    body = answer.json()
    assert body["code"] == "signature_invalid"
    assert (body["kind"], body["retryable"]) == ("reject", False)
    assert "签名" in body["message"]
    assert body["details"] == {"fields": ["applicant_signature"], "kinds": ["drawn", "confirmed"]}
    # Where, never the values.
    assert "张三" not in answer.text and "0" * 64 not in answer.text
    assert _count(server, applications) == 0 and _count(server, submissions) == 0


def test_in_a_batch_only_the_badly_signed_item_is_refused(server, device: DeviceClient):
    good, bad = _confirmed(device), _signed(device, {"kind": "stamp"})
    answer = device.post(
        "/v1/applications/batch",
        {"applications": [good.model_dump(mode="json"), bad.model_dump(mode="json")]},
    )
    assert answer.status_code == 200
    first, second = answer.json()["results"]
    assert first["status"] == 201 and first["result"]["state"] == "accepted"
    assert second["status"] == 422 and second["error"]["code"] == "signature_invalid"
    assert _count(server, applications) == 1


def test_a_repeat_of_a_refused_submission_is_refused_again(server, device: DeviceClient):
    request = _signed(device, {"kind": "typed"})
    assert error_code(device.submit(request)) == "signature_invalid"
    assert error_code(device.submit(request)) == "signature_invalid"
    assert _count(server, submissions) == 0
