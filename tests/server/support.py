"""Test helpers for the intake server: a live server in a thread, a signing device client, an
admin client, a controllable clock, and synthetic submissions.

The device client signs exactly as ``docs/protocol.md`` says, with the shared
``kiosk.protocol.sign_request``; tests that need a broken request build it by hand.
"""

from __future__ import annotations

import json
import queue
import socket
import threading
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import requests
import uvicorn
from fastapi import FastAPI
from sqlalchemy import Engine

from kiosk.protocol import (
    AuditRecordIn,
    MaterialRef,
    SubmitRequest,
    audit_record_hash,
    decode_secret,
    gzip_body,
    sha256_hex,
    sign_request,
    utc_text,
)
from server.database import utc_now
from server.material_files import MaterialFiles
from tests.support.synthetic import synthetic_person


class Clock:
    """The server's idea of now: the real clock plus an offset a test may move."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def __call__(self) -> datetime:
        return utc_now() + self.offset


class _ThreadedServer(uvicorn.Server):
    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.ready = threading.Event()

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        self.ready.set()


class _Finished:
    """ASGI wrapper that reports each finished request, so a test can wait for the server to
    be done with a request it cut short (a condition to wait on, not a guess)."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self.finished: queue.Queue[tuple[str, str]] = queue.Queue()
        """``(method, path?query)`` of each request the app has finished with."""
        self.receiving: queue.Queue[tuple[str, str]] = queue.Queue()
        """... and of each request the app has begun to read the body of."""

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        query = scope.get("query_string", b"").decode("latin-1")
        key = (scope["method"], f"{scope['path']}?{query}")
        first = True

        async def reading():
            nonlocal first
            if first:
                first = False
                self.receiving.put(key)
            return await receive()

        try:
            await self.app(scope, reading, send)
        finally:
            self.finished.put(key)


@dataclass
class LiveServer:
    url: str
    app: FastAPI
    finished: queue.Queue[tuple[str, str]]
    receiving: queue.Queue[tuple[str, str]]

    def wait_receiving(self, method: str, target: str, *, timeout: float = 30) -> None:
        """Until the app has begun reading the body of a request for ``target``."""
        while self.receiving.get(timeout=timeout) != (method, target):
            pass

    def wait_finished(self, method: str, target: str, *, timeout: float = 30) -> None:
        """Until the app has finished with a request for ``target`` (path?query)."""
        while self.finished.get(timeout=timeout) != (method, target):
            pass

    @property
    def engine(self) -> Engine:
        return self.app.state.kiosk.engine

    @property
    def files(self) -> MaterialFiles:
        return self.app.state.kiosk.files


@contextmanager
def serve_in_thread(app: FastAPI) -> Iterator[LiveServer]:
    """Serve ``app`` with uvicorn on a free loopback port until the block ends."""
    # IPPROTO_TCP spelled out: asyncio sets TCP_NODELAY only on sockets whose proto says TCP,
    # and without it every keep-alive response waits ~40 ms for a delayed ACK.
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    port = listener.getsockname()[1]
    tracker = _Finished(app)
    server = _ThreadedServer(
        uvicorn.Config(tracker, log_level="warning", lifespan="on", timeout_graceful_shutdown=5)
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    try:
        if not server.ready.wait(timeout=30):
            raise RuntimeError("test server did not start")
        yield LiveServer(
            url=f"http://127.0.0.1:{port}",
            app=app,
            finished=tracker.finished,
            receiving=tracker.receiving,
        )
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        listener.close()


@dataclass
class DeviceClient:
    """An enrolled kiosk: signs every request with its secret, fresh nonce each time."""

    base_url: str
    device_code: str
    secret: bytes
    session: requests.Session = field(default_factory=requests.Session)

    def request(
        self,
        method: str,
        target: str,
        *,
        json_body: Any = None,
        body: bytes = b"",
        headers: Mapping[str, str] | None = None,
        compress: bool = False,
        timestamp: int | None = None,
        nonce: str | None = None,
        sign: bool = True,
    ) -> requests.Response:
        sent_headers: dict[str, str] = {}
        if json_body is not None:
            body = json.dumps(json_body, ensure_ascii=False).encode("utf-8")
            sent_headers["Content-Type"] = "application/json"
        if compress:
            body = gzip_body(body)
            sent_headers["Content-Encoding"] = "gzip"
        if sign:
            sent_headers.update(
                sign_request(
                    method,
                    target,
                    body,
                    device_code=self.device_code,
                    secret=self.secret,
                    timestamp=timestamp,
                    nonce=nonce,
                )
            )
        sent_headers.update(headers or {})
        return self.session.request(
            method, self.base_url + target, data=body, headers=sent_headers, timeout=30
        )

    def get(self, target: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", target, **kwargs)

    def post(self, target: str, payload: Any, **kwargs: Any) -> requests.Response:
        return self.request("POST", target, json_body=payload, **kwargs)

    def submit(self, request: SubmitRequest, **kwargs: Any) -> requests.Response:
        return self.post("/v1/applications", request.model_dump(mode="json"), **kwargs)

    def upload(self, data: bytes, *, chunk: int = 64 * 1024) -> MaterialRef:
        """Upload a whole material from where the server stands; returns its reference."""
        sha = sha256_hex(data)
        head = self.request("HEAD", f"/v1/materials/{sha}")
        head.raise_for_status()
        received = int(head.headers["Upload-Offset"])
        complete = head.headers["X-Material-Complete"] == "true"
        while not complete:
            answer = self.request(
                "PATCH",
                f"/v1/materials/{sha}?offset={received}&size={len(data)}",
                body=data[received : received + chunk],
                headers={"Content-Type": "application/octet-stream"},
            )
            answer.raise_for_status()
            received, complete = answer.json()["received"], answer.json()["complete"]
        return MaterialRef(sha256=sha, size=len(data), mime="image/jpeg")


@dataclass
class AdminClient:
    base_url: str
    token: str
    session: requests.Session = field(default_factory=requests.Session)

    def request(self, method: str, target: str, **kwargs: Any) -> requests.Response:
        headers = {"Authorization": f"Bearer {self.token}", **kwargs.pop("headers", {})}
        return self.session.request(
            method, self.base_url + target, headers=headers, timeout=30, **kwargs
        )

    def new_token(self, **body: Any) -> str:
        answer = self.request("POST", "/v1/admin/enrolment-tokens", json=body)
        assert answer.status_code == 201, answer.text
        return answer.json()["token"]

    def advance(self, server_id: str, state: str, **body: Any) -> requests.Response:
        return self.request(
            "POST",
            f"/v1/admin/applications/{server_id}/transitions",
            json={"state": state, **body},
        )


def enrol(base_url: str, token: str, *, installation_id: str | None = None) -> DeviceClient:
    answer = requests.post(
        base_url + "/v1/enrol",
        json={
            "token": token,
            "installation_id": installation_id or str(uuid.uuid4()),
            "device_name": "测试终端",
        },
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    return DeviceClient(base_url, body["device_code"], decode_secret(body["device_secret"]))


_counter = iter(range(1, 10**9))


def submission(
    *, device_code: str = "K001", materials: list[MaterialRef] | None = None, **overrides: Any
) -> SubmitRequest:
    """A synthetic application (a synthetic person's answers), unique unless told otherwise."""
    number = next(_counter)
    person = synthetic_person(number)
    values: dict[str, Any] = {
        "client_uuid": str(uuid.uuid4()),
        "service_code": "T-ALLOW",
        "receipt_no": f"{device_code}-20261122-{number:06d}-A",
        "catalog_version": "2026.11",
        "submitted_at": utc_text(),
        "payload": {
            "answers": {"applicant_name": person.name, "id_number": person.id_number},
            "form_version": "1",
        },
        "materials": materials or [],
    }
    values.update(overrides)
    return SubmitRequest(**values)


def audit_chain(count: int, *, start_seq: int = 1, prev_hash: str = "0" * 64) -> list[dict]:
    """``count`` valid, chained audit records, as the kiosk's audit log would send them."""
    records = []
    for seq in range(start_seq, start_seq + count):
        fields = {
            "seq": seq,
            "at": utc_text(),
            "actor": "volunteer:V07",
            "on_behalf_of": "resident:1f3a",
            "action": "consent_recorded",
            "subject": f"application:{seq}",
            "detail": {"evidence": "signature", "n": seq},
        }
        record_hash = audit_record_hash(prev_hash, fields)
        record = AuditRecordIn(**fields, prev_hash=prev_hash, hash=record_hash)
        records.append(record.model_dump(mode="json"))
        prev_hash = record_hash
    return records


def error_code(answer: requests.Response) -> str:
    return answer.json()["code"]
