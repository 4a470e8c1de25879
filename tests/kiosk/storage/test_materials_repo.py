from __future__ import annotations

import hashlib
import stat
from datetime import date, timedelta
from pathlib import Path

import pytest

from kiosk.storage.database import Store
from kiosk.storage.errors import MaterialCorrupted, NotFound
from kiosk.storage.materials_repo import MaterialStore
from tests.kiosk.storage.fake_clock import FakeClock

PHOTO = b"\xff\xd8\xff synthetic document scan " * 100
TODAY = date(2026, 11, 22)


class XorCodec:
    """Stands in for an encrypting codec: file bytes differ from the plaintext."""

    def encode(self, data: bytes) -> bytes:
        return bytes(b ^ 0x5A for b in data)

    def decode(self, data: bytes) -> bytes:
        return bytes(b ^ 0x5A for b in data)


@pytest.fixture
def root(data_dir: Path) -> Path:
    return data_dir / "materials"


@pytest.fixture
def materials(store: Store, root: Path, clock: FakeClock) -> MaterialStore:
    return MaterialStore(store, root=root, now=clock)


def files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def test_put_is_content_addressed_and_idempotent(
    materials: MaterialStore, root: Path, store: Store
) -> None:
    sha = materials.put(PHOTO, mime="image/jpeg")
    assert sha == hashlib.sha256(PHOTO).hexdigest()
    assert materials.put(PHOTO, mime="image/jpeg") == sha
    assert files(root) == [root / sha[:2] / sha[2:]]
    assert stat.S_IMODE(files(root)[0].stat().st_mode) == 0o600
    assert store.db["materials"].count == 1
    assert materials.read(sha) == PHOTO
    info = materials.get(sha)
    assert (info.size, info.mime) == (len(PHOTO), "image/jpeg")


def test_corrupted_file_is_detected_on_read_and_healed_by_put(
    materials: MaterialStore, root: Path
) -> None:
    sha = materials.put(PHOTO, mime="image/jpeg")
    path = root / sha[:2] / sha[2:]
    damaged = bytearray(path.read_bytes())
    damaged[10] ^= 0x01
    path.write_bytes(bytes(damaged))
    with pytest.raises(MaterialCorrupted):
        materials.read(sha)
    materials.put(PHOTO, mime="image/jpeg")  # the same document captured again
    assert materials.read(sha) == PHOTO


def test_missing_file_and_unknown_material(materials: MaterialStore, root: Path) -> None:
    sha = materials.put(PHOTO, mime="image/jpeg")
    (root / sha[:2] / sha[2:]).unlink()
    with pytest.raises(MaterialCorrupted):
        materials.read(sha)
    with pytest.raises(NotFound):
        materials.read("0" * 64)
    with pytest.raises(ValueError):
        materials.read("../../etc/passwd")


def test_codec_is_applied_and_address_is_of_plaintext(store: Store, root: Path) -> None:
    materials = MaterialStore(store, root=root, codec=XorCodec())
    sha = materials.put(PHOTO, mime="image/jpeg")
    assert sha == hashlib.sha256(PHOTO).hexdigest()
    (path,) = files(root)
    assert path.read_bytes() != PHOTO
    assert materials.read(sha) == PHOTO


def test_find_reusable_same_person_same_type_still_valid(
    materials: MaterialStore, clock: FakeClock
) -> None:
    hukou = materials.put(b"hukou page", mime="image/jpeg")
    old_id = materials.put(b"old id card", mime="image/jpeg")
    new_id = materials.put(b"new id card", mime="image/jpeg")
    materials.record_use(hukou, person_key="a", material_type="hukou")
    materials.record_use(
        old_id, person_key="a", material_type="id_card", valid_until=TODAY - timedelta(days=1)
    )
    clock.advance(timedelta(days=1))
    materials.record_use(new_id, person_key="a", material_type="id_card", valid_until=TODAY)
    materials.record_use(new_id, person_key="b", material_type="id_card")

    found = materials.find_reusable("a", "id_card", today=TODAY)
    assert [u.sha256 for u in found] == [new_id]
    assert found[0].valid_until == TODAY
    assert [u.sha256 for u in materials.find_reusable("a", "hukou", today=TODAY)] == [hukou]
    assert materials.find_reusable("a", "id_card", today=TODAY + timedelta(days=1)) == []
    assert materials.find_reusable("c", "hukou", today=TODAY) == []


def test_reusable_lists_each_file_once_newest_first(
    materials: MaterialStore, clock: FakeClock
) -> None:
    first = materials.put(b"one", mime="image/png")
    second = materials.put(b"two", mime="image/png")
    materials.record_use(first, person_key="a", material_type="photo")
    clock.advance(timedelta(hours=1))
    materials.record_use(second, person_key="a", material_type="photo")
    clock.advance(timedelta(hours=1))
    materials.record_use(first, person_key="a", material_type="photo")
    assert [u.sha256 for u in materials.find_reusable("a", "photo", today=TODAY)] == [
        first,
        second,
    ]


def test_record_use_needs_a_stored_material(materials: MaterialStore) -> None:
    with pytest.raises(NotFound):
        materials.record_use("0" * 64, person_key="a", material_type="photo")
