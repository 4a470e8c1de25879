"""Publishing catalogue versions and serving the current one with an ETag.

A catalogue is checked with the same rules the kiosk applies (``load_catalog``) before it is
published: a bad one is refused with the kiosk's own Chinese reason and the current one stays.
The ETag is the SHA-256 of the exact bytes, which is also the checksum the kiosk records.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select, update

from kiosk.domain.catalog_rules import CatalogError, load_catalog
from kiosk.protocol import ErrorCode, PublishResult, utc_text
from server.errors import ApiError
from server.schema import catalogs


@dataclass(frozen=True)
class CurrentCatalog:
    version: str
    checksum: str
    body: bytes

    @property
    def etag(self) -> str:
        return f'"{self.checksum}"'


def publish(connection: Connection, body: bytes, *, now: datetime) -> PublishResult:
    try:
        loaded = load_catalog(body)
    except CatalogError as error:
        raise ApiError(ErrorCode.CATALOG_INVALID, error.message, detail=error.detail) from error
    version, checksum = loaded.catalog.version, loaded.checksum
    held = connection.execute(
        select(catalogs.c.checksum, catalogs.c.published_at).where(catalogs.c.version == version)
    ).first()
    if held is not None and held.checksum != checksum:
        raise ApiError(
            ErrorCode.CATALOG_CONFLICT,
            f"版本 {version} 已发布过不同的内容，请换一个版本号。",
            detail=f"catalog {version}: checksum differs from the published one",
        )
    connection.execute(
        update(catalogs).where(catalogs.c.is_current.is_(True)).values(is_current=False)
    )
    if held is None:
        connection.execute(
            catalogs.insert().values(
                version=version, checksum=checksum, body=body, published_at=now, is_current=True
            )
        )
    else:
        connection.execute(
            update(catalogs).where(catalogs.c.version == version).values(is_current=True)
        )
    return PublishResult(
        version=version,
        etag=f'"{checksum}"',
        published_at=utc_text(held.published_at if held else now),
        already_published=held is not None,
    )


def current(connection: Connection) -> CurrentCatalog | None:
    row = connection.execute(
        select(catalogs.c.version, catalogs.c.checksum, catalogs.c.body).where(
            catalogs.c.is_current.is_(True)
        )
    ).first()
    if row is None:
        return None
    return CurrentCatalog(version=row.version, checksum=row.checksum, body=bytes(row.body))


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """RFC 9110 If-None-Match: ``*`` or any listed tag, weak or strong, compared weakly."""
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    wanted = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == wanted for tag in if_none_match.split(","))
