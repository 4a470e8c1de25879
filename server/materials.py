"""Materials, addressed by SHA-256, received in chunks that may be cut at any byte.

The upload scheme is a plain offset protocol (see ``docs/protocol.md``): the client asks how
many bytes the server holds, then appends from there. A chunk that overlaps what is held
(a retry after a lost answer) contributes only its new tail, so retries are harmless. When
the last byte arrives the file is hashed (in memory when it came in one request, else read
back from disk once); a mismatch throws the partial bytes away.

The bytes live in files (``server.material_files``: synced before anything refers to them),
the metadata in the ``materials`` table: declared size, bytes received, complete, and when
the last chunk came (``updated_at``, what garbage collection of abandoned uploads goes by).
A chunk of a partial upload is one durable transaction that holds the material's row lock
(``FOR UPDATE`` on PostgreSQL; SQLite's ``BEGIN IMMEDIATE`` serialises anyway) while its
bytes are written, so two app processes never write the same partial file at once.

**A complete file is its own proof.** Only a verified, synced file is ever renamed into
``complete/``, so a material is held when its row says complete *or* its complete file
exists; every question below asks both. That lets the common case — a whole photo in one
request — commit its row without waiting for the disk: the file was durable before the
answer, and if a power cut takes the row's commit, the file still answers for it.

Functions for other modules (garbage collection, bundles, the back office):

``status`` / ``statuses`` / ``complete_among``   where materials stand
``append_chunk(engine, files, sha, ...)``        one PATCH: write, sync, record, maybe finish
``store_whole(engine, files, parts, now=)``      whole materials, several in one request
``store_complete(connection, files, sha, data)`` a whole verified file (USB bundle import)
``read(files, sha)``                             a complete file's bytes
``purged_among(connection, shas)``               which absent ones retention removed
``incomplete_since(connection, before)``         uploads with no chunk since ``before``
``discard_incomplete(engine, files, sha)``       drop a half-finished upload (row and file)
``discard(connection, files, sha)``              drop any material, under the caller's lock
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime

from sqlalchemy import Connection, Engine, bindparam, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from kiosk.protocol import ErrorCode, MaterialStatus
from server.database import for_update, insert_ignore, is_postgresql, relaxed
from server.errors import ApiError
from server.material_files import MaterialFiles
from server.schema import application_materials, materials


def status(connection: Connection, files: MaterialFiles, sha256: str) -> MaterialStatus:
    return statuses(connection, files, [sha256])[0]


def statuses(
    connection: Connection, files: MaterialFiles, shas: Iterable[str]
) -> list[MaterialStatus]:
    wanted = list(dict.fromkeys(shas))
    rows = {
        row.sha256: row
        for row in connection.execute(select(materials).where(materials.c.sha256.in_(wanted)))
    }
    answers = []
    for sha in wanted:
        row = rows.get(sha)
        if row is not None and row.complete:
            answers.append(_complete(sha, row.size))
        elif (size := files.complete_size(sha)) is not None:
            answers.append(_complete(sha, size))
        elif row is not None:
            answers.append(
                MaterialStatus(sha256=sha, size=row.size, received=row.received, complete=False)
            )
        else:
            answers.append(MaterialStatus(sha256=sha, size=None, received=0, complete=False))
    return answers


def _complete(sha256: str, size: int) -> MaterialStatus:
    return MaterialStatus(sha256=sha256, size=size, received=size, complete=True)


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
    if offset == 0 and len(data) == size:
        return _append_whole(engine, files, sha256, data, now=now)
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
            return _complete(sha256, row.size)
        if row.size != size:
            raise _size_mismatch(sha256, size, row.size)
        received = _held(files, row)
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


def _append_whole(
    engine: Engine, files: MaterialFiles, sha256: str, data: bytes, *, now: datetime
) -> MaterialStatus:
    """All of a material in one PATCH (a photo on a LAN): :func:`store_whole` of one."""
    answer = store_whole(engine, files, [(sha256, data)], now=now)[0]
    if isinstance(answer, ApiError):
        raise answer
    return answer


def store_whole(
    engine: Engine,
    files: MaterialFiles,
    parts: Sequence[tuple[str, bytes]],
    *,
    now: datetime,
) -> list[MaterialStatus | ApiError]:
    """Whole materials (``(sha256, bytes)``, one request's worth): each answered on its own,
    in order, with its status or the :class:`ApiError` that refuses it.

    Each is hashed in memory and refused before a byte is written if it does not match;
    the others are written, synced and renamed into place (together:
    ``MaterialFiles.store_many``) *before* any row is touched, and then all their rows go in
    one transaction. No row lock is needed for the files: a
    concurrent copy writes its own temporary file and renames the same bytes to the same
    name. One file already held is answered complete without a byte written.
    """
    shas = list(dict.fromkeys(sha for sha, _ in parts))
    with engine.connect() as connection:
        rows = {
            row.sha256: row
            for row in connection.execute(select(materials).where(materials.c.sha256.in_(shas)))
        }
    answers: list[MaterialStatus | ApiError] = []
    stored: dict[str, int] = {}
    verified: list[tuple[str, bytes]] = []
    reset: list[str] = []
    for sha256, data in parts:
        size = len(data)
        row = rows.get(sha256)
        if sha256 in stored or (row is not None and row.complete):
            answers.append(_complete(sha256, size if row is None else row.size))
        elif files.complete_size(sha256) is not None:
            answers.append(_complete(sha256, size))
        elif row is not None and row.size != size:
            answers.append(_size_mismatch(sha256, size, row.size))
        elif hashlib.sha256(data).hexdigest() != sha256:
            if row is not None:  # what an earlier request left of it goes too, as documented
                reset.append(sha256)
            answers.append(_hash_mismatch(sha256))
        else:
            verified.append((sha256, data))
            stored[sha256] = size
            answers.append(_complete(sha256, size))
    if verified:
        files.store_many(verified)
    if reset:
        with engine.begin() as connection:
            for sha256 in reset:
                _reset(connection, files, sha256, now)
    if stored:
        # The files are durable and complete: they answer for their materials from now on,
        # so this commit need not wait for the disk (a later durable commit carries it).
        with relaxed(engine).begin() as connection:
            _record_complete(connection, files, stored, now)
    return answers


def _record_complete(
    connection: Connection, files: MaterialFiles, stored: Mapping[str, int], now: datetime
) -> None:
    dialect = postgresql if is_postgresql(connection) else sqlite
    inserted = set(
        connection.execute(
            dialect.insert(materials)
            .values(
                [
                    {
                        "sha256": sha256,
                        "size": size,
                        "received": size,
                        "complete": True,
                        "created_at": now,
                        "completed_at": now,
                        "updated_at": now,
                    }
                    for sha256, size in stored.items()
                ]
            )
            .on_conflict_do_nothing(index_elements=["sha256"])
            .returning(materials.c.sha256)
        ).scalars()
    )
    others = sorted(set(stored) - inserted)
    if not others:
        return
    unfinished = connection.execute(
        for_update(
            select(materials.c.sha256).where(
                materials.c.sha256.in_(others), materials.c.complete.is_(False)
            ),
            connection,
        )
    ).scalars()
    for sha256 in unfinished:  # a chunked upload of it was under way: it is finished now
        files.discard_partial(sha256)
        _mark_complete(connection, sha256, stored[sha256], now)


def _reset(connection: Connection, files: MaterialFiles, sha256: str, now: datetime) -> None:
    row = connection.execute(
        for_update(select(materials).where(materials.c.sha256 == sha256), connection)
    ).first()
    if row is None or row.complete:
        return
    files.discard_partial(sha256)
    connection.execute(
        update(materials).where(materials.c.sha256 == sha256).values(received=0, updated_at=now)
    )


def _size_mismatch(sha256: str, size: int, declared: int) -> ApiError:
    return ApiError(
        ErrorCode.MATERIAL_SIZE_MISMATCH,
        detail=f"material {sha256[:12]}: size {size} != {declared}",
        details={"size": declared},
    )


def _held(files: MaterialFiles, row) -> int | None:
    """Bytes of an incomplete upload really on disk, as far as the database counts them;
    None when the file is in fact complete (renamed into place, or sent whole by another
    request, and the row's commit lost or not made)."""
    if files.complete_size(row.sha256) is not None:
        return None
    on_disk = files.partial_size(row.sha256)
    if on_disk >= row.received:
        return row.received  # anything past it was never committed: write_at cuts it off
    return on_disk  # bytes lost outside the server's control: go on from what is there


def _mark_complete(connection: Connection, sha256: str, size: int, now: datetime) -> MaterialStatus:
    connection.execute(
        update(materials)
        .where(materials.c.sha256 == sha256)
        .values(size=size, received=size, complete=True, completed_at=now, updated_at=now)
    )
    return _complete(sha256, size)


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
    if row.complete or files.complete_size(sha256) is not None:
        if not row.complete:
            _mark_complete(connection, sha256, len(data), now)
        return False
    # Whatever a cut online upload left behind is replaced by the verified whole.
    files.store(sha256, data)
    files.discard_partial(sha256)
    connection.execute(
        update(materials)
        .where(materials.c.sha256 == sha256)
        .values(size=len(data), received=len(data), complete=True, completed_at=now, updated_at=now)
    )
    return True


def read(files: MaterialFiles, sha256: str) -> bytes | None:
    """The complete file's bytes, or None when the server does not hold all of it (a
    partial upload is never served: only complete files are)."""
    return files.read(sha256)


def complete_among(
    connection: Connection, files: MaterialFiles, shas: Iterable[str]
) -> dict[str, int]:
    """``{sha256: size}`` for the given materials the server holds completely."""
    wanted = list(set(shas))
    if not wanted:
        return {}
    held = {row.sha256: row.size for row in connection.execute(_COMPLETE_AMONG, {"shas": wanted})}
    for sha in wanted:
        if sha not in held and (size := files.complete_size(sha)) is not None:
            held[sha] = size
    return held


_COMPLETE_AMONG = select(materials.c.sha256, materials.c.size).where(
    materials.c.sha256.in_(bindparam("shas", expanding=True)), materials.c.complete.is_(True)
)
"""Built once (every submitted application asks it)."""


def purged_among(connection: Connection, shas: Iterable[str]) -> set[str]:
    """Of materials the server does not hold, those an application once used: an accepted
    application's files were complete when it was accepted, so their absence now means
    retention removed them (``server/retention.py``), not that they never came."""
    wanted = list(set(shas))
    if not wanted:
        return set()
    return set(
        connection.execute(
            select(application_materials.c.sha256)
            .where(application_materials.c.sha256.in_(wanted))
            .distinct()
        ).scalars()
    )


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


def discard(connection: Connection, files: MaterialFiles, sha256: str) -> int:
    """Forget a material, complete or not: its files and its row, inside the caller's
    transaction, which holds the row lock and has decided that nothing needs it
    (server/upload_gc.py, server/retention.py). Returns the bytes freed."""
    row = connection.execute(
        select(materials.c.received).where(materials.c.sha256 == sha256)
    ).first()
    if row is None:
        return 0
    files.discard_partial(sha256)
    files.discard_complete(sha256)
    connection.execute(delete(materials).where(materials.c.sha256 == sha256))
    return int(row.received)


def shas_where(engine: Engine, condition, *, page: int = 200) -> Iterator[str]:
    """The SHA-256 of every material ``condition`` holds for, in order, read a page at a time
    by key (a housekeeping pass neither holds one transaction open for the whole table nor
    loads it all; rows the caller removes meanwhile do not shift the next page)."""
    after = ""
    while True:
        with engine.connect() as connection:
            found = list(
                connection.execute(
                    select(materials.c.sha256)
                    .where(condition, materials.c.sha256 > after)
                    .order_by(materials.c.sha256)
                    .limit(page)
                ).scalars()
            )
        if not found:
            return
        yield from found
        after = found[-1]
