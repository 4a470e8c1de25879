"""How uvicorn serves the app: the HTTP protocol class, with TCP_NODELAY on every connection.

With ``--workers N`` uvicorn binds the listening socket itself with protocol number 0, and
asyncio sets TCP_NODELAY only on sockets whose protocol number says TCP. Without it, every
response on a kept-alive connection (headers and body are two writes) waited for the client's
delayed ACK: ~40 ms per request, measured on loopback (3 ms with it). Kiosks reuse their
connection for a whole sync pass, so this class sets the option on each accepted socket.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket

from uvicorn.protocols.http.h11_impl import H11Protocol

PROTOCOL = "server.serving:NoDelayH11Protocol"
"""What ``uvicorn.run(http=...)`` takes: an import string, so worker processes can load it."""


class NoDelayH11Protocol(H11Protocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            with contextlib.suppress(OSError):  # not fatal: the connection only gets slower
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)
