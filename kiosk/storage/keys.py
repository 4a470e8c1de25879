"""Pseudonymous person keys, and the device secret they are made with.

Raw ID numbers are never used as lookup keys: drafts, applications and material uses are found
by ``person_key``, an HMAC of the normalised ID number under a secret that never leaves the
device. The same person gets the same key on this device and an unrelated key elsewhere.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata
from pathlib import Path

from kiosk.i18n import tr
from kiosk.storage.errors import DeviceKeyError
from kiosk.storage.files import create_exclusive

DEVICE_KEY_FILENAME = "device.key"
DEVICE_KEY_BYTES = 32


def normalize_id_number(id_number: str) -> str:
    """Fold the ways one ID number gets typed or read: full-width digits, spaces, ``x``."""
    folded = unicodedata.normalize("NFKC", id_number)
    return "".join(folded.split()).upper()


def person_key(secret: bytes, id_number: str) -> str:
    """HMAC-SHA256 (hex) of the normalised ID number under the device secret."""
    if len(secret) < DEVICE_KEY_BYTES:
        raise ValueError("device secret too short")
    normalized = normalize_id_number(id_number)
    if not normalized:
        raise ValueError("empty ID number")
    return hmac.new(secret, normalized.encode("utf-8"), hashlib.sha256).hexdigest()


def load_or_create_device_secret(data_dir: Path) -> bytes:
    """Read ``<data_dir>/device.key``, creating it (32 random bytes, mode 0600) on first use."""
    path = Path(data_dir) / DEVICE_KEY_FILENAME
    if not path.exists():
        # Losing the race to another process is fine: then we read the winner's key.
        create_exclusive(path, secrets.token_bytes(DEVICE_KEY_BYTES), mode=0o600)
    secret = path.read_bytes()
    if len(secret) != DEVICE_KEY_BYTES:
        raise DeviceKeyError(
            tr("本机密钥文件已损坏，请联系工作人员。"),
            detail=f"{DEVICE_KEY_FILENAME} has {len(secret)} bytes, expected {DEVICE_KEY_BYTES}",
        )
    return secret
