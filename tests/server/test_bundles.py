"""USB bundles: imported exactly once; importing twice, or items also synced online, is
harmless; a damaged, forged or foreign bundle is refused whole with a Chinese reason."""

from __future__ import annotations

import json
import os
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kiosk.protocol import BundleError, MaterialRef, RatingItem, sha256_hex, utc_text, write_bundle
from server import cli
from server.bundles import import_bundle
from server.database import utc_now
from server.schema import applications, materials
from tests.server.support import DeviceClient, audit_chain, submission


@pytest.fixture
def photos() -> dict[str, bytes]:
    data = [os.urandom(50_000), os.urandom(70_000)]
    return {sha256_hex(d): d for d in data}


def _refs(photos: dict[str, bytes]) -> list[MaterialRef]:
    return [MaterialRef(sha256=sha, size=len(d), mime="image/jpeg") for sha, d in photos.items()]


def _export(tmp_path: Path, device: DeviceClient, apps, photos, **extra) -> Path:
    return write_bundle(
        tmp_path / "usb",
        device_code=device.device_code,
        secret=device.secret,
        applications=apps,
        read_material=photos.__getitem__,
        **extra,
    )


def _count(server, table) -> int:
    with server.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar_one()


def test_a_bundle_is_imported_with_its_materials_ratings_and_audit(
    server, device, photos, tmp_path, admin
):
    apps = [
        submission(device_code=device.device_code, materials=_refs(photos)),
        submission(device_code=device.device_code),
    ]
    rating = RatingItem(client_uuid=apps[0].client_uuid, level=5, created_at=utc_text())
    path = _export(
        tmp_path,
        device,
        apps,
        photos,
        ratings=[rating],
        audit=audit_chain(2),
    )
    summary = import_bundle(server.engine, server.files, path, now=utc_now())
    assert (summary.applications_new, summary.applications_duplicate) == (2, 0)
    assert (summary.materials_new, summary.ratings_new, summary.audit_new) == (2, 1, 2)
    assert summary.times_imported == 1 and summary.problems == []
    listed = admin.request("GET", "/v1/admin/applications").json()["applications"]
    assert {row["client_uuid"] for row in listed} == {a.client_uuid for a in apps}
    assert {row["source"] for row in listed} == {"usb"}
    for sha, data in photos.items():
        assert admin.request("GET", f"/v1/admin/materials/{sha}").content == data
    # The kiosk pulls the news of its USB-delivered applications like any other.
    assert len(device.get("/v1/status").json()["updates"]) == 2


def test_importing_twice_is_harmless(server, device, photos, tmp_path):
    path = _export(
        tmp_path,
        device,
        [submission(device_code=device.device_code, materials=_refs(photos))],
        photos,
    )
    import_bundle(server.engine, server.files, path, now=utc_now())
    again = import_bundle(server.engine, server.files, path, now=utc_now())
    assert (again.applications_new, again.applications_duplicate) == (0, 1)
    assert (again.materials_new, again.times_imported) == (0, 2)
    assert _count(server, applications) == 1 and _count(server, materials) == 2


def test_items_synced_online_before_or_after_are_not_duplicated(server, device, photos, tmp_path):
    online_first = submission(device_code=device.device_code)
    usb_first = submission(device_code=device.device_code)
    assert device.submit(online_first).status_code == 201
    path = _export(tmp_path, device, [online_first, usb_first], {})
    summary = import_bundle(server.engine, server.files, path, now=utc_now())
    assert (summary.applications_new, summary.applications_duplicate) == (1, 1)
    later = device.submit(usb_first)
    assert later.status_code == 200 and later.json()["duplicate"] is True
    assert _count(server, applications) == 2


def test_a_tampered_bundle_is_refused_whole(server, device, photos, tmp_path):
    path = _export(tmp_path, device, [submission(device_code=device.device_code)], {})
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(BundleError) as refused:
        import_bundle(server.engine, server.files, path, now=utc_now())
    assert "签名不对" in refused.value.message
    assert _count(server, applications) == 0


def test_a_truncated_bundle_is_refused(server, device, photos, tmp_path):
    path = _export(tmp_path, device, [submission(device_code=device.device_code)], photos)
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(BundleError):
        import_bundle(server.engine, server.files, path, now=utc_now())
    assert _count(server, applications) == 0


def test_a_bundle_from_an_unknown_device_is_refused(server, device, tmp_path):
    stranger = DeviceClient(device.base_url, "ZZ99", os.urandom(32))
    path = _export(tmp_path, stranger, [submission(device_code="ZZ99")], {})
    with pytest.raises(BundleError) as refused:
        import_bundle(server.engine, server.files, path, now=utc_now())
    assert "未登记的设备" in refused.value.message


def test_a_bundle_signed_with_another_secret_is_refused(server, device, tmp_path):
    forged = DeviceClient(device.base_url, device.device_code, os.urandom(32))
    path = _export(tmp_path, forged, [submission(device_code=device.device_code)], {})
    with pytest.raises(BundleError):
        import_bundle(server.engine, server.files, path, now=utc_now())
    assert _count(server, applications) == 0


def test_a_bundle_made_after_the_device_was_revoked_is_refused(server, device, admin, tmp_path):
    admin.request("POST", f"/v1/admin/devices/{device.device_code}/revoke")
    path = _export(
        tmp_path,
        device,
        [submission(device_code=device.device_code)],
        {},
        created_at=utc_now() + timedelta(minutes=1),
    )
    with pytest.raises(BundleError) as refused:
        import_bundle(server.engine, server.files, path, now=utc_now())
    assert "停用" in refused.value.message


def test_a_refused_item_is_reported_and_the_others_go_in(server, device, tmp_path):
    held = submission(device_code=device.device_code)
    device.submit(held)
    changed = held.model_copy(update={"catalog_version": "other"})
    fine = submission(device_code=device.device_code)
    summary = import_bundle(
        server.engine, server.files, _export(tmp_path, device, [changed, fine], {}), now=utc_now()
    )
    assert summary.applications_new == 1
    assert summary.problems == [
        {
            "item": held.client_uuid,
            "code": "idempotency_conflict",
            "message": "同一编号的申请内容不一致，已拒绝，请联系工作人员。",
        }
    ]


def test_cli_import_prints_a_summary_and_imports_once(server, device, db_url, tmp_path, capsys):
    path = _export(tmp_path, device, [submission(device_code=device.device_code)], {})
    assert cli.main(["import", str(path), "--db", db_url]) == 0
    assert "新申请 1" in capsys.readouterr().out
    assert cli.main(["import", str(path), "--db", db_url, "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["applications_new"], summary["applications_duplicate"]) == (0, 1)
    assert summary["times_imported"] == 2


def test_cli_import_refuses_a_file_that_is_not_a_bundle_and_goes_on(
    server, device, db_url, tmp_path, capsys
):
    junk = tmp_path / "photo.jpg"
    junk.write_bytes(b"\xff\xd8\xff not a bundle")
    good = _export(tmp_path, device, [submission(device_code=device.device_code)], {})
    assert cli.main(["import", str(junk), str(good), "--db", db_url]) == 1
    out, err = capsys.readouterr()
    assert "不是终端导出的数据包" in err
    assert "新申请 1" in out and _count(server, applications) == 1
