"""Server-side retention: material bytes go once the decision on them is old enough.

The reference server stands in for the departments' systems, which keep their own case files;
it needs a resident's photos (ID card, 户口簿 pages, certificates) only while an officer may
still look at them. So the bytes of a material are removed ``keep_for`` (default 30 days)
after the **last** application using it reached a final state (``approved`` or ``rejected``;
``applications.updated_at`` is the decision time, since a final state never changes again).
A material that any application still in ``accepted``, ``in_review`` or ``needs_correction``
uses, or one decided more recently, is kept: kiosks reuse a resident's materials (材料复用)
across applications, so one file can serve several.

What stays: the application row (service, receipt number, state, result text, the answers in
``payload``) and its material references (SHA-256 and size), so the record of what was
decided, on what, remains; ``applications.materials_purged_at`` says when the bytes went.
The admin API then answers ``material_purged`` (410, with a Chinese reason) for those files,
not ``not_found``, and an application naming one gets ``materials_missing`` with it listed
in ``details.purged``. If the same file arrives again for a new application, it is simply
uploaded again.

Locking is as in ``server/upload_gc.py``: one short transaction per material, its row taken
``FOR UPDATE SKIP LOCKED`` on PostgreSQL and the condition checked again under the lock.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine, and_, exists, not_, select, update

from kiosk.protocol import ServerState
from server import materials as material_store
from server.database import is_postgresql
from server.material_files import MaterialFiles
from server.schema import application_materials, applications, materials

log = logging.getLogger("server.housekeeping")

DEFAULT_KEEP_FOR = timedelta(days=30)
FINAL_STATES = (ServerState.APPROVED.value, ServerState.REJECTED.value)


@dataclass(frozen=True)
class RetentionReport:
    materials: int = 0
    """Material files whose bytes were removed."""
    bytes_freed: int = 0
    applications: int = 0
    """Applications newly marked ``materials_purged_at`` (all their files are gone)."""

    def as_dict(self) -> dict[str, int]:
        return {
            "materials": self.materials,
            "bytes_freed": self.bytes_freed,
            "applications": self.applications,
        }


def _decided_before(cutoff: datetime):
    return and_(applications.c.state.in_(FINAL_STATES), applications.c.updated_at < cutoff)


def _due(cutoff: datetime):
    """A held material that some application used and every application using it was
    decided before ``cutoff``."""
    uses = application_materials.c.sha256 == materials.c.sha256
    used = exists().where(uses)
    still_needed = exists(
        select(1)
        .select_from(application_materials.join(applications))
        .where(uses, not_(_decided_before(cutoff)))
    )
    return and_(used, ~still_needed)


def purge(
    engine: Engine,
    files: MaterialFiles,
    *,
    now: datetime,
    keep_for: timedelta = DEFAULT_KEEP_FOR,
) -> RetentionReport:
    """Remove the bytes of materials whose applications were all decided ``keep_for`` ago."""
    if keep_for <= timedelta(0):
        raise ValueError("keep_for must be positive")
    cutoff = now - keep_for
    removed = freed = 0
    for sha256 in material_store.shas_where(engine, _due(cutoff)):
        with engine.begin() as connection:
            size = _remove_if_due(connection, files, sha256, cutoff)
        if size is not None:
            removed += 1
            freed += size
    with engine.begin() as connection:
        marked = _mark_purged(connection, cutoff, now)
    report = RetentionReport(materials=removed, bytes_freed=freed, applications=marked)
    if removed or marked:
        log.info(
            "retention: %d materials (%d bytes) removed, %d applications purged",
            removed,
            freed,
            marked,
        )
    return report


def _remove_if_due(
    connection: Connection, files: MaterialFiles, sha256: str, cutoff: datetime
) -> int | None:
    query = select(materials.c.sha256).where(materials.c.sha256 == sha256, _due(cutoff))
    if is_postgresql(connection):
        query = query.with_for_update(skip_locked=True, of=materials)
    if connection.execute(query).first() is None:
        return None
    return material_store.discard(connection, files, sha256)


def _mark_purged(connection: Connection, cutoff: datetime, now: datetime) -> int:
    """Decided-long-ago applications none of whose materials the server still holds."""
    held = exists(
        select(1)
        .select_from(application_materials)
        .join(materials, materials.c.sha256 == application_materials.c.sha256)
        .where(application_materials.c.application_id == applications.c.id)
    )
    result = connection.execute(
        update(applications)
        .where(
            _decided_before(cutoff),
            applications.c.materials_purged_at.is_(None),
            ~held,
        )
        .values(materials_purged_at=now)
    )
    return result.rowcount or 0
