"""The scripted journey runs end to end through the real flows and store."""

from __future__ import annotations

import json
from datetime import date

from kiosk.app import open_kiosk
from kiosk.cli import main
from kiosk.demo_journey import run_demo
from kiosk.storage.audit_repo import AuditLog
from kiosk.storage.outbox_repo import Outbox


def test_demo_queues_three_applications_offline_with_receipts(tmp_path):
    with open_kiosk(tmp_path / "data") as kiosk:
        summary = run_demo(kiosk, out=tmp_path / "out", today=date(2026, 11, 22))
        outbox = Outbox(kiosk.store, device_code=kiosk.settings.receipt_prefix)
        assert outbox.pending_count() == 3
        assert AuditLog(kiosk.store).verify_chain().ok
    apps = summary["applications"]
    assert [a["service"] for a in apps] == ["DEMO-MZ-001", "DEMO-RS-001", "DEMO-YJS-001"]
    assert len({a["receipt"] for a in apps}) == 3
    assert all(a["state"] == "queued" and a["server_id"] is None for a in apps)
    # 容缺: the elder's 户口簿 follows later; 材料复用: the mother's is reused in the bundle.
    assert apps[0]["materials_owed"] == ["hukou_booklet"]
    assert apps[2]["reused_materials"] == ["material_hukou_booklet"]
    written = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert written == summary
    transcript = (tmp_path / "out" / "speech_transcript.txt").read_text(encoding="utf-8")
    assert "网络暂不可用，申请已保存在本机，恢复后自动提交" in transcript
    # The bundle asks its shared questions once.
    bundle = summary["screens"][summary["screens"].index("guide", 30) :]
    questions = [s for s in bundle if s.startswith("wizard:")]
    assert len(questions) == len(set(questions))


def test_demo_command_writes_summary(tmp_path, capsys):
    out = tmp_path / "out"
    # --no-screens: the flows only (tests/ui/test_demo_screens.py runs the screens).
    args = ["demo", "--headless", "--no-screens", "--out", str(out)]
    assert main([*args, "--data-dir", str(tmp_path / "d")]) == 0
    assert "回执" in capsys.readouterr().out
    assert (out / "summary.json").exists()
