"""Random sequences of submissions, faults and restarts; at the end, everything exactly once.

A hypothesis state machine drives a real client and the real server (through the fault
proxy): it queues applications (some with photos), arms faults on random endpoints, runs
sync passes, takes the link down and up, restarts or crashes the server, restarts the
client, and kills ``kiosk sync --once`` in the middle of its requests. After every step the
client may not believe anything the server does not hold; at the end, with the faults
cleared, a few passes must empty the outbox and ``kiosk-server list --json`` must hold every
queued application exactly once, under the server id the client recorded.
"""

from __future__ import annotations

import itertools
import subprocess
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from bench.fault_proxy import Fault, FaultProxy, Rule
from bench.live_server import BIN, LiveServer
from kiosk.domain.states import ApplicationState
from sync.config import SyncConfig, TransportConfig
from tests.sync.conftest import FAST, make_client, make_photos, photo_seeds

CONFIG = SyncConfig(
    transport=TransportConfig(connect_timeout_s=1.0, read_timeout_s=1.0),
    chunk_bytes=FAST.chunk_bytes,
    max_chunk_bytes=4 * FAST.chunk_bytes,
    item_backoff_base_s=0.01,
    item_backoff_cap_s=0.05,
)
HELD_BEYOND_TIMEOUT_S = 1.3

# Link and server faults; not the hooks (they need a callback), nor a missing endpoint (a
# server that lacks a route for good is a version question, not a fault to recover from).
FAULTS = [f for f in Fault if f not in (Fault.HOOK, Fault.HOOK_FIRST, Fault.REFUSE, Fault.NO_ROUTE)]
ENDPOINTS = [
    r"^/v1/applications",
    r"^/v1/materials/query",
    r"^/v1/materials/[0-9a-f]{64}\?",
    r"^/v1/status",
    r"^/v1/audit",
    None,
]
_dirs = itertools.count()


class SyncMachine(RuleBasedStateMachine):
    def __init__(self, server: LiveServer, proxy: FaultProxy, base: Path) -> None:
        super().__init__()
        self.server = server
        self.proxy = proxy
        self.base = base / f"run{next(_dirs)}"
        self.client = make_client(self.base / "kiosk", proxy.url, server.token(), config=CONFIG)
        self.code = self.client.engine.credentials().device_code
        self.queued: list[str] = []
        # A server restart costs seconds (process start-up), a client kill one: at most one
        # of each per run keeps the suite's time in bounds while every run can hit both.
        self.restarts = 0
        self.kills = 0

    # ------------------------------------------------------------------ rules

    @rule(code=st.sampled_from(["DEMO-YB-001", "DEMO-MZ-001", "DEMO-YJS-001"]), photo=st.booleans())
    def submit(self, code: str, photo: bool) -> None:
        images = make_photos(self.base / "photos", 1, seed=next(photo_seeds))
        app = self.client.submit(code, images=images if photo else [])
        self.queued.append(app.client_uuid)

    @rule(fault=st.sampled_from(FAULTS), where=st.sampled_from(ENDPOINTS), skip=st.integers(0, 2))
    def arm_fault(self, fault: Fault, where: str | None, skip: int) -> None:
        self.proxy.add(
            Rule(fault, path=where, skip=skip, delay_s=HELD_BEYOND_TIMEOUT_S, retry_after=1)
        )

    @rule()
    def sync_pass(self) -> None:
        self.client.engine.run_pass(force=True)

    @rule()
    def link_down_then_sync(self) -> None:
        self.proxy.set_down()
        self.client.engine.run_pass(force=True)
        self.proxy.set_up()

    @precondition(lambda self: self.restarts == 0)
    @rule(crash=st.booleans())
    def restart_server(self, crash: bool) -> None:
        self.restarts += 1
        self.server.restart(crash=crash)

    @rule()
    def restart_client(self) -> None:
        self.client.reopen(config=CONFIG)
        self.client.engine.recover()

    @precondition(lambda self: self.queued and self.kills == 0)
    @rule(after=st.integers(1, 6))
    def kill_client_mid_sync(self, after: int) -> None:
        """``kiosk sync --once`` in its own process, SIGKILLed as its n-th request reaches
        the server (which may commit it): the client dies before it hears the answer."""
        self.kills += 1
        process: list[subprocess.Popen] = []

        def kill() -> None:
            if process:
                process[0].kill()

        self.proxy.add(Rule(Fault.HOOK, skip=after - 1, hook=kill))
        process.append(
            subprocess.Popen(
                [str(BIN / "kiosk"), "--data-dir", str(self.client.data_dir), "sync", "--once"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        process[0].wait(timeout=120)
        self.proxy.clear()
        self.restart_client()  # the kiosk starts again after the crash

    # ------------------------------------------------------------------ checks

    @invariant()
    def the_client_believes_nothing_the_server_does_not_hold(self) -> None:
        if not self.queued:
            return
        held = {row["client_uuid"]: row["server_id"] for row in self.server.applications(self.code)}
        assert set(held) <= set(self.queued), "the server holds an application nobody queued"
        for uuid in self.queued:
            local = self.client.engine.outbox.get(uuid)
            if local.state is ApplicationState.ACCEPTED:
                assert held.get(uuid) == local.server_id

    def teardown(self) -> None:
        try:
            self.proxy.clear()
            self.proxy.set_up()
            if self.server.process is None or self.server.process.poll() is not None:
                self.server.start()
            for _ in range(8):
                result = self.client.engine.run_pass(force=True)
                if result.ok and self.client.engine.outbox_empty():
                    break
            assert self.client.engine.outbox_empty(), result.error
            rows = [r for r in self.server.applications_cli() if r["device_code"] == self.code]
            assert sorted(r["client_uuid"] for r in rows) == sorted(self.queued)
            for row in rows:
                local = self.client.engine.outbox.get(row["client_uuid"])
                assert local.state is ApplicationState.ACCEPTED
                assert local.server_id == row["server_id"]
        finally:
            self.client.close()


def test_random_submissions_faults_and_restarts_end_exactly_once(live_server, proxy, tmp_path):
    run_state_machine_as_test(
        lambda: SyncMachine(live_server, proxy, tmp_path),
        settings=settings(
            # Each run costs seconds of real processes (a server restart, a killed client).
            max_examples=2,
            stateful_step_count=15,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
