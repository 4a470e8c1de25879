"""Retention: forget personal data once it is no longer needed on this device.

DESIGN.md: personal data is purged locally after the server has acknowledged it and a
configurable period has passed; drafts are kept for a stated time (the idle screen tells the
resident how long). :meth:`Retention.purge` does both, in one transaction:

- an open draft untouched for ``draft_retention`` is abandoned (audited), and the answers of
  every abandoned draft are deleted, with the material uses recorded for it and the
  applicant's name on a volunteer's case (the masked ID number stays);
- an application acknowledged by the server at least ``after_ack`` ago loses its payload,
  its draft's answers, its status note, its rating's reason (once synced), its material
  uses and the applicant's name on a volunteer's case; the row keeps receipt number,
  service, state and times, so the progress query still answers "已办结" and the receipt
  number still means something. Applications waiting for a correction (需补正) or not yet
  acknowledged are never touched;
- material files no longer referenced by any remaining answer, payload or material use, and
  stored more than an hour ago (a younger one may be a capture whose answer is about to be
  saved), are deleted (rows in the transaction, files after it commits, each checked again
  under the write lock so that bytes put again meanwhile keep their file); a file left
  without a row by a crash between the two is swept on a later run, once it is old enough
  not to be a file that :meth:`MaterialStore.put` has written and is about to commit the
  row for.

What is kept is pseudonymous: person keys, codes, digests, the audit log. A material that the
resident could have reused (材料复用) is reusable only while its uses are kept; after purge the
server, which holds the material, is the place to reuse it from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from kiosk.storage.audit_repo import AuditLog
from kiosk.storage.database import Store
from kiosk.storage.files import fsync_dir
from kiosk.storage.timestamps import Clock, to_text, utc_now

# A material reference inside an answer or payload value: its SHA-256 in hex.
_SHA256 = re.compile(r"\b[0-9a-f]{64}\b")

# A file without a row younger than this may be a put() in progress (file first, then row).
STRAY_FILE_AGE = timedelta(hours=1)

# States whose application may still be needed in full on this device.
_KEEP_STATES = ("queued", "uploading", "needs_correction")


@dataclass(frozen=True)
class PurgeReport:
    drafts_expired: int
    drafts_cleared: int
    applications_purged: int
    materials_deleted: int

    @property
    def anything(self) -> bool:
        return any(
            (
                self.drafts_expired,
                self.drafts_cleared,
                self.applications_purged,
                self.materials_deleted,
            )
        )


class Retention:
    def __init__(self, store: Store, *, material_root: Path, now: Clock = utc_now) -> None:
        self._store = store
        self._root = Path(material_root)
        self._now = now
        self._audit = AuditLog(store, now=now)

    def purge(self, *, draft_retention: timedelta, after_ack: timedelta, actor: str) -> PurgeReport:
        """Apply the retention rules now; returns what was done (counts only)."""
        now = self._now()
        stamp = to_text(now)
        draft_cutoff = to_text(now - draft_retention)
        ack_cutoff = to_text(now - after_ack)
        with self._store.transaction() as db:
            conn = db.conn
            expired = [
                row[0]
                for row in conn.execute(
                    "SELECT draft_id FROM drafts WHERE status = 'open' AND updated_at < ?",
                    (draft_cutoff,),
                )
            ]
            for draft_id in expired:
                conn.execute(
                    "UPDATE drafts SET status = 'abandoned', updated_at = ? WHERE draft_id = ?",
                    (stamp, draft_id),
                )
                self._audit.append(
                    "draft.expired",
                    actor=actor,
                    subject=draft_id,
                    detail={"retention_days": draft_retention.days},
                )
            cleared = [
                row[0]
                for row in conn.execute(
                    "SELECT DISTINCT d.draft_id FROM drafts d"
                    " WHERE d.status = 'abandoned' AND ("
                    "   EXISTS (SELECT 1 FROM answers a WHERE a.draft_id = d.draft_id)"
                    "   OR EXISTS (SELECT 1 FROM material_uses m"
                    "              WHERE m.draft_id = d.draft_id AND m.application_uuid IS NULL))"
                )
            ]
            for draft_id in cleared:
                conn.execute("DELETE FROM answers WHERE draft_id = ?", (draft_id,))
                conn.execute(
                    "UPDATE cases SET applicant_name = NULL WHERE draft_id = ?", (draft_id,)
                )
                conn.execute(
                    "DELETE FROM material_uses WHERE draft_id = ? AND application_uuid IS NULL",
                    (draft_id,),
                )

            placeholders = ", ".join("?" for _ in _KEEP_STATES)
            due = list(
                conn.execute(
                    "SELECT client_uuid, draft_id FROM applications"
                    " WHERE purged_at IS NULL AND acknowledged_at IS NOT NULL"
                    f" AND acknowledged_at <= ? AND state NOT IN ({placeholders})",
                    (ack_cutoff, *_KEEP_STATES),
                )
            )
            for client_uuid, draft_id in due:
                conn.execute(
                    "UPDATE applications SET payload = '{}', status_note = NULL, purged_at = ?"
                    " WHERE client_uuid = ?",
                    (stamp, client_uuid),
                )
                conn.execute("DELETE FROM answers WHERE draft_id = ?", (draft_id,))
                conn.execute(
                    "UPDATE cases SET applicant_name = NULL WHERE draft_id = ?", (draft_id,)
                )
                conn.execute(
                    "DELETE FROM material_uses WHERE application_uuid = ? OR draft_id = ?",
                    (client_uuid, draft_id),
                )
                conn.execute(
                    "UPDATE ratings SET reason = NULL WHERE client_uuid = ? AND synced = 1",
                    (client_uuid,),
                )
                self._audit.append(
                    "application.purged",
                    actor=actor,
                    subject=client_uuid,
                    detail={"after_ack_days": after_ack.days},
                )

            orphans = self._unreferenced_materials(
                conn, created_before=to_text(now - STRAY_FILE_AGE)
            )
            for sha256 in orphans:
                conn.execute("DELETE FROM materials WHERE sha256 = ?", (sha256,))
            known = {row[0] for row in conn.execute("SELECT sha256 FROM materials")}
        self._delete_files(orphans + self._stray_files(known, older_than=now - STRAY_FILE_AGE))
        return PurgeReport(
            drafts_expired=len(expired),
            drafts_cleared=len(cleared),
            applications_purged=len(due),
            materials_deleted=len(orphans),
        )

    @staticmethod
    def _unreferenced_materials(conn, *, created_before: str) -> list[str]:
        """Materials nothing refers to, stored before ``created_before``. A younger one may
        be a photo just captured whose answer the screen is about to save (``put`` and the
        answer are two transactions, and retention also runs on the sync thread, after every
        pass): it is left for a later run."""
        referenced = {row[0] for row in conn.execute("SELECT sha256 FROM material_uses")}
        for (text,) in conn.execute("SELECT value FROM answers"):
            referenced.update(_SHA256.findall(text))
        for (text,) in conn.execute("SELECT payload FROM applications WHERE purged_at IS NULL"):
            referenced.update(_SHA256.findall(text))
        return [
            row[0]
            for row in conn.execute(
                "SELECT sha256 FROM materials WHERE created_at < ? ORDER BY sha256",
                (created_before,),
            )
            if row[0] not in referenced
        ]

    def _stray_files(self, known: set[str], *, older_than) -> list[str]:
        if not self._root.is_dir():
            return []
        limit = older_than.timestamp()
        stray = []
        for path in self._root.glob("??/*"):
            sha256 = path.parent.name + path.name
            if _SHA256.fullmatch(sha256) and sha256 not in known and path.stat().st_mtime < limit:
                stray.append(sha256)
        return stray

    def _delete_files(self, hashes: list[str]) -> None:
        """Delete the files of materials that have no row, checking under the store's write
        lock that each still has none: the same bytes may have been put again since the
        rows went (``MaterialStore.put`` checks and writes its file under that lock too), and
        a row must never be left without its file."""
        directories: set[Path] = set()
        with self._store.transaction() as db:
            for sha256 in hashes:
                if db.conn.execute(
                    "SELECT 1 FROM materials WHERE sha256 = ?", (sha256,)
                ).fetchone():
                    continue
                path = self._root / sha256[:2] / sha256[2:]
                path.unlink(missing_ok=True)
                directories.add(path.parent)
        for directory in directories:
            if directory.is_dir():
                fsync_dir(directory)
