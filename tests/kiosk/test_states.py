from __future__ import annotations

import itertools

import pytest

from kiosk.domain.states import (
    ALLOWED_TRANSITIONS,
    TERMINAL,
    ApplicationState,
    InvalidTransition,
    OutboxStage,
    can_transition,
    check_transition,
)
from kiosk.errors import KioskError

S = ApplicationState

# The table from DESIGN.md, written out independently of the implementation.
EXPECTED = {
    (S.DRAFT, S.QUEUED),
    (S.DRAFT, S.CANCELLED),
    (S.QUEUED, S.UPLOADING),
    (S.QUEUED, S.CANCELLED),
    (S.UPLOADING, S.QUEUED),
    (S.UPLOADING, S.ACCEPTED),
    (S.ACCEPTED, S.IN_REVIEW),
    (S.ACCEPTED, S.NEEDS_CORRECTION),
    (S.ACCEPTED, S.APPROVED),
    (S.ACCEPTED, S.REJECTED),
    (S.IN_REVIEW, S.NEEDS_CORRECTION),
    (S.IN_REVIEW, S.APPROVED),
    (S.IN_REVIEW, S.REJECTED),
    (S.NEEDS_CORRECTION, S.QUEUED),
    (S.NEEDS_CORRECTION, S.CANCELLED),
}


@pytest.mark.parametrize(("current", "target"), list(itertools.product(S, S)))
def test_transition_table_matches_design(current: S, target: S) -> None:
    allowed = (current, target) in EXPECTED
    assert can_transition(current, target) is allowed
    if allowed:
        check_transition(current, target)
    else:
        with pytest.raises(InvalidTransition) as raised:
            check_transition(current, target)
        assert raised.value.current is current and raised.value.target is target


def test_terminal_states_have_no_way_out() -> None:
    assert {S.APPROVED, S.REJECTED, S.CANCELLED} == TERMINAL
    assert all(not ALLOWED_TRANSITIONS[state] for state in TERMINAL)
    assert all(state.is_terminal == (state in TERMINAL) for state in S)


def test_no_self_transitions() -> None:
    assert not any(can_transition(state, state) for state in S)


def test_every_state_has_chinese_label_and_description() -> None:
    labels = {state: state.label_zh for state in S}
    assert labels[S.APPROVED] == "已办结(通过)"
    assert labels[S.NEEDS_CORRECTION] == "需补正"
    assert len(set(labels.values())) == len(S)
    assert all(state.description for state in S)


def test_every_state_reachable_from_draft() -> None:
    seen, frontier = {S.DRAFT}, [S.DRAFT]
    while frontier:
        for target in ALLOWED_TRANSITIONS[frontier.pop()]:
            if target not in seen:
                seen.add(target)
                frontier.append(target)
    assert seen == set(S)


def test_invalid_transition_is_a_kiosk_error_with_chinese_message_and_safe_detail() -> None:
    with pytest.raises(KioskError) as raised:
        check_transition(S.APPROVED, S.QUEUED)
    assert "已办结(通过)" in raised.value.message
    assert raised.value.detail == "application transition approved -> queued is not allowed"


def test_string_values_are_accepted() -> None:
    assert can_transition("draft", "queued")  # type: ignore[arg-type]
    assert S("in_review") is S.IN_REVIEW


def test_outbox_stages_are_ordered() -> None:
    assert [stage.value for stage in OutboxStage] == ["materials", "application", "confirm", "done"]
    assert [stage.position for stage in OutboxStage] == [0, 1, 2, 3]
    assert all(stage.description for stage in OutboxStage)
