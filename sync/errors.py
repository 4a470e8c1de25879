"""The sync package's exceptions: one base, and a class per way the queue reacts.

Each carries a Chinese ``message`` for staff and a log-safe ``detail`` (codes, counts, ids;
never answers, names or the server's free text). How the worker reacts is decided by the
class, not by string matching:

==================  =====================================================================
``NetworkError``    the link is down or broke mid-request: pause the queue, back off
``ServerBusy``      5xx, 429, 503 (with Retry-After): pause the queue, honour Retry-After
``AuthError``       the server does not accept this device: stop, tell staff
``Rejected``        the server refused one request for good: park that item, go on
``Retryable``       the server refused one item for now (materials missing ...): retry it
==================  =====================================================================
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kiosk.errors import KioskError


class SyncError(KioskError):
    """Base of every error raised by :mod:`sync`."""

    code: str = "sync_error"


class NotEnrolled(SyncError):
    code = "not_enrolled"

    def __init__(self) -> None:
        super().__init__(
            "本设备还没有登记到服务器，请工作人员先登记（kiosk enrol）。", detail="not enrolled"
        )


class SyncBusy(SyncError):
    """Another process is syncing this data directory."""

    code = "sync_busy"

    def __init__(self) -> None:
        super().__init__("另一个同步程序正在运行，请稍后再试。", detail="sync lock held")


class NetworkError(SyncError):
    """No answer: refused, reset, timed out, TLS failure, or something that is not our server.

    ``maybe_delivered`` is true when the request may have reached the server (the failure
    came after the body was sent), so an idempotent retry is the only safe next step.
    """

    code = "network"

    def __init__(self, message: str, *, detail: str, maybe_delivered: bool = True) -> None:
        super().__init__(message, detail=detail)
        self.maybe_delivered = maybe_delivered


class ServerBusy(SyncError):
    """The server answered but cannot serve now (5xx, 429, 503)."""

    code = "server_busy"

    def __init__(
        self, message: str, *, detail: str, status: int, retry_after: float | None = None
    ) -> None:
        super().__init__(message, detail=detail)
        self.status = status
        self.retry_after = retry_after


class _Coded(SyncError):
    def __init__(
        self,
        code: str,
        message: str,
        *,
        status: int,
        details: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(message, detail=f"{code} (http {status})")
        self.code = code
        self.status = status
        self.details = dict(details or {})


class AuthError(_Coded):
    """The server refuses this device (unknown, revoked, bad signature): staff must act."""


class Rejected(_Coded):
    """A permanent refusal of one request; ``message`` is the server's Chinese reason."""


class Retryable(_Coded):
    """A refusal that a later attempt may overcome (the protocol marks it retryable)."""


class LocalDataError(SyncError):
    """Something on this device cannot be sent (a damaged material file): park the item."""

    def __init__(self, code: str, message: str, *, detail: str) -> None:
        super().__init__(message, detail=detail)
        self.code = code
