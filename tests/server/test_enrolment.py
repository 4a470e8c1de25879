"""Enrolment: a one-time token buys a device code and secret, once."""

from __future__ import annotations

import uuid
from datetime import timedelta

import requests

from kiosk.protocol import decode_secret, enrolment_uri, parse_enrolment_uri
from server.database import utc_now
from server.devices import create_enrolment_token
from tests.server.support import enrol


def _enrol(url: str, token: str, installation_id: str | None = None) -> requests.Response:
    return requests.post(
        url + "/v1/enrol",
        json={
            "token": token,
            "installation_id": installation_id or str(uuid.uuid4()),
            "device_name": "村便民服务站 1 号机",
        },
        timeout=30,
    )


def test_a_token_enrols_a_device_whose_signed_requests_are_admitted(server, admin):
    device = enrol(server.url, admin.new_token())
    assert device.device_code == "K001"
    assert len(device.secret) == 32
    assert device.get("/v1/status").status_code == 200


def test_each_device_gets_its_own_code_and_secret(server, admin):
    first, second = enrol(server.url, admin.new_token()), enrol(server.url, admin.new_token())
    assert (first.device_code, second.device_code) == ("K001", "K002")
    assert first.secret != second.secret


def test_a_token_is_spent_once(server, admin):
    token = admin.new_token()
    assert _enrol(server.url, token).status_code == 200
    again = _enrol(server.url, token)
    assert again.status_code == 403
    body = again.json()
    assert body["code"] == "enrolment_token_invalid"
    assert body["kind"] == "auth" and body["retryable"] is False
    assert "登记码" in body["message"]


def test_the_same_installation_repeating_a_lost_answer_gets_the_same_credentials(server, admin):
    token, installation = admin.new_token(), str(uuid.uuid4())
    first = _enrol(server.url, token, installation).json()
    second = _enrol(server.url, token, installation).json()
    assert second["device_code"] == first["device_code"]
    assert second["device_secret"] == first["device_secret"]


def test_an_expired_token_is_refused(server):
    with server.engine.begin() as connection:
        token, _ = create_enrolment_token(
            connection, now=utc_now() - timedelta(hours=2), ttl=timedelta(hours=1)
        )
    answer = _enrol(server.url, token)
    assert answer.status_code == 403
    assert answer.json()["code"] == "enrolment_token_invalid"


def test_an_unknown_token_is_refused(server):
    answer = _enrol(server.url, "ABCD-EFGH-IJKL-MNOP-QRST-UVWX")
    assert answer.status_code == 403
    assert answer.json()["code"] == "enrolment_token_invalid"


def test_a_token_typed_from_paper_in_lower_case_without_dashes_works(server, admin):
    token = admin.new_token()
    typed = token.replace("-", " ").lower()
    assert _enrol(server.url, typed).status_code == 200


def test_a_token_naming_a_device_code_re_enrols_it_and_voids_the_old_secret(server, admin):
    old = enrol(server.url, admin.new_token())
    new = enrol(server.url, admin.new_token(device_code=old.device_code))
    assert new.device_code == old.device_code and new.secret != old.secret
    assert old.get("/v1/status").json()["code"] == "bad_signature"
    assert new.get("/v1/status").status_code == 200


def test_re_enrolling_a_revoked_device_brings_it_back(server, admin):
    device = enrol(server.url, admin.new_token())
    assert admin.request("POST", f"/v1/admin/devices/{device.device_code}/revoke").ok
    assert device.get("/v1/status").json()["code"] == "device_revoked"
    back = enrol(server.url, admin.new_token(device_code=device.device_code))
    assert back.get("/v1/status").status_code == 200


def test_enrolment_body_is_validated(server):
    answer = requests.post(server.url + "/v1/enrol", json={"token": "x"}, timeout=30)
    assert answer.status_code == 422
    assert answer.json()["code"] == "validation_error"


def test_the_enrolment_qr_code_carries_server_and_token():
    uri = enrolment_uri("https://zwfw.example.cn/kiosk", "ABCD-EFGH")
    assert parse_enrolment_uri(uri) == ("https://zwfw.example.cn/kiosk", "ABCD-EFGH")


def test_the_secret_is_32_bytes_of_base64url(server, admin):
    body = _enrol(server.url, admin.new_token()).json()
    assert len(decode_secret(body["device_secret"])) == 32
    assert body["signature_scheme"] == "KIOSK-HMAC-SHA256"
