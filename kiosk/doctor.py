"""``kiosk doctor``: is everything this kiosk needs here and working, and if not, what to do.

Part of the composition root (it opens the configured devices, like ``kiosk.app``). Each
check gives a verdict — ``ok``, ``warn`` (works, but not as configured: a stand-in, offline)
or ``fail`` — a sentence in Chinese for the person fixing it, and a technical detail with no
personal data. Printed as::

    ✔ 摄像头：正常
      opencv:/dev/video0 1280x720@30
    ✘ 身份证读卡器：没有响应。请检查读卡器的 USB 线和电源，或改正串口（devices.card_reader_port）
      cannot open card reader port /dev/ttyUSB0: SerialException

or, with ``--json``, one ``{"check", "status", "message", "detail"}`` object per line. The
exit status is 1 when any check failed, else 0.
"""

from __future__ import annotations

import glob
import json
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from kiosk.config import Settings, load_settings
from kiosk.errors import KioskError
from kiosk.storage.encryption import KEY_FILENAME

FONT_FAMILIES = ("Noto Sans CJK SC", "WenQuanYi Micro Hei")
_MARK = {"ok": "✔", "warn": "!", "fail": "✘"}


@dataclass(frozen=True)
class Check:
    check: str
    status: str  # ok | warn | fail
    message: str
    detail: str


def _cameras(settings: Settings) -> Check:
    from devices.camera import OpenCVCamera
    from devices.errors import DeviceError

    config = settings.devices
    nodes = sorted(glob.glob("/dev/video*"))
    found = f"video devices: {', '.join(nodes) or 'none'}"
    if config.camera == "none":
        return Check("摄像头", "warn", "设置中未启用摄像头（devices.camera = none）", found)
    if config.camera == "file":
        exists = Path(config.camera_source).exists()
        status, message = (
            ("warn", "正在使用图片文件代替摄像头")
            if exists
            else (
                "fail",
                f"找不到设置的图片文件夹：{config.camera_source}",
            )
        )
        return Check("摄像头", status, message, f"file:{config.camera_source}; {found}")
    camera = OpenCVCamera(
        config.camera_source,
        width=config.camera_width,
        height=config.camera_height,
        fps=config.camera_fps,
    )
    try:
        frame = camera.read()
        detail = f"{camera.describe()}, first frame {frame.size[0]}x{frame.size[1]}; {found}"
        return Check("摄像头", "ok", "正常", detail)
    except DeviceError as exc:
        return Check(
            "摄像头",
            "fail",
            "没有画面。请检查摄像头的 USB 线，或在设置中改正摄像头编号（devices.camera_source）；"
            "没有摄像头时终端使用演示画面",
            f"{exc.detail}; {found}",
        )
    finally:
        camera.close()


def _scanner(data_dir: Path) -> Check:
    import cv2

    from devices.camera.samples import demo_receipt_payload, render_frames
    from devices.codes.decoders import PyzbarDecoder, ZxingDecoder
    from devices.codes.pipeline import DecodePipeline

    missing = [d.name for d in (ZxingDecoder, PyzbarDecoder) if not d.is_usable()]
    image = cv2.cvtColor(render_frames()[-1], cv2.COLOR_BGR2GRAY)
    start = time.perf_counter()
    result = DecodePipeline().decode(image)
    elapsed = (time.perf_counter() - start) * 1000
    read = [code.text for code in result.codes] == [demo_receipt_payload()]
    detail = (
        f"decoders missing: {', '.join(missing) or 'none'}; sample read {read} in {elapsed:.1f} ms"
    )
    if not read:
        return Check("扫码", "fail", "扫码程序读不出样例二维码，请重新安装终端软件", detail)
    if missing:
        return Check("扫码", "warn", "扫码可用，但缺少一个识别库（识别率会降低）", detail)
    return Check("扫码", "ok", "正常", detail)


def _card_reader(settings: Settings) -> Check:
    from devices.cardreader.serial_reader import SerialCardReader
    from devices.errors import DeviceError

    config = settings.devices
    if config.card_reader == "none":
        return Check("身份证读卡器", "warn", "设置中未启用读卡器（devices.card_reader = none）", "")
    if config.card_reader == "simulator":
        return Check("身份证读卡器", "warn", "正在使用模拟读卡器（演示身份），不能读真实身份证", "")
    reader = SerialCardReader(config.card_reader_port, baudrate=config.card_reader_baudrate)
    try:
        status = reader.sam_status()
    except DeviceError as exc:
        return Check(
            "身份证读卡器",
            "fail",
            "没有响应。请检查读卡器的 USB 线和电源，或在设置中改正串口（devices.card_reader_port）",
            exc.detail,
        )
    finally:
        reader.close()
    detail = f"{config.card_reader_port} @ {config.card_reader_baudrate}: SAM status 0x{status:02X}"
    if status != 0x90:
        return Check("身份证读卡器", "fail", "读卡器报告故障，请联系厂家维修", detail)
    return Check("身份证读卡器", "ok", "正常", detail)


def _printer(settings: Settings, data_dir: Path) -> Check:
    from devices.errors import DeviceError
    from kiosk.app import _escpos_printer

    config = settings.devices
    name = config.printer
    if name == "auto":
        name = "escpos-usb" if config.printer_target else "pdf"
    if name == "none":
        return Check("小票打印机", "warn", "设置中未启用打印机（devices.printer = none）", "")
    if name in ("pdf", "dummy"):
        return Check(
            "小票打印机",
            "warn" if name == "dummy" else "ok",
            "回执保存为 PDF 文件" if name == "pdf" else "打印机为测试用（不出纸）",
            f"{name}: {data_dir / 'receipts'}",
        )
    try:
        printer = _escpos_printer(name, config.printer_target, config.printer_columns)
    except ValueError as exc:
        return Check("小票打印机", "fail", "打印机地址设置有误（devices.printer_target）", str(exc))
    try:
        problem = printer.status().problem()
    except DeviceError as exc:
        return Check(
            "小票打印机",
            "fail",
            "没有连接。请检查打印机电源和连线，或改正设置（devices.printer_target）",
            exc.detail,
        )
    finally:
        printer.close()
    if problem is not None:
        return Check("小票打印机", "fail", problem.message, problem.detail)
    return Check("小票打印机", "ok", "正常", f"{name}: {config.printer_target}")


def _audio() -> Check:
    cards = Path("/proc/asound/cards")
    text = cards.read_text(encoding="utf-8", errors="replace") if cards.exists() else ""
    has_card = any(line[:4].strip().isdigit() for line in text.splitlines())
    speech = shutil.which("espeak-ng")
    detail = f"ALSA cards: {'yes' if has_card else 'none'}; espeak-ng: {speech or 'missing'}"
    if not speech:
        return Check("声音", "fail", "缺少语音合成程序，请安装 espeak-ng", detail)
    if not has_card:
        return Check("声音", "fail", "没有声音输出设备，请接上音箱或耳机并检查声卡", detail)
    return Check("声音", "ok", "正常", detail)


# QtMultimedia lists devices only with a Qt application object. One made in this process
# would outlive the check (PySide keeps it) and forbid the QApplication that whoever called
# run_doctor makes next (a test process, a kiosk showing its window): a child process asks.
_OUTPUTS_PROBE = """
import dataclasses, json
from PySide6.QtCore import QCoreApplication
from accessibility.speech.headset import qt_audio_outputs
app = QCoreApplication(["kiosk-doctor"])
print(json.dumps([dataclasses.asdict(output) for output in qt_audio_outputs()]))
"""


def _audio_outputs() -> list:
    """The audio outputs QtMultimedia sees, asked in a child process (see above)."""
    from accessibility.speech.headset import AudioOutput

    done = subprocess.run(
        [sys.executable, "-c", _OUTPUTS_PROBE],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        tail = done.stderr.strip().splitlines()[-1:] or [f"exit status {done.returncode}"]
        raise RuntimeError(tail[0])
    return [AudioOutput(**output) for output in json.loads(lines[-1])]


def _headset(settings: Settings) -> Check:
    """Whether personal data would be spoken (only into a headset), and why."""
    try:
        from accessibility.speech.headset import decide_headset

        outputs = _audio_outputs()
    except (ImportError, RuntimeError, ValueError, subprocess.TimeoutExpired) as exc:
        detail = f"{type(exc).__name__}: {exc}"
        return Check("耳机", "warn", "无法检测耳机：个人信息按外放处理，不读出", detail)
    state = decide_headset(settings.audio.headset, outputs)
    names = ", ".join(o.description + (" (default)" if o.default else "") for o in outputs)
    detail = f"audio.headset = {settings.audio.headset}; outputs: {names or 'none'}"
    return Check("耳机", "ok", state.reason, detail)


def _fonts() -> Check:
    if not shutil.which("fc-list"):
        return Check("中文字体", "fail", "缺少字体工具，请安装 fontconfig", "fc-list missing")
    listed = subprocess.run(
        ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=20
    ).stdout
    families = {name.strip() for line in listed.splitlines() for name in line.split(",")}
    present = [family for family in FONT_FAMILIES if family in families]
    detail = f"wanted one of {', '.join(FONT_FAMILIES)}; found {', '.join(present) or 'none'}"
    if not present:
        return Check("中文字体", "fail", "缺少简体中文字体，请安装 fonts-noto-cjk", detail)
    return Check("中文字体", "ok", "正常", detail)


def _store(data_dir: Path) -> Check:
    from kiosk.app import open_kiosk

    try:
        with open_kiosk(data_dir) as kiosk:
            result = kiosk.store.db.conn.execute("PRAGMA quick_check").fetchone()
            key = kiosk.storage_key
    except KioskError as exc:
        return Check("数据存储", "fail", exc.message, exc.detail)
    verdict = str(result[0]) if result else "no answer"
    if verdict != "ok":
        return Check("数据存储", "fail", "数据文件损坏，请联系技术支持", f"quick_check: {verdict}")
    detail = f"{data_dir}: quick_check ok; encrypted, key {key.fingerprint} from {key.source}"
    if key.source.startswith(KEY_FILENAME):
        # Works, but a stolen disk carries the key with the data (docs/security.md).
        return Check(
            "数据存储",
            "warn",
            "正常，已加密；但密钥和数据在同一块磁盘上，正式部署请改用 TPM 保护的系统凭据",
            detail,
        )
    return Check("数据存储", "ok", "正常，已加密", detail)


def _server(settings: Settings) -> Check:
    import requests

    from kiosk.protocol import API_PREFIX

    if not settings.server_url:
        return Check(
            "服务器", "warn", "未设置服务器地址：申请保存在本机，联网后需先登记（kiosk enrol）", ""
        )
    url = settings.server_url.rstrip("/") + f"{API_PREFIX}/health"
    try:
        answer = requests.get(url, timeout=5)
        answer.raise_for_status()
        ok = bool(answer.json().get("ok"))
    except (requests.RequestException, ValueError) as exc:
        return Check(
            "服务器",
            "warn",
            "暂时连不上服务器：申请先保存在本机，网络恢复后自动提交",
            f"GET {url}: {type(exc).__name__}",
        )
    if not ok:
        return Check("服务器", "warn", "服务器暂时不可用，申请先保存在本机", f"GET {url}: ok=false")
    return Check("服务器", "ok", "正常", f"GET {url}: ok")


def checks(data_dir: Path) -> Iterator[Check]:
    try:
        settings = load_settings(data_dir)
    except KioskError as exc:
        yield Check("设置", "fail", exc.message, exc.detail)
        settings = Settings()
    runs: list[Callable[[], Check]] = [
        lambda: _cameras(settings),
        lambda: _scanner(data_dir),
        lambda: _card_reader(settings),
        lambda: _printer(settings, data_dir),
        _audio,
        lambda: _headset(settings),
        _fonts,
        lambda: _store(data_dir),
        lambda: _server(settings),
    ]
    for run in runs:
        yield run()


def run_doctor(data_dir: Path, *, as_json: bool) -> int:
    failed = False
    for check in checks(data_dir):
        failed |= check.status == "fail"
        if as_json:
            print(json.dumps(asdict(check), ensure_ascii=False), flush=True)
        else:
            print(f"{_MARK[check.status]} {check.check}：{check.message}")
            if check.detail:
                print(f"  {check.detail}")
            sys.stdout.flush()
    return 1 if failed else 0
