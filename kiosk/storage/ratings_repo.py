"""好差评: one rating per application, kept until the sync worker has sent it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kiosk.i18n import tr
from kiosk.storage.database import Store
from kiosk.storage.errors import AlreadyRated, NotFound
from kiosk.storage.timestamps import Clock, from_text, to_text, utc_now

LEVELS = range(1, 6)  # 1 非常不满意 ... 5 非常满意


@dataclass(frozen=True)
class Rating:
    client_uuid: str
    level: int
    reason: str | None
    created_at: datetime
    synced: bool
    sync_error: str | None = None
    """The protocol code of a permanent refusal; such a rating is no longer sent."""


class Ratings:
    def __init__(self, store: Store, *, now: Clock = utc_now) -> None:
        self._store = store
        self._now = now

    def record(self, client_uuid: str, *, level: int, reason: str | None = None) -> Rating:
        """Store the citizen's rating of an application; a second rating is refused."""
        if level not in LEVELS:
            raise ValueError("rating level must be 1..5")
        with self._store.transaction() as db:
            if (
                db.conn.execute(
                    "SELECT 1 FROM applications WHERE client_uuid = ?", (client_uuid,)
                ).fetchone()
                is None
            ):
                raise NotFound(tr("找不到该申请。"), detail=f"application {client_uuid} not found")
            if (
                db.conn.execute(
                    "SELECT 1 FROM ratings WHERE client_uuid = ?", (client_uuid,)
                ).fetchone()
                is not None
            ):
                raise AlreadyRated(
                    tr("这件事已经评价过了，谢谢您。"), detail=f"application {client_uuid} rated"
                )
            db.conn.execute(
                "INSERT INTO ratings (client_uuid, level, reason, created_at, synced)"
                " VALUES (?, ?, ?, ?, 0)",
                (client_uuid, level, reason, to_text(self._now())),
            )
        return self.get(client_uuid)

    def get(self, client_uuid: str) -> Rating | None:
        rows = list(
            self._store.db.query("SELECT * FROM ratings WHERE client_uuid = ?", [client_uuid])
        )
        return _record(rows[0]) if rows else None

    def unsynced(self, *, limit: int = 100) -> list[Rating]:
        return [
            _record(row)
            for row in self._store.db.query(
                "SELECT * FROM ratings WHERE synced = 0 AND sync_error IS NULL"
                " ORDER BY created_at, client_uuid LIMIT ?",
                [limit],
            )
        ]

    def mark_synced(self, client_uuids: Iterable[str]) -> int:
        """Flag ratings the server acknowledged; returns how many changed."""
        changed = 0
        with self._store.transaction() as db:
            for client_uuid in client_uuids:
                changed += db.conn.execute(
                    "UPDATE ratings SET synced = 1 WHERE client_uuid = ? AND synced = 0",
                    (client_uuid,),
                ).rowcount
        return changed

    def refuse(self, client_uuid: str, *, code: str) -> None:
        """The server refused this rating for good (``code``): stop sending it, keep it."""
        with self._store.transaction() as db:
            db.conn.execute(
                "UPDATE ratings SET sync_error = ? WHERE client_uuid = ? AND synced = 0",
                (code, client_uuid),
            )

    def refused(self) -> list[Rating]:
        return [
            _record(row)
            for row in self._store.db.query(
                "SELECT * FROM ratings WHERE sync_error IS NOT NULL ORDER BY created_at"
            )
        ]

    def unsynced_count(self) -> int:
        (count,) = self._store.db.conn.execute(
            "SELECT count(*) FROM ratings WHERE synced = 0 AND sync_error IS NULL"
        ).fetchone()
        return count


def _record(row: Mapping[str, Any]) -> Rating:
    return Rating(
        client_uuid=row["client_uuid"],
        level=row["level"],
        reason=row["reason"],
        created_at=from_text(row["created_at"]),
        synced=bool(row["synced"]),
        sync_error=row["sync_error"],
    )
