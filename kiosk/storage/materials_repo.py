"""Material files (photos and scans of documents), content-addressed, and who supplied them.

Files live at ``<root>/ab/cdef...`` where ``abcdef...`` is the SHA-256 of the plaintext; the
bytes on disk are ``codec.encode(plaintext)``. The same document captured twice is stored
once. Every read decodes and re-hashes, so a damaged file is reported, never uploaded.

``material_uses`` records each time a person supplied a material of a catalogue type; that is
what lets the kiosk offer a document already supplied (材料复用) instead of asking again.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from kiosk.i18n import tr
from kiosk.storage.blob_codec import BlobCodec
from kiosk.storage.database import Store
from kiosk.storage.errors import MaterialCorrupted, NotFound
from kiosk.storage.files import write_atomic
from kiosk.storage.timestamps import Clock, from_text, to_text, utc_now

_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Material:
    sha256: str
    size: int
    mime: str
    created_at: datetime


@dataclass(frozen=True)
class MaterialUse:
    id: int
    sha256: str
    person_key: str
    material_type: str
    valid_until: date | None
    captured_at: datetime
    draft_id: str | None
    application_uuid: str | None


class MaterialStore:
    def __init__(
        self,
        store: Store,
        *,
        root: Path,
        codec: BlobCodec | None = None,
        now: Clock = utc_now,
    ) -> None:
        self._store = store
        self._root = Path(root)
        # The store's own codec by default: encrypted files beside an encrypted store.
        self._codec = codec or store.blob_codec
        self._now = now

    def put(self, data: bytes, *, mime: str) -> str:
        """Store ``data`` once and return its SHA-256 (hex); putting it again is a no-op.

        The file is durable before its row is committed, so a row always has its file. A file
        already present but damaged is replaced by the good bytes.
        """
        sha256 = hashlib.sha256(data).hexdigest()
        path = self._path(sha256)
        # Under the write lock: retention deletes the files of rowless materials under it
        # too, so it cannot delete this file between the check and the row's commit.
        with self._store.transaction() as db:
            if not self._file_is_good(path, sha256):
                write_atomic(path, self._codec.encode(data))
            db.conn.execute(
                "INSERT INTO materials (sha256, size, mime, created_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (sha256) DO NOTHING",
                (sha256, len(data), mime, to_text(self._now())),
            )
        return sha256

    def read(self, sha256: str) -> bytes:
        """The plaintext bytes, verified against their address; raises if missing or damaged."""
        path = self._path(sha256)
        self.get(sha256)
        try:
            encoded = path.read_bytes()
        except FileNotFoundError:
            raise MaterialCorrupted(
                tr("材料文件丢失，请重新拍摄。"), detail=f"material {sha256[:12]}: file missing"
            ) from None
        try:
            data = self._codec.decode(encoded)
        except Exception as error:  # a codec that cannot decode means damaged bytes
            raise MaterialCorrupted(
                tr("材料文件已损坏，请重新拍摄。"),
                detail=f"material {sha256[:12]}: cannot decode ({type(error).__name__})",
            ) from error
        if hashlib.sha256(data).hexdigest() != sha256:
            raise MaterialCorrupted(
                tr("材料文件已损坏，请重新拍摄。"), detail=f"material {sha256[:12]}: hash mismatch"
            )
        return data

    def exists(self, sha256: str) -> bool:
        return (
            self._store.db.conn.execute(
                "SELECT 1 FROM materials WHERE sha256 = ?", (sha256,)
            ).fetchone()
            is not None
        )

    def get(self, sha256: str) -> Material:
        rows = list(self._store.db.query("SELECT * FROM materials WHERE sha256 = ?", [sha256]))
        if not rows:
            raise NotFound(tr("找不到该材料。"), detail=f"material {sha256[:12]} not found")
        row = rows[0]
        return Material(
            sha256=row["sha256"],
            size=row["size"],
            mime=row["mime"],
            created_at=from_text(row["created_at"]),
        )

    def record_use(
        self,
        sha256: str,
        *,
        person_key: str,
        material_type: str,
        valid_until: date | None = None,
        draft_id: str | None = None,
        application_uuid: str | None = None,
    ) -> MaterialUse:
        """Note that ``person_key`` supplied material ``sha256`` as ``material_type``.

        A use recorded with a ``draft_id`` is linked to the application when the draft is
        submitted.
        """
        with self._store.transaction() as db:
            self.get(sha256)
            cursor = db.conn.execute(
                "INSERT INTO material_uses (sha256, person_key, material_type, valid_until,"
                " captured_at, draft_id, application_uuid) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    sha256,
                    person_key,
                    material_type,
                    None if valid_until is None else valid_until.isoformat(),
                    to_text(self._now()),
                    draft_id,
                    application_uuid,
                ),
            )
            use_id = cursor.lastrowid
            rows = list(db.query("SELECT * FROM material_uses WHERE id = ?", [use_id]))
        return _use(rows[0])

    def find_reusable(
        self, person_key: str, material_type: str, *, today: date
    ) -> list[MaterialUse]:
        """Materials of this type the person already supplied that are still valid on
        ``today`` (no expiry, or expiring today or later), newest first, one per file."""
        rows = self._store.db.query(
            "SELECT * FROM material_uses WHERE person_key = ? AND material_type = ?"
            " AND (valid_until IS NULL OR valid_until >= ?)"
            " ORDER BY captured_at DESC, id DESC",
            [person_key, material_type, today.isoformat()],
        )
        seen: set[str] = set()
        uses = []
        for row in rows:
            if row["sha256"] not in seen:
                seen.add(row["sha256"])
                uses.append(_use(row))
        return uses

    def uses_for_application(self, application_uuid: str) -> list[MaterialUse]:
        """What the sync worker uploads in the materials stage."""
        return [
            _use(row)
            for row in self._store.db.query(
                "SELECT * FROM material_uses WHERE application_uuid = ? ORDER BY id",
                [application_uuid],
            )
        ]

    def _path(self, sha256: str) -> Path:
        if not _SHA256.fullmatch(sha256):
            raise ValueError("not a lower-case hex SHA-256")
        return self._root / sha256[:2] / sha256[2:]

    def _file_is_good(self, path: Path, sha256: str) -> bool:
        try:
            data = self._codec.decode(path.read_bytes())
        except FileNotFoundError:
            return False
        except Exception:  # undecodable: treat as damaged and rewrite
            return False
        return hashlib.sha256(data).hexdigest() == sha256


def _use(row: Mapping[str, Any]) -> MaterialUse:
    return MaterialUse(
        id=row["id"],
        sha256=row["sha256"],
        person_key=row["person_key"],
        material_type=row["material_type"],
        valid_until=None if row["valid_until"] is None else date.fromisoformat(row["valid_until"]),
        captured_at=from_text(row["captured_at"]),
        draft_id=row["draft_id"],
        application_uuid=row["application_uuid"],
    )
