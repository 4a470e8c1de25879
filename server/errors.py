"""The server package's exceptions: one base, and the API error that becomes a response.

Same shape as the core's errors: ``message`` is plain Chinese (it goes to the kiosk, which may
show it to staff), ``detail`` is log-safe (codes, ids, counts; never answers or names).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kiosk.protocol import ERRORS, ErrorBody, ErrorCode


class ServerError(Exception):
    """Base of every error raised by :mod:`server`."""

    def __init__(self, message: str, *, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail or message

    def __str__(self) -> str:
        return self.message


class ApiError(ServerError):
    """An error with a protocol code; the app turns it into ``{"code", "message", ...}``."""

    def __init__(
        self,
        code: ErrorCode,
        message: str | None = None,
        *,
        detail: str = "",
        details: Mapping[str, Any] | None = None,
        retry_after: int | None = None,
    ) -> None:
        spec = ERRORS[code]
        super().__init__(message or spec.message, detail=detail or code.value)
        self.code = code
        self.status = spec.status
        self.kind = spec.kind
        self.retryable = spec.retryable
        self.details = dict(details or {})
        self.retry_after = retry_after

    def body(self) -> ErrorBody:
        return ErrorBody.of(self.code, self.message, details=self.details)

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)} if self.retry_after is not None else {}
