"""How the resident signed: drawn on the pad, or confirmed by one action (WCAG 2.5.7).

In ``payload.answers`` a signature answer is an object with a ``kind`` member (no other
answer has one, see ``kiosk.domain.answers``):

- ``{"kind": "drawn", "sha256": "<64 hex>"}``: the image is one of the application's
  ``materials`` (so the intake's material check makes sure the server holds it);
- ``{"kind": "confirmed", "statement": "我确认以上内容属实"}``: a keypad or blind resident
  confirmed the statement instead of drawing.

Anything else is refused for good (``signature_invalid``): staff must be able to tell how an
application was signed, and a kind the server does not know cannot be. The kinds are shown in
``kiosk-server list`` and the back office (``AdminApplication.signature_kinds``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from kiosk.domain.answers import SignatureKind
from kiosk.protocol import ErrorCode, SubmitRequest
from server.errors import ApiError

KINDS = tuple(kind.value for kind in SignatureKind)
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def _signatures(payload: Any) -> list[tuple[str, Mapping[str, Any]]]:
    answers = payload.get("answers") if isinstance(payload, Mapping) else None
    if not isinstance(answers, Mapping):
        return []
    return [
        (str(field_id), value)
        for field_id, value in answers.items()
        if isinstance(value, Mapping) and "kind" in value
    ]


def signature_kinds(payload: Any) -> list[str]:
    """The kinds of the payload's signature answers, each once, in answer order."""
    kinds: list[str] = []
    for _, value in _signatures(payload):
        kind = str(value["kind"])
        if kind not in kinds:
            kinds.append(kind)
    return kinds


def redacted(payload: Any) -> dict[str, Any]:
    """What the answers retention keeps of a payload: how each signature was given (its
    kind, so staff can still tell), nothing the resident wrote or drew."""
    return {
        "answers": {field_id: {"kind": value["kind"]} for field_id, value in _signatures(payload)}
    }


def check_signatures(request: SubmitRequest) -> None:
    """Refuses an application whose signature answer is of no known kind, or malformed."""
    named = {ref.sha256 for ref in request.materials}
    bad = [field_id for field_id, value in _signatures(request.payload) if not _valid(value, named)]
    if bad:
        raise ApiError(
            ErrorCode.SIGNATURE_INVALID,
            detail=f"application {request.client_uuid}: signature answer(s) {', '.join(bad)}",
            details={"fields": bad, "kinds": list(KINDS)},
        )


def _valid(value: Mapping[str, Any], materials: set[str]) -> bool:
    kind = value.get("kind")
    if kind == SignatureKind.DRAWN:
        sha = value.get("sha256")
        return (
            set(value) == {"kind", "sha256"}
            and isinstance(sha, str)
            and _SHA256.match(sha) is not None
            and sha in materials
        )
    if kind == SignatureKind.CONFIRMED:
        statement = value.get("statement")
        return (
            set(value) == {"kind", "statement"}
            and isinstance(statement, str)
            and bool(statement.strip())
        )
    return False
