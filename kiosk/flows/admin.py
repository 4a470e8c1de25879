"""Staff only: behind a PIN with a lock-out; device status, the queue, the last sync, the
catalogue version, the log tail (which never holds personal data), and leaving kiosk mode.

The staff PIN is stored hashed in ``settings.json`` (``admin_pin_hash``). Wrong PINs are
counted in memory: five lock the screen for fifteen minutes (a restart needs the key to the
cabinet, which is a stronger check than the PIN).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from kiosk.applications import ApplicationService
from kiosk.catalogs import CatalogService
from kiosk.flows.outcome import Outcome, ScreenName, sentence
from kiosk.i18n import tr
from kiosk.storage.drafts_repo import verify_pin

MAX_FAILURES = 5
LOCKOUT_S = 15 * 60
PIN_MAX = 8


@dataclass(frozen=True)
class StatusLine:
    name: str
    state: str
    ok: bool


@dataclass(frozen=True)
class SyncFacts:
    """What the sync worker's snapshot says, reduced to what staff read."""

    online: bool
    last_success: str
    next_attempt: str
    parked: int


@dataclass(frozen=True)
class AdminView:
    unlocked: bool
    heading: str
    dots: str
    error: str
    devices: tuple[StatusLine, ...]
    pending: int
    sync: SyncFacts | None
    catalog_version: str
    log_tail: tuple[str, ...]
    prompt: str


class AdminFlow:
    def __init__(
        self,
        *,
        pin_hash: Callable[[], str | None],
        catalogs: CatalogService,
        applications: ApplicationService,
        devices: Callable[[], Sequence[StatusLine]] = tuple,
        sync: Callable[[], SyncFacts | None] = lambda: None,
        log_tail: Callable[[], Sequence[str]] = tuple,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self._pin_hash = pin_hash
        self._catalogs = catalogs
        self._applications = applications
        self._devices = devices
        self._sync = sync
        self._log_tail = log_tail
        self._now = now
        self._failures = 0
        self._locked_until: float | None = None
        self.lock()

    def lock(self) -> None:
        """Leaving the screen (or the session ending) locks it again."""
        self._unlocked = False
        self._typed = ""
        self._error = ""

    @property
    def unlocked(self) -> bool:
        return self._unlocked

    def key(self, key: str) -> AdminView:
        if key == "删除":  # i18n: keep
            self._typed = self._typed[:-1]
        elif key == "清空":  # i18n: keep
            self._typed = ""
        elif key.isdigit() and len(key) == 1 and len(self._typed) < PIN_MAX:
            self._typed += key
        return self.view

    def submit(self) -> Outcome:
        now = self._now()
        if self._locked_until is not None and now < self._locked_until:
            minutes = int((self._locked_until - now) // 60) + 1
            self._error = tr("密码错误次数过多，请{n}分钟后再试。").format(n=minutes)
            self._typed = ""
            return Outcome(message=self._error)
        stored = self._pin_hash()
        typed, self._typed = self._typed, ""
        if stored is None:
            self._error = tr("本机还没有设置管理密码，请用 kiosk admin-pin 命令设置。")
            return Outcome(message=self._error)
        if typed and verify_pin(typed, stored):
            self._failures = 0
            self._locked_until = None
            self._unlocked = True
            self._error = ""
            return Outcome()
        self._failures += 1
        if self._failures >= MAX_FAILURES:
            self._failures = 0
            self._locked_until = now + LOCKOUT_S
            self._error = tr("密码错误次数过多，已锁定15分钟。")
        else:
            self._error = tr("密码不对，还可以再试{n}次。").format(n=MAX_FAILURES - self._failures)
        return Outcome(message=self._error)

    @property
    def view(self) -> AdminView:
        if not self._unlocked:
            return AdminView(
                unlocked=False,
                heading=tr("工作人员管理"),
                dots="●" * len(self._typed),
                error=self._error,
                devices=(),
                pending=0,
                sync=None,
                catalog_version="",
                log_tail=(),
                prompt=sentence(self._error, tr("工作人员管理"), tr("请输入管理密码")),
            )
        pending = self._applications.outbox.pending_count()
        return AdminView(
            unlocked=True,
            heading=tr("本机状态"),
            dots="",
            error="",
            devices=tuple(self._devices()),
            pending=pending,
            sync=self._sync(),
            catalog_version=self._catalogs.active().catalog.version,
            log_tail=tuple(self._log_tail()),
            prompt=sentence(tr("本机状态"), tr("待提交{n}件").format(n=pending)),
        )

    def back(self) -> Outcome:
        self.lock()
        return Outcome(screen=ScreenName.HOME)

    def leave_kiosk_mode(self) -> Outcome:
        if not self._unlocked:
            return Outcome(message=tr("请先输入管理密码。"))
        self.lock()
        return Outcome(quit=True)
