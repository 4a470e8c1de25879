"""The parts of ``docs/protocol.md`` that are derived from code: the error table, the endpoint
table and a signing test vector. ``make docs`` rewrites them; a test fails when they drift.

Each part sits between ``<!-- generated: NAME -->`` and ``<!-- end generated: NAME -->``.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path

from fastapi.routing import APIRoute

from kiosk.protocol import (
    ERRORS,
    canonical_request,
    compute_signature,
    encode_secret,
    sha256_hex,
)

DOC = Path(__file__).resolve().parents[1] / "docs" / "protocol.md"


def error_table() -> str:
    lines = [
        "| code | HTTP | kind | message (default) | what the client does |",
        "|---|---|---|---|---|",
    ]
    for code, spec in ERRORS.items():
        lines.append(
            f"| `{code.value}` | {spec.status} | {spec.kind.value} | {spec.message} | "
            f"{spec.hint or '—'} |"
        )
    return "\n".join(lines)


def endpoint_table() -> str:
    from server import routes_admin, routes_device
    from server.context import admin, signed_device, signed_later

    def caller(route: APIRoute) -> str:
        calls = {dependency.call for dependency in route.dependant.dependencies}
        if signed_device in calls or signed_later in calls:
            return "signed device"
        if admin in calls:
            return "admin token"
        return "anyone"

    lines = ["| method | path | caller | does |", "|---|---|---|---|"]
    for route in [*routes_device.router.routes, *routes_admin.router.routes]:
        if not isinstance(route, APIRoute) or not route.include_in_schema:
            continue
        summary = (route.description or "").strip().split("\n")[0].replace("``", "`")
        for method in sorted(route.methods):
            lines.append(f"| {method} | `{route.path_format}` | {caller(route)} | {summary} |")
    return "\n".join(lines)


# Fixed inputs, so another implementation can check its canonical form and HMAC against ours.
VECTOR_SECRET = bytes(range(32))
VECTOR_BODY = b'{"ratings":[]}'


def signing_vector() -> str:
    canonical = canonical_request(
        "POST",
        "/v1/ratings?lang=zh",
        device_code="K001",
        timestamp=1795000000,
        nonce="AAAAAAAAAAAAAAAAAAAAAAAA",
        body_sha256=sha256_hex(VECTOR_BODY),
    )
    return "\n".join(
        [
            "```text",
            f"device secret (base64url)  {encode_secret(VECTOR_SECRET)}",
            f"body                       {VECTOR_BODY.decode()}",
            "canonical request (7 lines, joined by \\n, no trailing newline):",
            *("    " + line for line in canonical.decode().split("\n")),
            f"X-Kiosk-Signature          {compute_signature(VECTOR_SECRET, canonical)}",
            "```",
        ]
    )


PARTS: dict[str, Callable[[], str]] = {
    "errors": error_table,
    "endpoints": endpoint_table,
    "signing-vector": signing_vector,
}


def render(text: str) -> str:
    """``text`` with every generated part replaced by what the code says now."""
    for name, make in PARTS.items():
        pattern = re.compile(
            rf"(<!-- generated: {re.escape(name)} -->\n)(?:.*?\n)?"
            rf"(<!-- end generated: {re.escape(name)} -->)",
            re.S,
        )
        if not pattern.search(text):
            raise ValueError(f"docs/protocol.md lacks the generated part {name!r}")
        body = make()
        text = pattern.sub(lambda m, body=body: m.group(1) + body + "\n" + m.group(2), text)
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="regenerate docs/protocol.md's derived parts")
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is stale")
    args = parser.parse_args(argv)
    current = DOC.read_text(encoding="utf-8")
    fresh = render(current)
    if args.check:
        if fresh != current:
            print("docs/protocol.md is stale: run `make docs`", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
