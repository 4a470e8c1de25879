from __future__ import annotations

import stat
from pathlib import Path

import pytest

from kiosk.storage.errors import DeviceKeyError
from kiosk.storage.keys import (
    DEVICE_KEY_FILENAME,
    load_or_create_device_secret,
    normalize_id_number,
    person_key,
)

ID = "11010519491231002X"  # synthetic


def test_device_secret_is_created_once_owner_only(data_dir: Path) -> None:
    secret = load_or_create_device_secret(data_dir)
    path = data_dir / DEVICE_KEY_FILENAME
    assert len(secret) == 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_device_secret(data_dir) == secret
    assert [p.name for p in data_dir.iterdir()] == [DEVICE_KEY_FILENAME]  # no temp left


def test_truncated_device_secret_is_an_error(data_dir: Path) -> None:
    (data_dir / DEVICE_KEY_FILENAME).write_bytes(b"short")
    with pytest.raises(DeviceKeyError):
        load_or_create_device_secret(data_dir)


def test_person_key_is_a_keyed_hash_of_the_normalised_id() -> None:
    secret = bytes(range(32))
    key = person_key(secret, ID)
    assert len(key) == 64 and ID not in key
    assert person_key(secret, " 110105 19491231 002x ") == key
    assert person_key(secret, "１１０１０５１９４９１２３１００２Ｘ") == key  # full-width
    assert person_key(bytes(32), ID) != key
    assert normalize_id_number("a b\tc") == "ABC"


def test_person_key_rejects_weak_input() -> None:
    with pytest.raises(ValueError):
        person_key(b"short", ID)
    with pytest.raises(ValueError):
        person_key(bytes(32), "   ")
