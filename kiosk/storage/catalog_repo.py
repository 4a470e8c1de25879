"""Installed service-catalogue versions, and which one is in use.

Callers install only catalogues that passed schema validation, so a bad catalogue never gets
a row and the last good one stays active. Old versions are kept: drafts stay pinned to the
version (and form) they were started on.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlite_utils import Database

from kiosk.i18n import tr
from kiosk.storage.database import Store
from kiosk.storage.errors import CatalogConflict, ChecksumMismatch, NotFound
from kiosk.storage.timestamps import Clock, from_text, to_text, utc_now

CatalogSource = Literal["bundled", "network", "usb"]


@dataclass(frozen=True)
class CatalogVersion:
    """One installed catalogue (the body is fetched separately: it can be large)."""

    version: str
    checksum: str
    source: str
    installed_at: datetime
    is_active: bool


def body_checksum(body: str) -> str:
    """SHA-256 (hex) of the catalogue text exactly as received, UTF-8 encoded."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


class CatalogVersions:
    def __init__(self, store: Store, *, now: Clock = utc_now) -> None:
        self._store = store
        self._now = now

    def install(
        self,
        version: str,
        *,
        body: str,
        source: CatalogSource,
        checksum: str | None = None,
        activate: bool = False,
    ) -> CatalogVersion:
        """Store a validated catalogue's text; idempotent for identical content.

        ``checksum``, when the source announced one, must match the body. A version number is
        immutable: installing it again with different content raises :class:`CatalogConflict`.
        """
        actual = body_checksum(body)
        if checksum is not None and checksum.lower() != actual:
            raise ChecksumMismatch(
                tr("服务目录文件不完整或已损坏，继续使用原目录。"),
                detail=f"catalog {version}: checksum mismatch",
            )
        json.loads(body)  # the caller validated it; this only guards against a mix-up
        with self._store.transaction() as db:
            existing = db.conn.execute(
                "SELECT checksum FROM catalog_versions WHERE version = ?", (version,)
            ).fetchone()
            if existing is None:
                db.conn.execute(
                    "INSERT INTO catalog_versions (version, checksum, body, source, installed_at,"
                    " is_active) VALUES (?, ?, ?, ?, ?, 0)",
                    (version, actual, body, source, to_text(self._now())),
                )
            elif existing[0] != actual:
                raise CatalogConflict(
                    tr("服务目录版本号重复但内容不同，继续使用原目录。"),
                    detail=f"catalog {version}: already installed with another checksum",
                )
            if activate:
                self._activate(db, version)
        return self.get(version)

    def activate(self, version: str) -> CatalogVersion:
        """Make ``version`` the one active catalogue, atomically."""
        with self._store.transaction() as db:
            self._activate(db, version)
        return self.get(version)

    def _activate(self, db: Database, version: str) -> None:
        if (
            db.conn.execute(
                "SELECT 1 FROM catalog_versions WHERE version = ?", (version,)
            ).fetchone()
            is None
        ):
            raise _not_found(version)
        # Clear first: the partial unique index allows at most one active row at any moment.
        db.conn.execute("UPDATE catalog_versions SET is_active = 0 WHERE is_active = 1")
        db.conn.execute("UPDATE catalog_versions SET is_active = 1 WHERE version = ?", (version,))

    def active(self) -> CatalogVersion | None:
        rows = list(
            self._store.db.query(
                "SELECT version, checksum, source, installed_at, is_active"
                " FROM catalog_versions WHERE is_active = 1"
            )
        )
        return _record(rows[0]) if rows else None

    def get(self, version: str) -> CatalogVersion:
        rows = list(
            self._store.db.query(
                "SELECT version, checksum, source, installed_at, is_active"
                " FROM catalog_versions WHERE version = ?",
                [version],
            )
        )
        if not rows:
            raise _not_found(version)
        return _record(rows[0])

    def installed(self) -> list[CatalogVersion]:
        """Every installed version, newest installation first."""
        return [
            _record(row)
            for row in self._store.db.query(
                "SELECT version, checksum, source, installed_at, is_active"
                " FROM catalog_versions ORDER BY installed_at DESC, version DESC"
            )
        ]

    def body(self, version: str) -> str:
        """The catalogue text, checked against its stored checksum before it is returned."""
        row = self._store.db.conn.execute(
            "SELECT body, checksum FROM catalog_versions WHERE version = ?", (version,)
        ).fetchone()
        if row is None:
            raise _not_found(version)
        body, checksum = row
        if body_checksum(body) != checksum:
            raise ChecksumMismatch(
                tr("服务目录数据已损坏，请联系工作人员。"),
                detail=f"catalog {version}: stored body does not match its checksum",
            )
        return body


def _record(row: Mapping[str, Any]) -> CatalogVersion:
    return CatalogVersion(
        version=row["version"],
        checksum=row["checksum"],
        source=row["source"],
        installed_at=from_text(row["installed_at"]),
        is_active=bool(row["is_active"]),
    )


def _not_found(version: str) -> NotFound:
    return NotFound(
        tr("找不到该版本的服务目录。"), detail=f"catalog version {version} not installed"
    )
