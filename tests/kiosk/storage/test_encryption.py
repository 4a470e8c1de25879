"""Encryption at rest: nothing a person typed or photographed is readable from the files."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from kiosk.app import open_kiosk
from kiosk.storage.database import DB_FILENAME, Store
from kiosk.storage.drafts_repo import Drafts
from kiosk.storage.encryption import (
    CREDENTIAL_NAME,
    ENV_KEY_FILE,
    KEY_FILENAME,
    AesGcmCodec,
    StorageKey,
    is_plaintext_store,
    load_storage_key,
)
from kiosk.storage.errors import MaterialCorrupted, StorageKeyError
from kiosk.storage.materials_repo import MaterialStore

# A marker that would be found by a byte search if any page or file held it in the clear.
SECRET_ANSWER = "张秀英住在示例县幸福村三组十八号"
PHOTO = b"\xff\xd8\xff\xe0" + "身份证正面照片".encode() * 400


def every_byte_on_disk(directory: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file())


def test_saved_answers_and_materials_are_not_on_disk_in_the_clear(
    store: Store, new_draft: object, data_dir: Path
) -> None:
    draft = new_draft()  # type: ignore[operator]
    Drafts(store).save_answer(draft.draft_id, "address", SECRET_ANSWER)
    materials = MaterialStore(store, root=data_dir / "materials")
    sha = materials.put(PHOTO, mime="image/jpeg")
    assert Drafts(store).answers(draft.draft_id)["address"] == SECRET_ANSWER
    assert materials.read(sha) == PHOTO

    on_disk = every_byte_on_disk(data_dir)  # kiosk.db, -wal, -shm and the material files
    assert SECRET_ANSWER.encode() not in on_disk
    assert "身份证正面照片".encode() not in on_disk
    assert not is_plaintext_store(data_dir / DB_FILENAME)


def test_a_wrong_key_is_refused_with_a_plain_message(
    store: Store, data_dir: Path, new_draft: object
) -> None:
    new_draft()  # type: ignore[operator]
    store.close()
    other = StorageKey(b"\x01" * 32, source="tests")
    with pytest.raises(StorageKeyError) as raised:
        Store.open(data_dir / DB_FILENAME, key=other)
    assert raised.value.message == "本机数据无法解密，请联系工作人员。"
    assert "key" in raised.value.detail


def test_a_tampered_or_foreign_material_file_is_never_returned(
    store: Store, data_dir: Path, storage_key: StorageKey
) -> None:
    materials = MaterialStore(store, root=data_dir / "materials")
    sha = materials.put(PHOTO, mime="image/jpeg")
    path = data_dir / "materials" / sha[:2] / sha[2:]
    good = path.read_bytes()

    flipped = bytearray(good)
    flipped[-20] ^= 0x01
    path.write_bytes(bytes(flipped))
    with pytest.raises(MaterialCorrupted):
        materials.read(sha)

    # The same plaintext encrypted under another device's key does not decode here either.
    path.write_bytes(AesGcmCodec(StorageKey(b"\x02" * 32, source="other")).encode(PHOTO))
    with pytest.raises(MaterialCorrupted):
        materials.read(sha)

    path.write_bytes(good)
    assert materials.read(sha) == PHOTO


def test_codec_output_differs_each_time_and_round_trips(storage_key: StorageKey) -> None:
    codec = AesGcmCodec(storage_key)
    first, second = codec.encode(PHOTO), codec.encode(PHOTO)
    assert first != second  # a fresh nonce every time: equal files do not look equal
    assert codec.decode(first) == codec.decode(second) == PHOTO
    with pytest.raises(ValueError):
        codec.decode(PHOTO)  # a plaintext file is not silently accepted


def test_default_key_is_created_with_a_new_store_only(data_dir: Path) -> None:
    key = load_storage_key(data_dir, store_exists=False, environ={})
    path = data_dir / KEY_FILENAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_storage_key(data_dir, store_exists=True, environ={}).secret == key.secret

    path.unlink()
    with pytest.raises(StorageKeyError) as raised:
        load_storage_key(data_dir, store_exists=True, environ={})
    assert "丢失" in raised.value.message
    assert not path.exists()  # never a fresh key beside data it cannot open


def test_a_systemd_credential_comes_first_then_the_operator_key_file(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    credentials = tmp_path / "credentials"
    credentials.mkdir()
    (credentials / CREDENTIAL_NAME).write_bytes(b"\x03" * 32)
    operator_file = tmp_path / "elsewhere.key"
    operator_file.write_bytes(b"\x04" * 32)
    environ = {"CREDENTIALS_DIRECTORY": str(credentials), ENV_KEY_FILE: str(operator_file)}

    key = load_storage_key(data_dir, store_exists=False, environ=environ)
    assert key.secret == b"\x03" * 32
    assert "systemd" in key.source
    del environ["CREDENTIALS_DIRECTORY"]
    assert load_storage_key(data_dir, store_exists=False, environ=environ).secret == b"\x04" * 32
    assert not (data_dir / KEY_FILENAME).exists()

    operator_file.unlink()
    with pytest.raises(StorageKeyError):
        load_storage_key(data_dir, store_exists=False, environ=environ)


def test_a_damaged_key_file_is_reported(data_dir: Path) -> None:
    (data_dir / KEY_FILENAME).write_bytes(b"short")
    with pytest.raises(StorageKeyError) as raised:
        load_storage_key(data_dir, store_exists=True, environ={})
    assert raised.value.message == "本机数据密钥已损坏，请联系工作人员。"


def test_the_key_never_shows_in_its_repr(storage_key: StorageKey) -> None:
    text = repr(storage_key)
    assert storage_key.secret.hex() not in text
    assert storage_key.fingerprint in text


def test_a_plaintext_store_from_an_earlier_build_is_converted_once(
    data_dir: Path, storage_key: StorageKey
) -> None:
    path = data_dir / DB_FILENAME
    plain = Store.open(path)
    plain.db.conn.execute("INSERT INTO sync_state VALUES ('marker', ?, 'x')", (SECRET_ANSWER,))
    sha = MaterialStore(plain, root=data_dir / "materials").put(PHOTO, mime="image/jpeg")
    plain.close()
    assert is_plaintext_store(path)

    converted = Store.open(path, key=storage_key)
    try:
        row = converted.db.conn.execute("SELECT value FROM sync_state WHERE key = 'marker'")
        assert row.fetchone() == (SECRET_ANSWER,)
        assert MaterialStore(converted, root=data_dir / "materials").read(sha) == PHOTO
    finally:
        converted.close()
    assert not is_plaintext_store(path)
    assert SECRET_ANSWER.encode() not in every_byte_on_disk(data_dir)
    assert not path.with_name(DB_FILENAME + ".encrypting").exists()

    again = Store.open(path, key=storage_key)  # nothing left to convert; opens as usual
    again.close()


def test_the_kiosk_opens_an_encrypted_store(data_dir: Path) -> None:
    with open_kiosk(data_dir) as kiosk:
        assert kiosk.catalogs.active() is not None
        assert not is_plaintext_store(data_dir / DB_FILENAME)
        assert kiosk.storage_key.source.startswith(KEY_FILENAME)
    with open_kiosk(data_dir) as kiosk:  # and opens it again with the same key
        assert kiosk.catalogs.active() is not None
