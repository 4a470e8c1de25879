"""Operators list and withdraw enrolment tokens, back-office tokens and devices from the
command line (SQLite and PostgreSQL, against the live server)."""

from __future__ import annotations

import json
import uuid

import requests

from server import cli
from server.devices import TOKEN_ID_LENGTH, token_digest
from tests.server.support import AdminClient, enrol, error_code


def _cli(capsys, db_url: str, *args: str) -> tuple[int, str, str]:
    code = cli.main([*args, "--db", db_url])
    out, err = capsys.readouterr()
    return code, out, err


def _try_enrol(server, token: str) -> requests.Response:
    return requests.post(
        server.url + "/v1/enrol",
        json={"token": token, "installation_id": str(uuid.uuid4()), "device_name": "测试终端"},
        timeout=30,
    )


def _token(capsys, db_url: str, *args: str) -> str:
    code, out, _ = _cli(capsys, db_url, "token", *args)
    assert code == 0
    return out.strip()


def test_tokens_lists_only_those_that_can_still_enrol(server, db_url, capsys):
    spent, waiting = _token(capsys, db_url), _token(capsys, db_url, "--device-code", "K009")
    enrol(server.url, spent)

    code, out, _ = _cli(capsys, db_url, "tokens", "--json")
    assert code == 0
    (row,) = [json.loads(line) for line in out.splitlines()]
    assert row["id"] == token_digest(waiting)[:TOKEN_ID_LENGTH]
    assert (row["kind"], row["state"], row["device_code"]) == ("enrolment", "unused", "K009")
    assert waiting not in out, "the token itself is never shown again"

    code, out, _ = _cli(capsys, db_url, "tokens", "--all", "--json")
    states = {json.loads(line)["id"]: json.loads(line)["state"] for line in out.splitlines()}
    assert states == {
        token_digest(spent)[:TOKEN_ID_LENGTH]: "used",
        token_digest(waiting)[:TOKEN_ID_LENGTH]: "unused",
    }
    code, out, _ = _cli(capsys, db_url, "tokens")
    assert "可用" in out and "K009" in out


def test_a_revoked_token_enrols_nobody(server, db_url, capsys):
    by_id, by_text = _token(capsys, db_url), _token(capsys, db_url)

    token_id = token_digest(by_id)[:TOKEN_ID_LENGTH]
    code, out, _ = _cli(capsys, db_url, "revoke-token", token_id)
    assert (code, out.strip()) == (0, "登记码已作废")
    assert _cli(capsys, db_url, "revoke-token", by_text.lower())[0] == 0  # as typed by staff

    for token in (by_id, by_text):
        answer = _try_enrol(server, token)
        assert (answer.status_code, error_code(answer)) == (403, "enrolment_token_invalid")
    code, _, err = _cli(capsys, db_url, "revoke-token", token_id)
    assert code == 1 and "已作废" in err
    _, out, _ = _cli(capsys, db_url, "tokens", "--all", "--json")
    assert {json.loads(line)["state"] for line in out.splitlines()} == {"revoked"}


def test_a_used_token_is_not_revoked_the_device_is(server, db_url, capsys):
    token = _token(capsys, db_url)
    device = enrol(server.url, token)
    code, _, err = _cli(capsys, db_url, "revoke-token", token)
    assert code == 1 and "revoke-device" in err
    assert device.get("/v1/status").status_code == 200

    code, out, _ = _cli(capsys, db_url, "revoke-device", device.device_code)
    assert (code, out.strip()) == (0, f"{device.device_code} 已停用")
    answer = device.get("/v1/status")
    assert (answer.status_code, error_code(answer), answer.json()["kind"]) == (
        403,
        "device_revoked",
        "auth",
    )
    _, out, _ = _cli(capsys, db_url, "devices", "--json")
    assert json.loads(out)["revoked"] is True


def test_an_unknown_or_ambiguous_token_is_refused_with_a_message(db_url, capsys):
    _token(capsys, db_url)
    code, _, err = _cli(capsys, db_url, "revoke-token", "ZZZZ-ZZZZ")
    assert code == 1 and "没有这个口令" in err
    code, _, err = _cli(capsys, db_url, "revoke-token", "0")  # too short to be an id
    assert code == 1 and "没有这个口令" in err


def test_back_office_tokens_are_listed_and_revoked(server, db_url, capsys):
    code, out, _ = _cli(capsys, db_url, "admin-token", "--note", "窗口3")
    assert code == 0
    admin = AdminClient(server.url, out.strip())
    assert admin.request("GET", "/v1/admin/devices").status_code == 200

    code, out, _ = _cli(capsys, db_url, "admin-tokens", "--json")
    (row,) = [json.loads(line) for line in out.splitlines()]
    assert (row["kind"], row["state"], row["note"]) == ("admin", "active", "窗口3")
    assert _cli(capsys, db_url, "revoke-admin-token", row["id"])[0] == 0

    answer = admin.request("GET", "/v1/admin/devices")
    assert (answer.status_code, error_code(answer)) == (401, "admin_unauthorized")
    assert _cli(capsys, db_url, "revoke-admin-token", row["id"])[0] == 1
    _, out, _ = _cli(capsys, db_url, "admin-tokens")
    assert "已作废" in out and "窗口3" in out


def test_the_back_office_lists_and_withdraws_tokens_by_id(server, admin):
    """The same as the commands, over the admin API: a token made there comes with its id,
    so the back office never needs to keep the token itself to withdraw it."""
    made = admin.request("POST", "/v1/admin/enrolment-tokens", json={"device_code": "K031"})
    token, token_id = made.json()["token"], made.json()["id"]
    assert token_id == token_digest(token)[:TOKEN_ID_LENGTH]
    used = admin.new_token()
    enrol(server.url, used)

    listed = admin.request("GET", "/v1/admin/enrolment-tokens").json()["tokens"]
    assert [(t["id"], t["state"], t["device_code"]) for t in listed] == [
        (token_id, "unused", "K031")
    ]
    assert token not in json.dumps(listed)
    everything = admin.request("GET", "/v1/admin/enrolment-tokens", params={"all": "true"})
    assert {t["state"] for t in everything.json()["tokens"]} == {"unused", "used"}

    withdrawn = admin.request("POST", "/v1/admin/enrolment-tokens/revoke", json={"token": token_id})
    assert withdrawn.status_code == 200, withdrawn.text
    assert (withdrawn.json()["id"], withdrawn.json()["state"]) == (token_id, "revoked")
    answer = _try_enrol(server, token)
    assert (answer.status_code, error_code(answer)) == (403, "enrolment_token_invalid")
    again = admin.request("POST", "/v1/admin/enrolment-tokens/revoke", json={"token": token})
    assert (again.status_code, again.json()["state"]) == (200, "revoked"), "idempotent"

    spent = admin.request("POST", "/v1/admin/enrolment-tokens/revoke", json={"token": used})
    assert (spent.status_code, error_code(spent)) == (409, "invalid_transition")
    assert "停用设备" in spent.json()["message"]
    unknown = admin.request("POST", "/v1/admin/enrolment-tokens/revoke", json={"token": "f" * 12})
    assert (unknown.status_code, error_code(unknown)) == (404, "not_found")
    nobody = requests.post(
        server.url + "/v1/admin/enrolment-tokens/revoke", json={"token": token_id}, timeout=30
    )
    assert error_code(nobody) == "admin_unauthorized"
