"""A fault-injecting HTTP/1.1 proxy: real sockets between a sync client and the server.

It sits on a loopback port in front of the real server, passes requests through byte for
byte, and on request applies one fault from a list of rules, each matched by method and
path and used a given number of times:

``REFUSE``             stop listening for ``delay_s`` (new connections are refused) and reset
                       the open ones
``RESET_REQUEST``      forward the head and ``cut_at`` bytes of the body, then reset both sides
``RESET_RESPONSE``     forward the request, send the client half the server's answer, reset
``DELAY_AFTER_COMMIT`` forward the request, read the whole answer (the server has committed),
                       hold it ``delay_s`` (beyond the client's timeout), then drop it
``ERROR_500``/``ERROR_502``/``ERROR_503``  answer without forwarding (503 with Retry-After)
``ERROR_AFTER_COMMIT`` forward, then replace the server's answer with a 500
``RATE_LIMIT``         answer 429 with ``Retry-After: retry_after``
``DUPLICATE_REQUEST``  deliver the request to the server twice, answer with the second reply
``DUPLICATE_RESPONSE`` send the server's answer to the client twice on the same connection
``HOOK``               forward the request, then call ``hook()`` (e.g. kill and restart the
                       server mid-batch) before relaying whatever comes back
``HOOK_FIRST``         call ``hook()`` first, then forward the request (another device acts
                       between the client's question and its upload)
``NO_ROUTE``           forward the request to a path the server does not have, so the real
                       server answers as an older one without that endpoint would

It counts the bytes on the client side of the proxy (what crosses the "link"), which is what
the wire-overhead benchmark reports.
"""

from __future__ import annotations

import contextlib
import json
import re
import select
import socket
import struct
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum


class Fault(StrEnum):
    REFUSE = "refuse"
    RESET_REQUEST = "reset_request"
    RESET_RESPONSE = "reset_response"
    DELAY_AFTER_COMMIT = "delay_after_commit"
    ERROR_500 = "error_500"
    ERROR_502 = "error_502"
    ERROR_503 = "error_503"
    ERROR_AFTER_COMMIT = "error_after_commit"
    RATE_LIMIT = "rate_limit"
    DUPLICATE_REQUEST = "duplicate_request"
    DUPLICATE_RESPONSE = "duplicate_response"
    HOOK = "hook"
    HOOK_FIRST = "hook_first"
    NO_ROUTE = "no_route"


@dataclass
class Rule:
    fault: Fault
    method: str | None = None
    path: str | None = None
    """A regular expression searched in the request target (path and query)."""
    times: int = 1
    skip: int = 0
    """Let this many matching requests through untouched first."""
    delay_s: float = 0.5
    retry_after: int = 1
    cut_at: int | None = None
    """RESET_REQUEST: body bytes forwarded before the reset (default: half)."""
    cut_at_stream: int | None = None
    """RESET_REQUEST: reset once this many body bytes of matching requests have passed in
    total (cuts "at 50 % of a material upload" whatever the chunking)."""
    hook: Callable[[], None] | None = None
    drop_answer: bool = False
    """HOOK: after the hook, reset the client instead of relaying what the server sent (a
    crashed server's answer may have reached the proxy's buffer; this one is lost)."""
    used: int = 0
    seen: int = 0
    streamed: int = 0

    def matches(self, method: str, target: str) -> bool:
        if self.method and self.method != method:
            return False
        return not (self.path and not re.search(self.path, target))


@dataclass
class Exchange:
    method: str
    target: str
    request_body: int
    """The body length the client declared (a cut request's too)."""
    fault: Fault | None
    status: int | None


@dataclass
class Stats:
    bytes_from_client: int = 0
    bytes_to_client: int = 0
    exchanges: list[Exchange] = field(default_factory=list)


class _Closed(Exception):
    pass


def _reset(sock: socket.socket | None) -> None:
    if sock is None:
        return
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        sock.close()


def _closed_by_peer(sock: socket.socket) -> bool:
    readable, _, _ = select.select([sock], [], [], 0)
    if not readable:
        return False
    try:
        return sock.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True


class _Reader:
    """Buffered reads from a socket. A ``bytearray``: appending and taking from the front
    stay linear, so a 4 MiB body costs what sixteen 256 KiB ones do (immutable ``bytes``
    concatenation copied the whole buffer on every read, penalising large requests)."""

    def __init__(self, sock: socket.socket, on_bytes: Callable[[int], None] | None = None):
        self.sock = sock
        self.buffer = bytearray()
        self.on_bytes = on_bytes

    def _fill(self) -> None:
        try:
            data = self.sock.recv(1 << 18)
        except OSError as error:
            raise _Closed() from error
        if not data:
            raise _Closed()
        if self.on_bytes:
            self.on_bytes(len(data))
        self.buffer += data

    def _take(self, n: int) -> bytes:
        data = bytes(self.buffer[:n])
        del self.buffer[:n]
        return data

    def head(self) -> bytes:
        while (end := self.buffer.find(b"\r\n\r\n")) < 0:
            if len(self.buffer) > 1 << 20:
                raise _Closed()
            self._fill()
        return self._take(end + 4)

    def exactly(self, n: int) -> bytes:
        while len(self.buffer) < n:
            self._fill()
        return self._take(n)

    def line(self) -> bytes:
        while (end := self.buffer.find(b"\r\n")) < 0:
            self._fill()
        return self._take(end + 2)

    def until_close(self) -> bytes:
        try:
            while True:
                self._fill()
        except _Closed:
            pass
        return self._take(len(self.buffer))


def _headers(head: bytes) -> tuple[str, dict[str, str]]:
    lines = head.decode("latin-1").split("\r\n")
    fields = {}
    for line in lines[1:]:
        if ":" in line:
            name, _, value = line.partition(":")
            fields[name.strip().lower()] = value.strip()
    return lines[0], fields


def _read_response(reader: _Reader, method: str) -> tuple[int, bytes]:
    """One whole response as raw bytes (head and body), and its status."""
    head = reader.head()
    start, fields = _headers(head)
    status = int(start.split(" ")[1])
    if method == "HEAD" or status in (204, 304) or 100 <= status < 200:
        return status, head
    if "chunked" in fields.get("transfer-encoding", "").lower():
        body = b""
        while True:
            size_line = reader.line()
            size = int(size_line.split(b";")[0].strip(), 16)
            body += size_line + reader.exactly(size + 2)
            if size == 0:
                break
        return status, head + body
    if "content-length" in fields:
        return status, head + reader.exactly(int(fields["content-length"]))
    return status, head + reader.until_close()


def _retarget(head: bytes, target: str) -> bytes:
    """The request's head with its path moved under a prefix no route of the server has."""
    start, rest = head.split(b"\r\n", 1)
    method, _, version = start.decode("latin-1").split(" ")
    return f"{method} /absent{target} {version}\r\n".encode("latin-1") + rest


def _synthetic(status: int, body: dict | str, *, retry_after: int | None = None) -> bytes:
    reasons = {
        429: "Too Many Requests",
        500: "Internal Server Error",
        502: "Bad Gateway",
        503: "Service Unavailable",
    }
    if isinstance(body, dict):
        payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
        kind = "application/json"
    else:
        payload = body.encode("utf-8")
        kind = "text/html"
    head = (
        f"HTTP/1.1 {status} {reasons[status]}\r\ncontent-type: {kind}\r\n"
        f"content-length: {len(payload)}\r\n"
    )
    if retry_after is not None:
        head += f"retry-after: {retry_after}\r\n"
    return (head + "\r\n").encode("latin-1") + payload


_SYNTHETIC = {
    Fault.ERROR_500: lambda rule: _synthetic(
        500, {"code": "internal_error", "message": "服务器出错了，请稍后再试。", "retryable": True}
    ),
    Fault.ERROR_502: lambda rule: _synthetic(502, "<html><body>502 Bad Gateway</body></html>"),
    Fault.ERROR_503: lambda rule: _synthetic(
        503,
        {"code": "overloaded", "message": "服务器正忙，请稍后再试。", "retryable": True},
        retry_after=rule.retry_after,
    ),
    Fault.RATE_LIMIT: lambda rule: _synthetic(
        429,
        {"code": "rate_limited", "message": "请求太频繁，请稍后再试。", "retryable": True},
        retry_after=rule.retry_after,
    ),
}


class FaultProxy:
    def __init__(self, upstream_port: int, *, host: str = "127.0.0.1") -> None:
        self.host = host
        self.upstream_port = upstream_port
        self.stats = Stats()
        self._rules: list[Rule] = []
        self._lock = threading.Lock()
        self._listener: socket.socket | None = None
        self._connections: set[socket.socket] = set()
        self._stopping = False
        self.port = self._listen(0)
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    # ------------------------------------------------------------------ control

    def add(self, rule: Rule) -> Rule:
        with self._lock:
            self._rules.append(rule)
        return rule

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()

    def pending_rules(self) -> list[Rule]:
        with self._lock:
            return [rule for rule in self._rules if rule.used < rule.times]

    def set_down(self) -> None:
        """Refuse every connection (nothing listens) and reset the open ones."""
        with self._lock:
            listener, self._listener = self._listener, None
            connections = list(self._connections)
        if listener is not None:
            # shutdown() wakes the thread blocked in accept(); close() alone would leave the
            # socket listening until that call returned.
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()
        for connection in connections:
            _reset(connection)

    def set_up(self) -> None:
        with self._lock:
            if self._listener is not None:
                return
        self._listen(self.port)

    def close(self) -> None:
        self._stopping = True
        self.set_down()

    def reset_stats(self) -> None:
        with self._lock:
            self.stats = Stats()

    # ------------------------------------------------------------------ serving

    def _listen(self, port: int) -> int:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((self.host, port))
        listener.listen(64)
        with self._lock:
            self._listener = listener
        thread = threading.Thread(target=self._accept, args=(listener,), daemon=True)
        thread.start()
        return listener.getsockname()[1]

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self._lock:
                self._connections.add(client)
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _count_up(self, n: int) -> None:
        with self._lock:
            self.stats.bytes_from_client += n

    def _to_client(self, client: socket.socket, data: bytes) -> None:
        client.sendall(data)
        with self._lock:
            self.stats.bytes_to_client += len(data)

    def _rule_for(self, method: str, target: str) -> Rule | None:
        with self._lock:
            for rule in self._rules:
                if rule.used >= rule.times or not rule.matches(method, target):
                    continue
                if rule.cut_at_stream is None:
                    rule.seen += 1
                    if rule.seen <= rule.skip:
                        continue
                rule.used += 1 if rule.cut_at_stream is None else 0
                return rule
        return None

    def _serve(self, client: socket.socket) -> None:
        reader = _Reader(client, self._count_up)
        upstream: socket.socket | None = None
        up_reader: _Reader | None = None
        try:
            while True:
                head = reader.head()
                start, fields = _headers(head)
                method, target = start.split(" ")[0], start.split(" ")[1]
                length = int(fields.get("content-length", "0") or 0)
                rule = self._rule_for(method, target)
                fault = rule.fault if rule else None
                if fault is Fault.REFUSE:
                    self._log(method, target, length, fault, None)
                    self._refuse(rule)
                    return
                if fault in _SYNTHETIC:
                    reader.exactly(length)
                    answer = _SYNTHETIC[fault](rule)
                    self._to_client(client, answer)
                    self._log(method, target, length, fault, int(answer.split(b" ")[1]))
                    continue
                if upstream is not None and _closed_by_peer(upstream):
                    # The server closed an idle keep-alive connection: open another, as a
                    # reverse proxy does, instead of failing the client's request.
                    _reset(upstream)
                    upstream = None
                if upstream is None:
                    upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
                    upstream.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                    up_reader = _Reader(upstream)
                assert up_reader is not None
                if fault is Fault.RESET_REQUEST and not self._cut_here(rule, length):
                    fault = None
                if fault is Fault.RESET_REQUEST:
                    cut = self._cut_point(rule, length)
                    upstream.sendall(head + reader.exactly(cut))
                    self._log(method, target, length, fault, None)
                    _reset(upstream)
                    _reset(client)
                    return
                body = reader.exactly(length)
                if fault is Fault.NO_ROUTE:
                    head = _retarget(head, target)
                if fault is Fault.HOOK_FIRST and rule.hook is not None:
                    rule.hook()
                upstream.sendall(head + body)
                if fault is Fault.DUPLICATE_REQUEST:
                    _read_response(up_reader, method)
                    upstream.sendall(head + body)
                if fault is Fault.HOOK and rule.hook is not None:
                    rule.hook()
                    if rule.drop_answer:
                        self._log(method, target, length, fault, None)
                        _reset(client)
                        return
                try:
                    status, answer = _read_response(up_reader, method)
                except _Closed:
                    self._log(method, target, length, fault, None)
                    _reset(client)
                    return
                self._log(method, target, length, fault, status)
                if fault is Fault.RESET_RESPONSE:
                    self._to_client(client, answer[: max(1, len(answer) // 2)])
                    _reset(client)
                    _reset(upstream)
                    return
                if fault is Fault.DELAY_AFTER_COMMIT:
                    threading.Event().wait(rule.delay_s)
                    _reset(client)
                    _reset(upstream)
                    return
                if fault is Fault.ERROR_AFTER_COMMIT:
                    answer = _SYNTHETIC[Fault.ERROR_500](rule)
                self._to_client(client, answer)
                if fault is Fault.DUPLICATE_RESPONSE:
                    self._to_client(client, answer)
                if fields.get("connection", "").lower() == "close":
                    return
        except (_Closed, OSError):
            return
        finally:
            with self._lock:
                self._connections.discard(client)
            _reset(upstream)
            with contextlib.suppress(OSError):
                client.close()

    def _cut_here(self, rule: Rule, length: int) -> bool:
        if rule.cut_at_stream is None:
            return True
        with self._lock:
            if rule.streamed + length <= rule.cut_at_stream:
                rule.streamed += length
                return False
            rule.used += 1
            return True

    def _cut_point(self, rule: Rule, length: int) -> int:
        if rule.cut_at_stream is not None:
            return min(length, max(0, rule.cut_at_stream - rule.streamed))
        return length // 2 if rule.cut_at is None else min(rule.cut_at, length)

    def _refuse(self, rule: Rule) -> None:
        self.set_down()
        if self._stopping:
            return
        timer = threading.Timer(rule.delay_s, self.set_up)
        timer.daemon = True
        timer.start()

    def _log(self, method: str, target: str, length: int, fault: Fault | None, status) -> None:
        with self._lock:
            self.stats.exchanges.append(Exchange(method, target, length, fault, status))
