"""JSON as stored in text columns.

Stored JSON keeps Chinese readable (no ``\\uXXXX`` escapes). Canonical JSON (sorted keys, no
spaces) is what gets hashed, so the same record always gives the same digest.
"""

from __future__ import annotations

import json
from typing import Any


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def dumps_canonical(value: Any) -> str:
    # allow_nan=False: NaN/Infinity are not JSON and would not hash the same elsewhere.
    return json.dumps(
        value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    )


def loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)
