"""Idle time-out with an injected clock; ending a session forgets the resident."""

from __future__ import annotations

import pytest

from kiosk.flows.idle import MIN_WARNING_S, IdleFlow, IdlePhase
from kiosk.flows.session import Purpose, Session
from tests.kiosk.flows.conftest import elder, started


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def test_warning_after_the_idle_time_then_expiry_after_the_answer_time():
    clock = Clock()
    idle = IdleFlow(timeout_s=120, warning_s=30, now=clock)
    clock.t += 119.5
    state = idle.tick()
    assert state.phase is IdlePhase.ACTIVE and state.seconds_left == 1
    clock.t += 0.5
    state = idle.tick()
    assert state.phase is IdlePhase.WARNING and state.seconds_left == 30
    assert "30秒" in state.speak and "继续办理" in state.text
    clock.t += 1
    again = idle.tick()
    assert again.phase is IdlePhase.WARNING and again.speak == ""  # spoken once
    assert again.seconds_left == 29
    clock.t += 29
    assert idle.tick().phase is IdlePhase.EXPIRED


def test_continue_can_be_asked_for_again_and_again():
    clock = Clock()
    idle = IdleFlow(timeout_s=120, warning_s=20, now=clock)
    for _ in range(10):
        clock.t += 125
        assert idle.tick().phase is IdlePhase.WARNING
        idle.extend()
        assert idle.tick().phase is IdlePhase.ACTIVE


def test_activity_resets_the_idle_time():
    clock = Clock()
    idle = IdleFlow(timeout_s=60, warning_s=20, now=clock)
    clock.t += 50
    idle.activity()
    clock.t += 50
    assert idle.tick().phase is IdlePhase.ACTIVE


def test_the_warning_must_leave_time_to_answer():
    with pytest.raises(ValueError):
        IdleFlow(timeout_s=60, warning_s=MIN_WARNING_S - 1)


def test_a_fresh_session_is_inactive_and_ending_forgets_everything(visit):
    assert not Session().active
    started(visit, "DEMO-MZ-001", elder())
    session = visit.session
    assert session.active and session.draft is not None
    draft_id = session.draft.draft.draft_id
    session.end()
    assert not session.active
    assert session.applicant is None and session.draft is None
    assert session.purpose is Purpose.APPLY
    # What was saved stays on disk, for its owner.
    assert visit.ctx.applications.drafts.get(draft_id).status == "open"


def test_next_service_keeps_only_the_identity(visit):
    started(visit, "DEMO-MZ-001", elder())
    visit.session.next_service()
    assert visit.session.applicant is not None
    assert visit.session.draft is None and visit.session.service_code is None
