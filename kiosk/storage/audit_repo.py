"""The append-only, hash-chained audit log: who did what, for whom, and when.

Each record's ``hash`` is ``sha256(prev_hash + canonical_json(record))`` where ``record`` holds
``seq, at, actor, on_behalf_of, action, subject, detail``; the first record's ``prev_hash`` is
64 zeros. Editing, removing or inserting a record in the middle breaks the chain at that
record. Triggers in the schema refuse UPDATE and DELETE, so the code cannot do it by accident.

Only pseudonymous keys and codes go in: ``on_behalf_of`` is a person key, ``detail`` must not
hold names, ID numbers or answers (hash them if they are evidence).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from kiosk.storage import json_text
from kiosk.storage.database import Store
from kiosk.storage.timestamps import Clock, from_text, to_text, utc_now

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class AuditRecord:
    seq: int
    at: datetime
    actor: str
    on_behalf_of: str | None
    action: str
    subject: str
    detail: Mapping[str, Any]
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class ChainCheck:
    """The result of :meth:`AuditLog.verify_chain`; true when the chain is intact."""

    ok: bool
    records_checked: int
    first_bad_seq: int | None = None

    def __bool__(self) -> bool:
        return self.ok


def record_hash(prev_hash: str, fields: Mapping[str, Any]) -> str:
    """The chain rule, shared with anything (such as the server) that re-verifies the log."""
    text = prev_hash + json_text.dumps_canonical(dict(fields))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class AuditLog:
    def __init__(self, store: Store, *, now: Clock = utc_now) -> None:
        self._store = store
        self._now = now

    def append(
        self,
        action: str,
        *,
        actor: str,
        subject: str,
        detail: Mapping[str, Any] | None = None,
        on_behalf_of: str | None = None,
    ) -> AuditRecord:
        """Add one record; joins the caller's transaction so it commits with the change."""
        with self._store.transaction() as db:
            return self._append(
                db,
                action=action,
                actor=actor,
                subject=subject,
                detail=dict(detail or {}),
                on_behalf_of=on_behalf_of,
            )

    def _append(
        self,
        db: Database,
        *,
        action: str,
        actor: str,
        subject: str,
        detail: dict[str, Any],
        on_behalf_of: str | None,
    ) -> AuditRecord:
        last = db.conn.execute(
            "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
        fields = {
            "seq": seq,
            "at": to_text(self._now()),
            "actor": actor,
            "on_behalf_of": on_behalf_of,
            "action": action,
            "subject": subject,
            "detail": detail,
        }
        digest = record_hash(prev_hash, fields)
        db.conn.execute(
            "INSERT INTO audit_log (seq, at, actor, on_behalf_of, action, subject, detail,"
            " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                seq,
                fields["at"],
                actor,
                on_behalf_of,
                action,
                subject,
                json_text.dumps_canonical(detail),
                prev_hash,
                digest,
            ),
        )
        return AuditRecord(
            seq=seq,
            at=from_text(fields["at"]),
            actor=actor,
            on_behalf_of=on_behalf_of,
            action=action,
            subject=subject,
            detail=detail,
            prev_hash=prev_hash,
            hash=digest,
        )

    def records(self, *, after_seq: int = 0, limit: int | None = None) -> list[AuditRecord]:
        """Records with ``seq > after_seq`` in order (what the sync worker sends next)."""
        sql = "SELECT * FROM audit_log WHERE seq > ? ORDER BY seq"
        params: list[Any] = [after_seq]
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [_record(row) for row in self._store.db.query(sql, params)]

    def for_subject(self, subject: str) -> list[AuditRecord]:
        return [
            _record(row)
            for row in self._store.db.query(
                "SELECT * FROM audit_log WHERE subject = ? ORDER BY seq", [subject]
            )
        ]

    def head(self) -> tuple[int, str]:
        """``(seq, hash)`` of the newest record, ``(0, GENESIS_HASH)`` when empty."""
        row = self._store.db.conn.execute(
            "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        return (row[0], row[1]) if row else (0, GENESIS_HASH)

    def verify_chain(self) -> ChainCheck:
        """Recompute every hash from the start; report the first record that does not fit.

        A record fails if its seq is not the next number, its ``prev_hash`` is not the previous
        record's hash, or its hash does not match its content. (Cutting records off the end
        leaves a valid shorter chain; the synced head hash is what detects that.)
        """
        # A single SELECT reads one consistent WAL snapshot, so appends made meanwhile cannot
        # produce a false alarm, and writers are not blocked while it runs.
        with closing(
            self._store.db.conn.execute(
                "SELECT seq, at, actor, on_behalf_of, action, subject, detail, prev_hash, hash"
                " FROM audit_log ORDER BY seq"
            )
        ) as cursor:
            return self._check(cursor)

    @staticmethod
    def _check(cursor: Iterable[tuple[Any, ...]]) -> ChainCheck:
        expected_prev = GENESIS_HASH
        checked = 0
        for seq, at, actor, on_behalf_of, action, subject, detail, prev_hash, digest in cursor:
            fields = {
                "seq": seq,
                "at": at,
                "actor": actor,
                "on_behalf_of": on_behalf_of,
                "action": action,
                "subject": subject,
                "detail": json_text.loads(detail),
            }
            if (
                seq != checked + 1
                or prev_hash != expected_prev
                or record_hash(prev_hash, fields) != digest
            ):
                return ChainCheck(ok=False, records_checked=checked, first_bad_seq=seq)
            expected_prev = digest
            checked += 1
        return ChainCheck(ok=True, records_checked=checked)


def _record(row: Mapping[str, Any]) -> AuditRecord:
    return AuditRecord(
        seq=row["seq"],
        at=from_text(row["at"]),
        actor=row["actor"],
        on_behalf_of=row["on_behalf_of"],
        action=row["action"],
        subject=row["subject"],
        detail=json_text.loads(row["detail"]),
        prev_hash=row["prev_hash"],
        hash=row["hash"],
    )
