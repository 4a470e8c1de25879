"""The command-line contract of issue 6, as an operator runs it: separate processes for
``kiosk`` and ``kiosk-server``, a USB bundle in between, outputs and exit codes checked."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import date

from bench.live_server import BIN, LiveServer, free_port
from kiosk.app import open_kiosk
from kiosk.applications import ApplicationService
from kiosk.bulk_entry import submit_application
from kiosk.storage.keys import load_or_create_device_secret

RECEIPT = re.compile(r"^[0-9A-Z]{2,8}-\d{8}-\d{6,}-[0-9A-Z]$")


def kiosk(data_dir, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "kiosk"), "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def valid_answers(tmp_path, code: str) -> dict:
    """A real answers file: what a resident's finished draft holds, taken from a scratch
    data directory (synthetic person), with its material given as a file reference."""
    scratch = tmp_path / "scratch"
    with open_kiosk(scratch) as opened:
        service = ApplicationService(
            opened.store,
            catalogs=opened.catalogs,
            device_secret=load_or_create_device_secret(scratch),
            material_root=scratch / "materials",
            device_code="K1",
        )
        app = submit_application(service, opened.catalogs, code, today=date.today(), actor="t")
        answers = service.drafts.answers(app.draft_id)
    return {
        field: {"file": "scan.jpg"} if isinstance(value, dict) and "sha256" in value else value
        for field, value in answers.items()
    }


def test_enrol_submit_export_import_sync(tmp_path, live_server: LiveServer, photos):
    data = tmp_path / "kiosk"
    token = live_server.token()

    enrolled = kiosk(data, "enrol", "--server", live_server.url, "--token", token)
    assert enrolled.returncode == 0, enrolled.stderr
    code = re.search(r"设备编号 (\w+)", enrolled.stdout).group(1)
    first = kiosk(
        data, "submit", "--service", "DEMO-MZ-001", "--demo-answers", "--material", str(photos[0])
    )
    assert first.returncode == 0, first.stderr
    receipt_one = first.stdout.strip()
    assert RECEIPT.fullmatch(receipt_one) and receipt_one.startswith(code + "-")

    answers_file = tmp_path / "answers.json"
    answers_file.write_text(json.dumps(valid_answers(tmp_path, "DEMO-YB-001"), ensure_ascii=False))
    (tmp_path / "scan.jpg").write_bytes(photos[1].read_bytes())
    second = kiosk(data, "submit", "--service", "DEMO-YB-001", "--answers", str(answers_file))
    assert second.returncode == 0, second.stderr
    assert RECEIPT.fullmatch(second.stdout.strip())

    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"applicant_id_number": "110105194912310021"}))
    refused = kiosk(data, "submit", "--service", "DEMO-YB-001", "--answers", str(bad))
    assert refused.returncode == 1 and "身份证" in refused.stderr

    # The link is down: one pass cannot empty the outbox, and says so.
    offline = kiosk(data, "sync", "--once", "--server", f"http://127.0.0.1:{free_port()}")
    assert offline.returncode == 1
    assert "待提交 2 件" in offline.stdout and "同步未完成" in offline.stderr

    # Carried on a USB stick instead; importing it twice stores everything once.
    exported = kiosk(data, "export", "--to", str(tmp_path / "usb"))
    assert exported.returncode == 0, exported.stderr
    (bundle,) = (tmp_path / "usb").glob("*.kbundle")
    once, twice = live_server.import_bundles([bundle, bundle])
    assert (once["applications_new"], once["applications_duplicate"]) == (2, 0)
    assert (twice["applications_new"], twice["applications_duplicate"]) == (0, 2)
    assert twice["times_imported"] == 2

    # Back online: the same items are confirmed, not stored again, and a new one goes up.
    third = kiosk(data, "submit", "--service", "DEMO-MZ-004", "--demo-answers")
    assert third.returncode == 0, third.stderr
    synced = kiosk(data, "sync", "--once")
    assert synced.returncode == 0, synced.stderr
    assert "待提交 0 件" in synced.stdout

    rows = [row for row in live_server.applications_cli() if row["device_code"] == code]
    assert sorted(row["receipt_no"] for row in rows) == sorted(
        [receipt_one, second.stdout.strip(), third.stdout.strip()]
    )
    assert {row["state"] for row in rows} == {"accepted"}
    assert sorted(row["source"] for row in rows) == ["online", "usb", "usb"]
