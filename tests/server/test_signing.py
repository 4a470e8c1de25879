"""Signed requests: unsigned, forged, stale and replayed requests are all refused, each with its
machine-readable code, a Chinese message and the right kind (auth / retry)."""

from __future__ import annotations

import json
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from kiosk.protocol import (
    CLOCK_SKEW_S,
    canonical_request,
    compute_signature,
    new_nonce,
    sha256_hex,
)
from server.schema import nonces
from tests.server.support import DeviceClient, error_code, submission


def _is_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_an_unsigned_request_is_refused_as_auth(device: DeviceClient):
    answer = device.get("/v1/status", sign=False)
    assert answer.status_code == 401
    body = answer.json()
    assert (body["code"], body["kind"], body["retryable"]) == ("unsigned", "auth", False)
    assert _is_chinese(body["message"])


def test_a_request_missing_one_signature_header_is_unsigned(device: DeviceClient):
    answer = device.get("/v1/status", headers={"X-Kiosk-Nonce": ""})
    assert error_code(answer) == "unsigned"


def test_a_signature_with_the_wrong_secret_is_refused(device: DeviceClient):
    forger = DeviceClient(device.base_url, device.device_code, b"\x01" * 32)
    answer = forger.get("/v1/status")
    assert answer.status_code == 401
    assert answer.json()["code"] == "bad_signature"
    assert answer.json()["kind"] == "auth"


def test_a_signature_over_another_body_is_refused(device: DeviceClient):
    # Sign one body, send another: the body digest is part of what is signed.
    signed = submission(device_code=device.device_code).model_dump(mode="json")
    tampered = {**signed, "service_code": "T-OTHER"}
    body = json.dumps(signed).encode()
    headers = _headers(device, "POST", "/v1/applications", body)
    answer = device.session.post(
        device.base_url + "/v1/applications",
        data=json.dumps(tampered).encode(),
        headers={**headers, "Content-Type": "application/json"},
        timeout=30,
    )
    assert error_code(answer) == "bad_signature"


def test_a_signature_over_another_path_or_query_is_refused(device: DeviceClient):
    headers = _headers(device, "GET", "/v1/status?cursor=0", b"")
    answer = device.session.get(
        device.base_url + "/v1/status?cursor=5", headers=headers, timeout=30
    )
    assert error_code(answer) == "bad_signature"


def test_a_signature_for_another_method_is_refused(device: DeviceClient):
    headers = _headers(device, "HEAD", "/v1/status", b"")
    answer = device.session.get(device.base_url + "/v1/status", headers=headers, timeout=30)
    assert error_code(answer) == "bad_signature"


def test_an_unknown_device_is_refused(device: DeviceClient):
    stranger = DeviceClient(device.base_url, "ZZ99", device.secret)
    answer = stranger.get("/v1/status")
    assert answer.status_code == 401
    assert answer.json()["code"] == "unknown_device"


@pytest.mark.parametrize("drift", [CLOCK_SKEW_S + 5, -(CLOCK_SKEW_S + 5)])
def test_a_timestamp_outside_the_skew_window_is_refused_with_the_server_time(
    device: DeviceClient, drift: int
):
    stamp = int(time.time()) + drift
    answer = device.get("/v1/status", timestamp=stamp)
    assert answer.status_code == 401
    body = answer.json()
    assert (body["code"], body["kind"], body["retryable"]) == ("clock_skew", "retry", True)
    assert _is_chinese(body["message"])
    assert abs(body["details"]["server_time"] - time.time()) < 60


def test_a_timestamp_inside_the_window_is_accepted(device: DeviceClient):
    answer = device.get("/v1/status", timestamp=int(time.time()) - (CLOCK_SKEW_S - 30))
    assert answer.status_code == 200


def test_a_kiosk_whose_clock_is_wrong_corrects_it_from_server_time(device, clock):
    # The server's clock runs ten minutes ahead: the kiosk's first try is refused, and the
    # offset from details.server_time makes the second one pass.
    clock.offset = timedelta(minutes=10)
    refused = device.get("/v1/status")
    assert refused.json()["code"] == "clock_skew"
    offset = refused.json()["details"]["server_time"] - int(time.time())
    assert device.get("/v1/status", timestamp=int(time.time()) + offset).status_code == 200


def test_a_replayed_request_is_refused(device: DeviceClient):
    nonce, stamp = new_nonce(), int(time.time())
    first = device.get("/v1/status", nonce=nonce, timestamp=stamp)
    assert first.status_code == 200
    replay = device.get("/v1/status", nonce=nonce, timestamp=stamp)
    assert replay.status_code == 401
    body = replay.json()
    assert (body["code"], body["kind"]) == ("replayed", "retry")
    assert _is_chinese(body["message"])


def test_a_replayed_submit_stores_nothing_new(device: DeviceClient, admin):
    request = submission(device_code=device.device_code)
    nonce, stamp = new_nonce(), int(time.time())
    assert device.submit(request, nonce=nonce, timestamp=stamp).status_code == 201
    assert error_code(device.submit(request, nonce=nonce, timestamp=stamp)) == "replayed"
    listed = admin.request("GET", "/v1/admin/applications").json()["applications"]
    assert [row["client_uuid"] for row in listed] == [request.client_uuid]


def test_nonces_are_per_device(device: DeviceClient, new_device):
    other = new_device()
    nonce = new_nonce()
    assert device.get("/v1/status", nonce=nonce).status_code == 200
    assert other.get("/v1/status", nonce=nonce).status_code == 200


def test_malformed_signature_headers_are_refused(device: DeviceClient):
    answer = device.get("/v1/status", headers={"X-Kiosk-Timestamp": "soon"})
    assert answer.status_code == 401
    assert answer.json()["code"] == "bad_signature"


def test_a_gzipped_body_is_signed_as_sent(device: DeviceClient):
    request = submission(device_code=device.device_code)
    answer = device.submit(request, compress=True)
    assert answer.status_code == 201, answer.text


def test_a_rejection_is_recorded_for_the_operator(device: DeviceClient, admin):
    device.get("/v1/status", timestamp=int(time.time()) - 3600)
    listed = admin.request("GET", "/v1/admin/devices").json()["devices"]
    row = next(d for d in listed if d["device_code"] == device.device_code)
    assert row["last_rejection"] == "clock_skew"
    assert row["last_rejection_at"] is not None


def test_a_revoked_device_is_refused(device: DeviceClient, admin):
    assert admin.request("POST", f"/v1/admin/devices/{device.device_code}/revoke").ok
    answer = device.get("/v1/status")
    assert answer.status_code == 403
    assert (answer.json()["code"], answer.json()["kind"]) == ("device_revoked", "auth")


def _headers(device: DeviceClient, method: str, target: str, body: bytes) -> dict[str, str]:
    stamp, nonce = int(time.time()), new_nonce()
    canonical = canonical_request(
        method,
        target,
        device_code=device.device_code,
        timestamp=stamp,
        nonce=nonce,
        body_sha256=sha256_hex(body),
    )
    return {
        "X-Kiosk-Device": device.device_code,
        "X-Kiosk-Timestamp": str(stamp),
        "X-Kiosk-Nonce": nonce,
        "X-Kiosk-Signature": compute_signature(device.secret, canonical),
    }


def test_nonces_are_forgotten_once_their_window_has_passed(server, device: DeviceClient, clock):
    def held() -> int:
        with server.engine.connect() as connection:
            return connection.execute(select(func.count()).select_from(nonces)).scalar_one()

    for _ in range(3):
        device.get("/v1/status")
    assert held() >= 3
    clock.offset = timedelta(minutes=20)  # the server's purge runs on its own clock
    stamp = int(time.time()) + 20 * 60
    assert device.get("/v1/status", timestamp=stamp).status_code == 200
    assert held() == 1  # only the request just made
