"""Material bytes as files: where they go, what a crash can leave behind and how the next
chunk repairs it, and the functions garbage collection builds on.

The crash cases are made by hand, exactly as a process killed at that point leaves the disk:
bytes written but their commit lost, a file renamed into place but its commit lost, a
partial file shorter than the database says (removed by hand).
"""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from sqlalchemy import inspect, select

from kiosk.protocol import MaterialRef, sha256_hex
from server import materials as material_store
from server.database import utc_now
from server.material_files import MaterialFiles, default_materials_dir
from server.schema import materials
from tests.server.support import DeviceClient, error_code, submission

PHOTO = os.urandom(300 * 1024)
SHA = sha256_hex(PHOTO)


def _patch(device: DeviceClient, offset: int, data: bytes, *, size: int = len(PHOTO)):
    return device.request(
        "PATCH",
        f"/v1/materials/{SHA}?offset={offset}&size={size}",
        body=data,
        headers={"Content-Type": "application/octet-stream"},
    )


def _row(server):
    with server.engine.connect() as connection:
        return connection.execute(select(materials).where(materials.c.sha256 == SHA)).one()


@pytest.fixture
def files(server) -> MaterialFiles:
    return server.files  # emptied for each test, with the database


def test_a_photo_sent_whole_is_one_file_named_by_its_hash(server, device, files, admin):
    answer = _patch(device, 0, PHOTO)
    assert answer.json()["complete"] is True
    path = files.complete_path(SHA)
    assert path == files.root / "complete" / SHA[:2] / SHA
    assert path.read_bytes() == PHOTO
    assert list(files.partials()) == []
    assert "material_chunks" not in inspect(server.engine).get_table_names()
    assert admin.request("GET", f"/v1/admin/materials/{SHA}").content == PHOTO


def test_chunks_grow_a_partial_file_until_it_is_renamed_into_place(server, device, files):
    _patch(device, 0, PHOTO[:100_000])
    assert [(sha, size) for sha, size, _ in files.partials()] == [(SHA, 100_000)]
    assert not files.complete_path(SHA).exists()
    assert _patch(device, 100_000, PHOTO[100_000:]).json()["complete"] is True
    assert list(files.partials()) == []
    assert files.complete_path(SHA).read_bytes() == PHOTO


def test_a_whole_file_that_does_not_hash_to_its_address_leaves_nothing_behind(
    server, device, files
):
    answer = _patch(device, 0, b"\x00" + PHOTO[1:])
    assert error_code(answer) == "material_hash_mismatch"
    assert list(files.partials()) == [] and not files.complete_path(SHA).exists()
    assert device.get(f"/v1/materials/{SHA}").json()["received"] == 0


def test_a_complete_file_answers_for_its_material_when_its_row_was_lost(
    server, device, files, admin
):
    """A whole photo's row is committed without waiting for the disk (the file was synced
    first): a power cut may take the row, never the file, and the file alone is proof."""
    assert _patch(device, 0, PHOTO).json()["complete"] is True
    with server.engine.begin() as connection:
        connection.execute(materials.delete())
    held = {"sha256": SHA, "size": len(PHOTO), "received": len(PHOTO), "complete": True}
    assert device.post("/v1/materials/query", {"sha256s": [SHA]}).json()["materials"] == [held]
    assert device.get(f"/v1/materials/{SHA}").json() == held
    ref = MaterialRef(sha256=SHA, size=len(PHOTO), mime="image/jpeg")
    assert device.submit(submission(device_code=device.device_code, materials=[ref])).ok
    assert admin.request("GET", f"/v1/admin/materials/{SHA}").content == PHOTO
    assert _patch(device, 0, PHOTO).json()["complete"] is True  # and nothing rewritten


def test_a_whole_upload_finishes_a_chunked_one_of_the_same_file(server, device, files):
    _patch(device, 0, PHOTO[:100_000])
    assert _patch(device, 0, PHOTO).json()["complete"] is True
    assert _row(server).complete is True and list(files.partials()) == []
    assert _patch(device, 100_000, PHOTO[100_000:200_000]).json()["complete"] is True


def test_a_whole_body_that_does_not_hash_discards_what_an_earlier_chunk_left(server, device, files):
    _patch(device, 0, PHOTO[:100_000])
    answer = _patch(device, 0, b"\x00" + PHOTO[1:])
    assert error_code(answer) == "material_hash_mismatch"
    assert answer.json()["details"] == {"received": 0}
    assert _row(server).received == 0 and list(files.partials()) == []


def test_temporary_files_a_crash_left_are_swept(files, tmp_path):
    files = MaterialFiles(tmp_path)
    files.store(SHA, PHOTO)
    left = files.root / "partial" / f"{SHA}.1-1.tmp"
    left.write_bytes(PHOTO[:10])
    assert [sha for sha, _, _ in files.partials()] == []  # not an upload in progress
    assert files.sweep_temporaries(before=left.stat().st_mtime) == 0
    assert files.sweep_temporaries(before=left.stat().st_mtime + 1) == 1
    assert not left.exists() and files.read(SHA) == PHOTO


def test_bytes_written_whose_commit_was_lost_are_cut_off(server, device, files):
    """The process died after writing a chunk and before committing it: the partial file
    is longer than the database says. The next chunk goes on from the database's count."""
    _patch(device, 0, PHOTO[:100_000])
    with open(files.partial_path(SHA), "ab") as partial:
        partial.write(b"\xff" * 50_000)  # not the photo's bytes: they must not count
    assert device.get(f"/v1/materials/{SHA}").json()["received"] == 100_000
    assert _patch(device, 100_000, PHOTO[100_000:]).json()["complete"] is True
    assert files.complete_path(SHA).read_bytes() == PHOTO


def test_a_file_renamed_into_place_whose_commit_was_lost_counts_as_complete(server, device, files):
    """Died between the rename and the commit: the next chunk finds the verified file and
    the upload is complete without another byte."""
    _patch(device, 0, PHOTO[:100_000])
    files.write_at(SHA, 0, PHOTO)
    files.promote(SHA)
    assert _row(server).complete is False
    answer = _patch(device, 100_000, PHOTO[100_000:200_000])
    assert (answer.json()["complete"], answer.json()["received"]) == (True, len(PHOTO))
    assert _row(server).complete is True


def test_a_partial_file_shorter_than_recorded_resumes_from_what_is_there(server, device, files):
    _patch(device, 0, PHOTO[:100_000])
    os.truncate(files.partial_path(SHA), 40_000)
    answer = _patch(device, 100_000, PHOTO[100_000:])
    assert error_code(answer) == "offset_mismatch"
    assert answer.json()["details"] == {"received": 40_000}
    assert _patch(device, 40_000, PHOTO[40_000:]).json()["complete"] is True
    assert files.complete_path(SHA).read_bytes() == PHOTO


def test_abandoned_uploads_are_found_and_discarded_but_not_complete_ones(
    server, device, files, clock
):
    _patch(device, 0, PHOTO[:100_000])
    done = os.urandom(1000)
    device.upload(done)
    later = utc_now() + timedelta(days=8)
    with server.engine.connect() as connection:
        assert material_store.incomplete_since(connection, utc_now() - timedelta(days=1)) == []
        assert material_store.incomplete_since(connection, later) == [SHA]
    # A chunk that came after the cut-off keeps the upload.
    assert not material_store.discard_incomplete(
        server.engine, files, SHA, before=utc_now() - timedelta(days=1)
    )
    assert material_store.discard_incomplete(server.engine, files, SHA, before=later)
    assert list(files.partials()) == []
    assert device.get(f"/v1/materials/{SHA}").json() == {
        "sha256": SHA,
        "size": None,
        "received": 0,
        "complete": False,
    }
    assert not material_store.discard_incomplete(server.engine, files, sha256_hex(done))
    assert files.complete_path(sha256_hex(done)).read_bytes() == done


def test_storage_that_fails_is_a_retryable_answer(server, device, files):
    blocked = files.root / "partial"
    if blocked.is_dir():
        os.rmdir(blocked)
    blocked.write_bytes(b"")  # a file where the directory should be: every write fails
    files._made.discard(blocked)
    try:
        answer = _patch(device, 0, PHOTO)
        assert answer.status_code == 503 and error_code(answer) == "unavailable"
        assert answer.headers["Retry-After"]
        assert device.get(f"/v1/materials/{SHA}").json()["received"] == 0
    finally:
        blocked.unlink()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite:////srv/kiosk/server.db", "/srv/kiosk/server-materials"),
        ("sqlite:///relative/intake.db", "relative/intake-materials"),
        ("postgresql://kiosk@db/kiosk", "kiosk-server-materials"),
        ("sqlite:///:memory:", "kiosk-server-materials"),
    ],
)
def test_where_material_files_go_by_default(url, expected):
    assert str(default_materials_dir(url)) == expected


def test_names_that_are_not_a_sha256_never_reach_the_disk(tmp_path):
    files = MaterialFiles(tmp_path)
    for bad in ("../../etc/passwd", "AB" * 32, "ab" * 31):
        with pytest.raises(ValueError):
            files.complete_path(bad)
