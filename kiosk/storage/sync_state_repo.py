"""Small named values the sync worker keeps between runs (cursors, last success, head hashes)."""

from __future__ import annotations

from typing import Any

from kiosk.storage import json_text
from kiosk.storage.database import Store
from kiosk.storage.timestamps import Clock, to_text, utc_now


class SyncState:
    def __init__(self, store: Store, *, now: Clock = utc_now) -> None:
        self._store = store
        self._now = now

    def get(self, key: str, default: Any = None) -> Any:
        row = self._store.db.conn.execute(
            "SELECT value FROM sync_state WHERE key = ?", (key,)
        ).fetchone()
        return default if row is None else json_text.loads(row[0])

    def set(self, key: str, value: Any) -> None:
        """Store a JSON-serialisable value under ``key``, replacing any previous one."""
        with self._store.transaction() as db:
            db.conn.execute(
                "INSERT INTO sync_state (key, value, updated_at) VALUES (?, ?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value,"
                " updated_at = excluded.updated_at",
                (key, json_text.dumps(value), to_text(self._now())),
            )

    def delete(self, key: str) -> bool:
        with self._store.transaction() as db:
            return db.conn.execute("DELETE FROM sync_state WHERE key = ?", (key,)).rowcount == 1

    def items(self) -> dict[str, Any]:
        return {
            key: json_text.loads(value)
            for key, value in self._store.db.conn.execute(
                "SELECT key, value FROM sync_state ORDER BY key"
            )
        }
