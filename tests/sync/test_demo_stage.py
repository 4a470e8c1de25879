"""The sync stage of ``kiosk demo --headless``: the queue drains to a real server and the
demo ends with every application ``accepted`` (issue 6's contract)."""

from __future__ import annotations

from datetime import date

from kiosk.app import open_kiosk
from kiosk.demo_journey import run_demo
from sync.demo import DemoSyncStage


def test_the_demo_ends_with_its_applications_accepted_by_the_server(tmp_path, server_factory):
    servers = []

    def start():
        servers.append(server_factory("sqlite"))
        return servers[0]

    with open_kiosk(tmp_path / "data") as kiosk:
        summary = run_demo(
            kiosk, out=tmp_path / "out", today=date(2026, 11, 22), sync_stage=DemoSyncStage(start)
        )
    apps = summary["applications"]
    assert [a["state"] for a in apps] == ["accepted", "accepted", "accepted"]
    assert all(a["server_id"] for a in apps)
    held = {row["receipt_no"]: row for row in servers[0].applications()}
    assert {a["receipt"]: a["server_id"] for a in apps} == {
        receipt: row["server_id"] for receipt, row in held.items()
    }
    assert {row["state"] for row in held.values()} == {"accepted"}
    assert summary["sync"]["pending"] == 0
    assert servers[0].process is None  # the stage stopped its server
