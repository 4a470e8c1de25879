"""The outbox: submitted applications, their state, and their upload progress.

A row is created when the citizen submits (state ``queued``, a local receipt number at once)
and stays until the server has acknowledged its ``client_uuid``, the idempotency key used end
to end. Every change of state goes through :meth:`Outbox.transition` (or a method built on it):
one transaction that checks the state machine, updates the row and appends to the audit log.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlite_utils import Database

from kiosk.domain.states import (
    ApplicationState,
    InvalidTransition,
    OutboxStage,
    can_transition,
    check_transition,
)
from kiosk.i18n import tr
from kiosk.storage import json_text
from kiosk.storage.audit_repo import AuditLog
from kiosk.storage.database import Store
from kiosk.storage.errors import DraftClosed, InvalidStage, NotFound
from kiosk.storage.receipt_numbers import issue_receipt_no, validate_device_code
from kiosk.storage.timestamps import Clock, from_text, optional_from_text, to_text, utc_now


@dataclass(frozen=True)
class Application:
    client_uuid: str
    draft_id: str
    service_code: str
    catalog_version: str
    person_key: str
    receipt_no: str
    state: ApplicationState
    stage: OutboxStage
    revision: int
    attempts: int
    last_error: str | None
    next_attempt_at: datetime | None
    server_id: str | None
    payload: Mapping[str, Any]
    submitted_at: datetime
    updated_at: datetime
    status_note: str | None
    status_updated_at: datetime
    receipt_printed_count: int
    receipt_last_printed_at: datetime | None
    acknowledged_at: datetime | None = None
    """When the server acknowledged the client UUID (retention counts from here)."""
    purged_at: datetime | None = None
    """When payload, answers and materials were purged (:mod:`kiosk.storage.retention`)."""
    parked_at: datetime | None = None
    """Set when the server refused this item for good; it waits for staff, the rest go on."""
    parked_code: str | None = None
    parked_reason: str | None = None
    """The server's Chinese message for staff (kept in the row, never in the log)."""
    request_body: str | None = None
    """The exact request sent for the current revision, frozen when first built."""
    materials_to_bring: tuple[str, ...] = ()
    server_changed_at: datetime | None = None
    """When the server says the state last changed."""
    status_learned_at: datetime | None = None
    """When this kiosk learned the current state from the server (None: never heard)."""

    @property
    def is_parked(self) -> bool:
        return self.parked_at is not None


def payload_digest(payload: Mapping[str, Any]) -> str:
    """SHA-256 of the canonical payload: audit evidence of what was sent, without its content."""
    return hashlib.sha256(json_text.dumps_canonical(dict(payload)).encode("utf-8")).hexdigest()


class Outbox:
    def __init__(self, store: Store, *, device_code: str, now: Clock = utc_now) -> None:
        self._store = store
        self._device_code = validate_device_code(device_code)
        self._now = now
        self._audit = AuditLog(store, now=now)

    def enqueue(
        self,
        draft_id: str,
        *,
        payload: Mapping[str, Any],
        actor: str,
        client_uuid: str | None = None,
    ) -> Application:
        """Submit an open draft: new outbox row, receipt number, draft closed, audit record.

        Idempotent per draft: submitting the same draft again (a double tap, a retried call)
        returns the application already queued for it instead of queueing a second one.
        """
        client_uuid = client_uuid or str(uuid.uuid4())
        now = self._now()
        stamp = to_text(now)
        with self._store.transaction() as db:
            existing = db.conn.execute(
                "SELECT client_uuid FROM applications WHERE draft_id = ?", (draft_id,)
            ).fetchone()
            if existing is not None:
                return self._get(db, existing[0])
            draft = db.conn.execute(
                "SELECT service_code, catalog_version, person_key, proxy_person_key, status"
                " FROM drafts WHERE draft_id = ?",
                (draft_id,),
            ).fetchone()
            if draft is None:
                raise NotFound(tr("找不到该草稿。"), detail=f"draft {draft_id} not found")
            service_code, catalog_version, person_key, proxy_person_key, status = draft
            if status != "open":
                raise DraftClosed(
                    tr("该草稿已提交或已放弃，不能再提交。"), detail=f"draft {draft_id} is {status}"
                )
            check_transition(ApplicationState.DRAFT, ApplicationState.QUEUED)
            receipt_no = issue_receipt_no(db, device_code=self._device_code, issued_at=now)
            db.conn.execute(
                "INSERT INTO applications (client_uuid, draft_id, service_code, catalog_version,"
                " person_key, receipt_no, state, stage, payload, submitted_at, updated_at,"
                " status_updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    client_uuid,
                    draft_id,
                    service_code,
                    catalog_version,
                    person_key,
                    receipt_no,
                    ApplicationState.QUEUED.value,
                    OutboxStage.MATERIALS.value,
                    json_text.dumps(dict(payload)),
                    stamp,
                    stamp,
                    stamp,
                ),
            )
            db.conn.execute(
                "UPDATE drafts SET status = 'submitted', updated_at = ? WHERE draft_id = ?",
                (stamp, draft_id),
            )
            db.conn.execute(
                "UPDATE material_uses SET application_uuid = ?"
                " WHERE draft_id = ? AND application_uuid IS NULL",
                (client_uuid, draft_id),
            )
            self._audit.append(
                "application.transition",
                actor=actor,
                subject=client_uuid,
                on_behalf_of=person_key if proxy_person_key else None,
                detail={
                    "from": ApplicationState.DRAFT.value,
                    "to": ApplicationState.QUEUED.value,
                    "draft_id": draft_id,
                    "receipt_no": receipt_no,
                    "service_code": service_code,
                    "payload_sha256": payload_digest(payload),
                },
            )
            return self._get(db, client_uuid)

    def transition(
        self,
        client_uuid: str,
        to_state: ApplicationState,
        *,
        actor: str,
        note: str | None = None,
        server_id: str | None = None,
        on_behalf_of: str | None = None,
    ) -> Application:
        """Move to ``to_state`` if the state machine allows it, in one audited transaction.

        ``note`` (e.g. the officer's correction reason) replaces the status note; ``server_id``
        is recorded when the server acknowledges. On :class:`InvalidTransition` nothing changes.
        """
        to_state = ApplicationState(to_state)
        with self._store.transaction() as db:
            return self._transition(
                db,
                client_uuid,
                to_state,
                actor=actor,
                note=note,
                server_id=server_id,
                on_behalf_of=on_behalf_of,
                extra_sets={},
            )

    def _transition(
        self,
        db: Database,
        client_uuid: str,
        to_state: ApplicationState,
        *,
        actor: str,
        note: str | None = None,
        server_id: str | None = None,
        on_behalf_of: str | None = None,
        extra_sets: Mapping[str, Any],
        audit_detail: Mapping[str, Any] | None = None,
        only_from: ApplicationState | None = None,
    ) -> Application:
        current = self._get(db, client_uuid)
        # Helpers such as resubmit() mean one specific edge of the machine, not every edge
        # that happens to end in the same state.
        if only_from is not None and current.state is not only_from:
            raise InvalidTransition(current.state, to_state)
        check_transition(current.state, to_state)
        stamp = to_text(self._now())
        sets: dict[str, Any] = {
            "state": to_state.value,
            "updated_at": stamp,
            "status_updated_at": stamp,
            **extra_sets,
        }
        if note is not None:
            sets["status_note"] = note
        if server_id is not None:
            sets["server_id"] = server_id
        assignments = ", ".join(f"{column} = ?" for column in sets)
        db.conn.execute(
            f"UPDATE applications SET {assignments} WHERE client_uuid = ?",
            (*sets.values(), client_uuid),
        )
        detail: dict[str, Any] = {"from": current.state.value, "to": to_state.value}
        if note is not None:
            # The audit log is never purged and a reviewer's note may name the person, so the
            # log keeps only a digest; the text lives in the row, which retention can purge.
            detail["note_sha256"] = hashlib.sha256(note.encode("utf-8")).hexdigest()
        if server_id is not None:
            detail["server_id"] = server_id
        detail.update(audit_detail or {})
        self._audit.append(
            "application.transition",
            actor=actor,
            subject=client_uuid,
            on_behalf_of=on_behalf_of,
            detail=detail,
        )
        return self._get(db, client_uuid)

    def unit_of_work(self) -> AbstractContextManager[object]:
        """One transaction around several calls (each nests inside it as a savepoint): one
        commit, one flush to disk, for a whole batch of items instead of one per call. Keep
        network I/O out of it: it holds the store's write lock."""
        return self._store.transaction()

    def start_attempt(self, client_uuid: str, *, actor: str) -> Application:
        """queued -> uploading, counting the attempt."""
        with self._store.transaction() as db:
            attempts = self._get(db, client_uuid).attempts
            return self._transition(
                db,
                client_uuid,
                ApplicationState.UPLOADING,
                actor=actor,
                extra_sets={"attempts": attempts + 1},
            )

    def record_attempt_failure(
        self, client_uuid: str, *, error: str, backoff: timedelta, actor: str
    ) -> Application:
        """uploading -> queued, not due again before ``now + backoff``.

        ``error`` must be log-safe (an error class or code, never server text that may echo
        personal data); the sync worker owns the backoff policy.
        """
        next_at = to_text(self._now() + backoff)
        with self._store.transaction() as db:
            return self._transition(
                db,
                client_uuid,
                ApplicationState.QUEUED,
                actor=actor,
                extra_sets={"last_error": error, "next_attempt_at": next_at},
                audit_detail={"error": error, "next_attempt_at": next_at},
                only_from=ApplicationState.UPLOADING,
            )

    def mark_accepted(self, client_uuid: str, *, server_id: str, actor: str) -> Application:
        """uploading -> accepted with the server's id; clears the retry bookkeeping."""
        with self._store.transaction() as db:
            return self._transition(
                db,
                client_uuid,
                ApplicationState.ACCEPTED,
                actor=actor,
                server_id=server_id,
                extra_sets={
                    "stage": OutboxStage.DONE.value,
                    "last_error": None,
                    "next_attempt_at": None,
                    "acknowledged_at": to_text(self._now()),
                },
            )

    def resubmit(self, client_uuid: str, *, payload: Mapping[str, Any], actor: str) -> Application:
        """needs_correction -> queued with a corrected payload as a new revision.

        The revision travels with the client UUID so the server can tell a correction from a
        retry of the previous revision.
        """
        with self._store.transaction() as db:
            current = self._get(db, client_uuid)
            return self._transition(
                db,
                client_uuid,
                ApplicationState.QUEUED,
                actor=actor,
                extra_sets={
                    "payload": json_text.dumps(dict(payload)),
                    "revision": current.revision + 1,
                    "stage": OutboxStage.MATERIALS.value,
                    "request_body": None,
                    "attempts": 0,
                    "last_error": None,
                    "next_attempt_at": None,
                },
                audit_detail={
                    "revision": current.revision + 1,
                    "payload_sha256": payload_digest(payload),
                },
                only_from=ApplicationState.NEEDS_CORRECTION,
            )

    def recover_interrupted(self, *, actor: str) -> list[str]:
        """After a crash, put items left ``uploading`` back in the queue; returns their UUIDs."""
        with self._store.transaction() as db:
            stuck = [
                row[0]
                for row in db.conn.execute(
                    "SELECT client_uuid FROM applications WHERE state = ? ORDER BY submitted_at",
                    (ApplicationState.UPLOADING.value,),
                )
            ]
            for client_uuid in stuck:
                self._transition(
                    db,
                    client_uuid,
                    ApplicationState.QUEUED,
                    actor=actor,
                    extra_sets={"last_error": "interrupted"},
                )
        return stuck

    def advance_stage(self, client_uuid: str, stage: OutboxStage) -> Application:
        """Save upload progress; stages only move forward (repeating the current one is fine)."""
        stage = OutboxStage(stage)
        with self._store.transaction() as db:
            current = self._get(db, client_uuid)
            if stage.position < current.stage.position:
                raise InvalidStage(
                    tr("提交进度异常，请联系工作人员。"),
                    detail=f"application {client_uuid}: stage {current.stage} -> {stage}",
                )
            db.conn.execute(
                "UPDATE applications SET stage = ?, updated_at = ? WHERE client_uuid = ?",
                (stage.value, to_text(self._now()), client_uuid),
            )
            return self._get(db, client_uuid)

    def record_receipt_printed(self, client_uuid: str) -> Application:
        with self._store.transaction() as db:
            self._get(db, client_uuid)
            db.conn.execute(
                "UPDATE applications SET receipt_printed_count = receipt_printed_count + 1,"
                " receipt_last_printed_at = ? WHERE client_uuid = ?",
                (to_text(self._now()), client_uuid),
            )
            return self._get(db, client_uuid)

    def due(
        self, now: datetime | None = None, *, limit: int = 20, ignore_backoff: bool = False
    ) -> list[Application]:
        """Queued items whose retry time has come, oldest submission first; parked items wait
        for staff and are never due. ``ignore_backoff``: every queued item (a manual sync)."""
        now_text = "9999" if ignore_backoff else to_text(now or self._now())
        rows = self._store.db.query(
            "SELECT * FROM applications WHERE state = ? AND parked_at IS NULL"
            " AND (next_attempt_at IS NULL OR next_attempt_at <= ?)"
            " ORDER BY submitted_at, client_uuid LIMIT ?",
            [ApplicationState.QUEUED.value, now_text, limit],
        )
        return [_record(row) for row in rows]

    def next_due_at(self) -> datetime | None:
        """The earliest retry time among queued, unparked items still in backoff."""
        row = self._store.db.conn.execute(
            "SELECT min(next_attempt_at) FROM applications WHERE state = ? AND parked_at IS NULL",
            (ApplicationState.QUEUED.value,),
        ).fetchone()
        return optional_from_text(row[0])

    def unacknowledged(self, *, include_parked: bool = False) -> list[Application]:
        """Every item the server has not acknowledged yet (queued or uploading), oldest first."""
        parked = "" if include_parked else " AND parked_at IS NULL"
        rows = self._store.db.query(
            f"SELECT * FROM applications WHERE state IN (?, ?){parked}"
            " ORDER BY submitted_at, client_uuid",
            [ApplicationState.QUEUED.value, ApplicationState.UPLOADING.value],
        )
        return [_record(row) for row in rows]

    def pending_upload(self) -> tuple[int, dict[str, int]]:
        """What is left to send: bytes of the unacknowledged, unparked requests, and the
        ``{sha256: size}`` of the files named by those still in the materials stage."""
        conn = self._store.db.conn
        (request_bytes,) = conn.execute(
            "SELECT coalesce(sum(length(CAST(coalesce(request_body, payload) AS BLOB))), 0)"
            " FROM applications"
            " WHERE state IN ('queued', 'uploading') AND parked_at IS NULL"
        ).fetchone()
        rows = conn.execute(
            "SELECT DISTINCT m.sha256, m.size"
            " FROM applications a, json_each(a.payload, '$.answers') e"
            " JOIN materials m ON m.sha256 ="
            "   CASE WHEN e.type = 'object' THEN json_extract(e.value, '$.sha256') END"
            " WHERE a.state IN ('queued', 'uploading') AND a.parked_at IS NULL"
            "   AND a.stage = 'materials'"
        ).fetchall()
        return request_bytes, dict(rows)

    def parked(self) -> list[Application]:
        """Items the server refused for good, oldest first: what staff must look at."""
        rows = self._store.db.query(
            "SELECT * FROM applications WHERE parked_at IS NOT NULL ORDER BY parked_at"
        )
        return [_record(row) for row in rows]

    def park(self, client_uuid: str, *, code: str, reason: str, actor: str) -> Application:
        """uploading -> queued, set aside with the server's reason until staff act.

        ``code`` is the protocol's error code (log-safe); ``reason`` is the server's Chinese
        message for staff, kept in the row only.
        """
        stamp = to_text(self._now())
        with self._store.transaction() as db:
            return self._transition(
                db,
                client_uuid,
                ApplicationState.QUEUED,
                actor=actor,
                extra_sets={
                    "parked_at": stamp,
                    "parked_code": code,
                    "parked_reason": reason,
                    "last_error": code,
                    "next_attempt_at": None,
                },
                audit_detail={"parked": code},
                only_from=ApplicationState.UPLOADING,
            )

    def unpark(self, client_uuid: str, *, actor: str) -> Application:
        """Staff put a parked item back in the queue (after fixing what the server refused)."""
        with self._store.transaction() as db:
            current = self._get(db, client_uuid)
            if current.parked_at is None:
                return current
            db.conn.execute(
                "UPDATE applications SET parked_at = NULL, parked_code = NULL,"
                " parked_reason = NULL, next_attempt_at = NULL, updated_at = ?"
                " WHERE client_uuid = ?",
                (to_text(self._now()), client_uuid),
            )
            self._audit.append(
                "application.unparked",
                actor=actor,
                subject=client_uuid,
                detail={"was": current.parked_code},
            )
            return self._get(db, client_uuid)

    def freeze_request(self, client_uuid: str, body: str) -> str:
        """Keep the first request built for the current revision; returns the one kept.

        Every retry sends the kept text, so the server's idempotency check always sees the
        same request, whatever changed in this software or the store since.
        """
        with self._store.transaction() as db:
            db.conn.execute(
                "UPDATE applications SET request_body = ?"
                " WHERE client_uuid = ? AND request_body IS NULL",
                (body, client_uuid),
            )
            return self._get(db, client_uuid).request_body or body

    def acknowledge(
        self, client_uuid: str, *, server_id: str, revision: int, actor: str
    ) -> Application:
        """The server holds this key at ``revision``: record its id, whatever the local state.

        From ``queued`` (the answer was lost and the news came by another way) the item
        passes through ``uploading`` so every edge stays one the state machine allows.
        Acknowledging again, or an older revision, changes nothing.
        """
        with self._store.transaction() as db:
            current = self._get(db, client_uuid)
            if revision != current.revision or current.state not in (
                ApplicationState.QUEUED,
                ApplicationState.UPLOADING,
            ):
                return current
            if current.state is ApplicationState.QUEUED:
                self._transition(
                    db, client_uuid, ApplicationState.UPLOADING, actor=actor, extra_sets={}
                )
            return self._transition(
                db,
                client_uuid,
                ApplicationState.ACCEPTED,
                actor=actor,
                server_id=server_id,
                extra_sets={
                    "stage": OutboxStage.DONE.value,
                    "last_error": None,
                    "next_attempt_at": None,
                    "acknowledged_at": to_text(self._now()),
                    # The frozen request repeats the payload: once the server holds it, it
                    # is personal data kept for nothing (retention purges only the payload).
                    "request_body": None,
                    "parked_at": None,
                    "parked_code": None,
                    "parked_reason": None,
                },
            )

    def apply_status(
        self,
        client_uuid: str,
        *,
        state: ApplicationState,
        revision: int,
        server_id: str,
        note: str | None,
        materials_to_bring: tuple[str, ...] | list[str] = (),
        changed_at: datetime,
        actor: str,
    ) -> bool:
        """News from the server's status feed; True when the local state changed.

        News about an older revision is ignored. News about the current revision of an item
        still in the queue means the server holds it: it is acknowledged first. A state the
        local machine cannot move to is not forced; only when it was learned is recorded.
        """
        state = ApplicationState(state)
        learned = to_text(self._now())
        with self._store.transaction() as db:
            current = self._get(db, client_uuid)
            if revision < current.revision:
                return False
            if current.state in (ApplicationState.QUEUED, ApplicationState.UPLOADING):
                if revision != current.revision:
                    return False
                current = self.acknowledge(
                    client_uuid, server_id=server_id, revision=revision, actor=actor
                )
            sets = {
                "server_changed_at": to_text(changed_at),
                "status_learned_at": learned,
                "materials_to_bring": json_text.dumps(list(materials_to_bring))
                if materials_to_bring
                else None,
            }
            if state is current.state or not can_transition(current.state, state):
                assignments = ", ".join(f"{column} = ?" for column in sets)
                db.conn.execute(
                    f"UPDATE applications SET {assignments} WHERE client_uuid = ?",
                    (*sets.values(), client_uuid),
                )
                return False
            self._transition(db, client_uuid, state, actor=actor, note=note, extra_sets=sets)
            return True

    def pending_count(self) -> int:
        """Items not yet acknowledged by the server (queued or uploading): for staff screens."""
        (count,) = self._store.db.conn.execute(
            "SELECT count(*) FROM applications WHERE state IN (?, ?)",
            (ApplicationState.QUEUED.value, ApplicationState.UPLOADING.value),
        ).fetchone()
        return count

    def get(self, client_uuid: str) -> Application:
        return self._get(self._store.db, client_uuid)

    def find_by_receipt(self, receipt_no: str) -> Application | None:
        rows = list(
            self._store.db.query("SELECT * FROM applications WHERE receipt_no = ?", [receipt_no])
        )
        return _record(rows[0]) if rows else None

    def recent(self, *, limit: int = 50) -> list[Application]:
        """The latest submitted applications, newest first (staff screens, the demo)."""
        return [
            _record(row)
            for row in self._store.db.query(
                "SELECT * FROM applications ORDER BY submitted_at DESC, client_uuid LIMIT ?",
                [limit],
            )
        ]

    def list_for(self, person_key: str) -> list[Application]:
        """The person's applications, newest first (the progress query at the kiosk)."""
        return [
            _record(row)
            for row in self._store.db.query(
                "SELECT * FROM applications WHERE person_key = ?"
                " ORDER BY submitted_at DESC, client_uuid",
                [person_key],
            )
        ]

    @staticmethod
    def _get(db: Database, client_uuid: str) -> Application:
        rows = list(db.query("SELECT * FROM applications WHERE client_uuid = ?", [client_uuid]))
        if not rows:
            raise NotFound(tr("找不到该申请。"), detail=f"application {client_uuid} not found")
        return _record(rows[0])


def _record(row: Mapping[str, Any]) -> Application:
    return Application(
        client_uuid=row["client_uuid"],
        draft_id=row["draft_id"],
        service_code=row["service_code"],
        catalog_version=row["catalog_version"],
        person_key=row["person_key"],
        receipt_no=row["receipt_no"],
        state=ApplicationState(row["state"]),
        stage=OutboxStage(row["stage"]),
        revision=row["revision"],
        attempts=row["attempts"],
        last_error=row["last_error"],
        next_attempt_at=optional_from_text(row["next_attempt_at"]),
        server_id=row["server_id"],
        payload=json_text.loads(row["payload"]),
        submitted_at=from_text(row["submitted_at"]),
        updated_at=from_text(row["updated_at"]),
        status_note=row["status_note"],
        status_updated_at=from_text(row["status_updated_at"]),
        receipt_printed_count=row["receipt_printed_count"],
        receipt_last_printed_at=optional_from_text(row["receipt_last_printed_at"]),
        acknowledged_at=optional_from_text(row["acknowledged_at"]),
        purged_at=optional_from_text(row["purged_at"]),
        parked_at=optional_from_text(row["parked_at"]),
        parked_code=row["parked_code"],
        parked_reason=row["parked_reason"],
        request_body=row["request_body"],
        materials_to_bring=tuple(json_text.loads(row["materials_to_bring"]) or ()),
        server_changed_at=optional_from_text(row["server_changed_at"]),
        status_learned_at=optional_from_text(row["status_learned_at"]),
    )
