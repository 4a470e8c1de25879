"""Receiving applications, ratings and audit records: each stored once, whatever is retried.

The idempotency key of an application is ``(client_uuid, revision)``; its row in
``submissions`` is inserted first, under the table's primary key, so of two racing copies
(two app processes, a retry and a USB import) exactly one inserts and the other finds it and
answers the original result. A copy whose canonical body differs is refused for good.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Connection, select, update

from kiosk.protocol import (
    AuditAck,
    AuditRecordIn,
    ErrorCode,
    ItemOutcome,
    RatingItem,
    ServerState,
    SubmitRequest,
    SubmitResult,
    audit_fields,
    audit_record_hash,
    canonical_json,
    format_server_id,
    rating_digest,
    submission_digest,
    utc_text,
)
from server import materials as material_store
from server.database import for_update, insert_ignore, is_postgresql
from server.errors import ApiError
from server.material_files import MaterialFiles
from server.schema import (
    application_materials,
    applications,
    audit_records,
    devices,
    materials,
    ratings,
    submissions,
)
from server.signatures import check_signatures
from server.status import append_event


def dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def submit(
    connection: Connection,
    device_id: int,
    request: SubmitRequest,
    *,
    source: str,
    now: datetime,
    files: MaterialFiles,
) -> SubmitResult:
    """Accept one application revision, or answer the result of the copy accepted before
    (``files``: where the server's material files are, to check the ones it names)."""
    digest = submission_digest(request)
    fresh = insert_ignore(
        connection,
        submissions,
        {
            "client_uuid": request.client_uuid,
            "revision": request.revision,
            "device_id": device_id,
            "body_sha256": digest,
            "accepted_at": now,
            "source": source,
        },
        keys=["client_uuid", "revision"],
    )
    if not fresh:
        return _repeat(connection, device_id, request, digest)

    # A fresh first revision has no application row: rows are made only by first revisions,
    # and this key's idempotency row was just inserted. Later revisions lock the row.
    application = (
        None
        if request.revision == 1
        else connection.execute(
            for_update(
                select(applications).where(applications.c.client_uuid == request.client_uuid),
                connection,
            )
        ).first()
    )
    if application is not None and application.device_id != device_id:
        raise ApiError(
            ErrorCode.IDEMPOTENCY_CONFLICT,
            detail=f"application {request.client_uuid}: other device",
        )
    check_signatures(request)  # drawn or confirmed, nothing else (server/signatures.py)
    _check_materials(connection, files, request)
    values = {
        "service_code": request.service_code,
        "receipt_no": request.receipt_no,
        "catalog_version": request.catalog_version,
        "state": ServerState.ACCEPTED.value,
        "revision": request.revision,
        "payload": dumps(request.payload),
        "materials": dumps([ref.model_dump(mode="json") for ref in request.materials]),
        "reason": None,
        "materials_to_bring": None,
        "result_text": None,
        "updated_at": now,
    }
    if application is None:
        if request.revision != 1:
            raise ApiError(
                ErrorCode.REVISION_CONFLICT,
                detail=f"application {request.client_uuid}: first revision is {request.revision}",
                details={"current_revision": None},
            )
        application_id = connection.execute(
            _INSERT_APPLICATION,
            {
                "client_uuid": request.client_uuid,
                "device_id": device_id,
                "source": source,
                "received_at": now,
                **values,
            },
        ).scalar_one()
    else:
        # A correction: only the next revision, and only after the officer asked for one.
        if not (
            application.state == ServerState.NEEDS_CORRECTION.value
            and request.revision == application.revision + 1
        ):
            raise ApiError(
                ErrorCode.REVISION_CONFLICT,
                detail=(
                    f"application {request.client_uuid}: revision {request.revision} while"
                    f" {application.state} at revision {application.revision}"
                ),
                details={"current_revision": application.revision, "state": application.state},
            )
        application_id = application.id
        connection.execute(
            update(applications).where(applications.c.id == application_id).values(**values)
        )
    for sha256 in sorted({ref.sha256 for ref in request.materials}):
        insert_ignore(
            connection,
            application_materials,
            {"application_id": application_id, "sha256": sha256},
            keys=["application_id", "sha256"],
        )
    append_event(
        connection,
        device_id=device_id,
        application_id=application_id,
        revision=request.revision,
        state=ServerState.ACCEPTED,
        actor=f"intake:{source}",
        now=now,
    )
    return SubmitResult(
        server_id=format_server_id(application_id),
        client_uuid=request.client_uuid,
        revision=request.revision,
        state=ServerState.ACCEPTED,
        accepted_at=utc_text(now),
        duplicate=False,
    )


_INSERT_APPLICATION = applications.insert().returning(applications.c.id)
"""Built once, executed with the row as parameters (cheaper than ``.values(row)`` per row)."""


def _repeat(
    connection: Connection, device_id: int, request: SubmitRequest, digest: str
) -> SubmitResult:
    original = connection.execute(
        select(submissions).where(
            submissions.c.client_uuid == request.client_uuid,
            submissions.c.revision == request.revision,
        )
    ).one()
    if original.body_sha256 != digest or original.device_id != device_id:
        raise ApiError(
            ErrorCode.IDEMPOTENCY_CONFLICT,
            detail=f"application {request.client_uuid} r{request.revision}: different body",
        )
    application = connection.execute(
        select(applications.c.id, applications.c.state).where(
            applications.c.client_uuid == request.client_uuid
        )
    ).one()
    return SubmitResult(
        server_id=format_server_id(application.id),
        client_uuid=request.client_uuid,
        revision=request.revision,
        state=ServerState(application.state),
        accepted_at=utc_text(original.accepted_at),
        duplicate=True,
    )


def _check_materials(connection: Connection, files: MaterialFiles, request: SubmitRequest) -> None:
    shas = sorted({ref.sha256 for ref in request.materials})
    if shas and is_postgresql(connection):
        # Share-lock the rows until this application commits: the upload GC and the
        # retention purge take each row FOR UPDATE SKIP LOCKED before removing its bytes,
        # so a material cannot vanish between this check and the application using it.
        connection.execute(
            select(materials.c.sha256)
            .where(materials.c.sha256.in_(shas))
            .with_for_update(read=True)
        )
    held = material_store.complete_among(
        connection, files, (ref.sha256 for ref in request.materials)
    )
    missing = sorted({ref.sha256 for ref in request.materials if ref.sha256 not in held})
    if missing:
        # Files retention removed (a correction naming an old photo) are listed apart, so
        # the kiosk can say why when it no longer has them either.
        purged = sorted(material_store.purged_among(connection, missing))
        raise ApiError(
            ErrorCode.MATERIALS_MISSING,
            detail=f"application {request.client_uuid}: {len(missing)} material(s) missing",
            details={"missing": missing, **({"purged": purged} if purged else {})},
        )
    wrong = sorted({ref.sha256 for ref in request.materials if held[ref.sha256] != ref.size})
    if wrong:
        raise ApiError(
            ErrorCode.MATERIAL_SIZE_MISMATCH,
            detail=f"application {request.client_uuid}: {len(wrong)} material size(s) differ",
            details={"materials": wrong},
        )


def record_ratings(
    connection: Connection, device_id: int, items: Sequence[RatingItem], *, now: datetime
) -> list[ItemOutcome]:
    """好差评, one per application, each answered on its own (one bad item spoils nothing)."""
    outcomes = []
    for item in items:
        owner = connection.execute(
            select(applications.c.device_id).where(applications.c.client_uuid == item.client_uuid)
        ).first()
        if owner is None or owner.device_id != device_id:
            outcomes.append(_item_error(item.client_uuid, ErrorCode.APPLICATION_UNKNOWN))
            continue
        digest = rating_digest(item)
        fresh = insert_ignore(
            connection,
            ratings,
            {
                "client_uuid": item.client_uuid,
                "device_id": device_id,
                "level": item.level,
                "reason": item.reason,
                "created_at": item.created_at,
                "body_sha256": digest,
                "received_at": now,
            },
            keys=["client_uuid"],
        )
        if fresh:
            outcomes.append(ItemOutcome(key=item.client_uuid, ok=True))
            continue
        stored = connection.execute(
            select(ratings.c.body_sha256).where(ratings.c.client_uuid == item.client_uuid)
        ).scalar_one()
        if stored == digest:
            outcomes.append(ItemOutcome(key=item.client_uuid, ok=True, duplicate=True))
        else:
            outcomes.append(_item_error(item.client_uuid, ErrorCode.RATING_CONFLICT))
    return outcomes


def _item_error(key: str, code: ErrorCode) -> ItemOutcome:
    return ItemOutcome(key=key, ok=False, error=ApiError(code).body())


def record_audit(
    connection: Connection, device_id: int, records: Sequence[AuditRecordIn], *, now: datetime
) -> AuditAck:
    """Append a device's audit records after re-checking its hash chain; all or nothing.

    Records already held are fine if identical (a retry); a record that differs from the one
    held, or breaks the chain, is refused for good (it means tampering or a reset device).
    """
    device = connection.execute(
        for_update(
            select(devices.c.audit_head_seq, devices.c.audit_head_hash).where(
                devices.c.id == device_id
            ),
            connection,
        )
    ).one()
    head_seq, head_hash = device.audit_head_seq, device.audit_head_hash
    accepted = duplicates = 0
    rows: list[dict[str, object]] = []
    for record in sorted(records, key=lambda r: r.seq):
        if audit_record_hash(record.prev_hash, audit_fields(record)) != record.hash:
            raise ApiError(
                ErrorCode.AUDIT_INVALID,
                detail=f"audit seq {record.seq}: hash does not match its content",
                details={"seq": record.seq, "head_seq": head_seq},
            )
        if record.seq <= head_seq:
            held = connection.execute(
                select(audit_records.c.hash).where(
                    audit_records.c.device_id == device_id, audit_records.c.seq == record.seq
                )
            ).scalar_one_or_none()
            if held != record.hash:
                raise ApiError(
                    ErrorCode.AUDIT_CONFLICT,
                    detail=f"audit seq {record.seq}: differs from the record held",
                    details={"seq": record.seq, "head_seq": head_seq},
                )
            duplicates += 1
            continue
        if record.seq != head_seq + 1:
            raise ApiError(
                ErrorCode.AUDIT_GAP,
                detail=f"audit seq {record.seq} after head {head_seq}",
                details={"expected_seq": head_seq + 1, "head_seq": head_seq},
            )
        if record.prev_hash != head_hash:
            raise ApiError(
                ErrorCode.AUDIT_CONFLICT,
                "操作记录与服务器已确认的记录链接不上。",
                detail=f"audit seq {record.seq}: prev_hash does not continue the chain",
                details={"seq": record.seq, "head_seq": head_seq},
            )
        rows.append(
            {
                "device_id": device_id,
                "seq": record.seq,
                "at": record.at,
                "actor": record.actor,
                "on_behalf_of": record.on_behalf_of,
                "action": record.action,
                "subject": record.subject,
                "detail": canonical_json(record.detail).decode("utf-8"),
                "prev_hash": record.prev_hash,
                "hash": record.hash,
                "received_at": now,
            }
        )
        head_seq, head_hash = record.seq, record.hash
        accepted += 1
    if accepted:
        # All checked first (all or nothing anyway), then one multi-row insert.
        connection.execute(audit_records.insert(), rows)
        connection.execute(
            update(devices)
            .where(devices.c.id == device_id)
            .values(audit_head_seq=head_seq, audit_head_hash=head_hash)
        )
    return AuditAck(
        head_seq=head_seq, head_hash=head_hash, accepted=accepted, duplicates=duplicates
    )
