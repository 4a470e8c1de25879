"""HTTP to the intake server: signing, compression, timeouts, and one meaning per failure.

Every request goes through :meth:`Transport.request`, which

- signs it with the device secret (``kiosk.protocol.sign_request``: method, path and query
  exactly as sent, timestamp, nonce, SHA-256 of the body as sent), afresh on every attempt;
- gzips JSON bodies (the signature covers the compressed bytes);
- verifies TLS always (``verify`` is the system store or a configured CA file, never False);
- bounds every wait with a connect and a read timeout;
- turns every outcome into a value or one of the :mod:`sync.errors` classes, so the callers
  decide on the class, never on text.

Two refusals are handled here because the cure is local and immediate: ``clock_skew`` (the
answer carries the server's time; the offset is kept and the request re-signed once) and
``replayed`` (a middlebox re-sent our request; a fresh nonce is all it takes).
"""

from __future__ import annotations

import email.utils
import json
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlencode, urlsplit

import requests
from pydantic import BaseModel, ValidationError

from kiosk.protocol import (
    API_PREFIX,
    ERRORS,
    DeviceCredentials,
    ErrorBody,
    ErrorCode,
    gzip_body,
    sign_request,
)
from sync.config import TransportConfig
from sync.errors import AuthError, NetworkError, NotEnrolled, Rejected, Retryable, ServerBusy

log = logging.getLogger(__name__)

USER_AGENT = "zhengwu-kiosk-sync/1"

_M = TypeVar("_M", bound=BaseModel)

_AUTH_CODES = frozenset(
    {
        ErrorCode.UNSIGNED,
        ErrorCode.UNKNOWN_DEVICE,
        ErrorCode.DEVICE_REVOKED,
        ErrorCode.BAD_SIGNATURE,
        ErrorCode.ENROLMENT_TOKEN_INVALID,
    }
)
_RESIGN_CODES = frozenset({ErrorCode.CLOCK_SKEW, ErrorCode.REPLAYED})


@dataclass(frozen=True)
class Response:
    status: int
    headers: Mapping[str, str]
    body: bytes

    def json(self) -> Any:
        try:
            return json.loads(self.body)
        except ValueError:
            raise NetworkError(
                "服务器的回答无法识别，请检查服务器地址。", detail=f"http {self.status}: not JSON"
            ) from None


@dataclass
class WireStats:
    """Bodies moved by this transport (headers not counted; the benchmark counts those)."""

    requests: int = 0
    body_bytes_sent: int = 0
    body_bytes_received: int = 0


def parse(model: type[_M], data: Any) -> _M:
    """Validate an answer against the protocol; an answer that does not fit is treated like a
    broken link (it is not our server speaking, or the answer was mangled on the way)."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise NetworkError(
            "服务器的回答格式不对，稍后重试。",
            detail=f"answer is not a {model.__name__} ({error.error_count()} problem(s))",
        ) from None


def encode_json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class Transport:
    def __init__(
        self,
        server_url: str,
        *,
        credentials: DeviceCredentials | None,
        config: TransportConfig | None = None,
        session: requests.Session | None = None,
    ) -> None:
        parts = urlsplit(server_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise NetworkError(
                "服务器地址不对，应以 https:// 开头。",
                detail="bad server url",
                maybe_delivered=False,
            )
        self.server_url = server_url.rstrip("/")
        self._base_path = parts.path.rstrip("/")
        self.credentials = credentials
        self.config = config or TransportConfig()
        self._session = session or requests.Session()
        self._session.headers["User-Agent"] = USER_AGENT
        self.clock_offset_s = 0.0
        """Server clock minus ours, learned from ``clock_skew`` answers and the health probe."""
        self.stats = WireStats()
        self._last_used = 0.0

    def fork(self) -> Transport:
        """Another transport to the same server with the same credentials and clock offset,
        on a connection of its own (for requests sent in parallel from another thread)."""
        other = Transport(self.server_url, credentials=self.credentials, config=self.config)
        other.clock_offset_s = self.clock_offset_s
        return other

    def close(self) -> None:
        self._session.close()

    # ------------------------------------------------------------------ requests

    def request(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        raw_body: bytes | None = None,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        signed: bool = True,
        ok: tuple[int, ...] = (200, 201),
        timeout_s: float | None = None,
    ) -> Response:
        """Send one request to ``API_PREFIX + path``; return the answer if its status is in
        ``ok``, else raise the :mod:`sync.errors` class that says what to do."""
        target = self._base_path + API_PREFIX + path
        if query:
            target += "?" + urlencode(query)
        send_headers = dict(headers or {})
        body = b""
        if json_body is not None:
            body = encode_json(json_body)
            send_headers["Content-Type"] = "application/json"
            if len(body) >= self.config.gzip_min_bytes:
                body = gzip_body(body)
                send_headers["Content-Encoding"] = "gzip"
        elif raw_body is not None:
            body = raw_body
            send_headers["Content-Type"] = "application/octet-stream"
        resigned = False
        while True:
            if signed:
                send_headers.update(self._signature(method, target, body))
            response = self._send(method, target, body, send_headers, timeout_s=timeout_s)
            if response.status in ok:
                return response
            error = self._classify(response)
            if isinstance(error, Retryable) and error.code in _RESIGN_CODES and not resigned:
                resigned = True
                server_time = error.details.get("server_time")
                if error.code == ErrorCode.CLOCK_SKEW and isinstance(server_time, int | float):
                    self.clock_offset_s = server_time - time.time()
                    log.warning(
                        "clock off by %.0f s; signing with the server's time", self.clock_offset_s
                    )
                continue
            raise error

    def get_json(self, path: str, **options: Any) -> Any:
        return self.request("GET", path, **options).json()

    def post_json(self, path: str, body: Any, **options: Any) -> Any:
        return self.request("POST", path, json_body=body, **options).json()

    def _signature(self, method: str, target: str, body: bytes) -> dict[str, str]:
        if self.credentials is None:
            raise NotEnrolled()
        return sign_request(
            method,
            target,
            body,
            device_code=self.credentials.device_code,
            secret=self.credentials.secret,
            timestamp=int(time.time() + self.clock_offset_s),
        )

    def _send(
        self,
        method: str,
        target: str,
        body: bytes,
        headers: Mapping[str, str],
        *,
        timeout_s: float | None,
    ) -> Response:
        url = self.server_url[: len(self.server_url) - len(self._base_path)] + target
        timeout = (
            (timeout_s, timeout_s)
            if timeout_s is not None
            else (self.config.connect_timeout_s, self.config.read_timeout_s)
        )
        self.stats.requests += 1
        now = time.monotonic()
        if now - self._last_used > self.config.idle_reconnect_s:
            # Drop pooled connections the server may be closing right now (see the config).
            for adapter in self._session.adapters.values():
                adapter.close()
        self._last_used = now
        try:
            answer = self._session.request(
                method,
                url,
                data=body or None,
                headers=headers,
                timeout=timeout,
                verify=self.config.ca_bundle or True,
                allow_redirects=False,
            )
            content = answer.content
        except requests.exceptions.SSLError as error:
            raise NetworkError(
                "无法验证服务器的安全证书，请工作人员检查服务器地址和证书。",
                detail=f"tls: {type(error).__name__}",
                maybe_delivered=False,
            ) from error
        except requests.exceptions.ConnectTimeout as error:
            raise NetworkError(
                "连不上服务器（超时），网络恢复后会自动提交。",
                detail="connect timeout",
                maybe_delivered=False,
            ) from error
        except requests.exceptions.ConnectionError as error:
            # Includes "connection refused" (never delivered) and resets after the request
            # went out (maybe delivered); requests does not tell them apart reliably.
            refused = "refused" in str(error).lower()
            raise NetworkError(
                "网络中断，网络恢复后会自动提交。",
                detail=f"connection: {type(error).__name__}{' (refused)' if refused else ''}",
                maybe_delivered=not refused,
            ) from error
        except requests.exceptions.Timeout as error:
            raise NetworkError(
                "服务器没有及时回答，稍后会自动重试。", detail="read timeout"
            ) from error
        except requests.exceptions.RequestException as error:
            raise NetworkError(
                "网络传输出错，稍后会自动重试。", detail=f"transfer: {type(error).__name__}"
            ) from error
        self._last_used = time.monotonic()
        self.stats.body_bytes_sent += len(body)
        self.stats.body_bytes_received += len(content)
        return Response(status=answer.status_code, headers=answer.headers, body=content)

    # ------------------------------------------------------------------ errors

    def _classify(self, response: Response) -> Exception:
        status = response.status
        error = _error_body(response)
        if status in (429, 503) or (status >= 500 and error is None):
            return ServerBusy(
                ERRORS[ErrorCode.RATE_LIMITED if status == 429 else ErrorCode.UNAVAILABLE].message
                if error is None
                else error.message,
                detail=f"http {status} {error.code if error else ''}".strip(),
                status=status,
                retry_after=parse_retry_after(response.headers.get("Retry-After")),
            )
        if error is None:
            # Not the protocol's answer: a captive portal, a proxy's error page, a wrong
            # address. Nothing about our items can be concluded from it; try again later.
            return NetworkError(
                "服务器地址可能不对，或网络需要登录；稍后会自动重试。",
                detail=f"http {status} without a protocol error body",
                maybe_delivered=status >= 500,
            )
        try:
            code = ErrorCode(error.code)
        except ValueError:
            code = None
        if status >= 500:
            return ServerBusy(
                error.message,
                detail=f"http {status} {error.code}",
                status=status,
                retry_after=parse_retry_after(response.headers.get("Retry-After")),
            )
        if code in _AUTH_CODES:
            return AuthError(error.code, error.message, status=status, details=error.details)
        if error.retryable:
            return Retryable(error.code, error.message, status=status, details=error.details)
        return Rejected(error.code, error.message, status=status, details=error.details)


def _error_body(response: Response) -> ErrorBody | None:
    if "json" not in (response.headers.get("Content-Type") or ""):
        return None
    try:
        return ErrorBody.model_validate_json(response.body)
    except ValueError:
        return None


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date), None if absent."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
