"""``kiosk run`` on a real kiosk: the configured devices are probed and used; an absent one
is left out (never replaced by the demo's synthetic card or sample photos) and staff are
told why, while the PDF printer stands in for a paper one."""

from __future__ import annotations

from kiosk.app import open_kiosk, start_kiosk
from kiosk.config import DeviceSettings, Settings, save_settings


def test_absent_devices_are_left_out_with_a_notice_for_staff(tmp_path, qapp):
    data = tmp_path / "data"
    data.mkdir()
    devices = DeviceSettings(
        camera_source="/dev/video-absent",
        card_reader_port="/dev/absent",
        printer="escpos-network",
        printer_target="127.0.0.1:9",
    )
    save_settings(data, Settings(devices=devices))
    with open_kiosk(data) as kiosk:
        running = start_kiosk(kiosk, demo=False, fullscreen=False)
        try:
            found = running.window.ui.devices
            assert found.card_reader is None and running.simulator is None
            assert found.camera is None
            assert found.printer is not None  # the PDF printer instead of the paper one
            assert len(found.notices) == 3
            assert any("读卡器" in n and "输入身份证号" in n for n in found.notices)
            assert any("摄像头" in n and "稍后补交" in n for n in found.notices)
            assert any("打印机" in n for n in found.notices)
        finally:
            running.window.close()
            running.stop()


def test_a_configured_simulator_is_kept(tmp_path, qapp):
    data = tmp_path / "data"
    data.mkdir()
    devices = DeviceSettings(card_reader="simulator", camera="none", printer="pdf")
    save_settings(data, Settings(devices=devices))
    with open_kiosk(data) as kiosk:
        running = start_kiosk(kiosk, demo=False, fullscreen=False)
        try:
            found = running.window.ui.devices
            assert found.card_reader is not None and running.simulator is not None
            assert found.card_reader.read_card().id_number
            assert found.notices == []
        finally:
            running.window.close()
            running.stop()
