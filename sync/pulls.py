"""What comes back from the server: status news (with a cursor) and the catalogue (with an ETag).

Status news is applied to the local rows (``Outbox.apply_status``), each with when the server
changed it and when this kiosk learned it, so a resident can check progress at the kiosk
while it is offline and see how fresh the news is. The cursor is saved after each page has
been applied: a pass cut in the middle re-reads at most one page, and applying news twice
changes nothing.

A catalogue is installed only after ``kiosk.catalogs`` has validated it; a bad one is refused
with its reason (for staff), the last good one stays in use, and its ETag is remembered so
the same bad file is not fetched again on every pass.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from kiosk.catalogs import CatalogService
from kiosk.domain.states import ApplicationState
from kiosk.errors import KioskError
from kiosk.protocol import ErrorCode, StatusPage
from kiosk.storage.errors import NotFound
from kiosk.storage.outbox_repo import Outbox
from kiosk.storage.sync_state_repo import SyncState
from kiosk.storage.timestamps import from_text
from sync.errors import Retryable
from sync.transport import Transport, parse

log = logging.getLogger(__name__)

ACTOR = "sync"
STATUS_CURSOR = "status.cursor"
CATALOG_ETAG = "catalog.etag"
CATALOG_REFUSED = "catalog.refused"
"""``{"etag", "reason", "at"}`` of the last catalogue refused, for staff."""


@dataclass(frozen=True)
class StatusOutcome:
    updates: int
    changed: int


def pull_status(
    transport: Transport, outbox: Outbox, state: SyncState, *, max_pages: int
) -> StatusOutcome:
    updates = changed = 0
    for _ in range(max_pages):
        cursor = state.get(STATUS_CURSOR)
        query = {"cursor": cursor, "limit": 100} if cursor else {"limit": 100}
        page = parse(StatusPage, transport.get_json("/status", query=query))
        with outbox.unit_of_work():  # a page and its cursor: one commit
            for update in page.updates:
                updates += 1
                try:
                    if outbox.apply_status(
                        update.client_uuid,
                        state=ApplicationState(update.state.value),
                        revision=update.revision,
                        server_id=update.server_id,
                        note=update.reason or update.result_text,
                        materials_to_bring=update.materials_to_bring,
                        changed_at=from_text(update.changed_at.replace("Z", "+00:00")),
                        actor=ACTOR,
                    ):
                        changed += 1
                except NotFound:
                    # An application this data directory never had (an earlier installation
                    # enrolled under the same code): nothing to update here.
                    log.info("status news for an unknown application skipped")
            if page.cursor != cursor:
                state.set(STATUS_CURSOR, page.cursor)
        if not page.more:
            break
    return StatusOutcome(updates=updates, changed=changed)


@dataclass(frozen=True)
class CatalogOutcome:
    installed: str | None = None
    """The version installed by this pull, if any."""
    refused: str | None = None
    """Why the catalogue offered was refused (Chinese, for staff)."""


def pull_catalog(
    transport: Transport, catalogs: CatalogService, state: SyncState
) -> CatalogOutcome:
    known = [tag for tag in (state.get(CATALOG_ETAG), _refused_etag(state)) if tag]
    headers = {"If-None-Match": ", ".join(known)} if known else {}
    try:
        answer = transport.request("GET", "/catalog", headers=headers, ok=(200, 304))
    except Retryable as error:
        if error.code == ErrorCode.NO_CATALOG:
            return CatalogOutcome()
        raise
    if answer.status == 304:
        return CatalogOutcome()
    etag = answer.headers.get("ETag") or ""
    digest = hashlib.sha256(answer.body).hexdigest()
    if etag.strip('"').removeprefix("W/").strip('"') not in ("", digest):
        return _refuse(state, etag, "下载的事项目录不完整，继续使用原目录。", "etag mismatch")
    try:
        loaded = catalogs.install(answer.body, source="network")
    except KioskError as error:  # CatalogError, CatalogConflict, ChecksumMismatch
        return _refuse(state, etag, error.message, error.detail)
    state.set(CATALOG_ETAG, etag or f'"{digest}"')
    state.delete(CATALOG_REFUSED)
    return CatalogOutcome(installed=loaded.catalog.version)


def _refused_etag(state: SyncState) -> str | None:
    refused = state.get(CATALOG_REFUSED)
    return refused.get("etag") if isinstance(refused, dict) else None


def _refuse(state: SyncState, etag: str, reason: str, detail: str) -> CatalogOutcome:
    log.warning("catalogue from the server refused: %s", detail)
    state.set(CATALOG_REFUSED, {"etag": etag, "reason": reason})
    return CatalogOutcome(refused=reason)
