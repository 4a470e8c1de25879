"""Enrolling this device with a server: spend a one-time token for a device code and secret.

A retry is safe: the server gives the same installation the same answer for the same token,
so a kiosk whose first answer was lost simply asks again. After enrolment the device code is
also the receipt prefix (receipt numbers of different kiosks never collide).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

from kiosk.config import load_settings, save_settings
from kiosk.protocol import (
    DeviceCredentials,
    EnrolRequest,
    EnrolResponse,
    decode_secret,
    parse_enrolment_uri,
)
from sync.config import TransportConfig
from sync.credentials import installation_id, save_credentials
from sync.errors import SyncError
from sync.transport import Transport, parse

log = logging.getLogger(__name__)

CLOCK_WARNING_S = 60


@dataclass(frozen=True)
class Enrolment:
    device_code: str
    server_url: str
    clock_offset_s: float
    """Server clock minus ours at enrolment; large values mean the kiosk's clock is wrong."""


def split_token(token: str, server_url: str | None) -> tuple[str, str]:
    """``(server_url, token)`` from a typed token, or from a scanned ``kiosk-enrol:`` code."""
    if token.strip().startswith("kiosk-enrol:"):
        try:
            scanned_url, scanned_token = parse_enrolment_uri(token)
        except ValueError as error:
            raise SyncError("登记二维码无法识别。", detail=f"enrolment uri: {error}") from None
        return server_url or scanned_url, scanned_token
    if not server_url:
        raise SyncError("请给出服务器地址（--server）。", detail="no server url")
    return server_url, token.strip()


def enrol(
    data_dir: Path,
    *,
    server_url: str,
    token: str,
    device_name: str | None = None,
    config: TransportConfig | None = None,
) -> Enrolment:
    """Enrol with ``server_url``; saves the credentials and makes the code the receipt prefix."""
    data_dir = Path(data_dir)
    settings = load_settings(data_dir)
    request = EnrolRequest(
        token=token,
        installation_id=installation_id(data_dir),
        device_name=device_name or settings.device_name,
    )
    transport = Transport(server_url, credentials=None, config=config)
    try:
        sent_at = time.time()
        answer = parse(
            EnrolResponse,
            transport.post_json("/enrol", request.model_dump(mode="json"), signed=False),
        )
    finally:
        transport.close()
    try:
        secret = decode_secret(answer.device_secret)
    except ValueError as error:
        raise SyncError("服务器发来的设备密钥格式不对。", detail="enrol: bad secret") from error
    save_credentials(
        data_dir,
        DeviceCredentials(server_url=server_url, device_code=answer.device_code, secret=secret),
    )
    settings = settings.model_copy(
        update={"server_url": server_url, "receipt_prefix": answer.device_code}
    )
    save_settings(data_dir, settings)
    offset = answer.server_time - sent_at
    if abs(offset) > CLOCK_WARNING_S:
        log.warning("clock differs from the server's by %.0f s", offset)
    log.info("enrolled as %s", answer.device_code)
    return Enrolment(device_code=answer.device_code, server_url=server_url, clock_offset_s=offset)
