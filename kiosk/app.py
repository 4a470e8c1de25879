"""Composition root: the one place that opens the store and wires the parts together.

Only this module and :mod:`kiosk.cli` may import the outer packages (ui, devices, sync,
accessibility); the import-linter contract in pyproject.toml enforces it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from kiosk.catalogs import CatalogService
from kiosk.config import Settings, load_settings
from kiosk.i18n import tr
from kiosk.storage.database import DB_FILENAME, Store
from kiosk.storage.encryption import StorageKey, load_storage_key
from kiosk.storage.retention import PurgeReport, Retention

_log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from kiosk.flows.context import FlowContext


@dataclass
class Kiosk:
    data_dir: Path
    settings: Settings
    store: Store
    catalogs: CatalogService
    storage_key: StorageKey

    def purge_expired(self, *, actor: str = "housekeeping") -> PurgeReport:
        """Apply the retention settings now (at start-up and after each sync pass)."""
        return Retention(self.store, material_root=self.data_dir / "materials").purge(
            draft_retention=timedelta(days=self.settings.draft_retention_days),
            after_ack=timedelta(days=self.settings.purge_after_ack_days),
            actor=actor,
        )

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Kiosk:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def open_kiosk(data_dir: Path) -> Kiosk:
    """Opens (creating on first start) the data directory, the store and the catalogue."""
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    settings = load_settings(data_dir)
    db_path = data_dir / DB_FILENAME
    key = load_storage_key(data_dir, store_exists=db_path.exists() and db_path.stat().st_size > 0)
    store = Store.open(db_path, key=key)
    try:
        catalogs = CatalogService(store)
        catalogs.ensure_installed()
    except BaseException:
        store.close()
        raise
    return Kiosk(
        data_dir=data_dir, settings=settings, store=store, catalogs=catalogs, storage_key=key
    )


def flow_context(kiosk: Kiosk, *, today: Callable[[], date] = date.today) -> FlowContext:
    """The services every screen's flow uses, over this kiosk's store and catalogue."""
    from kiosk.applications import ApplicationService
    from kiosk.flows.context import FlowContext
    from kiosk.flows.home import usage_counts
    from kiosk.storage.keys import load_or_create_device_secret

    applications = ApplicationService(
        kiosk.store,
        catalogs=kiosk.catalogs,
        device_secret=load_or_create_device_secret(kiosk.data_dir),
        material_root=kiosk.data_dir / "materials",
        device_code=kiosk.settings.receipt_prefix,
    )
    return FlowContext(
        store=kiosk.store,
        catalogs=kiosk.catalogs,
        applications=applications,
        settings=kiosk.settings,
        today=today,
        device=kiosk.settings.receipt_prefix,
        usage=lambda: usage_counts(kiosk.store),
    )


DEMO_ADMIN_PIN = "135790"
"""The staff PIN of ``kiosk run --demo`` and the headless demo (never of a real kiosk)."""


def build_window(
    kiosk: Kiosk,
    *,
    demo: bool = False,
    today: Callable[[], date] = date.today,
    speaker: object | None = None,
    immediate: bool = False,
    monotonic: Callable[[], float] | None = None,
    devices: object | None = None,
    live_capture: bool = False,
):
    """The kiosk window over this kiosk's store, with its devices, speaker and task runner.

    ``demo``: stand-in devices (a camera playing document photos, a PDF printer) and the demo
    staff PIN. ``immediate`` runs background work inline (the scripted tour and tests).
    Needs a QApplication.
    """
    import time

    from accessibility.speech.base import RecordingSpeaker
    from accessibility.speech.headset import HeadsetMonitor
    from accessibility.speech.wording import WordedSpeaker
    from kiosk.flows.admin import AdminFlow, StatusLine
    from kiosk.storage.drafts_repo import hash_pin
    from ui.context import Devices, UiContext
    from ui.log_tail import LogTail
    from ui.tasks import TaskRunner
    from ui.window import KioskWindow

    ctx = flow_context(kiosk, today=today)
    if devices is None and demo:
        from ui.demo import demo_devices

        devices = demo_devices(kiosk.data_dir)
    devices = devices or Devices()
    admin_hash = kiosk.settings.admin_pin_hash or (hash_pin(DEMO_ADMIN_PIN) if demo else None)
    tail = LogTail.install()
    # Prompts say 按确认键 instead of 请点 while the keypad drives the session.
    if not isinstance(speaker, WordedSpeaker):
        speaker = WordedSpeaker(speaker or RecordingSpeaker())
    # Personal data is spoken only into a headset: detected from the audio outputs (and on
    # every change), or as audio.headset says; masked when unknown.
    headset = HeadsetMonitor(speaker, setting=kiosk.settings.audio.headset)

    def device_lines() -> list[StatusLine]:
        named = ((tr("读卡器"), devices.card_reader), (tr("摄像头"), devices.camera))
        lines = [
            StatusLine(name, tr("已连接") if dev else tr("未连接"), bool(dev))
            for name, dev in named
        ]
        printer = devices.printer
        if printer is None:
            kind = tr("无")
        else:
            kind = tr("PDF 文件") if hasattr(printer, "written") else tr("已连接")
        lines.append(StatusLine(tr("回执打印"), kind, printer is not None))
        lines.append(StatusLine(tr("耳机"), headset.state.reason, True))
        # A stand-in working in place of an absent device is said, not hidden.
        lines += [StatusLine(tr("替代设备"), notice, False) for notice in devices.notices]
        return lines

    ui = UiContext(
        flows=ctx,
        speaker=speaker,
        tasks=TaskRunner.immediate() if immediate else TaskRunner(),
        admin=AdminFlow(
            pin_hash=lambda: admin_hash,
            catalogs=ctx.catalogs,
            applications=ctx.applications,
            devices=device_lines,
            sync=lambda: ui.sync_facts(),
            log_tail=tail.lines,
        ),
        devices=devices,
        live_capture=live_capture,
    )
    window = KioskWindow(ui, monotonic=monotonic or time.monotonic)
    headset.setParent(window)
    window.headset = headset
    return window


def demo_screens(
    kiosk: Kiosk,
    *,
    out: Path,
    today: date,
    between: Callable[[], None] | None = None,
    scales: list | None = None,
) -> dict:
    """The headless demo's screens: the tour on an offscreen window, photographed at each
    font scale; what ``kiosk.demo_journey.run_demo`` needs (see ``ScreenJourney``)."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from accessibility.scale import FontScale
    from accessibility.speech.base import RecordingSpeaker
    from ui.demo import demo_devices, photograph_tour
    from ui.tour import TourClock

    app = QApplication.instance() or QApplication(["kiosk-demo"])
    chosen = list(scales or FontScale)
    clock = TourClock()
    speaker = RecordingSpeaker()
    devices = demo_devices(kiosk.data_dir, receipts=out / "receipts")
    window = build_window(
        kiosk,
        demo=True,
        today=lambda: today,
        speaker=speaker,
        immediate=True,
        monotonic=clock,
        devices=devices,
    )
    window.resize(1920, 1080)
    window.show()
    try:
        photos = photograph_tour(
            window,
            clock=clock,
            out=out / "screens",
            scales=chosen,
            admin_pin=DEMO_ADMIN_PIN,
            between=between,
            speaker=speaker,
        )
    finally:
        window.close()
        window.deleteLater()
        app.processEvents()
    written = getattr(devices.printer, "written", [])
    return {
        "screens": photos.screens,
        "scales": [scale.label for scale in chosen],
        "screenshots": photos.screenshots,
        "transcript": photos.transcript,
        "receipts": photos.receipts,
        "receipt_pdf": str(written[0]) if written else None,
    }


@dataclass
class RunningKiosk:
    """The parts of a started kiosk that must be stopped with it."""

    app: object
    window: object
    worker: object | None = None
    simulator: object | None = None
    navigator: object | None = None
    warm_up: Any = None
    """The timer that starts sync and the warm-up after the home screen is up."""

    def stop(self) -> None:
        if self.warm_up is not None:  # stopped before it fired: nothing starts afterwards
            self.warm_up.stop()
        if self.worker is not None:
            self.worker.stop()
        if self.simulator is not None:
            self.simulator.stop()
        self.window.ui.tasks.shutdown()


def start_kiosk(kiosk: Kiosk, *, demo: bool, fullscreen: bool = True) -> RunningKiosk:
    """Builds and shows the kiosk window (the home screen) without entering the event loop."""
    import os
    from importlib import import_module

    # The Qt-free layers first: PySide6's import hook inspects the source of every module
    # imported after it, which costs a quarter of a second of start-up for nothing.
    for name in ("kiosk.flows.visit", "kiosk.flows.admin", "kiosk.domain.regions"):
        import_module(name)

    os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")  # Pinyin on the touch screen
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from kiosk.flows.outcome import ScreenName
    from ui.sync_status import SyncPoller

    app = QApplication.instance() or QApplication(["kiosk"])
    _purge_at_start(kiosk)
    speaker = _speaker(kiosk)
    simulator = None
    if demo:
        from ui.demo import demo_devices

        devices = demo_devices(kiosk.data_dir)
        simulator, devices.card_reader = _demo_card_reader()
    else:
        devices, simulator = _devices(kiosk)
    window = build_window(kiosk, demo=demo, speaker=speaker, devices=devices, live_capture=True)
    running = RunningKiosk(app, window, None, simulator, _keypad(window, window.ui.speaker))

    def start_sync() -> None:
        # After the home screen is up: the sync stack (requests, the engine) is not needed to
        # take the first touch, and a kiosk offline at boot is the common case anyway.
        running.worker = _sync_worker(kiosk)
        if running.worker is not None:
            poller = SyncPoller(running.worker, parent=window)
            window.ui.online = poller.online
            window.ui.sync_facts = poller.facts

    window.quit_requested.connect(app.quit)
    window.show_screen(ScreenName.HOME)
    if fullscreen:
        window.showFullScreen()
    else:
        window.resize(1920, 1080)
        window.show()
    # After the home screen is painted and a first touch could come (not competing with it).
    running.warm_up = QTimer(window)
    running.warm_up.setSingleShot(True)
    running.warm_up.timeout.connect(lambda: (start_sync(), window.warm_up()))
    running.warm_up.start(WARM_UP_DELAY_MS)
    return running


def run_kiosk(kiosk: Kiosk, *, demo: bool, fullscreen: bool = True) -> int:
    """``kiosk run``: the kiosk window until staff leave kiosk mode."""
    running = start_kiosk(kiosk, demo=demo, fullscreen=fullscreen)
    try:
        return running.app.exec()
    finally:
        running.stop()


def _purge_at_start(kiosk: Kiosk) -> None:
    """Retention before the first resident: a draft past its time cannot be resumed, and what
    the server acknowledged long enough ago leaves the disk, even on a kiosk that has been
    offline (and so never ran a sync pass) since it was switched off. A failure is logged and
    the kiosk starts anyway: the next pass tries again."""
    try:
        report = kiosk.purge_expired(actor="startup")
    except Exception as exc:
        _log.error("retention at start-up failed: %s", type(exc).__name__)
        return
    if report.anything:
        _log.info(
            "retention at start-up: %d drafts expired, %d cleared, %d applications and"
            " %d materials purged",
            report.drafts_expired,
            report.drafts_cleared,
            report.applications_purged,
            report.materials_deleted,
        )


def _speaker(kiosk: Kiosk):
    """The real voice (espeak-ng through QtMultimedia) where it works, else silence."""
    import logging

    from accessibility.speech.base import RecordingSpeaker

    try:
        from accessibility.speech.speaker import VoiceSpeaker

        return VoiceSpeaker(cache_dir=kiosk.data_dir / "speech-cache")
    except Exception as exc:
        logging.getLogger("kiosk.run").warning("no speech: %s", type(exc).__name__)
        return RecordingSpeaker()


def _keypad(window, speaker):
    try:
        from accessibility.keypad import KeypadNavigator
    except ImportError:  # pragma: no cover - the a11y package ships it
        return None
    navigator = KeypadNavigator(
        window,
        speaker,
        scope=lambda: window.open_dialog() or window.current,
        back=lambda: window.go_back(),
    )
    navigator.install()  # the application's event filter: without it no key reaches it
    return navigator


WARM_UP_DELAY_MS = 1500


class _LazyPdfPrinter:
    """The PDF printer, imported on the first print (its imports cost a tenth of a second of
    start-up); ``written`` lists the files, as the PDF printer's does."""

    def __init__(self, out_dir: Path) -> None:
        self._out_dir = out_dir
        self._printer = None

    @property
    def written(self) -> list:
        return self._printer.written if self._printer is not None else []

    def print_receipt(self, receipt):
        if self._printer is None:
            from devices.printer.pdf_printer import PdfPrinter

            self._printer = PdfPrinter(self._out_dir)
        return self._printer.print_receipt(receipt)


def _devices(kiosk: Kiosk):
    """A real kiosk: the devices its settings name (``build_devices``, each probed). Where one
    is absent, the kiosk goes on without it and staff see why on the admin screen; the demo's
    stand-ins are not used here: a simulated card or sample photos would put a synthetic
    identity or a fake document into a real application. (A configured ``simulator`` or
    ``file`` camera is kept: someone chose it.) The PDF printer does stand in for paper."""
    from ui.context import Devices

    found = build_devices(kiosk.data_dir, kiosk.settings, stand_ins=False)
    devices = Devices(
        card_reader=found.card_reader,
        printer=found.printer,
        camera=found.camera,
        notices=found.notices,
    )
    return devices, found.simulator


def _demo_card_reader():
    """A simulated reader on a pty holding a synthetic resident's card (real serial path)."""
    from datetime import date as _date

    from devices.cardreader.base import CardRecord
    from devices.cardreader.serial_reader import SerialCardReader
    from devices.cardreader.simulator import CardReaderSimulator
    from kiosk.domain.identity import compose_id_number

    card = CardRecord(
        name="张秀英",  # i18n: keep
        sex="male",
        nation_code="01",
        birth_date=_date(1940, 5, 6),
        address="北京市朝阳区示例街道示例社区1号",  # i18n: keep (110105: 户口所在地 read off it)
        id_number=compose_id_number("110105", birth_date=_date(1940, 5, 6), sequence=31),
        authority="示例县公安局",  # i18n: keep
        valid_from=_date(2016, 1, 1),
        valid_to=None,
    )
    simulator = CardReaderSimulator(card)
    port = simulator.start()
    return simulator, SerialCardReader(port)


def sync_engine(kiosk: Kiosk, *, config: Any = None, server_url: str | None = None):
    """This kiosk's sync engine, purging what retention allows after every completed pass
    (what the server has just acknowledged may be due). The worker, ``kiosk sync`` and the
    tests all build it here."""
    from sync.factory import build_engine

    def purge(_result: Any) -> None:
        report = kiosk.purge_expired(actor="sync")
        if report.anything:
            _log.info(
                "retention after sync: %d applications, %d drafts, %d files",
                report.applications_purged,
                report.drafts_cleared,
                report.materials_deleted,
            )

    return build_engine(
        store=kiosk.store,
        data_dir=kiosk.data_dir,
        catalogs=kiosk.catalogs,
        settings=kiosk.settings,
        config=config,
        server_url=server_url,
        after_pass=purge,
    )


def _sync_worker(kiosk: Kiosk):
    """The sync worker when this device is enrolled with a server, else None (offline)."""
    import logging

    try:
        from sync.worker import SyncWorker

        engine = sync_engine(kiosk)
    except Exception as exc:
        logging.getLogger("kiosk.run").info("sync not started: %s", type(exc).__name__)
        return None
    worker = SyncWorker(engine)
    worker.start()
    return worker


# -- devices: the configured backends, or the stand-ins with a visible notice ----------------

# i18n: keep (card data)
DEMO_CARD_HOLDER = "王秀英"  # synthetic: the stand-in card reader's card (no real person)


@dataclass
class KioskDevices:
    """The kiosk's devices. ``notices`` are shown to staff (and in ``kiosk doctor``) whenever
    a device is absent (replaced by a stand-in, or left out as None); ``stand_ins`` says which
    kinds a stand-in replaced."""

    camera: Any
    card_reader: Any
    printer: Any
    notices: list[str]
    stand_ins: dict[str, str]
    simulator: Any = None
    notice_of: dict[str, str] = field(default_factory=dict)
    """The notice of each absent kind."""

    def close(self) -> None:
        for device in (self.camera, self.card_reader, self.printer):
            if device is not None and hasattr(device, "close"):
                device.close()
        if self.simulator is not None:
            self.simulator.stop()


def demo_card(today: date | None = None) -> Any:
    """The synthetic resident on the stand-in card reader's card (valid, not expired)."""
    from devices.cardreader import CardRecord
    from kiosk.domain.identity import compose_id_number

    today = today or date.today()
    born = date(1948, 5, 12)
    return CardRecord(
        name=DEMO_CARD_HOLDER,
        sex="female",
        nation_code="01",
        birth_date=born,
        address="北京市朝阳区示例街道示例社区1号",  # i18n: keep (the ID number's 110105)
        id_number=compose_id_number("110105", birth_date=born, sequence=24),
        authority="示例县公安局",  # i18n: keep
        valid_from=date(today.year - 5, 1, 1),
        valid_to=None,
    )


def build_devices(
    data_dir: Path, settings: Settings, *, probe: bool = True, stand_ins: bool = True
) -> KioskDevices:
    """The devices ``settings.devices`` names (``devices/registry.py``), each probed when
    ``probe``; an absent one is replaced by its stand-in (sample frames, the simulated reader
    with a synthetic card, the PDF printer) and a notice says so. Without ``stand_ins`` (a
    real kiosk: sample photos or a synthetic card would put a fake document or someone else's
    identity into a real application) an absent camera or reader is left out (None), with a
    notice saying what residents can do instead; the PDF printer still stands in for paper."""
    from devices.camera.samples import write_sample_frames
    from devices.cardreader.serial_reader import SerialCardReader
    from devices.errors import DeviceError
    from devices.registry import backend

    config = settings.devices
    notices: list[str] = []
    replaced: dict[str, str] = {}
    devices = KioskDevices(None, None, None, notices, replaced)

    def stand_in(kind: str, what: str, notice: str, error: DeviceError | None) -> None:
        replaced[kind] = what
        notices.append(notice)
        devices.notice_of[kind] = notice
        _log.warning("%s: stand-in %s (%s)", kind, what, error.detail if error else "configured")

    def left_out(kind: str, notice: str, error: DeviceError | None) -> None:
        notices.append(notice)
        devices.notice_of[kind] = notice
        _log.warning("%s: absent, left out (%s)", kind, error.detail if error else "configured")

    # Camera.
    if config.camera == "file":
        devices.camera = backend("camera", "file")(config.camera_source, loop=True, fps=10)
    elif config.camera != "none":
        camera = backend("camera", "opencv")(
            config.camera_source,
            width=config.camera_width,
            height=config.camera_height,
            fps=config.camera_fps,
        )
        try:
            if probe:
                camera.open()
                camera.close()
            devices.camera = camera
        except DeviceError as exc:
            if stand_ins:
                frames = write_sample_frames(data_dir / "sample-frames")
                devices.camera = backend("camera", "file")(frames, loop=True, fps=10)
                # i18n: keep (notices are for staff and kiosk doctor, in Chinese)
                stand_in("camera", f"file:{frames}", "未检测到摄像头，正在使用演示画面", exc)
            else:
                # i18n: keep (for staff)
                left_out("camera", "未检测到摄像头：材料可以选“稍后补交”，或请工作人员帮忙", exc)
    # ID-card reader.
    if config.card_reader != "none":
        reader = None
        error: DeviceError | None = None
        if config.card_reader in ("auto", "serial"):
            reader = backend("card_reader", "serial")(
                config.card_reader_port, baudrate=config.card_reader_baudrate
            )
            try:
                if probe:
                    reader.sam_status()
            except DeviceError as exc:
                reader.close()
                reader, error = None, exc
        chosen = config.card_reader == "simulator"  # someone chose it: not a stand-in
        if reader is None and not (stand_ins or chosen):
            notice = "未检测到身份证读卡器：请在屏幕上输入身份证号，或扫身份码"  # i18n: keep
            left_out("card_reader", notice, error)
        elif reader is None:
            devices.simulator = backend("card_reader", "simulator")(demo_card())
            port = devices.simulator.start()
            reader = SerialCardReader(port)
            if not chosen:
                stand_in(
                    "card_reader",
                    "simulator",
                    "未检测到身份证读卡器，正在使用模拟读卡器（演示身份）",  # i18n: keep
                    error,
                )
            else:
                replaced["card_reader"] = "simulator"
        devices.card_reader = reader
    # Receipt printer.
    if config.printer != "none":
        printer = None
        error = None
        name = config.printer
        if name == "auto":
            name = "escpos-usb" if config.printer_target else "pdf"
        if name.startswith("escpos-"):
            try:
                printer = _escpos_printer(name, config.printer_target, config.printer_columns)
                if probe:
                    printer.status()
            except (DeviceError, ValueError) as exc:
                if printer is not None:
                    printer.close()
                printer = None
                error = exc if isinstance(exc, DeviceError) else DeviceError("", detail=str(exc))
        elif name == "dummy":
            printer = backend("printer", "dummy")(columns=config.printer_columns)
        if printer is None:
            printer = _LazyPdfPrinter(data_dir / "receipts")
            if name != "pdf":
                # i18n: keep (for staff)
                stand_in("printer", "pdf", "未连接小票打印机，回执将保存为 PDF 文件", error)
            else:
                replaced["printer"] = "pdf"
        devices.printer = printer
    return devices


def _escpos_printer(name: str, target: str, columns: int) -> Any:
    from devices.registry import backend

    cls = backend("printer", name)
    if name == "escpos-usb":
        vendor, _, product = target.partition(":")
        return cls(int(vendor, 16), int(product, 16), columns=columns)
    if name == "escpos-serial":
        return cls(target or "/dev/ttyS0", columns=columns)
    host, _, port = target.partition(":")
    return cls(host, port=int(port or 9100), columns=columns)
