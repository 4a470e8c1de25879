"""The one task runner: background work off the GUI thread, results back on it by Qt signal.

Two lanes: ``store`` is a single worker, so writes to SQLite happen one at a time in the order
asked (an answer, then the step it moves to); ``io`` is a small pool for slow I/O (printing,
PIN hashing happens in the store lane because it writes the attempt count). A callback runs on
the GUI thread, so it may touch widgets. Tests inject :class:`ImmediateExecutor` so the work
runs inline and every rule stays deterministic; a few tests use the real threads with
``qtbot.waitSignal(runner.idle)``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class ImmediateExecutor(Executor):
    """Runs each job inline, in the caller's thread (for tests and the scripted demo)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future


class TaskRunner(QObject):
    finished_job = Signal(object, object, object)
    """(callbacks, result, error), emitted from the worker; delivered on the GUI thread."""
    idle = Signal()
    """No job is pending any more."""
    busy_changed = Signal(bool)

    def __init__(
        self,
        *,
        store: Executor | None = None,
        io: Executor | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store or ThreadPoolExecutor(1, thread_name_prefix="kiosk-store")
        self._io = io or ThreadPoolExecutor(2, thread_name_prefix="kiosk-io")
        self._pending = 0
        self.finished_job.connect(self._deliver)

    @classmethod
    def immediate(cls, parent: QObject | None = None) -> TaskRunner:
        return cls(store=ImmediateExecutor(), io=ImmediateExecutor(), parent=parent)

    @property
    def pending(self) -> int:
        return self._pending

    def store(self, job: Callable[[], Any], done: Done, failed: Failed | None = None) -> None:
        """A store write (or a read that must follow the writes already queued)."""
        self._submit(self._store, job, done, failed)

    def io(self, job: Callable[[], Any], done: Done, failed: Failed | None = None) -> None:
        self._submit(self._io, job, done, failed)

    def _submit(self, executor: Executor, job: Callable[[], Any], done: Done, failed) -> None:
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        future = executor.submit(job)
        future.add_done_callback(lambda f: self._finish((done, failed), f))

    def _finish(self, callbacks: tuple[Done, Failed | None], future: Future) -> None:
        error = future.exception()
        result = None if error else future.result()
        self.finished_job.emit(callbacks, result, error)

    def _deliver(self, callbacks: tuple[Done, Failed | None], result: Any, error: Any) -> None:
        done, failed = callbacks
        self._pending -= 1
        try:
            if error is None:
                done(result)
            elif failed is not None:
                failed(error)
            else:
                log.error("background job failed: %s", type(error).__name__)
        finally:
            if self._pending == 0:
                self.busy_changed.emit(False)
                self.idle.emit()

    def shutdown(self) -> None:
        for executor in (self._store, self._io):
            executor.shutdown(wait=True)
