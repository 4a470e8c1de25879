"""Random sequences of attempted state changes: the stored state always equals the model's."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from kiosk.domain.states import ApplicationState, InvalidTransition, can_transition
from kiosk.storage.audit_repo import AuditLog
from kiosk.storage.catalog_repo import CatalogVersions
from kiosk.storage.database import DB_FILENAME, Store
from kiosk.storage.drafts_repo import Drafts
from kiosk.storage.outbox_repo import Outbox

S = ApplicationState


class OutboxMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="outbox-sm-"))
        self.store = Store.open(self.dir / DB_FILENAME)
        CatalogVersions(self.store).install("v1", body="{}", source="bundled", activate=True)
        draft = Drafts(self.store).create(
            "S1", catalog_version="v1", form_hash="h", person_key="pk", actor="citizen"
        )
        self.outbox = Outbox(self.store, device_code="KS01")
        self.uuid = self.outbox.enqueue(draft.draft_id, payload={}, actor="citizen").client_uuid
        self.model = S.QUEUED
        self.transitions = 1  # draft -> queued
        self.attempts = 0

    def _attempt(self, target: S, action: Callable[[], object], *, allowed: bool) -> bool:
        before = self.outbox.get(self.uuid)
        try:
            action()
        except InvalidTransition:
            assert not allowed, f"{self.model} -> {target} was refused"
            assert self.outbox.get(self.uuid) == before
            return False
        assert allowed, f"{self.model} -> {target} was allowed"
        self.model = target
        self.transitions += 1
        return True

    @rule(to_state=st.sampled_from(list(S)))
    def transition(self, to_state: S) -> None:
        self._attempt(
            to_state,
            lambda: self.outbox.transition(self.uuid, to_state, actor="t"),
            allowed=can_transition(self.model, to_state),
        )

    @rule()
    def start_attempt(self) -> None:
        if self._attempt(
            S.UPLOADING,
            lambda: self.outbox.start_attempt(self.uuid, actor="sync"),
            allowed=self.model is S.QUEUED,
        ):
            self.attempts += 1

    @rule()
    def fail_attempt(self) -> None:
        self._attempt(
            S.QUEUED,
            lambda: self.outbox.record_attempt_failure(
                self.uuid, error="E", backoff=timedelta(0), actor="sync"
            ),
            allowed=self.model is S.UPLOADING,
        )

    @rule()
    def accept(self) -> None:
        self._attempt(
            S.ACCEPTED,
            lambda: self.outbox.mark_accepted(
                self.uuid, server_id=f"srv-{self.transitions}", actor="sync"
            ),
            allowed=self.model is S.UPLOADING,
        )

    @rule()
    def resubmit(self) -> None:
        if self._attempt(
            S.QUEUED,
            lambda: self.outbox.resubmit(self.uuid, payload={"v": 2}, actor="citizen"),
            allowed=self.model is S.NEEDS_CORRECTION,
        ):
            self.attempts = 0

    @invariant()
    def store_matches_model(self) -> None:
        stored = self.outbox.get(self.uuid)
        assert stored.state is self.model
        assert stored.attempts == self.attempts

    @invariant()
    def every_transition_audited_in_one_chain(self) -> None:
        check = AuditLog(self.store).verify_chain()
        assert check.ok
        assert len(AuditLog(self.store).for_subject(self.uuid)) == self.transitions

    def teardown(self) -> None:
        self.store.close()
        shutil.rmtree(self.dir, ignore_errors=True)


OutboxMachine.TestCase.settings = settings(max_examples=40, stateful_step_count=30, deadline=None)
test_outbox_state_machine = OutboxMachine.TestCase
