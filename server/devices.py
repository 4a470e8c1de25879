"""Devices: one-time enrolment tokens, enrolment, admin tokens, revocation, the device list."""

from __future__ import annotations

import base64
import secrets
from datetime import datetime, timedelta

from sqlalchemy import Connection, func, select, update

from kiosk.protocol import (
    CLOCK_SKEW_S,
    DEVICE_SECRET_BYTES,
    DeviceSummary,
    EnrolRequest,
    EnrolResponse,
    ErrorCode,
    encode_secret,
    normalize_token,
    sha256_hex,
    utc_text,
)
from server.database import for_update, insert_ignore, is_postgresql
from server.errors import ApiError
from server.schema import admin_tokens, applications, devices, enrolment_tokens

_TOKEN_BYTES = 15  # 120 bits: 24 base32 characters, no padding
_ENROL_LOCK_KEY = 0x454E524F4C  # "ENROL": device codes are handed out one at a time


def new_token() -> str:
    """A token staff can also read aloud or type: base32 in groups of four (``ABCD-EFGH-…``)."""
    text = base64.b32encode(secrets.token_bytes(_TOKEN_BYTES)).decode("ascii")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def token_digest(token: str) -> str:
    return sha256_hex(normalize_token(token).encode("ascii", "ignore"))


def create_enrolment_token(
    connection: Connection,
    *,
    now: datetime,
    ttl: timedelta = timedelta(hours=24),
    device_code: str | None = None,
) -> tuple[str, datetime]:
    """A new one-time token (only its digest is stored); returns it with its expiry."""
    token = new_token()
    expires_at = now + ttl
    connection.execute(
        enrolment_tokens.insert().values(
            token_sha256=token_digest(token),
            created_at=now,
            expires_at=expires_at,
            device_code=device_code,
        )
    )
    return token, expires_at


def enrol(connection: Connection, request: EnrolRequest, *, now: datetime) -> EnrolResponse:
    """Spend a token and hand out a device code and secret.

    Idempotent per installation: if the answer to the first attempt was lost on the way, the
    same installation sending the same token again gets the same code and secret. Anyone
    else presenting a spent token is refused.
    """
    if is_postgresql(connection):
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_ENROL_LOCK_KEY})")
    token = connection.execute(
        for_update(
            select(enrolment_tokens).where(
                enrolment_tokens.c.token_sha256 == token_digest(request.token)
            ),
            connection,
        )
    ).first()
    if token is None:
        raise ApiError(ErrorCode.ENROLMENT_TOKEN_INVALID, detail="unknown token")
    if token.used_at is not None:
        if token.used_by_installation != request.installation_id:
            raise ApiError(ErrorCode.ENROLMENT_TOKEN_INVALID, detail="token already used")
        device = connection.execute(select(devices).where(devices.c.id == token.device_id)).one()
        return _answer(device.device_code, device.secret, now)
    if token.expires_at < now:
        raise ApiError(ErrorCode.ENROLMENT_TOKEN_INVALID, detail="token expired")

    secret = secrets.token_bytes(DEVICE_SECRET_BYTES)
    # Re-enrolment keeps the device's code (its receipt prefix): either the token names the
    # code, or the same installation comes back after losing its secret.
    existing = None
    if token.device_code is not None:
        existing = connection.execute(
            select(devices).where(devices.c.device_code == token.device_code)
        ).first()
    if existing is None:
        existing = connection.execute(
            select(devices).where(devices.c.installation_id == request.installation_id)
        ).first()
    if existing is not None:
        connection.execute(
            update(devices)
            .where(devices.c.installation_id == request.installation_id)
            .where(devices.c.id != existing.id)
            .values(installation_id=None)
        )
        connection.execute(
            update(devices)
            .where(devices.c.id == existing.id)
            .values(
                secret=secret,
                name=request.device_name,
                installation_id=request.installation_id,
                revoked_at=None,
                enrolled_at=now,
            )
        )
        device_id, code = existing.id, existing.device_code
    else:
        code = token.device_code or _next_device_code(connection)
        device_id = connection.execute(
            devices.insert()
            .values(
                device_code=code,
                name=request.device_name,
                installation_id=request.installation_id,
                secret=secret,
                enrolled_at=now,
            )
            .returning(devices.c.id)
        ).scalar_one()
    connection.execute(
        update(enrolment_tokens)
        .where(enrolment_tokens.c.token_sha256 == token.token_sha256)
        .values(used_at=now, used_by_installation=request.installation_id, device_id=device_id)
    )
    return _answer(code, secret, now)


def _answer(code: str, secret: bytes, now: datetime) -> EnrolResponse:
    return EnrolResponse(
        device_code=code,
        device_secret=encode_secret(secret),
        server_time=int(now.timestamp()),
        clock_skew_s=CLOCK_SKEW_S,
    )


_BASE36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _base36(number: int) -> str:
    digits = ""
    while True:
        number, rest = divmod(number, 36)
        digits = _BASE36[rest] + digits
        if number == 0:
            return digits


def _next_device_code(connection: Connection) -> str:
    """``K001``, ``K002``, … (base 36, at least three digits, widening instead of wrapping)."""
    count = connection.execute(select(func.count()).select_from(devices)).scalar_one()
    number = count + 1
    while True:
        code = "K" + _base36(number).rjust(3, "0")
        taken = connection.execute(
            select(devices.c.id).where(devices.c.device_code == code)
        ).first()
        if taken is None:
            return code
        number += 1


def record_rejection(connection: Connection, device_id: int, code: str, *, now: datetime) -> None:
    """Remember the last refusal a device got, for ``kiosk-server devices`` (a stuck queue)."""
    connection.execute(
        update(devices)
        .where(devices.c.id == device_id)
        .values(last_rejection=code, last_rejection_at=now)
    )


def revoke(connection: Connection, device_code: str, *, now: datetime) -> bool:
    """Stop a device (a stolen tablet): its signatures are refused from now on."""
    result = connection.execute(
        update(devices)
        .where(devices.c.device_code == device_code, devices.c.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    return result.rowcount == 1


def create_admin_token(connection: Connection, *, now: datetime, note: str | None = None) -> str:
    token = secrets.token_urlsafe(32)
    insert_ignore(
        connection,
        admin_tokens,
        {"token_sha256": sha256_hex(token.encode("ascii")), "created_at": now, "note": note},
        keys=["token_sha256"],
    )
    return token


def admin_token_valid(connection: Connection, token: str) -> bool:
    row = connection.execute(
        select(admin_tokens.c.revoked_at).where(
            admin_tokens.c.token_sha256 == sha256_hex(token.encode("utf-8"))
        )
    ).first()
    return row is not None and row.revoked_at is None


def device_summaries(connection: Connection) -> list[DeviceSummary]:
    counts = (
        select(applications.c.device_id, func.count().label("n"))
        .group_by(applications.c.device_id)
        .subquery()
    )
    rows = connection.execute(
        select(devices, func.coalesce(counts.c.n, 0).label("n"))
        .outerjoin(counts, counts.c.device_id == devices.c.id)
        .order_by(devices.c.device_code)
    )
    return [
        DeviceSummary(
            device_code=row.device_code,
            name=row.name,
            enrolled_at=utc_text(row.enrolled_at),
            last_seen_at=utc_text(row.last_seen_at) if row.last_seen_at else None,
            revoked=row.revoked_at is not None,
            applications=row.n,
            last_rejection=row.last_rejection,
            last_rejection_at=utc_text(row.last_rejection_at) if row.last_rejection_at else None,
            audit_head_seq=row.audit_head_seq,
        )
        for row in rows
    ]
