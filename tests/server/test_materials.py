"""Resumable, content-addressed materials: a cut upload goes on from the last byte received,
wrong offsets and wrong contents are refused, and a material held is never asked for again."""

from __future__ import annotations

import os
import socket
from urllib.parse import urlsplit

from kiosk.protocol import sha256_hex, sign_request
from tests.server.support import DeviceClient, error_code

PHOTO = os.urandom(300 * 1024)  # a phone photo's worth of incompressible bytes
SHA = sha256_hex(PHOTO)


def _patch(device: DeviceClient, offset: int, data: bytes, *, size: int = len(PHOTO), sha=SHA):
    return device.request(
        "PATCH",
        f"/v1/materials/{sha}?offset={offset}&size={size}",
        body=data,
        headers={"Content-Type": "application/octet-stream"},
    )


def _head(device: DeviceClient, sha: str = SHA):
    answer = device.request("HEAD", f"/v1/materials/{sha}")
    assert answer.status_code == 200
    return int(answer.headers["Upload-Offset"]), answer.headers["X-Material-Complete"]


def test_an_unknown_material_stands_at_zero(device: DeviceClient):
    assert _head(device) == (0, "false")
    status = device.get(f"/v1/materials/{SHA}").json()
    assert status == {"sha256": SHA, "size": None, "received": 0, "complete": False}


def test_chunks_in_order_complete_the_material(device: DeviceClient, admin):
    for offset in range(0, len(PHOTO), 100 * 1024):
        answer = _patch(device, offset, PHOTO[offset : offset + 100 * 1024])
        assert answer.status_code == 200
    body = answer.json()
    assert (body["received"], body["complete"]) == (len(PHOTO), True)
    assert answer.headers["Upload-Offset"] == str(len(PHOTO))
    assert _head(device) == (len(PHOTO), "true")
    stored = admin.request("GET", f"/v1/admin/materials/{SHA}")
    assert stored.content == PHOTO


def test_a_cut_mid_chunk_resumes_from_the_last_byte_the_server_received(server, device, admin):
    """The connection drops in the middle of a chunk's body: the server keeps nothing of the
    broken chunk and says so; the client re-sends from there, and no byte is sent twice."""
    assert _patch(device, 0, PHOTO[:100_000]).json()["received"] == 100_000
    target = f"/v1/materials/{SHA}?offset=100000&size={len(PHOTO)}"
    chunk = PHOTO[100_000:200_000]
    headers = sign_request(
        "PATCH", target, chunk, device_code=device.device_code, secret=device.secret
    )
    host, port = urlsplit(server.url).hostname, urlsplit(server.url).port
    with socket.create_connection((host, port)) as raw:
        head = [f"PATCH {target} HTTP/1.1", f"Host: {host}:{port}"]
        head += [f"{k}: {v}" for k, v in headers.items()]
        head += ["Content-Type: application/octet-stream", f"Content-Length: {len(chunk)}"]
        raw.sendall(("\r\n".join(head) + "\r\n\r\n").encode() + chunk[:30_000])
    server.wait_finished("PATCH", target)
    offset, complete = _head(device)
    assert (offset, complete) == (100_000, "false")
    # A cut is not a rejection: the operator's device list shows nothing wrong.
    devices = admin.request("GET", "/v1/admin/devices").json()["devices"]
    assert devices[0]["last_rejection"] is None
    rest = _patch(device, offset, PHOTO[offset:])
    assert rest.json() == {
        "sha256": SHA,
        "size": len(PHOTO),
        "received": len(PHOTO),
        "complete": True,
    }


def test_a_chunk_beyond_what_the_server_holds_is_refused_with_where_to_go_on(device):
    _patch(device, 0, PHOTO[:1000])
    answer = _patch(device, 5000, PHOTO[5000:6000])
    assert answer.status_code == 409
    body = answer.json()
    assert (body["code"], body["kind"]) == ("offset_mismatch", "retry")
    assert body["details"] == {"received": 1000}
    assert _head(device) == (1000, "false")


def test_a_repeated_chunk_after_a_lost_answer_is_harmless(device):
    _patch(device, 0, PHOTO[:1000])
    again = _patch(device, 0, PHOTO[:1500])  # the retry overlaps; only the new tail counts
    assert again.json()["received"] == 1500
    assert _patch(device, 1500, PHOTO[1500:]).json()["complete"] is True


def test_a_changed_size_is_refused(device):
    _patch(device, 0, PHOTO[:1000])
    answer = _patch(device, 1000, PHOTO[1000:2000], size=len(PHOTO) + 1)
    assert answer.status_code == 409
    assert answer.json()["code"] == "material_size_mismatch"
    assert answer.json()["details"] == {"size": len(PHOTO)}


def test_a_chunk_running_past_the_declared_size_is_refused(device):
    answer = _patch(device, 0, PHOTO[:2000], size=1000)
    assert error_code(answer) == "material_size_mismatch"


def test_contents_that_do_not_hash_to_the_address_are_refused_and_discarded(device):
    forged = b"\x00" + PHOTO[1:]
    assert _patch(device, 0, forged[:100_000]).status_code == 200
    answer = _patch(device, 100_000, forged[100_000:])
    assert answer.status_code == 422
    body = answer.json()
    assert (body["code"], body["kind"]) == ("material_hash_mismatch", "reject")
    assert body["details"] == {"received": 0}
    # The bad bytes are gone: the right ones upload from zero.
    assert _head(device) == (0, "false")
    assert _patch(device, 0, PHOTO).json()["complete"] is True


def test_a_material_already_held_is_never_asked_for_again(device: DeviceClient, new_device):
    device.upload(PHOTO)
    other = new_device()
    assert _head(other) == (len(PHOTO), "true")
    query = other.post("/v1/materials/query", {"sha256s": [SHA, "ef" * 32]}).json()
    assert query["materials"] == [
        {"sha256": SHA, "size": len(PHOTO), "received": len(PHOTO), "complete": True},
        {"sha256": "ef" * 32, "size": None, "received": 0, "complete": False},
    ]
    # Even a client that sends it anyway is told at once that nothing more is needed.
    resent = _patch(other, 0, PHOTO[:10])
    assert resent.json()["complete"] is True and resent.json()["received"] == len(PHOTO)


def test_an_empty_material_completes_with_one_empty_chunk(device):
    empty_sha = sha256_hex(b"")
    answer = _patch(device, 0, b"", size=0, sha=empty_sha)
    assert answer.json()["complete"] is True


def test_a_chunk_larger_than_the_limit_is_refused(device):
    big = b"x" * (4 * 1024 * 1024 + 1)
    answer = _patch(device, 0, big, size=len(big), sha=sha256_hex(big))
    assert answer.status_code == 413


def test_an_address_that_is_not_a_sha256_is_not_found(device):
    answer = device.get("/v1/materials/" + "AB" * 32)
    assert (answer.status_code, answer.json()["code"]) == (404, "not_found")


def test_material_queries_must_be_lower_case_hex(device):
    answer = device.post("/v1/materials/query", {"sha256s": ["AB" * 32]})
    assert answer.status_code == 422
    assert answer.json()["code"] == "validation_error"


def test_an_admin_cannot_fetch_an_incomplete_material(device, admin):
    _patch(device, 0, PHOTO[:10])
    assert admin.request("GET", f"/v1/admin/materials/{SHA}").status_code == 404
