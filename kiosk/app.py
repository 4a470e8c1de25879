"""Composition root: the one place that opens the store and wires the parts together.

Only this module and :mod:`kiosk.cli` may import the outer packages (ui, devices, sync,
accessibility); the import-linter contract in pyproject.toml enforces it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from kiosk.catalogs import CatalogService
from kiosk.config import Settings, load_settings
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


# -- devices: the configured backends, or the stand-ins with a visible notice ----------------

DEMO_CARD_HOLDER = "王秀英"  # synthetic: the stand-in card reader's card (no real person)


@dataclass
class Devices:
    """The kiosk's devices. ``notices`` are shown to staff (and in ``kiosk doctor``) whenever
    a stand-in replaced a device that is absent; ``stand_ins`` says which kinds did."""

    camera: Any
    card_reader: Any
    printer: Any
    notices: list[str]
    stand_ins: dict[str, str]
    simulator: Any = None

    def close(self) -> None:
        for device in (self.camera, self.card_reader, self.printer):
            if device is not None:
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
        address="示例省示例县示例镇示例村1号",
        id_number=compose_id_number("110105", birth_date=born, sequence=24),
        authority="示例县公安局",
        valid_from=date(today.year - 5, 1, 1),
        valid_to=None,
    )


def build_devices(data_dir: Path, settings: Settings, *, probe: bool = True) -> Devices:
    """The devices ``settings.devices`` names (``devices/registry.py``), each probed when
    ``probe``; an absent one is replaced by its stand-in (sample frames, the simulated reader
    with a synthetic card, the PDF printer) and a notice says so."""
    from devices.camera.samples import write_sample_frames
    from devices.cardreader.serial_reader import SerialCardReader
    from devices.errors import DeviceError
    from devices.registry import backend

    config = settings.devices
    notices: list[str] = []
    stand_ins: dict[str, str] = {}
    devices = Devices(None, None, None, notices, stand_ins)

    def stand_in(kind: str, what: str, notice: str, error: DeviceError | None) -> None:
        stand_ins[kind] = what
        notices.append(notice)
        _log.warning("%s: stand-in %s (%s)", kind, what, error.detail if error else "configured")

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
            frames = write_sample_frames(data_dir / "sample-frames")
            devices.camera = backend("camera", "file")(frames, loop=True, fps=10)
            stand_in("camera", f"file:{frames}", "未检测到摄像头，正在使用演示画面", exc)
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
        if reader is None:
            devices.simulator = backend("card_reader", "simulator")(demo_card())
            port = devices.simulator.start()
            reader = SerialCardReader(port)
            if config.card_reader != "simulator":
                stand_in(
                    "card_reader",
                    "simulator",
                    "未检测到身份证读卡器，正在使用模拟读卡器（演示身份）",
                    error,
                )
            else:
                stand_ins["card_reader"] = "simulator"
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
            printer = backend("printer", "pdf")(data_dir / "receipts")
            if name != "pdf":
                stand_in("printer", "pdf", "未连接小票打印机，回执将保存为 PDF 文件", error)
            else:
                stand_ins["printer"] = "pdf"
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
