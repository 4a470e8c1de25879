"""Checking a signed request: the device, the HMAC, the clock window, and the nonce.

Order matters: the signature is checked before anything is written for the request, so an
unauthenticated sender cannot fill the nonce table; the nonce is recorded with a unique
constraint (``(device_id, nonce)``) so two app processes seeing the same replay cannot both
accept it. A nonce is kept only until its timestamp leaves the window; after that the clock
check refuses the request anyway.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, select, update

from kiosk.protocol import (
    CLOCK_SKEW_S,
    DEVICE_CODE_PATTERN,
    HEADER_DEVICE,
    HEADER_NONCE,
    HEADER_SIGNATURE,
    HEADER_TIMESTAMP,
    NONCE_PATTERN,
    ErrorCode,
    canonical_request,
    signature_matches,
)
from server.database import insert_ignore, relaxed, utc_now
from server.errors import ApiError
from server.schema import devices, nonces

_DEVICE_CODE = re.compile(DEVICE_CODE_PATTERN)
_NONCE = re.compile(NONCE_PATTERN)
_SIGNATURE = re.compile(r"^[0-9a-fA-F]{64}$")
_TIMESTAMP = re.compile(r"^[0-9]{1,12}$")
_LAST_SEEN_EVERY = timedelta(seconds=30)  # spare the device row a write on every request
_PURGE_EVERY = timedelta(seconds=60)


@dataclass(frozen=True)
class Device:
    id: int
    code: str


class Authenticator:
    def __init__(
        self,
        engine: Engine,
        *,
        skew_s: int = CLOCK_SKEW_S,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        self._engine = engine
        # The nonce need not survive a crash: a request replayed after one was either
        # committed (and is idempotent) or never happened. So its commit does not wait for
        # the disk; the request's own transaction is durable as ever.
        self._nonce_engine = relaxed(engine)
        self._skew = skew_s
        self._now = now
        self._purge_lock = threading.Lock()
        self._next_purge: datetime | None = None

    def verify(
        self, *, method: str, target: str, headers: Mapping[str, str], body_sha256: str
    ) -> Device:
        """The device that signed this request, or :class:`ApiError` saying why not."""
        code = headers.get(HEADER_DEVICE.lower())
        stamp = headers.get(HEADER_TIMESTAMP.lower())
        nonce = headers.get(HEADER_NONCE.lower())
        signature = headers.get(HEADER_SIGNATURE.lower())
        if not (code and stamp and nonce and signature):
            raise ApiError(ErrorCode.UNSIGNED, detail="signature headers missing")
        if not (
            _DEVICE_CODE.match(code)
            and _TIMESTAMP.match(stamp)
            and _NONCE.match(nonce)
            and _SIGNATURE.match(signature)
        ):
            raise ApiError(ErrorCode.BAD_SIGNATURE, detail="malformed signature headers")
        timestamp = int(stamp)
        now = self._now()
        error: ApiError | None = None
        with self._nonce_engine.begin() as connection:
            row = connection.execute(
                select(
                    devices.c.id, devices.c.secret, devices.c.revoked_at, devices.c.last_seen_at
                ).where(devices.c.device_code == code)
            ).first()
            if row is None:
                raise ApiError(ErrorCode.UNKNOWN_DEVICE, detail=f"device {code} unknown")
            if row.revoked_at is not None:
                raise ApiError(ErrorCode.DEVICE_REVOKED, detail=f"device {code} revoked")
            canonical = canonical_request(
                method,
                target,
                device_code=code,
                timestamp=timestamp,
                nonce=nonce,
                body_sha256=body_sha256,
            )
            if not signature_matches(bytes(row.secret), canonical, signature):
                error = ApiError(ErrorCode.BAD_SIGNATURE, detail=f"device {code}: bad signature")
            elif abs(now.timestamp() - timestamp) > self._skew:
                error = ApiError(
                    ErrorCode.CLOCK_SKEW,
                    detail=f"device {code}: skew {int(now.timestamp()) - timestamp}s",
                    details={"server_time": int(now.timestamp())},
                )
            else:
                expires = datetime.fromtimestamp(max(timestamp, int(now.timestamp())), now.tzinfo)
                fresh = insert_ignore(
                    connection,
                    nonces,
                    {
                        "device_id": row.id,
                        "nonce": nonce,
                        "expires_at": expires + timedelta(seconds=self._skew),
                    },
                    keys=["device_id", "nonce"],
                )
                if not fresh:
                    error = ApiError(ErrorCode.REPLAYED, detail=f"device {code}: nonce reused")
            if error is not None:
                # Recorded so an operator can see why a kiosk's queue is stuck.
                connection.execute(
                    update(devices)
                    .where(devices.c.id == row.id)
                    .values(last_rejection=error.code.value, last_rejection_at=now)
                )
            elif row.last_seen_at is None or now - row.last_seen_at > _LAST_SEEN_EVERY:
                connection.execute(
                    update(devices).where(devices.c.id == row.id).values(last_seen_at=now)
                )
        if error is not None:
            raise error
        self._maybe_purge(now)
        return Device(id=row.id, code=code)

    def _maybe_purge(self, now: datetime) -> None:
        with self._purge_lock:
            if self._next_purge is not None and now < self._next_purge:
                return
            self._next_purge = now + _PURGE_EVERY
        with self._engine.begin() as connection:
            connection.execute(delete(nonces).where(nonces.c.expires_at < now))
