"""The back office (API and ``kiosk-server`` CLI): moving applications through their states,
allowed moves and refused ones, devices, tokens, publishing."""

from __future__ import annotations

import json
import re

import pytest
import requests

from server import cli, migrate
from tests.server.support import DeviceClient, enrol, submission
from tests.support.catalogs import mini_catalog_bytes


def _accepted(device: DeviceClient) -> str:
    return device.submit(submission(device_code=device.device_code)).json()["server_id"]


@pytest.mark.parametrize(
    "path",
    [
        ["in_review", "approved"],
        ["in_review", "rejected"],
        ["in_review", "needs_correction"],
        ["approved"],
        ["needs_correction"],
    ],
)
def test_allowed_transitions(device: DeviceClient, admin, path):
    server_id = _accepted(device)
    for state in path:
        answer = admin.advance(server_id, state, reason="请补交户口簿", result_text="办结")
        assert answer.status_code == 200, answer.text
        assert answer.json()["state"] == state


@pytest.mark.parametrize(
    ("path", "refused"),
    [
        (["approved"], "in_review"),
        (["rejected"], "approved"),
        (["in_review"], "in_review"),
        (["needs_correction"], "approved"),  # the device must resubmit first
        ([], "accepted"),  # only intake accepts
    ],
)
def test_refused_transitions(device: DeviceClient, admin, path, refused):
    server_id = _accepted(device)
    for state in path:
        assert admin.advance(server_id, state, reason="原因").status_code == 200
    before = admin.request("GET", f"/v1/admin/applications/{server_id}").json()["state"]
    answer = admin.advance(server_id, refused, reason="原因")
    assert answer.status_code == 409
    body = answer.json()
    assert (body["code"], body["kind"]) == ("invalid_transition", "reject")
    assert "不能变为" in body["message"]
    assert body["details"]["state"] == before
    after = admin.request("GET", f"/v1/admin/applications/{server_id}").json()["state"]
    assert after == before


def test_a_correction_request_needs_a_reason(device: DeviceClient, admin):
    answer = admin.advance(_accepted(device), "needs_correction")
    assert answer.status_code == 422
    assert answer.json()["message"] == "要求补正时请写明原因。"


def test_an_unknown_application_is_not_found(admin):
    assert admin.advance("SV99999999", "in_review").status_code == 404


def test_listing_pages_and_filters_by_state(device: DeviceClient, admin):
    ids = [_accepted(device) for _ in range(5)]
    admin.advance(ids[1], "in_review")
    first = admin.request("GET", "/v1/admin/applications?limit=2").json()
    assert [a["server_id"] for a in first["applications"]] == ids[:2]
    rest = admin.request(
        "GET", f"/v1/admin/applications?limit=10&after={first['next_after']}"
    ).json()
    assert [a["server_id"] for a in rest["applications"]] == ids[2:]
    assert rest["next_after"] is None
    reviewing = admin.request("GET", "/v1/admin/applications?state=in_review").json()
    assert [a["server_id"] for a in reviewing["applications"]] == [ids[1]]


def test_admin_endpoints_refuse_a_wrong_token(server):
    answer = requests.get(
        server.url + "/v1/admin/devices", headers={"Authorization": "Bearer nope"}, timeout=30
    )
    assert answer.status_code == 401
    assert answer.json()["code"] == "admin_unauthorized"


def test_a_signed_device_is_not_an_admin(device: DeviceClient):
    assert device.get("/v1/admin/devices").status_code == 401


# --------------------------------------------------------------------------- the CLI


def _cli(capsys, db_url: str, *args: str) -> tuple[int, str, str]:
    code = cli.main([*args, "--db", db_url])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_token_enrols_a_device(server, db_url, capsys):
    code, out, _ = _cli(capsys, db_url, "token")
    assert code == 0
    token = out.strip()
    assert re.fullmatch(r"([A-Z2-7]{4}-){5}[A-Z2-7]{4}", token)
    assert enrol(server.url, token).device_code == "K001"


def test_cli_token_writes_the_enrolment_qr_code(db_url, tmp_path, capsys):
    qr = tmp_path / "enrol.svg"
    code, out, err = _cli(
        capsys, db_url, "token", "--server-url", "https://zwfw.example.cn", "--qr", str(qr)
    )
    assert code == 0 and out.strip()
    assert qr.read_text().lstrip().startswith("<?xml") and "<svg" in qr.read_text()
    assert "二维码已写入" in err


def test_cli_list_json_has_the_contract_fields(server, device: DeviceClient, db_url, capsys):
    request = submission(device_code=device.device_code)
    server_id = device.submit(request).json()["server_id"]
    code, out, _ = _cli(capsys, db_url, "list", "--json")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 1
    assert {k: rows[0][k] for k in ("server_id", "client_uuid", "service", "state")} == {
        "server_id": server_id,
        "client_uuid": request.client_uuid,
        "service": "T-ALLOW",
        "state": "accepted",
    }


def test_cli_advance_moves_an_application_and_refuses_a_bad_move(
    server, device: DeviceClient, db_url, capsys
):
    server_id = _accepted(device)
    assert _cli(capsys, db_url, "advance", server_id, "in_review")[:2] == (
        0,
        f"{server_id} in_review\n",
    )
    code, _, _ = _cli(
        capsys,
        db_url,
        "advance",
        server_id,
        "needs_correction",
        "--note",
        "照片不清",
        "--bring",
        "户口簿",
    )
    assert code == 0
    update = device.get("/v1/status").json()["updates"][-1]
    assert (update["reason"], update["materials_to_bring"]) == ("照片不清", ["户口簿"])
    code, _, err = _cli(capsys, db_url, "advance", server_id, "approved")
    assert code == 1 and "不能变为" in err


def test_cli_publish_refuses_a_bad_catalogue_with_its_reason(db_url, tmp_path, capsys):
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_bytes(mini_catalog_bytes())
    bad.write_bytes(mini_catalog_bytes(lambda d: d["services"][0].pop("name")))
    code, out, _ = _cli(capsys, db_url, "publish", str(good))
    assert code == 0 and out.split()[1].startswith('"')
    code, _, err = _cli(capsys, db_url, "publish", str(bad))
    assert code == 1 and "事项目录有误" in err


def test_cli_devices_shows_last_contact_and_the_last_rejection(
    server, device: DeviceClient, db_url, capsys
):
    device.get("/v1/status", timestamp=1)  # a kiosk whose clock is decades off
    code, out, _ = _cli(capsys, db_url, "devices")
    assert code == 0
    assert device.device_code in out and "最近拒绝 clock_skew" in out
    code, out, _ = _cli(capsys, db_url, "devices", "--json")
    row = json.loads(out.splitlines()[0])
    assert (row["device_code"], row["last_rejection"]) == (device.device_code, "clock_skew")


def test_cli_revoke_stops_a_device(server, device: DeviceClient, db_url, capsys):
    assert _cli(capsys, db_url, "revoke", device.device_code)[0] == 0
    assert device.get("/v1/status").json()["code"] == "device_revoked"
    assert _cli(capsys, db_url, "revoke", device.device_code)[0] == 1


def test_cli_admin_token_admits_the_back_office(server, db_url, capsys):
    code, out, _ = _cli(capsys, db_url, "admin-token", "--note", "窗口")
    answer = requests.get(
        server.url + "/v1/admin/devices",
        headers={"Authorization": f"Bearer {out.strip()}"},
        timeout=30,
    )
    assert code == 0 and answer.status_code == 200


def test_cli_migrate_reports_the_revision(db_url, capsys):
    code, out, _ = _cli(capsys, db_url, "migrate")
    assert code == 0 and out.strip().endswith(migrate.head_revision())


def test_cli_refuses_an_unknown_database_scheme(capsys):
    code = cli.main(["list", "--db", "mysql://x"])
    assert code == 1
    assert capsys.readouterr().err.strip()


def test_cli_says_plainly_when_the_database_is_unreachable(capsys):
    # Port 1 on loopback: refused at once, no waiting for a timeout.
    code = cli.main(["list", "--db", "postgresql://kiosk:secret@127.0.0.1:1/kiosk"])
    err = capsys.readouterr().err
    assert code == 1
    assert "连不上数据库" in err and "secret" not in err
