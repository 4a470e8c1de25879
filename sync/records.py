"""Ratings (好差评) and the audit log go up the same way as applications: batched, idempotent
(a rating is keyed by its application's UUID, an audit record by its sequence number and
hash), and kept locally until the server has acknowledged them.

Audit records go in order from the server's acknowledged head; the server re-checks the
hash chain, so a gap is answered with where to resume and a record that does not fit the
chain is refused for good: that means tampering or a reset device, and staff are told.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from kiosk.protocol import (
    MAX_AUDIT_BATCH,
    MAX_BATCH_ITEMS,
    AuditAck,
    AuditRecordIn,
    ErrorCode,
    RatingItem,
    RatingsResponse,
    utc_text,
)
from kiosk.storage.audit_repo import AuditLog, AuditRecord
from kiosk.storage.ratings_repo import Ratings
from kiosk.storage.sync_state_repo import SyncState
from sync.errors import Rejected, Retryable
from sync.transport import Transport, parse

log = logging.getLogger(__name__)

AUDIT_ACKED = "audit.acked_seq"
AUDIT_PROBLEM = "audit.problem"
"""``{"code", "reason"}`` when the server refused the audit log for good, for staff."""
MAX_GAP_FIXES = 3


@dataclass(frozen=True)
class RecordsOutcome:
    sent: int = 0
    refused: int = 0


def push_ratings(transport: Transport, ratings: Ratings) -> RecordsOutcome:
    sent = refused = 0
    while True:
        batch = ratings.unsynced(limit=MAX_BATCH_ITEMS)
        if not batch:
            return RecordsOutcome(sent=sent, refused=refused)
        items = [
            RatingItem(
                client_uuid=rating.client_uuid,
                level=rating.level,
                reason=rating.reason,
                created_at=utc_text(rating.created_at),
            )
            for rating in batch
        ]
        answer = parse(
            RatingsResponse,
            transport.post_json(
                "/ratings", {"ratings": [item.model_dump(mode="json") for item in items]}
            ),
        )
        acknowledged = [outcome.key for outcome in answer.results if outcome.ok]
        ratings.mark_synced(acknowledged)
        sent += len(acknowledged)
        waiting = 0
        for outcome in answer.results:
            if outcome.ok or outcome.error is None:
                continue
            if outcome.error.retryable:
                waiting += 1  # application_unknown: the application has not arrived yet
            else:
                ratings.refuse(outcome.key, code=outcome.error.code)
                refused += 1
        if waiting or not acknowledged:
            return RecordsOutcome(sent=sent, refused=refused)


def audit_item(record: AuditRecord) -> AuditRecordIn:
    return AuditRecordIn(
        seq=record.seq,
        at=utc_text(record.at),
        actor=record.actor,
        on_behalf_of=record.on_behalf_of,
        action=record.action,
        subject=record.subject,
        detail=dict(record.detail),
        prev_hash=record.prev_hash,
        hash=record.hash,
    )


def pending_audit(audit: AuditLog, state: SyncState) -> int:
    return audit.head()[0] - int(state.get(AUDIT_ACKED, 0))


def push_audit(transport: Transport, audit: AuditLog, state: SyncState) -> RecordsOutcome:
    if state.get(AUDIT_PROBLEM):
        return RecordsOutcome()
    sent = 0
    fixes = 0
    while True:
        acked = int(state.get(AUDIT_ACKED, 0))
        records = audit.records(after_seq=acked, limit=MAX_AUDIT_BATCH)
        if not records:
            return RecordsOutcome(sent=sent)
        body = {"records": [audit_item(r).model_dump(mode="json") for r in records]}
        try:
            ack = parse(AuditAck, transport.post_json("/audit", body))
        except Retryable as error:
            expected = error.details.get("expected_seq")
            if error.code == ErrorCode.AUDIT_GAP and isinstance(expected, int) and fixes < 3:
                fixes += 1
                state.set(AUDIT_ACKED, max(0, expected - 1))
                continue
            raise
        except Rejected as error:
            log.error("audit log refused by the server: %s", error.code)
            state.set(AUDIT_PROBLEM, {"code": error.code, "reason": error.message})
            return RecordsOutcome(sent=sent, refused=len(records))
        sent += ack.accepted
        if ack.head_seq <= acked:
            return RecordsOutcome(sent=sent)
        state.set(AUDIT_ACKED, ack.head_seq)
