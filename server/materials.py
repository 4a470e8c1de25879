"""Material files, addressed by SHA-256, received in chunks that may be cut at any byte.

The upload scheme is a plain offset protocol (see ``docs/protocol.md``): the client asks how
many bytes the server holds, then appends from there. A chunk that overlaps what is held
(a retry after a lost answer) contributes only its new tail, so retries are harmless. When
the last byte arrives the whole file is hashed; a mismatch throws the partial bytes away.
Bytes are kept in the database, so app processes hold no state of their own.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Connection, Engine, delete, select, update

from kiosk.protocol import ErrorCode, MaterialStatus
from server.database import for_update, insert_ignore
from server.errors import ApiError
from server.schema import material_chunks, materials


def status(connection: Connection, sha256: str) -> MaterialStatus:
    row = connection.execute(select(materials).where(materials.c.sha256 == sha256)).first()
    if row is None:
        return MaterialStatus(sha256=sha256, size=None, received=0, complete=False)
    return MaterialStatus(
        sha256=sha256, size=row.size, received=row.received, complete=bool(row.complete)
    )


def statuses(connection: Connection, shas: Iterable[str]) -> list[MaterialStatus]:
    wanted = list(dict.fromkeys(shas))
    rows = {
        row.sha256: row
        for row in connection.execute(select(materials).where(materials.c.sha256.in_(wanted)))
    }
    return [
        MaterialStatus(
            sha256=sha,
            size=rows[sha].size if sha in rows else None,
            received=rows[sha].received if sha in rows else 0,
            complete=bool(rows[sha].complete) if sha in rows else False,
        )
        for sha in wanted
    ]


def append_chunk(
    engine: Engine, sha256: str, *, offset: int, size: int, data: bytes, now: datetime
) -> MaterialStatus:
    """Add ``data`` found at ``offset`` of a ``size``-byte file; returns where the upload stands.

    Raises :class:`ApiError`: ``offset_mismatch`` when ``offset`` is beyond what the server
    holds (details.received says where to go on from), ``material_size_mismatch`` when the
    size differs from the one first declared, ``material_hash_mismatch`` when the complete
    file does not hash to its address (the partial bytes are discarded first).
    """
    error: ApiError | None = None
    with engine.begin() as connection:
        insert_ignore(
            connection,
            materials,
            {
                "sha256": sha256,
                "size": size,
                "received": 0,
                "complete": False,
                "created_at": now,
                "last_chunk_at": now,
            },
            keys=["sha256"],
        )
        row = connection.execute(
            for_update(select(materials).where(materials.c.sha256 == sha256), connection)
        ).one()
        received = row.received
        if row.complete:
            return MaterialStatus(sha256=sha256, size=row.size, received=row.size, complete=True)
        if row.size != size:
            raise ApiError(
                ErrorCode.MATERIAL_SIZE_MISMATCH,
                detail=f"material {sha256[:12]}: size {size} != {row.size}",
                details={"size": row.size},
            )
        if offset > received:
            raise ApiError(
                ErrorCode.OFFSET_MISMATCH,
                detail=f"material {sha256[:12]}: offset {offset} > received {received}",
                details={"received": received},
            )
        if offset + len(data) > size:
            raise ApiError(
                ErrorCode.MATERIAL_SIZE_MISMATCH,
                "上传的内容超出了材料的大小。",
                detail=f"material {sha256[:12]}: chunk ends past {size}",
                details={"size": size},
            )
        tail = data[received - offset :]
        if tail:
            connection.execute(
                material_chunks.insert().values(sha256=sha256, position=received, data=tail)
            )
            received += len(tail)
        complete = False
        if received == size:
            if _digest(connection, sha256) == sha256:
                complete = True
            else:
                connection.execute(
                    delete(material_chunks).where(material_chunks.c.sha256 == sha256)
                )
                received = 0
                error = ApiError(
                    ErrorCode.MATERIAL_HASH_MISMATCH,
                    detail=f"material {sha256[:12]}: hash mismatch, discarded",
                    details={"received": 0},
                )
        if tail or complete or error:
            connection.execute(
                update(materials)
                .where(materials.c.sha256 == sha256)
                .values(
                    received=received,
                    complete=complete,
                    completed_at=now if complete else None,
                    last_chunk_at=now,
                )
            )
    if error is not None:  # raised after commit: the discarded bytes must stay discarded
        raise error
    return MaterialStatus(sha256=sha256, size=size, received=received, complete=complete)


def store_complete(connection: Connection, sha256: str, data: bytes, *, now: datetime) -> bool:
    """Store a whole, already verified file (from a USB bundle); False if it was held."""
    insert_ignore(
        connection,
        materials,
        {"sha256": sha256, "size": len(data), "received": 0, "complete": False, "created_at": now},
        keys=["sha256"],
    )
    row = connection.execute(
        for_update(select(materials).where(materials.c.sha256 == sha256), connection)
    ).one()
    if row.complete:
        return False
    # Whatever a cut online upload left behind is replaced by the verified whole.
    connection.execute(delete(material_chunks).where(material_chunks.c.sha256 == sha256))
    connection.execute(material_chunks.insert().values(sha256=sha256, position=0, data=data))
    connection.execute(
        update(materials)
        .where(materials.c.sha256 == sha256)
        .values(
            size=len(data), received=len(data), complete=True, completed_at=now, last_chunk_at=now
        )
    )
    return True


def discard(connection: Connection, sha256: str) -> int:
    """Forget a material, bytes and row, inside the caller's transaction (which has locked
    the row and decided nothing needs it: server/upload_gc.py, server/retention.py).
    Returns the bytes freed."""
    row = connection.execute(
        select(materials.c.received).where(materials.c.sha256 == sha256)
    ).first()
    if row is None:
        return 0
    connection.execute(delete(material_chunks).where(material_chunks.c.sha256 == sha256))
    connection.execute(delete(materials).where(materials.c.sha256 == sha256))
    return int(row.received)


def read(connection: Connection, sha256: str) -> bytes | None:
    """The complete file's bytes, or None when the server does not hold all of it."""
    row = connection.execute(
        select(materials.c.complete).where(materials.c.sha256 == sha256)
    ).first()
    if row is None or not row.complete:
        return None
    return b"".join(bytes(chunk) for chunk in _chunks(connection, sha256))


def complete_among(connection: Connection, shas: Iterable[str]) -> dict[str, int]:
    """``{sha256: size}`` for the given materials the server holds completely."""
    wanted = list(set(shas))
    if not wanted:
        return {}
    rows = connection.execute(
        select(materials.c.sha256, materials.c.size).where(
            materials.c.sha256.in_(wanted), materials.c.complete.is_(True)
        )
    )
    return {row.sha256: row.size for row in rows}


def _chunks(connection: Connection, sha256: str) -> Iterable[bytes]:
    result = connection.execute(
        select(material_chunks.c.data)
        .where(material_chunks.c.sha256 == sha256)
        .order_by(material_chunks.c.position)
    )
    for (data,) in result:
        yield data


def _digest(connection: Connection, sha256: str) -> str:
    digest = hashlib.sha256()
    for chunk in _chunks(connection, sha256):
        digest.update(chunk)
    return digest.hexdigest()
