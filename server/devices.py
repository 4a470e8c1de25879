"""Devices: one-time enrolment tokens, enrolment, admin tokens, revocation, the device list.

Tokens are stored only as SHA-256 digests, so an operator names one by its *id*: the first
12 hex digits of the digest (``kiosk-server tokens`` lists them), or by the token itself.
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

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
    if token.revoked_at is not None:
        raise ApiError(ErrorCode.ENROLMENT_TOKEN_INVALID, detail="token revoked")
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


# -- listing and withdrawing tokens (kiosk-server tokens / revoke-token / admin-tokens) -----

TOKEN_ID_LENGTH = 12
_MIN_ID_PREFIX = 6


class TokenState(StrEnum):
    UNUSED = "unused"
    """An enrolment token that can still enrol a device."""
    ACTIVE = "active"
    """A back-office token that is accepted."""
    USED = "used"
    EXPIRED = "expired"
    REVOKED = "revoked"


@dataclass(frozen=True)
class TokenSummary:
    id: str
    kind: str
    """``enrolment`` or ``admin``."""
    state: TokenState
    created_at: str
    expires_at: str | None = None
    device_code: str | None = None
    """Enrolment: the code it re-enrols (before use) or the device it enrolled (after)."""
    note: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "kind": self.kind,
            "state": self.state.value,
            "created_at": self.created_at,
            "expires_at": self.expires_at,
            "device_code": self.device_code,
            "note": self.note,
        }


class TokenNotFound(ApiError):
    pass


def _token_id(digest: str) -> str:
    return digest[:TOKEN_ID_LENGTH]


def enrolment_token_id(token: str) -> str:
    """The id a token is listed and revoked by (its digest's first characters)."""
    return _token_id(token_digest(token))


def enrolment_token_summary(
    connection: Connection, token_or_id: str, *, now: datetime
) -> TokenSummary:
    """The one enrolment token named by the token itself or its id (:class:`TokenNotFound`)."""
    digest = _find_token(connection, enrolment_tokens, token_or_id, token_digest)
    (summary,) = [
        row
        for row in enrolment_token_summaries(connection, now=now, include_spent=True)
        if row.id == _token_id(digest)
    ]
    return summary


def enrolment_token_summaries(
    connection: Connection, *, now: datetime, include_spent: bool = False
) -> list[TokenSummary]:
    """Enrolment tokens, oldest first: by default only those that could still enrol a device."""
    rows = connection.execute(
        select(enrolment_tokens, devices.c.device_code.label("enrolled_code"))
        .outerjoin(devices, devices.c.id == enrolment_tokens.c.device_id)
        .order_by(enrolment_tokens.c.created_at, enrolment_tokens.c.token_sha256)
    )
    summaries = []
    for row in rows:
        if row.revoked_at is not None:
            state = TokenState.REVOKED
        elif row.used_at is not None:
            state = TokenState.USED
        elif row.expires_at < now:
            state = TokenState.EXPIRED
        else:
            state = TokenState.UNUSED
        if state is not TokenState.UNUSED and not include_spent:
            continue
        summaries.append(
            TokenSummary(
                id=_token_id(row.token_sha256),
                kind="enrolment",
                state=state,
                created_at=utc_text(row.created_at),
                expires_at=utc_text(row.expires_at),
                device_code=row.enrolled_code or row.device_code,
            )
        )
    return summaries


def admin_token_summaries(connection: Connection) -> list[TokenSummary]:
    rows = connection.execute(
        select(admin_tokens).order_by(admin_tokens.c.created_at, admin_tokens.c.token_sha256)
    )
    return [
        TokenSummary(
            id=_token_id(row.token_sha256),
            kind="admin",
            state=TokenState.REVOKED if row.revoked_at is not None else TokenState.ACTIVE,
            created_at=utc_text(row.created_at),
            note=row.note,
        )
        for row in rows
    ]


def _find_token(connection: Connection, table, text: str, digest_of) -> str:
    """The digest of the token named by ``text``: the token itself, or an id (prefix)."""
    candidates = {digest_of(text)}
    prefix = text.strip().lower()
    if len(prefix) >= _MIN_ID_PREFIX and all(c in "0123456789abcdef" for c in prefix):
        candidates |= set(
            connection.execute(
                select(table.c.token_sha256).where(table.c.token_sha256.startswith(prefix))
            ).scalars()
        )
    found = list(
        connection.execute(
            select(table.c.token_sha256).where(table.c.token_sha256.in_(candidates))
        ).scalars()
    )
    if len(found) != 1:
        raise TokenNotFound(
            ErrorCode.NOT_FOUND,
            "没有这个口令，或编号不唯一（请用 tokens / admin-tokens 列出的完整编号）。",
            detail=f"token {'ambiguous' if found else 'not found'}",
        )
    return found[0]


def revoke_enrolment_token(connection: Connection, token_or_id: str, *, now: datetime) -> bool:
    """Withdraw an unused enrolment token; False if it was already used, expired or revoked
    (a used token enrolled a device: revoke the device instead)."""
    digest = _find_token(connection, enrolment_tokens, token_or_id, token_digest)
    result = connection.execute(
        update(enrolment_tokens)
        .where(
            enrolment_tokens.c.token_sha256 == digest,
            enrolment_tokens.c.used_at.is_(None),
            enrolment_tokens.c.revoked_at.is_(None),
            enrolment_tokens.c.expires_at >= now,
        )
        .values(revoked_at=now)
    )
    return result.rowcount == 1


def revoke_admin_token(connection: Connection, token_or_id: str, *, now: datetime) -> bool:
    """Withdraw a back-office token; False if it was revoked already."""
    digest = _find_token(
        connection, admin_tokens, token_or_id, lambda text: sha256_hex(text.encode("utf-8"))
    )
    result = connection.execute(
        update(admin_tokens)
        .where(admin_tokens.c.token_sha256 == digest, admin_tokens.c.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    return result.rowcount == 1
