"""Cases: the drafts a helper (帮办代办 volunteer) started for someone else, and for whom.

A case row is written in the same transaction as its draft, so a volunteer's list never
misses a draft or names one without its consent. The applicant's name is kept (in the
encrypted store) so the volunteer can tell cases apart before any answer is saved; retention
clears it together with the answers, leaving the masked ID number.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kiosk.storage.database import Store
from kiosk.storage.timestamps import Clock, from_text, to_text, utc_now


@dataclass(frozen=True, repr=False)
class CaseRecord:
    draft_id: str
    helper_key: str
    applicant_name: str | None
    """None once retention has purged it."""
    applicant_id_masked: str
    consent_method: str
    consent_at: datetime

    def __repr__(self) -> str:  # never the name
        return f"CaseRecord(draft_id={self.draft_id!r}, applicant={self.applicant_id_masked!r})"


class Cases:
    def __init__(self, store: Store, *, now: Clock = utc_now) -> None:
        self._store = store
        self._now = now

    def open(
        self,
        draft_id: str,
        *,
        helper_key: str,
        applicant_name: str | None,
        applicant_id_masked: str,
        consent_method: str,
    ) -> CaseRecord:
        """Record that ``helper_key`` acts for the draft's applicant, with consent given now."""
        with self._store.transaction() as db:
            db.conn.execute(
                "INSERT INTO cases (draft_id, helper_key, applicant_name, applicant_id_masked,"
                " consent_method, consent_at) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    draft_id,
                    helper_key,
                    applicant_name,
                    applicant_id_masked,
                    consent_method,
                    to_text(self._now()),
                ),
            )
            return self._get(db.conn, draft_id)

    def for_helper(self, helper_key: str) -> list[CaseRecord]:
        """The helper's cases, newest first."""
        rows = self._store.db.query(
            "SELECT * FROM cases WHERE helper_key = ? ORDER BY consent_at DESC, draft_id",
            [helper_key],
        )
        return [_record(row) for row in rows]

    def get(self, draft_id: str) -> CaseRecord | None:
        return self._get(self._store.db.conn, draft_id)

    @staticmethod
    def _get(conn, draft_id: str) -> CaseRecord | None:
        cursor = conn.execute("SELECT * FROM cases WHERE draft_id = ?", (draft_id,))
        row = cursor.fetchone()
        if row is None:
            return None
        return _record(dict(zip([c[0] for c in cursor.description], row, strict=True)))


def _record(row: Mapping[str, Any]) -> CaseRecord:
    return CaseRecord(
        draft_id=row["draft_id"],
        helper_key=row["helper_key"],
        applicant_name=row["applicant_name"],
        applicant_id_masked=row["applicant_id_masked"],
        consent_method=row["consent_method"],
        consent_at=from_text(row["consent_at"]),
    )
