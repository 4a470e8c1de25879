"""``SyncWorker``: the sync engine on its own thread, with a snapshot the UI polls.

The interface the UI builds on (keep it stable)::

    worker = SyncWorker(engine, on_change=callback)   # callback(snapshot), worker thread
    worker.start()          # starts the thread; returns at once
    worker.poke()           # "try now": a new application was queued, the network came back
    snap = worker.snapshot()   # cheap (no I/O): the latest SyncSnapshot, from any thread
    worker.stop()           # asks the thread to finish and joins it

It is plain Python, not a QObject: ``ui/`` polls :meth:`SyncWorker.snapshot` with a QTimer,
or adapts ``on_change`` to a Qt signal (the callback runs on the worker thread, so it must
only hand the snapshot over, never touch widgets).

Schedule: a pass runs at start, on every ``poke()``, when the earliest item's retry time
comes, and every ``idle_interval_s`` otherwise (status and catalogue pulls). While offline
the worker only probes (``GET /health``) on a capped exponential backoff with full jitter,
and runs a pass as soon as a probe answers. A 429/503 pauses it for Retry-After. When the
server refuses the device (revoked, unknown, bad signature) it stops and says so in the
snapshot; a ``poke()`` after staff re-enrolled it (new credentials) starts it again.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from sync.backoff import Backoff
from sync.engine import PassOutcome, PassResult, SyncEngine
from sync.errors import SyncBusy, SyncError
from sync.lock import SyncLock

log = logging.getLogger(__name__)


class WorkerState(StrEnum):
    """What the worker is doing; each has a line for the admin screen in ``label_zh``."""

    STARTING = "starting"
    """The thread has not finished its first look at the queue."""
    SYNCING = "syncing"
    """A pass is running."""
    IDLE = "idle"
    """Online, nothing due; waiting for the next item, poke or periodic pull."""
    OFFLINE = "offline"
    """The server cannot be reached; probing with backoff."""
    WAITING = "waiting"
    """The server asked us to wait (Retry-After) or is failing (5xx)."""
    STOPPED = "stopped"
    """The server refuses this device, or another sync holds the lock: staff must act."""
    NOT_ENROLLED = "not_enrolled"
    """The device has no credentials yet (``kiosk enrol``)."""
    FINISHED = "finished"
    """``stop()`` was called and the thread has ended."""

    @property
    def label_zh(self) -> str:
        return _LABELS[self]


_LABELS = {
    WorkerState.STARTING: "正在启动",
    WorkerState.SYNCING: "正在提交",
    WorkerState.IDLE: "已连接",
    WorkerState.OFFLINE: "网络未连接",
    WorkerState.WAITING: "服务器繁忙，稍后重试",
    WorkerState.STOPPED: "已停止，需要工作人员处理",
    WorkerState.NOT_ENROLLED: "本设备尚未登记",
    WorkerState.FINISHED: "已退出",
}


@dataclass(frozen=True)
class ParkedItem:
    """An application the server refused for good, waiting for staff."""

    client_uuid: str
    receipt_no: str
    service_code: str
    code: str
    """The protocol's error code (``validation_error``, ``idempotency_conflict`` ...)."""
    reason: str
    """The server's Chinese reason, for staff."""
    parked_at: datetime


@dataclass(frozen=True)
class SyncSnapshot:
    state: WorkerState
    online: bool | None
    """True after a server answer, False after a failure to reach it, None before either."""
    pending: int
    """Applications the server has not acknowledged yet (parked ones included)."""
    bytes_left: int
    """Bytes still to send for them (files the server lacks, and the requests)."""
    last_success: datetime | None
    """End of the last pass that completed."""
    next_attempt: datetime | None
    """When the worker will try again on its own (None: only on poke, or running now)."""
    parked: tuple[ParkedItem, ...] = ()
    message: str | None = None
    """Why the queue is not moving, in Chinese for staff (None when all is well)."""
    error_code: str | None = None
    """The log-safe code of the last failure (``network``, ``device_revoked`` ...)."""
    unsent_ratings: int = 0
    catalog_problem: str | None = None
    """Why the last catalogue from the server was refused (the last good one stays)."""
    audit_problem: str | None = None
    passes: int = 0
    """Passes run since start (lets a poller tell a new result from an old one)."""
    updated_at: datetime = field(default_factory=lambda: datetime.now(UTC))


class SyncWorker:
    def __init__(
        self,
        engine: SyncEngine,
        *,
        on_change: Callable[[SyncSnapshot], None] | None = None,
        rng: random.Random | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._engine = engine
        self._on_change = on_change
        self._clock = clock
        config = engine.config
        self._backoff = Backoff(
            base_s=config.backoff_base_s, cap_s=config.backoff_cap_s, rng=rng or random.Random()
        )
        self._lock = SyncLock(engine.data_dir)
        self._wake = threading.Condition()
        self._poked = False
        self._stopping = False
        self._thread: threading.Thread | None = None
        self._state = WorkerState.STARTING
        self._online: bool | None = None
        self._next_attempt: datetime | None = None
        self._error: SyncError | None = None
        self._stopped_for: object = None
        self._passes = 0
        self._snapshot = SyncSnapshot(
            state=WorkerState.STARTING,
            online=None,
            pending=0,
            bytes_left=0,
            last_success=None,
            next_attempt=None,
        )
        self._snapshot_lock = threading.Lock()
        engine.should_stop = lambda: self._stopping

    # ------------------------------------------------------------------ interface

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="sync-worker", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 30.0) -> None:
        """Ask the worker to finish (a request in flight ends at its timeout) and join it."""
        with self._wake:
            self._stopping = True
            self._wake.notify_all()
        if self._thread is not None:
            self._thread.join(timeout_s)

    def poke(self) -> None:
        """Try now (and refresh the snapshot), whatever the backoff says."""
        with self._wake:
            self._poked = True
            self._wake.notify_all()

    def snapshot(self) -> SyncSnapshot:
        with self._snapshot_lock:
            return self._snapshot

    def wait_for(self, predicate: Callable[[SyncSnapshot], bool], timeout_s: float) -> bool:
        """Block until ``predicate(snapshot)`` holds or the timeout passes (tests, CLI)."""
        deadline = self._clock() + timedelta(seconds=timeout_s)
        with self._wake:
            while not predicate(self.snapshot()):
                left = (deadline - self._clock()).total_seconds()
                if left <= 0:
                    return False
                self._wake.wait(left)
        return True

    # ------------------------------------------------------------------ the thread

    def _run(self) -> None:
        try:
            self._loop()
        except Exception:  # the worker must not die silently: say so and stop
            log.exception("sync worker crashed")
            self._state = WorkerState.STOPPED
            self._error = SyncError("同步程序出错，请联系工作人员。", detail="worker crashed")
        finally:
            self._lock.release()
            self._engine.close()
            if not self._stopping:
                self._publish()  # crashed: leave the reason visible
            else:
                self._state = WorkerState.FINISHED
                self._next_attempt = None
                self._publish()
            self._engine.release_thread()

    def _loop(self) -> None:
        while not self._stopping:
            try:
                self._lock.acquire()
                break
            except SyncBusy as error:
                self._state, self._error = WorkerState.STOPPED, error
                self._wait(self._config_delay(self._engine.config.idle_interval_s))
        else:
            return
        self._engine.recover()
        due_now = True
        while not self._stopping:
            if due_now:
                self._step()
            due_now = self._wait(self._next_attempt)

    def _step(self) -> None:
        if self._state is WorkerState.STOPPED and self._stopped_for is not None:
            # Stopped by the server: only new credentials (re-enrolment) start it again.
            if self._engine.credentials() == self._stopped_for:
                self._next_attempt = None
                self._publish()
                return
            self._stopped_for = None
        if self._state is WorkerState.OFFLINE and not self._engine.probe():
            self._offline(None)
            return
        self._state = WorkerState.SYNCING
        self._next_attempt = None
        self._publish()
        result = self._engine.run_pass()
        self._passes += 1
        self._after(result)

    def _after(self, result: PassResult) -> None:
        now = self._clock()
        self._error = result.error
        if result.outcome is PassOutcome.DONE:
            self._backoff.reset()
            self._online = True
            self._state = WorkerState.IDLE
            idle = now + timedelta(seconds=self._engine.config.idle_interval_s)
            item_due = self._engine.outbox.next_due_at()
            self._next_attempt = min(idle, max(item_due, now)) if item_due else idle
        elif result.outcome is PassOutcome.OFFLINE:
            self._offline(result.error)
        elif result.outcome is PassOutcome.BUSY:
            self._online = True
            self._state = WorkerState.WAITING
            delay = self._backoff.next_delay()
            if result.retry_after_s is not None:
                # Retry-After is the server's floor; never sooner, and never absurdly later.
                delay = max(delay, min(result.retry_after_s, self._engine.config.retry_after_cap_s))
            self._next_attempt = now + timedelta(seconds=delay)
        elif result.outcome is PassOutcome.STOPPED:
            self._online = True
            self._state = WorkerState.STOPPED
            self._stopped_for = self._engine.credentials()
            self._next_attempt = None
        else:  # NOT_ENROLLED: nothing to do until staff enrol and poke
            self._state = WorkerState.NOT_ENROLLED
            self._next_attempt = None
        self._publish()

    def _offline(self, error: SyncError | None) -> None:
        self._online = False
        self._state = WorkerState.OFFLINE
        if error is not None:
            self._error = error
        self._next_attempt = self._clock() + timedelta(seconds=self._backoff.next_delay())
        self._publish()

    def _config_delay(self, seconds: float) -> datetime:
        return self._clock() + timedelta(seconds=seconds)

    def _wait(self, until: datetime | None) -> bool:
        """Sleep until ``until``, a poke or stop; True when it is time for a step."""
        with self._wake:
            while not (self._stopping or self._poked):
                if until is not None:
                    left = (until - self._clock()).total_seconds()
                    if left <= 0:
                        return True
                    self._wake.wait(left)
                else:
                    self._wake.wait()
            poked, self._poked = self._poked, False
        if poked and not self._stopping:
            self._publish()  # a new application shows in the counts at once
        return poked

    # ------------------------------------------------------------------ snapshot

    def _publish(self) -> None:
        engine = self._engine
        try:
            parked = tuple(
                ParkedItem(
                    client_uuid=item.client_uuid,
                    receipt_no=item.receipt_no,
                    service_code=item.service_code,
                    code=item.parked_code or "",
                    reason=item.parked_reason or "",
                    parked_at=item.parked_at or item.updated_at,
                )
                for item in engine.outbox.parked()
            )
            refused = engine.state.get("catalog.refused")
            audit_problem = engine.state.get("audit.problem")
            snapshot = SyncSnapshot(
                state=self._state,
                online=self._online,
                pending=engine.outbox.pending_count(),
                bytes_left=engine.bytes_left(),
                last_success=engine.last_success(),
                next_attempt=self._next_attempt,
                parked=parked,
                message=self._message(),
                error_code=self._error.code if self._error else None,
                unsent_ratings=engine.ratings.unsynced_count(),
                catalog_problem=refused.get("reason") if isinstance(refused, dict) else None,
                audit_problem=audit_problem.get("reason")
                if isinstance(audit_problem, dict)
                else None,
                passes=self._passes,
                updated_at=self._clock(),
            )
        except Exception:  # a store problem must not kill the worker; keep the last snapshot
            log.exception("could not build the sync snapshot")
            return
        with self._snapshot_lock:
            self._snapshot = snapshot
        with self._wake:
            self._wake.notify_all()
        if self._on_change is not None:
            try:
                self._on_change(snapshot)
            except Exception:
                log.exception("sync on_change callback failed")

    def _message(self) -> str | None:
        if self._state in (
            WorkerState.IDLE,
            WorkerState.SYNCING,
            WorkerState.STARTING,
            WorkerState.FINISHED,
        ):
            return None
        if self._error is not None:
            return self._error.message
        return self._state.label_zh
