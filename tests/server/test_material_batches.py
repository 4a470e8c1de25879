"""Several whole materials in one request (``POST /v1/materials/batch``): each checked against
its address and answered on its own, nothing kept of a cut batch, durable before the answer."""

from __future__ import annotations

import os
import socket
from urllib.parse import urlsplit

from kiosk.protocol import material_batch_query, sha256_hex, sign_request
from tests.server.support import DeviceClient, error_code

PHOTOS = [os.urandom(size) for size in (300 * 1024, 280 * 1024, 5_000)]
SHAS = [sha256_hex(photo) for photo in PHOTOS]


def _target(files: list[tuple[str, int]]) -> str:
    return f"/v1/materials/batch?files={material_batch_query(files)}"


def _batch(device: DeviceClient, parts: list[bytes], *, files: list[tuple[str, int]] | None = None):
    files = files or [(sha256_hex(part), len(part)) for part in parts]
    return device.request(
        "POST",
        _target(files),
        body=b"".join(parts),
        headers={"Content-Type": "application/octet-stream"},
    )


def _statuses(device: DeviceClient, shas: list[str]) -> list[dict]:
    return device.post("/v1/materials/query", {"sha256s": shas}).json()["materials"]


def test_a_batch_stores_every_file_whole_and_answers_each(device: DeviceClient, admin):
    answer = _batch(device, PHOTOS)
    assert answer.status_code == 200
    assert answer.json()["materials"] == [
        {"sha256": sha, "size": len(photo), "received": len(photo), "complete": True, "error": None}
        for sha, photo in zip(SHAS, PHOTOS, strict=True)
    ]
    assert all(status["complete"] for status in _statuses(device, SHAS))
    for sha, photo in zip(SHAS, PHOTOS, strict=True):
        assert admin.request("GET", f"/v1/admin/materials/{sha}").content == photo


def test_a_file_that_does_not_hash_to_its_address_is_refused_and_the_others_kept(device, admin):
    forged = b"\x00" + PHOTOS[1][1:]
    files = [(SHAS[0], len(PHOTOS[0])), (SHAS[1], len(forged)), (SHAS[2], len(PHOTOS[2]))]
    answer = _batch(device, [PHOTOS[0], forged, PHOTOS[2]], files=files)
    assert answer.status_code == 200
    items = answer.json()["materials"]
    assert [item["complete"] for item in items] == [True, False, True]
    assert items[1]["error"]["code"] == "material_hash_mismatch"
    assert items[1]["error"]["kind"] == "reject"
    assert [status["complete"] for status in _statuses(device, SHAS)] == [True, False, True]
    # The operator sees why this kiosk's file is refused.
    devices = admin.request("GET", "/v1/admin/devices").json()["devices"]
    assert devices[0]["last_rejection"] == "material_hash_mismatch"


def test_a_file_already_held_is_answered_complete_and_not_stored_again(device, new_device):
    device.upload(PHOTOS[0])
    other = new_device()
    answer = _batch(other, PHOTOS[:2])
    assert [item["complete"] for item in answer.json()["materials"]] == [True, True]


def test_a_batch_finishes_a_file_begun_by_chunks(device):
    begun = device.request(
        "PATCH",
        f"/v1/materials/{SHAS[0]}?offset=0&size={len(PHOTOS[0])}",
        body=PHOTOS[0][:1000],
        headers={"Content-Type": "application/octet-stream"},
    )
    assert begun.json()["received"] == 1000
    answer = _batch(device, PHOTOS[:2])
    assert [item["complete"] for item in answer.json()["materials"]] == [True, True]
    assert _statuses(device, SHAS[:1])[0]["received"] == len(PHOTOS[0])


def test_sizes_that_do_not_add_up_to_the_body_are_refused(device):
    files = [(SHAS[0], len(PHOTOS[0])), (SHAS[1], len(PHOTOS[1]) + 1)]
    answer = _batch(device, PHOTOS[:2], files=files)
    assert (answer.status_code, error_code(answer)) == (422, "validation_error")
    assert not any(status["complete"] for status in _statuses(device, SHAS[:2]))


def test_a_malformed_file_list_is_refused(device):
    answer = device.request("POST", "/v1/materials/batch?files=" + "AB" * 32 + ":5", body=b"x" * 5)
    assert error_code(answer) == "validation_error"
    too_many = [(SHAS[2], 0)] * 33
    assert error_code(_batch(device, [], files=too_many)) == "validation_error"


def test_a_batch_larger_than_a_chunk_is_refused(device):
    big = [os.urandom(2 * 1024 * 1024), os.urandom(2 * 1024 * 1024 + 1)]
    answer = _batch(device, big)
    assert (answer.status_code, error_code(answer)) == (413, "payload_too_large")


def test_a_batch_cut_mid_body_keeps_nothing(server, device: DeviceClient, admin):
    """The connection drops in the middle of the batch: the server stores none of it (the
    signature covers the whole body), records no rejection, and the batch sent again is
    accepted whole."""
    target = _target([(sha, len(photo)) for sha, photo in zip(SHAS, PHOTOS, strict=True)])
    body = b"".join(PHOTOS)
    headers = sign_request(
        "POST", target, body, device_code=device.device_code, secret=device.secret
    )
    host, port = urlsplit(server.url).hostname, urlsplit(server.url).port
    with socket.create_connection((host, port)) as raw:
        head = [f"POST {target} HTTP/1.1", f"Host: {host}:{port}"]
        head += [f"{k}: {v}" for k, v in headers.items()]
        head += ["Content-Type: application/octet-stream", f"Content-Length: {len(body)}"]
        # Past the whole first file: even a file that arrived whole is not kept.
        raw.sendall(("\r\n".join(head) + "\r\n\r\n").encode() + body[: len(PHOTOS[0]) + 100])
    server.wait_finished("POST", target)
    assert not any(status["complete"] for status in _statuses(device, SHAS))
    devices = admin.request("GET", "/v1/admin/devices").json()["devices"]
    assert devices[0]["last_rejection"] is None
    answer = _batch(device, PHOTOS)
    assert all(item["complete"] for item in answer.json()["materials"])
