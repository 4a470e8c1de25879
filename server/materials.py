"""Materials, addressed by SHA-256, received in chunks that may be cut at any byte.

The upload scheme is a plain offset protocol (see ``docs/protocol.md``): the client asks how
many bytes the server holds, then appends from there. A chunk that overlaps what is held
(a retry after a lost answer) contributes only its new tail, so retries are harmless. When
the last byte arrives the file is hashed (in memory when it came in one request, else read
back from disk once); a mismatch throws the partial bytes away.

The bytes live in files (``server.material_files``: synced before anything refers to them),
the metadata in the ``materials`` table: declared size, bytes received, complete, and when
the last chunk came (``updated_at``, what garbage collection of abandoned uploads goes by).
Each chunk is one transaction that holds the material's row lock (``FOR UPDATE`` on
PostgreSQL; SQLite's ``BEGIN IMMEDIATE`` serialises anyway) while its bytes are written, so
two app processes never write the same file at once.

Functions for other modules (garbage collection, bundles, the back office):

``status`` / ``statuses`` / ``complete_among``   where materials stand (metadata only)
``append_chunk(engine, files, sha, ...)``        one PATCH: write, sync, record, maybe finish
``store_complete(connection, files, sha, data)`` a whole verified file (USB bundle import)
``read(connection, files, sha)``                 a complete file's bytes
``incomplete_since(connection, before)``         uploads with no chunk since ``before``
``discard_incomplete(engine, files, sha)``       drop a half-finished upload (row and file)
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Connection, Engine, delete, func, select, update

from kiosk.protocol import ErrorCode, MaterialStatus
from server.database import for_update, insert_ignore
from server.errors import ApiError
from server.material_files import MaterialFiles
from server.schema import materials


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
    engine: Engine,
    files: MaterialFiles,
    sha256: str,
    *,
    offset: int,
    size: int,
    data: bytes,
    now: datetime,
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
                "updated_at": now,
            },
            keys=["sha256"],
        )
        row = connection.execute(
            for_update(select(materials).where(materials.c.sha256 == sha256), connection)
        ).one()
        if row.complete:
            return MaterialStatus(sha256=sha256, size=row.size, received=row.size, complete=True)
        if row.size != size:
            raise ApiError(
                ErrorCode.MATERIAL_SIZE_MISMATCH,
                detail=f"material {sha256[:12]}: size {size} != {row.size}",
                details={"size": row.size},
            )
        received = _held(connection, files, row)
        if received is None:  # finished before a crash took the commit: nothing to add
            return _mark_complete(connection, sha256, size, now)
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
        if received == 0 and len(tail) == size:
            # All of it in one request (a photo on a LAN): hashed in memory, and refused
            # before a byte is written if it does not match.
            if hashlib.sha256(tail).hexdigest() != sha256:
                raise _hash_mismatch(sha256)
            files.store(sha256, tail)
            return _mark_complete(connection, sha256, size, now)
        if tail:
            files.write_at(sha256, received, tail)
            received += len(tail)
        if received == size:
            if files.partial_digest(sha256) == sha256:
                files.promote(sha256)
                return _mark_complete(connection, sha256, size, now)
            files.discard_partial(sha256)
            received = 0
            error = _hash_mismatch(sha256)
        if tail or error or received != row.received:
            connection.execute(
                update(materials)
                .where(materials.c.sha256 == sha256)
                .values(received=received, updated_at=now)
            )
    if error is not None:  # raised after commit: the discarded bytes must stay discarded
        raise error
    return MaterialStatus(sha256=sha256, size=size, received=received, complete=False)


def _held(connection: Connection, files: MaterialFiles, row) -> int | None:
    """Bytes of an incomplete upload really on disk, as far as the database counts them;
    None when the file is in fact complete (renamed, then the process died before its
    commit)."""
    on_disk = files.partial_size(row.sha256)
    if on_disk >= row.received:
        return row.received  # anything past it was never committed: write_at cuts it off
    if files.has_complete(row.sha256) and files.complete_digest(row.sha256) == row.sha256:
        return None
    return on_disk  # bytes lost outside the server's control: go on from what is there


def _mark_complete(connection: Connection, sha256: str, size: int, now: datetime) -> MaterialStatus:
    connection.execute(
        update(materials)
        .where(materials.c.sha256 == sha256)
        .values(received=size, complete=True, completed_at=now, updated_at=now)
    )
    return MaterialStatus(sha256=sha256, size=size, received=size, complete=True)


def _hash_mismatch(sha256: str) -> ApiError:
    return ApiError(
        ErrorCode.MATERIAL_HASH_MISMATCH,
        detail=f"material {sha256[:12]}: hash mismatch, discarded",
        details={"received": 0},
    )


def store_complete(
    connection: Connection, files: MaterialFiles, sha256: str, data: bytes, *, now: datetime
) -> bool:
    """Store a whole, already verified file (from a USB bundle); False if it was held."""
    insert_ignore(
        connection,
        materials,
        {
            "sha256": sha256,
            "size": len(data),
            "received": 0,
            "complete": False,
            "created_at": now,
            "updated_at": now,
        },
        keys=["sha256"],
    )
    row = connection.execute(
        for_update(select(materials).where(materials.c.sha256 == sha256), connection)
    ).one()
    if row.complete:
        return False
    # Whatever a cut online upload left behind is replaced by the verified whole.
    files.store(sha256, data)
    connection.execute(
        update(materials)
        .where(materials.c.sha256 == sha256)
        .values(size=len(data), received=len(data), complete=True, completed_at=now, updated_at=now)
    )
    return True


def read(connection: Connection, files: MaterialFiles, sha256: str) -> bytes | None:
    """The complete file's bytes, or None when the server does not hold all of it."""
    row = connection.execute(
        select(materials.c.complete).where(materials.c.sha256 == sha256)
    ).first()
    if row is None or not row.complete:
        return None
    return files.read(sha256)


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


def incomplete_since(connection: Connection, before: datetime) -> list[str]:
    """Incomplete uploads whose last chunk (or start) came before ``before``, oldest first."""
    last = func.coalesce(materials.c.updated_at, materials.c.created_at)
    rows = connection.execute(
        select(materials.c.sha256)
        .where(materials.c.complete.is_(False), last < before)
        .order_by(last)
    )
    return [row.sha256 for row in rows]


def discard_incomplete(
    engine: Engine, files: MaterialFiles, sha256: str, *, before: datetime | None = None
) -> bool:
    """Forget a half-finished upload: its row and its partial file. True if one went.

    Under the row lock, so a chunk arriving meanwhile either lands first (and, with
    ``before``, keeps the upload: its ``updated_at`` is then too recent) or after (and starts
    the upload afresh from offset 0, which the client learns from the offset answer).
    """
    with engine.begin() as connection:
        row = connection.execute(
            for_update(select(materials).where(materials.c.sha256 == sha256), connection)
        ).first()
        if row is None or row.complete:
            return False
        last = row.updated_at or row.created_at
        if before is not None and last >= before:
            return False
        files.discard_partial(sha256)
        connection.execute(delete(materials).where(materials.c.sha256 == sha256))
    return True
