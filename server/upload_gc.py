"""Garbage collection of material uploads no application ever claimed.

A kiosk uploads an application's materials before the application itself. When the
application never follows (the kiosk was wiped, staff discarded a parked item, a bundle
import refused the item), the bytes would stay for ever. This pass removes a material when

- no application has ever referenced it (``application_materials``: an accepted application's
  materials are never touched here; the retention purge, ``server/retention.py``, decides
  those), and
- nothing has arrived for it for ``expiry`` (``materials.updated_at``, set by every chunk):
  a slow village link that sends a chunk a day keeps its upload alive.

Both half-finished uploads (``abandoned``) and complete files nobody claimed (``unclaimed``)
go, rows and files (``server.materials.discard``); so do partial files older than ``expiry``
that no row counts (``stray``: a chunk whose transaction rolled back after its bytes were
written). A complete file older than ``expiry`` that has no row (a crash took the row's
relaxed commit) is first given one (``adopted``), dated now, so it is collected like any
other once it has been unclaimed for another ``expiry``. None of this loses anything: the
kiosk still holds its files until the server acknowledged the application, and a
``materials_missing`` answer or an upload status of 0 bytes makes it send the file again.

Each material is removed in its own short transaction, after locking its row and checking
again. On PostgreSQL the lock is ``FOR UPDATE SKIP LOCKED``: a row locked by a chunk being
appended or an application being accepted (``intake._check_materials`` share-locks the
materials it needs) is in use, so it is skipped, never waited for. On SQLite ``BEGIN
IMMEDIATE`` serialises writers. A chunk arriving after its material was removed starts the
upload again at offset 0 (``offset_mismatch`` with ``received`` 0).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine, and_, exists, func, select

from server import materials as material_store
from server.database import insert_ignore, is_postgresql
from server.material_files import MaterialFiles
from server.schema import application_materials, materials

log = logging.getLogger("server.housekeeping")

DEFAULT_EXPIRY = timedelta(days=7)
_BATCH = 200


@dataclass(frozen=True)
class UploadGcReport:
    abandoned: int = 0
    """Half-finished uploads removed."""
    unclaimed: int = 0
    """Complete files removed that no application referenced."""
    stray: int = 0
    """Partial files without a row (left by a rolled-back chunk) removed."""
    adopted: int = 0
    """Complete files without a row (a crash took the row's commit) given one again."""
    bytes_freed: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "abandoned": self.abandoned,
            "unclaimed": self.unclaimed,
            "stray": self.stray,
            "adopted": self.adopted,
            "bytes_freed": self.bytes_freed,
        }


def _last_activity():
    return func.coalesce(materials.c.updated_at, materials.c.created_at)


def _collectable(cutoff: datetime):
    """The condition, re-checked under the row lock, for a material this pass may remove."""
    claimed = exists().where(application_materials.c.sha256 == materials.c.sha256)
    return and_(_last_activity() < cutoff, ~claimed)


def collect(
    engine: Engine,
    files: MaterialFiles,
    *,
    now: datetime,
    expiry: timedelta = DEFAULT_EXPIRY,
) -> UploadGcReport:
    """Remove every unclaimed material idle for longer than ``expiry``; returns counts."""
    if expiry <= timedelta(0):
        raise ValueError("expiry must be positive")
    cutoff = now - expiry
    adopted = _adopt_orphans(engine, files, cutoff, now=now)
    abandoned = unclaimed = freed = 0
    for sha256 in material_store.shas_where(engine, _collectable(cutoff)):
        with engine.begin() as connection:
            removed = _remove_if_collectable(connection, files, sha256, cutoff)
        if removed is None:
            continue
        complete, size = removed
        freed += size
        if complete:
            unclaimed += 1
        else:
            abandoned += 1
    stray, stray_bytes = _remove_stray_partials(engine, files, cutoff)
    freed += stray_bytes
    report = UploadGcReport(
        abandoned=abandoned, unclaimed=unclaimed, stray=stray, adopted=adopted, bytes_freed=freed
    )
    if abandoned or unclaimed or stray or adopted:
        log.info(
            "upload gc: %d abandoned, %d unclaimed, %d stray, %d adopted, %d bytes freed",
            abandoned,
            unclaimed,
            stray,
            adopted,
            freed,
        )
    return report


def _remove_if_collectable(
    connection: Connection, files: MaterialFiles, sha256: str, cutoff: datetime
) -> tuple[bool, int] | None:
    query = select(materials.c.complete).where(materials.c.sha256 == sha256, _collectable(cutoff))
    if is_postgresql(connection):
        query = query.with_for_update(skip_locked=True, of=materials)
    row = connection.execute(query).first()
    if row is None:  # claimed, touched or removed since it was listed, or in use right now
        return None
    return bool(row.complete), material_store.discard(connection, files, sha256)


def _adopt_orphans(engine: Engine, files: MaterialFiles, cutoff: datetime, *, now: datetime) -> int:
    """Give a row to each complete file older than ``cutoff`` that has none.

    A whole file is synced and renamed into place before its row commits, and that commit
    does not wait for the disk (``server.materials.store_whole``), so a crash can leave a
    complete file with no row. It is held all the same (the file is the proof, and intake
    accepts applications naming it), but the passes here go by rows, so without one it
    would never be collected. The new row is dated *now*: an application being accepted at
    this moment could not have share-locked a row that did not exist, so the file is only
    collected (unclaimed, under the usual row lock) after another full ``expiry``, long
    after any such transaction has ended. A claimed file gets its row too, so retention
    (which also goes by rows) can remove it when its time comes.
    """
    old = [(sha, size) for sha, size, mtime in files.completes() if mtime < cutoff.timestamp()]
    adopted = 0
    for start in range(0, len(old), _BATCH):
        part = dict(old[start : start + _BATCH])
        with engine.begin() as connection:
            known = set(
                connection.execute(
                    select(materials.c.sha256).where(materials.c.sha256.in_(list(part)))
                ).scalars()
            )
            for sha256, size in part.items():
                if sha256 in known:
                    continue
                adopted += insert_ignore(
                    connection,
                    materials,
                    {
                        "sha256": sha256,
                        "size": size,
                        "received": size,
                        "complete": True,
                        "created_at": now,
                        "completed_at": now,
                        "updated_at": now,
                    },
                    keys=["sha256"],
                )
    return adopted


def _remove_stray_partials(
    engine: Engine, files: MaterialFiles, cutoff: datetime
) -> tuple[int, int]:
    """Partial files untouched since ``cutoff`` that no row counts. A new upload's file is
    younger than the cutoff, so it is never one of them; one that starts over an old stray
    file at the very moment it is removed finds fewer bytes on disk than counted and goes
    on from there (``server.materials``)."""
    old = [(sha, size) for sha, size, mtime in files.partials() if mtime < cutoff.timestamp()]
    removed = freed = 0
    for sha256, size in old:
        with engine.begin() as connection:
            query = select(materials.c.sha256).where(materials.c.sha256 == sha256)
            if is_postgresql(connection):
                query = query.with_for_update(skip_locked=True)
            if connection.execute(query).first() is not None:
                continue  # a row owns it (the passes above decide about those)
            files.discard_partial(sha256)
        removed += 1
        freed += size
    return removed, freed
