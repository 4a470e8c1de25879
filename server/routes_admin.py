"""The back office's endpoints (bearer token from ``kiosk-server admin-token``): enrolment
tokens, applications and their transitions, catalogue publishing, devices, material files."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from kiosk.protocol import (
    API_PREFIX,
    DEVICE_CODE_PATTERN,
    SHA256_PATTERN,
    AdminApplicationDetail,
    AdminApplicationList,
    DeviceList,
    EnrolmentTokenList,
    EnrolmentTokenSummary,
    ErrorCode,
    PublishResult,
    ServerState,
    TokenRequest,
    TokenResponse,
    TokenRevokeRequest,
    TransitionRequest,
    parse_server_id,
    utc_text,
)
from server import backoffice, catalogs, devices
from server import materials as material_store
from server.context import ERROR_RESPONSES, Admin, Context, RawBody
from server.errors import ApiError
from server.paths import SHA256

router = APIRouter(prefix=f"{API_PREFIX}/admin", responses=ERROR_RESPONSES, tags=["back office"])

ServerId = Annotated[str, Path(pattern=r"^SV[0-9]{8,18}$", description="服务器受理编号")]


@router.post("/enrolment-tokens", response_model=TokenResponse, status_code=201)
def create_token(request: TokenRequest, ctx: Context, _: Admin) -> TokenResponse:
    """A one-time enrolment token, to show the kiosk as a QR code."""
    with ctx.engine.begin() as connection:
        token, expires_at = devices.create_enrolment_token(
            connection,
            now=ctx.now(),
            ttl=timedelta(hours=request.ttl_hours),
            device_code=request.device_code,
        )
    return TokenResponse(
        token=token, expires_at=utc_text(expires_at), id=devices.enrolment_token_id(token)
    )


@router.get("/enrolment-tokens", response_model=EnrolmentTokenList)
def list_tokens(
    ctx: Context,
    _: Admin,
    include_spent: Annotated[
        bool, Query(alias="all", description="也列出已用、过期、作废的")
    ] = False,
) -> EnrolmentTokenList:
    """Enrolment tokens by id, oldest first: by default those that can still enrol a device."""
    with ctx.engine.connect() as connection:
        rows = devices.enrolment_token_summaries(
            connection, now=ctx.now(), include_spent=include_spent
        )
    return EnrolmentTokenList(tokens=[_token(row) for row in rows])


@router.post("/enrolment-tokens/revoke", response_model=EnrolmentTokenSummary)
def revoke_token(request: TokenRevokeRequest, ctx: Context, _: Admin) -> EnrolmentTokenSummary:
    """Withdraw an unused enrolment token, named (or its id) in the body.

    In the body, never the path, so a token stays out of access logs. Revoking one already
    revoked answers it as it is; a used or expired one cannot be (a used token enrolled a
    device: revoke the device)."""
    now = ctx.now()
    with ctx.engine.begin() as connection:
        devices.revoke_enrolment_token(connection, request.token, now=now)
        summary = devices.enrolment_token_summary(connection, request.token, now=now)
    if summary.state is not devices.TokenState.REVOKED:
        raise ApiError(
            ErrorCode.INVALID_TRANSITION,
            "这个登记码已用过或已过期，不能作废；已登记的设备请停用设备。",
            detail=f"enrolment token {summary.id} is {summary.state}",
        )
    return _token(summary)


def _token(summary: devices.TokenSummary) -> EnrolmentTokenSummary:
    return EnrolmentTokenSummary(
        id=summary.id,
        state=summary.state.value,
        created_at=summary.created_at,
        expires_at=summary.expires_at or "",
        device_code=summary.device_code,
    )


@router.get("/applications", response_model=AdminApplicationList)
def list_applications(
    ctx: Context,
    _: Admin,
    state: ServerState | None = None,
    after: Annotated[str | None, Query(pattern=r"^SV[0-9]{8,18}$")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> AdminApplicationList:
    """Applications in arrival order; page with ``after`` = the last ``server_id`` seen."""
    after_id = parse_server_id(after) if after else 0
    with ctx.engine.connect() as connection:
        rows = backoffice.list_applications(
            connection, state=state, after_id=after_id or 0, limit=limit + 1
        )
    more = len(rows) > limit
    rows = rows[:limit]
    return AdminApplicationList(
        applications=rows, next_after=rows[-1].server_id if more and rows else None
    )


@router.get("/applications/{server_id}", response_model=AdminApplicationDetail)
def application(server_id: ServerId, ctx: Context, _: Admin) -> AdminApplicationDetail:
    """One application with its answers, material references and the officer's notes."""
    with ctx.engine.connect() as connection:
        return backoffice.application_detail(connection, server_id)


@router.post("/applications/{server_id}/transitions", response_model=AdminApplicationDetail)
def transition(
    server_id: ServerId, request: TransitionRequest, ctx: Context, _: Admin
) -> AdminApplicationDetail:
    """Move an application on (审核中, 需补正 with reason and materials, 通过, 不通过)."""
    with ctx.engine.begin() as connection:
        return backoffice.advance(
            connection, server_id, request, actor="back-office-api", now=ctx.now()
        )


@router.post(
    "/catalogs",
    response_model=PublishResult,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"type": "object"}}},
        }
    },
)
def publish_catalog(body: RawBody, ctx: Context, _: Admin) -> PublishResult:
    """Check a catalogue with the kiosk's own rules and make it current; bad ones are refused."""
    with ctx.engine.begin() as connection:
        return catalogs.publish(connection, body, now=ctx.now())


@router.get("/devices", response_model=DeviceList)
def list_devices(ctx: Context, _: Admin) -> DeviceList:
    """Every enrolled device: last seen, last rejection (why a queue may be stuck)."""
    with ctx.engine.connect() as connection:
        return DeviceList(devices=devices.device_summaries(connection))


@router.post("/devices/{device_code}/revoke", response_model=DeviceList)
def revoke_device(
    device_code: Annotated[str, Path(pattern=DEVICE_CODE_PATTERN)], ctx: Context, _: Admin
) -> DeviceList:
    """Stop a device (lost or stolen); re-enrol it later with a token naming its code."""
    with ctx.engine.begin() as connection:
        if not devices.revoke(connection, device_code, now=ctx.now()):
            raise ApiError(ErrorCode.NOT_FOUND, "没有这台在用的设备。", detail="no such device")
        return DeviceList(
            devices=[
                d for d in devices.device_summaries(connection) if d.device_code == device_code
            ]
        )


@router.get(
    f"/materials/{SHA256}",
    response_class=Response,
    responses={
        200: {
            "description": "材料文件",
            "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            },
        }
    },
)
def material(
    sha256: Annotated[str, Path(pattern=SHA256_PATTERN)], ctx: Context, _: Admin
) -> Response:
    """A material file, for the department examining the application."""
    data = material_store.read(ctx.files, sha256)
    if data is None:
        with ctx.engine.connect() as connection:
            purged = material_store.purged_among(connection, [sha256])
        if purged:  # an application used it: retention removed it, it is not merely unsent
            raise ApiError(ErrorCode.MATERIAL_PURGED, detail="material purged by retention")
        raise ApiError(ErrorCode.NOT_FOUND, "服务器没有这份完整的材料。", detail="material absent")
    return Response(content=data, media_type="application/octet-stream")
