"""The back office: listing applications and moving them on, standing in for the departments'
own systems. Transitions follow the kiosk's state machine (``kiosk.domain.states``), so a
device never receives a state it cannot move to."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import Connection, select, update

from kiosk.domain.states import ApplicationState, can_transition
from kiosk.protocol import (
    AdminApplication,
    AdminApplicationDetail,
    ErrorCode,
    MaterialRef,
    ServerState,
    TransitionRequest,
    format_server_id,
    parse_server_id,
    utc_text,
)
from server.database import for_update
from server.errors import ApiError
from server.schema import applications, devices
from server.signatures import signature_kinds
from server.status import append_event

# The correction itself arrives from the device as a new revision, never from the back office.
BACK_OFFICE_TARGETS = frozenset(
    {
        ServerState.IN_REVIEW,
        ServerState.NEEDS_CORRECTION,
        ServerState.APPROVED,
        ServerState.REJECTED,
    }
)

_COLUMNS = (applications, devices.c.device_code)


def list_applications(
    connection: Connection,
    *,
    state: ServerState | None = None,
    after_id: int = 0,
    limit: int | None = None,
) -> list[AdminApplication]:
    """Applications in arrival order (row id), optionally one state, after a server id."""
    query = (
        select(*_COLUMNS)
        .join(devices, devices.c.id == applications.c.device_id)
        .where(applications.c.id > after_id)
        .order_by(applications.c.id)
    )
    if state is not None:
        query = query.where(applications.c.state == state.value)
    if limit is not None:
        query = query.limit(limit)
    return [_summary(row) for row in connection.execute(query)]


def application_detail(connection: Connection, server_id: str) -> AdminApplicationDetail:
    row = connection.execute(
        select(*_COLUMNS)
        .join(devices, devices.c.id == applications.c.device_id)
        .where(applications.c.id == _row_id(server_id))
    ).first()
    if row is None:
        raise ApiError(ErrorCode.NOT_FOUND, "找不到该申请。", detail=f"{server_id} not found")
    return _detail(row)


def advance(
    connection: Connection,
    server_id: str,
    request: TransitionRequest,
    *,
    actor: str,
    now: datetime,
) -> AdminApplicationDetail:
    """Move an application to ``request.state`` and queue the news for its device."""
    row_id = _row_id(server_id)
    row = connection.execute(
        for_update(select(applications).where(applications.c.id == row_id), connection)
    ).first()
    if row is None:
        raise ApiError(ErrorCode.NOT_FOUND, "找不到该申请。", detail=f"{server_id} not found")
    target = request.state
    current = ServerState(row.state)
    if target not in BACK_OFFICE_TARGETS or not can_transition(
        ApplicationState(current.value), ApplicationState(target.value)
    ):
        raise ApiError(
            ErrorCode.INVALID_TRANSITION,
            f"该申请当前状态为「{ApplicationState(current.value).label_zh}」，"
            f"不能变为「{ApplicationState(target.value).label_zh}」。",
            detail=f"{server_id}: {current.value} -> {target.value}",
            details={"state": current.value},
        )
    if target is ServerState.NEEDS_CORRECTION and not (request.reason or "").strip():
        raise ApiError(
            ErrorCode.VALIDATION_ERROR,
            "要求补正时请写明原因。",
            detail=f"{server_id}: needs_correction without a reason",
        )
    reason = request.reason if target is ServerState.NEEDS_CORRECTION else None
    bring = list(request.materials_to_bring) if target is ServerState.NEEDS_CORRECTION else []
    result_text = (
        request.result_text or request.reason
        if target in (ServerState.APPROVED, ServerState.REJECTED)
        else None
    )
    connection.execute(
        update(applications)
        .where(applications.c.id == row_id)
        .values(
            state=target.value,
            reason=reason,
            materials_to_bring=json.dumps(bring, ensure_ascii=False) if bring else None,
            result_text=result_text,
            updated_at=now,
        )
    )
    append_event(
        connection,
        device_id=row.device_id,
        application_id=row_id,
        revision=row.revision,
        state=target,
        actor=actor,
        now=now,
        reason=reason,
        materials_to_bring=bring,
        result_text=result_text,
    )
    return application_detail(connection, server_id)


def _row_id(server_id: str) -> int:
    row_id = parse_server_id(server_id)
    if row_id is None:
        raise ApiError(ErrorCode.NOT_FOUND, "找不到该申请。", detail="malformed server id")
    return row_id


def _summary(row) -> AdminApplication:
    return AdminApplication(
        server_id=format_server_id(row.id),
        client_uuid=row.client_uuid,
        service=row.service_code,
        state=ServerState(row.state),
        revision=row.revision,
        device_code=row.device_code,
        receipt_no=row.receipt_no,
        source=row.source,
        received_at=utc_text(row.received_at),
        updated_at=utc_text(row.updated_at),
        signature_kinds=signature_kinds(json.loads(row.payload)),
    )


def _detail(row) -> AdminApplicationDetail:
    return AdminApplicationDetail(
        **_summary(row).model_dump(),
        payload=json.loads(row.payload),
        answers_purged_at=utc_text(row.answers_purged_at) if row.answers_purged_at else None,
        materials=[MaterialRef.model_validate(ref) for ref in json.loads(row.materials)],
        reason=row.reason,
        materials_to_bring=json.loads(row.materials_to_bring) if row.materials_to_bring else [],
        result_text=row.result_text,
    )
