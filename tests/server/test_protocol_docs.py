"""docs/protocol.md and docs/operations.md cannot drift from the code."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from pathlib import Path

import requests

from kiosk.protocol import ERRORS, ErrorCode, ErrorKind
from server import cli, protocol_docs

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_the_generated_parts_of_protocol_md_are_current():
    text = (DOCS / "protocol.md").read_text(encoding="utf-8")
    assert protocol_docs.render(text) == text, "docs/protocol.md is stale: run `make docs`"


def test_every_error_code_has_a_spec_with_a_chinese_message_and_is_documented():
    text = (DOCS / "protocol.md").read_text(encoding="utf-8")
    assert set(ERRORS) == set(ErrorCode)
    for code, spec in ERRORS.items():
        assert any("\u4e00" <= ch <= "\u9fff" for ch in spec.message), code
        assert spec.kind in set(ErrorKind)
        assert spec.retryable is (spec.kind is ErrorKind.RETRY)
        assert f"| `{code.value}` | {spec.status} | {spec.kind.value} |" in text


def test_retryable_errors_are_not_auth_and_auth_errors_are_401_or_403():
    for code, spec in ERRORS.items():
        if spec.kind is ErrorKind.AUTH:
            assert spec.status in (401, 403), code


def test_the_documented_signing_vector_verifies_independently():
    """Re-derive the example from the page's own text with nothing but hashlib and hmac."""
    text = (DOCS / "protocol.md").read_text(encoding="utf-8")
    block = text.split("<!-- generated: signing-vector -->", 1)[1].split("<!-- end", 1)[0]
    secret_text = re.search(r"device secret \(base64url\)\s+(\S+)", block).group(1)
    body = re.search(r"body\s+(\S+)", block).group(1).encode()
    lines = [line[4:] for line in block.splitlines() if line.startswith("    ")]
    signature = re.search(r"X-Kiosk-Signature\s+([0-9a-f]{64})", block).group(1)
    secret = base64.urlsafe_b64decode(secret_text + "=" * (-len(secret_text) % 4))
    assert len(lines) == 7 and lines[0] == "KIOSK-HMAC-SHA256"
    assert lines[6] == hashlib.sha256(body).hexdigest()
    expected = hmac.new(secret, "\n".join(lines).encode(), hashlib.sha256).hexdigest()
    assert signature == expected


def test_every_endpoint_of_the_served_document_is_in_protocol_md(server):
    text = (DOCS / "protocol.md").read_text(encoding="utf-8")
    document = requests.get(server.url + "/openapi.json", timeout=30).json()
    for path, operations in document["paths"].items():
        for method in operations:
            assert f"| {method.upper()} | `{path}` |" in text, (method, path)


def test_every_kiosk_server_command_is_in_operations_md():
    text = (DOCS / "operations.md").read_text(encoding="utf-8")
    commands = cli._parser()._subparsers._group_actions[0].choices
    missing = [name for name in commands if f"kiosk-server {name}" not in text]
    assert not missing, missing
