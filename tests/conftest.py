"""Fixtures shared by the whole test suite."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.storage.database import DB_FILENAME, Store
from kiosk.storage.encryption import StorageKey

# No display in CI: Qt renders offscreen, and tests never depend on the developer's data dir.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("KIOSK_DATA_DIR", None)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An empty data directory, as ``--data-dir`` would give."""
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def storage_key() -> StorageKey:
    """A fixed storage key: tests run on the encrypted store, as the kiosk does."""
    return StorageKey(bytes(range(32)), source="tests")


@pytest.fixture
def store(data_dir: Path, storage_key: StorageKey) -> Iterator[Store]:
    """A fresh, encrypted store file in ``data_dir`` with every migration applied."""
    opened = Store.open(data_dir / DB_FILENAME, key=storage_key)
    yield opened
    opened.close()
