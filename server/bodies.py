"""ASGI middleware: read the request body once, remember its digest, undo gzip.

The signature covers the SHA-256 of the body *as sent* (compressed, if it was), so that digest
is taken here, before decoding, and left in the scope for the signature check. Bodies are
bounded both as sent and after decoding, so a small gzip bomb cannot fill memory.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from kiosk.protocol import MAX_BODY_BYTES, ErrorCode
from server.errors import ApiError

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

BODY_DIGEST_KEY = "kiosk.body_sha256"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


class BodyMiddleware:
    def __init__(self, app: ASGIApp, *, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = [(k.lower(), v) for k, v in scope.get("headers", [])]
        try:
            declared = _header(headers, b"content-length")
            if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
                raise ApiError(ErrorCode.PAYLOAD_TOO_LARGE, detail="content-length over limit")
            raw = await self._read(receive)
            if raw is None:
                return  # the client went away mid-body: nobody to answer, nothing to act on
            encoding = (_header(headers, b"content-encoding") or "identity").strip().lower()
            if encoding == "gzip":
                body = self._gunzip(raw)
            elif encoding in ("identity", ""):
                body = raw
            else:
                raise ApiError(ErrorCode.UNSUPPORTED_ENCODING, detail=f"encoding {encoding[:20]}")
        except ApiError as error:
            await send_error(send, error)
            return

        scope[BODY_DIGEST_KEY] = hashlib.sha256(raw).hexdigest()
        if encoding == "gzip" or declared is not None:
            headers = [
                (k, v) for k, v in headers if k not in (b"content-encoding", b"content-length")
            ]
            headers.append((b"content-length", str(len(body)).encode("ascii")))
            scope["headers"] = headers
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # after the body: wait for the disconnect, as ASGI says

        await self.app(scope, replay, send)

    async def _read(self, receive: Receive) -> bytes | None:
        """The whole body, or None when the connection was cut before its end.

        A partial body never reaches the app: it would fail the signature check (which covers
        the whole body) and record a misleading rejection for the operator.
        """
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                raise ApiError(ErrorCode.PAYLOAD_TOO_LARGE, detail="body over limit")
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)

    def _gunzip(self, raw: bytes) -> bytes:
        decoder = zlib.decompressobj(wbits=31)
        try:
            body = decoder.decompress(raw, self.max_bytes + 1)
        except zlib.error as error:
            raise ApiError(ErrorCode.BAD_ENCODING, detail="gzip stream invalid") from error
        if len(body) > self.max_bytes or decoder.unconsumed_tail:
            raise ApiError(ErrorCode.PAYLOAD_TOO_LARGE, detail="gzip body over limit")
        if not decoder.eof:
            raise ApiError(ErrorCode.BAD_ENCODING, detail="gzip stream truncated")
        return body


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> str | None:
    for key, value in headers:
        if key == name:
            return value.decode("latin-1")
    return None


async def send_error(send: Send, error: ApiError) -> None:
    """Answer with the protocol's error body straight from ASGI (before any routing)."""
    body = json.dumps(error.body().model_dump(exclude_none=True), ensure_ascii=False).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode("ascii")),
    ]
    headers += [(k.lower().encode("ascii"), v.encode("ascii")) for k, v in error.headers().items()]
    await send({"type": "http.response.start", "status": error.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
