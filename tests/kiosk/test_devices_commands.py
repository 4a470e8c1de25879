"""`kiosk scan`, `kiosk doctor` and the device fallback of the composition root."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import cv2
import pytest

from bench.code_frames import make_frame
from devices.camera import FileCamera
from devices.camera.samples import demo_receipt_payload, write_sample_frames
from devices.cardreader.simulator import CardReaderSimulator
from devices.codes.payloads import parse_payload
from devices.codes.scanner import Scanner
from kiosk.app import DEMO_CARD_HOLDER, build_devices, demo_card
from kiosk.cli import main
from kiosk.config import DeviceSettings, Settings, load_settings, save_settings
from kiosk.domain.identity import check_id_number


def _lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_scan_prints_one_object_per_file_in_order(tmp_path: Path, capsys) -> None:
    code = make_frame(5, degrade=False)
    hard = make_frame(58)  # glare: read by the repair pipeline, not by a plain read
    empty = make_frame(1, empty=True, degrade=False)
    paths = []
    for name, frame in (("code.png", code), ("glare.png", hard), ("empty.jpg", empty)):
        path = tmp_path / name
        cv2.imwrite(str(path), frame.image)
        paths.append(str(path))
    assert main(["scan", *paths]) == 0
    out = _lines(capsys.readouterr().out)
    assert [line["file"] for line in out] == paths
    assert all(set(line) == {"file", "codes", "ms"} for line in out)
    assert out[0]["codes"] == [{"format": "QRCode", "text": code.payload}]
    assert out[1]["codes"] == [{"format": "QRCode", "text": hard.payload}]
    assert out[2]["codes"] == []
    assert all(isinstance(line["ms"], float) and line["ms"] > 0 for line in out)


def test_scan_reports_unreadable_files_and_goes_on(tmp_path: Path, capsys) -> None:
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not a picture")
    good = tmp_path / "good.png"
    cv2.imwrite(str(good), make_frame(2, degrade=False).image)
    missing = tmp_path / "missing.png"
    assert main(["scan", str(broken), str(missing), str(good)]) == 1
    captured = capsys.readouterr()
    out = _lines(captured.out)
    assert [line["file"] for line in out] == [str(broken), str(missing), str(good)]
    assert out[0] == {"file": str(broken), "codes": [], "ms": 0.0}
    assert len(out[2]["codes"]) == 1
    assert f"无法读取图片：{broken}" in captured.err


def test_stand_ins_replace_absent_devices_with_a_notice(tmp_path: Path) -> None:
    settings = Settings(
        devices=DeviceSettings(camera_source="/dev/video-absent", card_reader_port="/dev/absent")
    )
    devices = build_devices(tmp_path, settings)
    try:
        assert devices.stand_ins == {
            "camera": f"file:{tmp_path / 'sample-frames'}",
            "card_reader": "simulator",
            "printer": "pdf",
        }
        assert devices.notices == [
            "未检测到摄像头，正在使用演示画面",
            "未检测到身份证读卡器，正在使用模拟读卡器（演示身份）",
        ]
        # The stand-in camera runs the real scanner on real pixels.
        got = threading.Event()
        codes = []
        scanner = Scanner(devices.camera, on_code=lambda c: (codes.append(c.text), got.set()))
        scanner.start()
        assert got.wait(20)
        scanner.stop()
        assert codes[0] == demo_receipt_payload() and parse_payload(codes[0]).trusted
        # The stand-in reader serves a synthetic card over a real pty; identity rules hold.
        record = devices.card_reader.read_card()
        assert record.name == DEMO_CARD_HOLDER
        assert check_id_number(record.id_number).valid
        assert type(devices.printer).__name__ == "_LazyPdfPrinter"  # PdfPrinter on first print
    finally:
        devices.close()


def test_without_stand_ins_absent_devices_are_left_out(tmp_path: Path) -> None:
    """A real kiosk: no sample photos, no synthetic card; nothing of them is even built."""
    settings = Settings(
        devices=DeviceSettings(camera_source="/dev/video-absent", card_reader_port="/dev/absent")
    )
    devices = build_devices(tmp_path, settings, stand_ins=False)
    try:
        assert devices.camera is None and devices.card_reader is None
        assert devices.simulator is None
        assert not (tmp_path / "sample-frames").exists()
        assert devices.stand_ins == {"printer": "pdf"}
        assert devices.notices == [
            "未检测到摄像头：材料可以选“稍后补交”，或请工作人员帮忙",
            "未检测到身份证读卡器：请在屏幕上输入身份证号，或扫身份码",
        ]
        assert set(devices.notice_of) == {"camera", "card_reader"}
    finally:
        devices.close()


def test_configured_stand_ins_are_not_a_notice(tmp_path: Path) -> None:
    frames = write_sample_frames(tmp_path / "frames")
    settings = Settings(
        devices=DeviceSettings(
            camera="file", camera_source=str(frames), card_reader="simulator", printer="dummy"
        )
    )
    devices = build_devices(tmp_path, settings)
    try:
        assert devices.notices == []
        assert isinstance(devices.camera, FileCamera)
        assert devices.card_reader.read_card().name == DEMO_CARD_HOLDER
        assert type(devices.printer).__name__ == "DummyPrinter"
    finally:
        devices.close()


def _doctor(data_dir: Path, capsys) -> tuple[int, dict[str, dict]]:
    code = main(["--data-dir", str(data_dir), "doctor", "--json"])
    return code, {line["check"]: line for line in _lines(capsys.readouterr().out)}


def test_doctor_says_what_to_fix(data_dir: Path, capsys) -> None:
    settings = load_settings(data_dir)
    settings.devices.camera_source = "/dev/video-absent"
    settings.devices.card_reader_port = str(data_dir / "no-such-port")
    save_settings(data_dir, settings)
    code, checks = _doctor(data_dir, capsys)
    assert code == 1
    assert list(checks) == [
        "摄像头",
        "扫码",
        "身份证读卡器",
        "小票打印机",
        "声音",
        "耳机",
        "中文字体",
        "数据存储",
        "服务器",
    ]
    assert checks["摄像头"]["status"] == "fail"
    assert "devices.camera_source" in checks["摄像头"]["message"]
    assert "/dev/video-absent" in checks["摄像头"]["detail"]
    assert checks["身份证读卡器"]["status"] == "fail"
    assert checks["身份证读卡器"]["message"].startswith("没有响应")
    assert "no-such-port" in checks["身份证读卡器"]["detail"]
    assert checks["扫码"]["status"] == "ok"
    # Encrypted, but with the key beside the data: works, and says how to do better.
    assert checks["数据存储"]["status"] == "warn"
    assert "TPM" in checks["数据存储"]["message"]
    assert "encrypted, key" in checks["数据存储"]["detail"]
    assert checks["中文字体"]["status"] == "ok"  # set-up installs fonts-noto-cjk
    assert checks["服务器"]["status"] == "warn"  # not set: the kiosk works offline


def test_doctor_finds_a_working_reader_and_camera(data_dir: Path, capsys) -> None:
    frames = write_sample_frames(data_dir / "frames")
    with CardReaderSimulator(demo_card()) as simulator:
        settings = load_settings(data_dir)
        settings.devices.camera = "file"
        settings.devices.camera_source = str(frames)
        settings.devices.card_reader = "serial"
        settings.devices.card_reader_port = simulator.port
        save_settings(data_dir, settings)
        _, checks = _doctor(data_dir, capsys)
    assert checks["身份证读卡器"]["status"] == "ok"
    assert "SAM status 0x90" in checks["身份证读卡器"]["detail"]
    assert checks["摄像头"]["status"] == "warn"  # pictures stand in for a camera


def test_doctor_plain_output_has_the_detail_on_a_second_line(data_dir: Path, capsys) -> None:
    main(["--data-dir", str(data_dir), "doctor"])
    lines = capsys.readouterr().out.splitlines()
    first = next(i for i, line in enumerate(lines) if "数据存储" in line)
    assert lines[first].startswith("! 数据存储：正常，已加密")
    assert lines[first + 1].startswith("  ") and "quick_check ok" in lines[first + 1]


def test_doctor_is_content_with_a_key_kept_away_from_the_data(
    data_dir: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    key_file = tmp_path / "elsewhere" / "kiosk-storage-key"
    key_file.parent.mkdir()
    key_file.write_bytes(bytes(range(32)))
    monkeypatch.setenv("KIOSK_STORAGE_KEY_FILE", str(key_file))
    _, checks = _doctor(data_dir, capsys)
    assert checks["数据存储"]["status"] == "ok"
    assert checks["数据存储"]["message"] == "正常，已加密"
    assert "KIOSK_STORAGE_KEY_FILE" in checks["数据存储"]["detail"]


@pytest.mark.parametrize("bad", ["camera", "printer"])
def test_unknown_device_names_are_refused_by_the_settings(bad: str) -> None:
    with pytest.raises(ValueError):
        DeviceSettings(**{bad: "telepathy"})


def test_doctor_says_whether_personal_data_would_be_spoken(data_dir: Path, capsys) -> None:
    _, checks = _doctor(data_dir, capsys)
    # No audio device here: unknown is the open speaker, so names and numbers are masked.
    assert checks["耳机"]["message"].startswith("没有音频输出设备：按外放处理")
    assert "audio.headset = auto" in checks["耳机"]["detail"]
    settings = load_settings(data_dir)
    settings.audio.headset = "yes"
    save_settings(data_dir, settings)
    _, checks = _doctor(data_dir, capsys)
    assert checks["耳机"]["message"].startswith("设置为使用耳机")
