"""What every route needs: the app's shared objects, and the two ways a caller is admitted
(a signed device, or the back office's bearer token)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from sqlalchemy import Engine

from kiosk.protocol import (
    ERRORS,
    HEADER_DEVICE,
    HEADER_NONCE,
    HEADER_SIGNATURE,
    HEADER_TIMESTAMP,
    ErrorBody,
    ErrorCode,
)
from server.auth import Authenticator, Device
from server.bodies import BODY_DIGEST_KEY, EMPTY_SHA256
from server.devices import admin_token_valid
from server.errors import ApiError
from server.limits import DeviceRateLimiter
from server.material_files import MaterialFiles


@dataclass(frozen=True)
class ServerContext:
    engine: Engine
    auth: Authenticator
    rates: DeviceRateLimiter
    now: Callable[[], datetime]
    files: MaterialFiles


async def context(request: Request) -> ServerContext:
    # async: a trivial dependency must not cost a trip through the thread pool.
    return request.app.state.kiosk


Context = Annotated[ServerContext, Depends(context)]


def request_target(request: Request) -> str:
    """Path and query exactly as they came over the wire: what the client signed."""
    path = request.scope.get("raw_path") or request.scope["path"].encode("utf-8")
    query = request.scope.get("query_string", b"")
    target = path.decode("latin-1")
    return f"{target}?{query.decode('latin-1')}" if query else target


# The signing headers, declared on the routes so the OpenAPI document shows them (the check
# itself reads them from the request).
DeviceHeader = Annotated[
    str | None, Header(alias=HEADER_DEVICE, description="设备编号（登记时发给）")
]
TimestampHeader = Annotated[str | None, Header(alias=HEADER_TIMESTAMP, description="Unix 秒")]
NonceHeader = Annotated[
    str | None, Header(alias=HEADER_NONCE, description="每个请求不同的随机串，16–64 字符")
]
SignatureHeader = Annotated[
    str | None, Header(alias=HEADER_SIGNATURE, description="HMAC-SHA256，十六进制")
]


def signed_device(
    request: Request,
    ctx: Context,
    x_kiosk_device: DeviceHeader = None,
    x_kiosk_timestamp: TimestampHeader = None,
    x_kiosk_nonce: NonceHeader = None,
    x_kiosk_signature: SignatureHeader = None,
) -> Device:
    """Admit a request signed by an enrolled device (see docs/protocol.md, "Signing")."""
    return verify_signed(request, ctx)


async def signed_later(
    x_kiosk_device: DeviceHeader = None,
    x_kiosk_timestamp: TimestampHeader = None,
    x_kiosk_nonce: NonceHeader = None,
    x_kiosk_signature: SignatureHeader = None,
) -> None:
    """For a route that calls :func:`verify_signed` itself, first thing in its one trip to
    the thread pool (the material upload: each trip costs ~1 ms of the GIL on a busy
    machine). Declares the same headers, so the OpenAPI document is the same."""


def verify_signed(request: Request, ctx: ServerContext) -> Device:
    device = ctx.auth.verify(
        method=request.method,
        target=request_target(request),
        headers=request.headers,
        body_sha256=request.scope.get(BODY_DIGEST_KEY, EMPTY_SHA256),
    )
    request.state.device = device  # for the error handler: whose refusal to record
    ctx.rates.check(device.code)
    return device


SignedDevice = Annotated[Device, Depends(signed_device)]
SignedLater = Annotated[None, Depends(signed_later)]


def admin(
    ctx: Context,
    authorization: Annotated[
        str | None, Header(description="Bearer <管理员口令>（kiosk-server admin-token 生成）")
    ] = None,
) -> str:
    """Admit the back office: ``Authorization: Bearer <token>`` (``kiosk-server admin-token``)."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(ErrorCode.ADMIN_UNAUTHORIZED, detail="no bearer token")
    with ctx.engine.connect() as connection:
        if not admin_token_valid(connection, token.strip()):
            raise ApiError(ErrorCode.ADMIN_UNAUTHORIZED, detail="bad admin token")
    return "admin"


Admin = Annotated[str, Depends(admin)]


async def raw_body(request: Request) -> bytes:
    return await request.body()


RawBody = Annotated[bytes, Depends(raw_body)]


def _error_responses() -> dict[int | str, dict[str, Any]]:
    responses: dict[int | str, dict[str, Any]] = {}
    for code, spec in ERRORS.items():
        entry = responses.setdefault(
            spec.status, {"model": ErrorBody, "description": "", "codes": []}
        )
        entry["codes"].append(code.value)
    for status, entry in responses.items():
        entry["description"] = "错误 / error: " + ", ".join(entry.pop("codes"))
        if status in (429, 503):
            entry["headers"] = {
                "Retry-After": {"description": "几秒后再试", "schema": {"type": "integer"}}
            }
    return responses


ERROR_RESPONSES = _error_responses()
