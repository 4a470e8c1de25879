"""``kiosk export``: everything queued, as one signed, encrypted bundle for a USB stick.

The bundle carries the same requests as online sync, byte for byte (each application's
request is frozen in its row before it goes in), so the server stores each application once
whichever way it arrives first: ``kiosk-server import`` twice, or the USB copy and a later
online retry, all meet the same idempotency key with the same body. Nothing is removed from
the outbox by exporting: an item stays until the server has acknowledged its key (the next
online sync, or the status news of the import, does that).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.protocol import RatingItem, utc_text, write_bundle
from sync.engine import SyncEngine
from sync.errors import LocalDataError, NotEnrolled
from sync.outbox_runner import ACTOR, frozen_request
from sync.records import AUDIT_ACKED, audit_item

log = logging.getLogger(__name__)


@dataclass
class ExportResult:
    path: Path
    applications: int
    ratings: int
    audit: int
    skipped: list[str] = field(default_factory=list)
    """Receipt numbers of items that could not go in (a damaged file): staff must look."""


def export_bundle(engine: SyncEngine, directory: Path) -> ExportResult:
    credentials = engine.credentials()
    if credentials is None:
        raise NotEnrolled()
    requests = []
    skipped = []
    for application in engine.outbox.unacknowledged():
        try:
            requests.append(frozen_request(engine.outbox, engine.materials, application))
        except LocalDataError as error:
            log.warning("not exported: %s", error.detail)
            skipped.append(application.receipt_no)
    ratings = [
        RatingItem(
            client_uuid=rating.client_uuid,
            level=rating.level,
            reason=rating.reason,
            created_at=utc_text(rating.created_at),
        )
        for rating in engine.ratings.unsynced(limit=100_000)
    ]
    audit = [
        audit_item(record)
        for record in engine.audit.records(after_seq=int(engine.state.get(AUDIT_ACKED, 0)))
    ]
    path = write_bundle(
        Path(directory),
        device_code=credentials.device_code,
        secret=credentials.secret,
        applications=requests,
        read_material=engine.materials.read,
        ratings=ratings,
        audit=audit,
    )
    engine.audit.append(
        "sync.exported",
        actor=ACTOR,
        subject=path.name,
        detail={"applications": len(requests), "ratings": len(ratings), "audit": len(audit)},
    )
    return ExportResult(
        path=path,
        applications=len(requests),
        ratings=len(ratings),
        audit=len(audit),
        skipped=skipped,
    )
