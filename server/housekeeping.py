"""Housekeeping: the upload GC and the retention purge, once (``kiosk-server gc``) or on a
timer inside the server (``kiosk-server --gc-interval-hours N``).

Policy (docs/operations.md, docs/security.md): an upload no application claimed goes after
``upload_expiry`` without a new chunk (7 days); a material's bytes go ``keep_for`` after the
last application using it was decided (30 days); an application's answers go
``answers_keep_for`` after its decision (180 days). ``None`` turns any of them off.

Several app processes, on one machine or many, may each run the timer: on PostgreSQL a
session advisory lock lets one of them work and the others skip that round (each removal is
safe on its own anyway, see ``server/upload_gc.py``); on SQLite writers take turns.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Engine

from server import retention, upload_gc
from server.database import is_postgresql, utc_now
from server.material_files import MaterialFiles

log = logging.getLogger("server.housekeeping")

_LOCK_KEY = 0x4B47430001  # "KGC" 1: any constant shared by every process


@dataclass(frozen=True)
class Policy:
    upload_expiry: timedelta | None = upload_gc.DEFAULT_EXPIRY
    keep_for: timedelta | None = retention.DEFAULT_KEEP_FOR
    answers_keep_for: timedelta | None = retention.DEFAULT_ANSWERS_KEEP_FOR

    @classmethod
    def from_days(
        cls,
        upload_expiry_days: float,
        retention_days: float,
        answers_retention_days: float = retention.DEFAULT_ANSWERS_KEEP_FOR.days,
    ) -> Policy:
        """From the command line's numbers of days; 0 turns that part off."""

        def days(value: float) -> timedelta | None:
            return timedelta(days=value) if value > 0 else None

        return cls(
            upload_expiry=days(upload_expiry_days),
            keep_for=days(retention_days),
            answers_keep_for=days(answers_retention_days),
        )


@dataclass(frozen=True)
class Report:
    uploads: upload_gc.UploadGcReport = field(default_factory=upload_gc.UploadGcReport)
    retention: retention.RetentionReport = field(default_factory=retention.RetentionReport)
    skipped: bool = False
    """Another process held the housekeeping lock: it is doing this round."""

    def as_dict(self) -> dict[str, object]:
        return {
            "uploads": self.uploads.as_dict(),
            "retention": self.retention.as_dict(),
            "skipped": self.skipped,
        }


def run(
    engine: Engine, files: MaterialFiles, policy: Policy, *, now: datetime | None = None
) -> Report:
    """One round of both passes (each only if its policy is set)."""
    now = now or utc_now()
    with engine.connect() as holder:
        if is_postgresql(holder):
            got = holder.exec_driver_sql(f"SELECT pg_try_advisory_lock({_LOCK_KEY})").scalar()
            holder.commit()
            if not got:
                return Report(skipped=True)
        try:
            uploads = (
                upload_gc.collect(engine, files, now=now, expiry=policy.upload_expiry)
                if policy.upload_expiry is not None
                else upload_gc.UploadGcReport()
            )
            kept = (
                retention.purge(engine, files, now=now, keep_for=policy.keep_for)
                if policy.keep_for is not None
                else retention.RetentionReport()
            )
            if policy.answers_keep_for is not None:
                cleared = retention.purge_answers(engine, now=now, keep_for=policy.answers_keep_for)
                kept = dataclasses.replace(kept, answers=cleared)
        finally:
            if is_postgresql(holder):
                holder.exec_driver_sql(f"SELECT pg_advisory_unlock({_LOCK_KEY})")
                holder.commit()
    return Report(uploads=uploads, retention=kept)


class Housekeeper:
    """Runs :func:`run` at start and then every ``interval`` on a daemon thread, until
    :meth:`stop`. A failing round is logged and the next one tried on schedule."""

    def __init__(
        self,
        engine: Engine,
        files: MaterialFiles,
        policy: Policy,
        *,
        interval: timedelta,
        now: Callable[[], datetime] = utc_now,
        on_round: Callable[[Report], None] | None = None,
    ) -> None:
        if interval <= timedelta(0):
            raise ValueError("interval must be positive")
        self._engine = engine
        self._files = files
        self._policy = policy
        self._interval = interval.total_seconds()
        self._now = now
        self._on_round = on_round
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="housekeeping", daemon=True)
            self._thread.start()

    def stop(self, timeout_s: float = 30.0) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout_s)

    def _loop(self) -> None:
        while not self._stopping.is_set():
            try:
                report = run(self._engine, self._files, self._policy, now=self._now())
            except Exception:  # the server keeps serving; the next round tries again
                log.exception("housekeeping round failed")
            else:
                if self._on_round is not None:
                    self._on_round(report)
            self._stopping.wait(self._interval)
