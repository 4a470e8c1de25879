"""After the headless demo's sync stage the staff screen shows what the sync worker knows:
the server it synced with, when it last succeeded, and that nothing is waiting."""

from __future__ import annotations

from datetime import date

from kiosk.app import DEMO_ADMIN_PIN, build_window, follow_sync, open_kiosk
from kiosk.cli import _demo_sync_stage
from kiosk.demo_journey import run_demo
from kiosk.flows.outcome import ScreenName
from tests.ui.conftest import click


def test_the_staff_screen_follows_the_demo_sync_stage(tmp_path, qtbot):
    stage = _demo_sync_stage(tmp_path / "server")
    with open_kiosk(tmp_path / "data") as kiosk:
        run_demo(kiosk, out=tmp_path / "out", today=date(2026, 11, 22), sync_stage=stage)
        window = build_window(kiosk, demo=True, immediate=True)
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        follow_sync(window, stage.worker, server=stage.server_url)
        window.show_screen(ScreenName.ADMIN)
        admin = window.current
        for digit in DEMO_ADMIN_PIN:
            click(qtbot, admin.keypad.keys[digit])
        click(qtbot, admin.ok_button)
        lines = admin.status.text().splitlines()
        window.ui.tasks.shutdown()

    assert stage.server_url.startswith("http://127.0.0.1:")
    assert f"服务器：{stage.server_url}" in lines
    assert "待提交的申请：0件" in lines and "网络：已连接" in lines
    (last,) = [line for line in lines if line.startswith("上次同步成功：")]
    assert last != "上次同步成功：还没有" and "月" in last
    assert not any("未配置服务器" in line for line in lines)
