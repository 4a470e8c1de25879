"""The life of an application, as a state machine, and the stages of its upload.

The transition table is the single source of truth: the store refuses any change of state
that :func:`check_transition` refuses, and records every accepted one in the audit log.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from kiosk.errors import KioskError
from kiosk.i18n import N_, tr


class ApplicationState(StrEnum):
    """Where an application stands, from the citizen's first answer to the final decision."""

    DRAFT = "draft"
    QUEUED = "queued"
    UPLOADING = "uploading"
    ACCEPTED = "accepted"
    IN_REVIEW = "in_review"
    NEEDS_CORRECTION = "needs_correction"
    APPROVED = "approved"
    REJECTED = "rejected"
    CANCELLED = "cancelled"

    @property
    def label_zh(self) -> str:
        """Short Chinese name shown on screen and printed on slips."""
        return _LABELS_ZH[self]

    @property
    def description(self) -> str:
        """What the state means, for operators and documentation."""
        return _DESCRIPTIONS[self]

    @property
    def is_terminal(self) -> bool:
        return self in TERMINAL


_LABELS_ZH: Mapping[ApplicationState, str] = {
    ApplicationState.DRAFT: N_("草稿"),
    ApplicationState.QUEUED: N_("待提交"),
    ApplicationState.UPLOADING: N_("正在提交"),
    ApplicationState.ACCEPTED: N_("已受理"),
    ApplicationState.IN_REVIEW: N_("审核中"),
    ApplicationState.NEEDS_CORRECTION: N_("需补正"),
    ApplicationState.APPROVED: N_("已办结(通过)"),
    ApplicationState.REJECTED: N_("未通过"),
    ApplicationState.CANCELLED: N_("已撤回"),
}

_DESCRIPTIONS: Mapping[ApplicationState, str] = {
    ApplicationState.DRAFT: "Being filled in; answers are autosaved but nothing is submitted.",
    ApplicationState.QUEUED: (
        "Submitted at the kiosk with a local receipt number; waiting in the outbox for the link."
    ),
    ApplicationState.UPLOADING: "The sync worker is sending materials and the application now.",
    ApplicationState.ACCEPTED: "The server acknowledged the idempotency key and gave a server id.",
    ApplicationState.IN_REVIEW: "A case officer is examining the application.",
    ApplicationState.NEEDS_CORRECTION: (
        # i18n: keep (for operators and docs)
        "The officer asked for corrections or missing materials (补正); the reason is in the note."
    ),
    ApplicationState.APPROVED: "Decided in the citizen's favour; nothing more can change.",
    ApplicationState.REJECTED: "Decided against; the reason is in the note. Final.",
    ApplicationState.CANCELLED: "Withdrawn by the citizen before the server decided. Final.",
}

S = ApplicationState

ALLOWED_TRANSITIONS: Mapping[ApplicationState, frozenset[ApplicationState]] = {
    S.DRAFT: frozenset({S.QUEUED, S.CANCELLED}),
    S.QUEUED: frozenset({S.UPLOADING, S.CANCELLED}),
    # Back to queued when an attempt fails or is interrupted; the idempotency key makes the
    # retry safe even if the server did receive the first attempt.
    S.UPLOADING: frozenset({S.QUEUED, S.ACCEPTED}),
    S.ACCEPTED: frozenset({S.IN_REVIEW, S.NEEDS_CORRECTION, S.APPROVED, S.REJECTED}),
    S.IN_REVIEW: frozenset({S.NEEDS_CORRECTION, S.APPROVED, S.REJECTED}),
    S.NEEDS_CORRECTION: frozenset({S.QUEUED, S.CANCELLED}),
    S.APPROVED: frozenset(),
    S.REJECTED: frozenset(),
    S.CANCELLED: frozenset(),
}

TERMINAL: frozenset[ApplicationState] = frozenset(
    state for state, targets in ALLOWED_TRANSITIONS.items() if not targets
)

del S


class InvalidTransition(KioskError):
    """A change of state that the transition table does not allow."""

    def __init__(self, current: ApplicationState, target: ApplicationState) -> None:
        super().__init__(
            tr("该申请当前状态为「{current}」，不能变为「{target}」。").format(
                current=tr(current.label_zh), target=tr(target.label_zh)
            ),
            detail=f"application transition {current.value} -> {target.value} is not allowed",
        )
        self.current = current
        self.target = target


def can_transition(current: ApplicationState, target: ApplicationState) -> bool:
    """True when an application in ``current`` may move to ``target``."""
    return ApplicationState(target) in ALLOWED_TRANSITIONS[ApplicationState(current)]


def check_transition(current: ApplicationState, target: ApplicationState) -> None:
    """Raise :class:`InvalidTransition` unless ``current -> target`` is allowed."""
    current, target = ApplicationState(current), ApplicationState(target)
    if not can_transition(current, target):
        raise InvalidTransition(current, target)


class OutboxStage(StrEnum):
    """How far the upload of one application has got; progress is saved after each stage.

    The stages run in declaration order and never go backwards, so a worker that restarts
    resumes where it stopped; each stage is idempotent on the server (keyed by client UUID).
    """

    MATERIALS = "materials"
    APPLICATION = "application"
    CONFIRM = "confirm"
    DONE = "done"

    @property
    def description(self) -> str:
        return _STAGE_DESCRIPTIONS[self]

    @property
    def position(self) -> int:
        """0-based order of the stage; later stages have larger positions."""
        return _STAGE_ORDER.index(self)


_STAGE_ORDER: tuple[OutboxStage, ...] = tuple(OutboxStage)

_STAGE_DESCRIPTIONS: Mapping[OutboxStage, str] = {
    OutboxStage.MATERIALS: "Upload the material files the server does not already have.",
    OutboxStage.APPLICATION: "Send the application payload under its client UUID.",
    OutboxStage.CONFIRM: "Wait for the server's acknowledgement and record its server id.",
    OutboxStage.DONE: "Nothing left to send for this application.",
}
