"""One sync pass, with no thread of its own: what ``kiosk sync --once`` runs and what the
worker runs on its schedule.

Order of a pass: applications first (the resident's promise), then status news, ratings, the
audit log, and the catalogue. The first network, server or authentication failure ends the
pass; what was done before it is saved, and the next pass starts where this one stopped.

After a pass that completed, ``after_pass(result)`` runs (the composition root passes the
kiosk's retention purge: what the server has just acknowledged may now be forgotten). It is
injected so sync never imports ``kiosk.app``; a failure in it is logged and does not fail the
pass.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from kiosk.catalogs import CatalogService
from kiosk.errors import KioskError
from kiosk.protocol import DeviceCredentials, HealthResponse
from kiosk.storage.audit_repo import AuditLog
from kiosk.storage.database import Store
from kiosk.storage.materials_repo import MaterialStore
from kiosk.storage.outbox_repo import Outbox
from kiosk.storage.ratings_repo import Ratings
from kiosk.storage.sync_state_repo import SyncState
from kiosk.storage.timestamps import Clock, utc_now
from sync import pulls, records
from sync.backoff import Backoff
from sync.config import SyncConfig
from sync.credentials import load_credentials
from sync.errors import (
    AuthError,
    NetworkError,
    NotEnrolled,
    Rejected,
    Retryable,
    ServerBusy,
    SyncError,
)
from sync.outbox_runner import ACTOR, OutboxRunner
from sync.transport import Transport, parse

log = logging.getLogger(__name__)

LAST_SUCCESS = "sync.last_success"


class PassOutcome(StrEnum):
    """How a pass ended; the worker schedules the next one from it."""

    DONE = "done"
    """Everything due was sent and the pulls ran (some items may be parked or deferred)."""
    OFFLINE = "offline"
    """The link or the server did not answer: the queue pauses with backoff."""
    BUSY = "busy"
    """The server asked us to wait (429/503 Retry-After, or 5xx): the queue pauses."""
    STOPPED = "stopped"
    """The server refuses this device: nothing more is tried until staff act."""
    NOT_ENROLLED = "not_enrolled"
    """No credentials: staff must enrol the device."""


@dataclass
class PassResult:
    outcome: PassOutcome
    error: SyncError | None = None
    retry_after_s: float | None = None
    accepted: list[str] = field(default_factory=list)
    parked: list[str] = field(default_factory=list)
    deferred: list[str] = field(default_factory=list)
    status_updates: int = 0
    ratings_sent: int = 0
    audit_sent: int = 0
    catalog_installed: str | None = None
    catalog_refused: str | None = None

    @property
    def ok(self) -> bool:
        return self.outcome is PassOutcome.DONE


class SyncEngine:
    def __init__(
        self,
        *,
        store: Store,
        data_dir: Path,
        catalogs: CatalogService,
        device_code: str,
        config: SyncConfig | None = None,
        server_url: str | None = None,
        now: Clock = utc_now,
        rng: random.Random | None = None,
        after_pass: Callable[[PassResult], object] | None = None,
    ) -> None:
        self.data_dir = Path(data_dir)
        self._after_pass = after_pass
        self.config = config or SyncConfig()
        self.outbox = Outbox(store, device_code=device_code, now=now)
        self.materials = MaterialStore(store, root=self.data_dir / "materials", now=now)
        self.ratings = Ratings(store, now=now)
        self.audit = AuditLog(store, now=now)
        self.state = SyncState(store, now=now)
        self.catalogs = catalogs
        self._store = store
        self._server_url = server_url
        self._now = now
        self._item_backoff = Backoff(
            base_s=self.config.item_backoff_base_s,
            cap_s=self.config.item_backoff_cap_s,
            rng=rng or random.Random(),
        )
        self._transport: Transport | None = None
        self._credentials: DeviceCredentials | None = None
        self.upload_held: dict[str, int] = {}
        """Bytes of each material the server is known to hold (from answers this session)."""
        self.should_stop: Callable[[], bool] = lambda: False

    # ------------------------------------------------------------------ set-up

    def credentials(self) -> DeviceCredentials | None:
        return load_credentials(self.data_dir)

    def transport(self) -> Transport:
        """The transport for the current credentials (re-made when staff re-enrol)."""
        credentials = self.credentials()
        if credentials is None:
            raise NotEnrolled()
        if self._transport is None or credentials != self._credentials:
            if self._transport is not None:
                self._transport.close()
            self._transport = Transport(
                self._server_url or credentials.server_url,
                credentials=credentials,
                config=self.config.transport,
            )
            self._credentials = credentials
        return self._transport

    def close(self) -> None:
        if self._transport is not None:
            self._transport.close()
            self._transport = None

    def release_thread(self) -> None:
        """Close the calling thread's store connection (a worker thread about to end)."""
        if not self._store.closed:
            self._store.close_thread_connection()

    def recover(self) -> list[str]:
        """After a crash: items left ``uploading`` go back to the queue (call under the lock)."""
        return self.outbox.recover_interrupted(actor=ACTOR)

    # ------------------------------------------------------------------ a pass

    def probe(self) -> bool:
        """Cheap reachability check (``GET /health``, unsigned, short timeout)."""
        try:
            transport = self.transport()
            answer = parse(
                HealthResponse,
                transport.get_json("/health", signed=False, timeout_s=self.config.probe_timeout_s),
            )
        except SyncError:
            return False
        return answer.ok

    def run_pass(self, *, force: bool = False) -> PassResult:
        """One pass; ``force`` sends items still in their per-item backoff too."""
        result = PassResult(outcome=PassOutcome.DONE)
        try:
            transport = self.transport()
            runner = OutboxRunner(
                outbox=self.outbox,
                materials=self.materials,
                transport=transport,
                config=self.config,
                item_backoff=self._item_backoff,
                on_progress=self._note_progress,
                should_stop=self.should_stop,
            )
            sent = runner.run(force=force)
            result.accepted, result.parked, result.deferred = (
                sent.accepted,
                sent.parked,
                sent.deferred,
            )
            if self.should_stop():
                return result
            status = pulls.pull_status(
                transport, self.outbox, self.state, max_pages=self.config.max_status_pages
            )
            result.status_updates = status.updates
            result.ratings_sent = records.push_ratings(transport, self.ratings).sent
            catalog = pulls.pull_catalog(transport, self.catalogs, self.state)
            result.catalog_installed, result.catalog_refused = catalog.installed, catalog.refused
            # Last, so the records this pass itself wrote (transitions) go up with it.
            result.audit_sent = records.push_audit(transport, self.audit, self.state).sent
        except NotEnrolled as error:
            return self._ended(result, PassOutcome.NOT_ENROLLED, error)
        except AuthError as error:
            log.error("server refuses this device: %s", error.code)
            return self._ended(result, PassOutcome.STOPPED, error)
        except ServerBusy as error:
            result.retry_after_s = error.retry_after
            return self._ended(result, PassOutcome.BUSY, error)
        except (NetworkError, Retryable, Rejected) as error:
            # A refusal outside any one item (clock still off after re-signing, a query the
            # server will not answer) is treated as the server being unreachable for now.
            return self._ended(result, PassOutcome.OFFLINE, error)
        self.state.set(LAST_SUCCESS, self._now().isoformat())
        if self._after_pass is not None:
            try:
                self._after_pass(result)
            except Exception:  # housekeeping must never stop the queue
                log.exception("after-pass housekeeping failed")
        return result

    def _ended(self, result: PassResult, outcome: PassOutcome, error: SyncError) -> PassResult:
        log.info("sync pass ended %s: %s", outcome.value, error.detail)
        result.outcome = outcome
        result.error = error
        return result

    def _note_progress(self, sha: str, received: int) -> None:
        self.upload_held[sha] = received

    # ------------------------------------------------------------------ what the UI sees

    def last_success(self) -> datetime | None:
        text = self.state.get(LAST_SUCCESS)
        return datetime.fromisoformat(text) if text else None

    def bytes_left(self) -> int:
        """Bytes still to send for unacknowledged, unparked applications: the material files
        the server is not known to hold, plus each application's request."""
        request_bytes, sizes = self.outbox.pending_upload()
        return request_bytes + sum(
            max(0, size - self.upload_held.get(sha, 0)) for sha, size in sizes.items()
        )

    def outbox_empty(self) -> bool:
        """Nothing waits to go up: no unacknowledged application, no unsent rating."""
        return not self.outbox.unacknowledged(include_parked=True) and (
            self.ratings.unsynced_count() == 0
        )


def describe_error(error: KioskError | None) -> str | None:
    return error.message if error is not None else None
