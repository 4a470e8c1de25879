"""What enrolment leaves in the data directory: the server's address, this device's code and
secret (``server-credentials.json``, mode 0600), and the installation id that makes a retried
enrolment safe (``installation-id``).

The secret signs every request and encrypts USB bundles, so it never goes in the log, the
settings file or ``repr()`` (see :class:`kiosk.protocol.DeviceCredentials`).
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from kiosk.protocol import DeviceCredentials, decode_secret, encode_secret
from kiosk.storage.files import create_exclusive, write_atomic
from sync.errors import SyncError

CREDENTIALS_FILENAME = "server-credentials.json"
INSTALLATION_FILENAME = "installation-id"


class CredentialsDamaged(SyncError):
    code = "credentials_damaged"


def load_credentials(data_dir: Path) -> DeviceCredentials | None:
    """The enrolled server and device secret, or None when this device was never enrolled."""
    path = Path(data_dir) / CREDENTIALS_FILENAME
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return DeviceCredentials(
            server_url=str(raw["server_url"]),
            device_code=str(raw["device_code"]),
            secret=decode_secret(str(raw["device_secret"])),
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise CredentialsDamaged(
            "本设备的登记信息已损坏，请工作人员重新登记。",
            detail=f"{CREDENTIALS_FILENAME}: {type(error).__name__}",
        ) from error


def save_credentials(data_dir: Path, credentials: DeviceCredentials) -> None:
    body = {
        "server_url": credentials.server_url,
        "device_code": credentials.device_code,
        "device_secret": encode_secret(credentials.secret),
    }
    write_atomic(
        Path(data_dir) / CREDENTIALS_FILENAME,
        json.dumps(body, indent=2).encode("utf-8"),
        mode=0o600,
    )


def installation_id(data_dir: Path) -> str:
    """A UUID made once per data directory; the server ties a spent token to it."""
    path = Path(data_dir) / INSTALLATION_FILENAME
    if not path.exists():
        create_exclusive(path, str(uuid.uuid4()).encode("ascii"), mode=0o600)
    text = path.read_text(encoding="ascii").strip()
    try:
        return str(uuid.UUID(text))
    except ValueError as error:
        raise CredentialsDamaged(
            "本设备的安装编号已损坏，请联系工作人员。", detail=f"{INSTALLATION_FILENAME} invalid"
        ) from error
