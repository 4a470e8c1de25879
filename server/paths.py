"""Path parameters shaped in the route itself, so one route cannot swallow its neighbour.

Starlette matches a path before FastAPI validates its parameters: without these,
``PATCH /v1/materials/query`` reached the chunk upload (and answered 422 instead of 405), and
``GET /v1/applications/batch`` reached the status lookup. A path whose segment has the wrong
shape now matches no route: 404 ``not_found``.
"""

from __future__ import annotations

from starlette.convertors import Convertor, register_url_convertor

from kiosk.protocol import SHA256_PATTERN, UUID_PATTERN


class _Text(Convertor[str]):
    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


class Sha256Segment(_Text):
    regex = SHA256_PATTERN.strip("^$")


class UuidSegment(_Text):
    regex = UUID_PATTERN.strip("^$")


register_url_convertor("sha256", Sha256Segment())
register_url_convertor("uuid_text", UuidSegment())

SHA256 = "{sha256:sha256}"
CLIENT_UUID = "{client_uuid:uuid_text}"
