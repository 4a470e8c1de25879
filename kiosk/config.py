"""One typed settings object, stored as JSON in the data directory, upgraded by version.

Settings live beside the store (``<data-dir>/settings.json``), not in QSettings, so that the
core, the command line and the UI read the same file and tests can use a temporary one.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kiosk.errors import KioskError

SETTINGS_VERSION = 1
ENV_DATA_DIR = "KIOSK_DATA_DIR"


class ConfigError(KioskError):
    pass


class DeviceSettings(BaseModel):
    """Which device backends to use (names of ``devices/registry.py``) and where they are.

    ``auto`` tries the real device and falls back to the stand-in with a visible notice;
    naming a backend uses it (and still falls back, with the notice, if it is absent).
    Added without a version bump: a settings file without it gets these defaults.
    """

    model_config = ConfigDict(extra="forbid")

    camera: Literal["auto", "opencv", "file", "none"] = "auto"
    camera_source: str = Field(default="0", description="摄像头编号、/dev/videoN，或图片文件夹")
    camera_width: int = Field(default=1280, ge=160, le=4096)
    camera_height: int = Field(default=720, ge=120, le=4096)
    camera_fps: int = Field(default=30, ge=1, le=120)
    card_reader: Literal["auto", "serial", "simulator", "none"] = "auto"
    card_reader_port: str = Field(default="/dev/ttyUSB0", description="读卡器串口")
    card_reader_baudrate: int = Field(default=115200, ge=1200, le=921600)
    printer: Literal[
        "auto", "escpos-usb", "escpos-serial", "escpos-network", "pdf", "dummy", "none"
    ] = "pdf"
    printer_target: str = Field(
        default="", description="USB 为 VID:PID（如 0416:5011），串口为路径，网络为 主机[:端口]"
    )
    printer_columns: int = Field(default=32, ge=24, le=64, description="每行字符数：58 mm 纸 32")


class AudioSettings(BaseModel):
    """Sound. Added without a version bump: a settings file without it gets these defaults."""

    model_config = ConfigDict(extra="forbid")

    headset: Literal["auto", "yes", "no"] = Field(
        default="auto",
        description="耳机：auto 按音频设备名称检测，yes 总是耳机，no 总是外放",
    )


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = SETTINGS_VERSION
    device_name: str = Field(default="示例县便民服务终端", max_length=60)
    receipt_prefix: str = Field(
        default="K1", pattern=r"^[0-9A-Z]{2,8}$", description="本机回执编号前缀"
    )
    idle_timeout_s: int = Field(default=120, ge=30, le=3600)
    idle_warning_s: int = Field(default=30, ge=20, le=300, description="空闲提醒后等待秒数")
    draft_retention_days: int = Field(default=30, ge=1, le=365, description="草稿保留天数")
    purge_after_ack_days: int = Field(
        default=7, ge=0, le=365, description="服务器确认收到后，本机个人数据保留天数"
    )
    server_url: str | None = None
    admin_pin_hash: str | None = Field(
        default=None, description="工作人员管理密码（PBKDF2 哈希，由 kiosk admin-pin 设置）"
    )
    devices: DeviceSettings = Field(default_factory=DeviceSettings)
    audio: AudioSettings = Field(default_factory=AudioSettings)


# Each entry upgrades a settings dict from version N to N + 1 (Picard's config_upgrade idea).
UPGRADES: dict[int, Callable[[dict], dict]] = {}


def default_data_dir() -> Path:
    if os.environ.get(ENV_DATA_DIR):
        return Path(os.environ[ENV_DATA_DIR])
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "zhengwu-kiosk"


def load_settings(data_dir: Path) -> Settings:
    """Reads ``settings.json`` (created with defaults when absent), upgrading old versions."""
    path = data_dir / "settings.json"
    if not path.exists():
        settings = Settings()
        save_settings(data_dir, settings)
        return settings
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError("设置文件无法读取，请联系工作人员", detail=f"{path}: {exc}") from exc
    version = raw.get("version", 1) if isinstance(raw, dict) else 0
    if not isinstance(version, int) or version < 1 or version > SETTINGS_VERSION:
        raise ConfigError("设置文件版本不对，请联系工作人员", detail=f"version {version!r}")
    while version < SETTINGS_VERSION:
        raw = UPGRADES[version](raw)
        version += 1
        raw["version"] = version
    try:
        settings = Settings.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(
            "设置文件内容有误，请联系工作人员",
            detail=f"{path}: {exc.error_count()} invalid setting(s)",
        ) from exc
    return settings


def save_settings(data_dir: Path, settings: Settings) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / "settings.json"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(settings.model_dump_json(indent=2), encoding="utf-8")
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, path)
