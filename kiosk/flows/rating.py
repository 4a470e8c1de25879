"""好差评: five levels; at 不满意 or below a reason is required (chosen, not typed); one rating
per application; stored at once and sent by the sync worker with the next batch."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.flows.outcome import Outcome, sentence
from kiosk.flows.session import Session
from kiosk.i18n import N_, tr
from kiosk.storage.errors import AlreadyRated
from kiosk.storage.ratings_repo import Ratings

LEVELS: tuple[tuple[int, str], ...] = (
    (5, N_("非常满意")),
    (4, N_("满意")),
    (3, N_("基本满意")),
    (2, N_("不满意")),
    (1, N_("非常不满意")),
)
REASON_REQUIRED_AT_OR_BELOW = 2
REASONS = (
    N_("等的时间太长"),
    N_("操作太复杂"),
    N_("要的材料太多"),
    N_("字看不清或声音听不清"),
    N_("机器出了故障"),
    N_("其他原因"),
)


@dataclass(frozen=True)
class RatingView:
    heading: str
    levels: tuple[tuple[int, str], ...]
    level: int | None
    needs_reason: bool
    reasons: tuple[str, ...]
    reason: str | None
    error: str
    done: bool
    prompt: str


class RatingFlow:
    def __init__(self, session: Session, *, ratings: Ratings) -> None:
        self._session = session
        self._ratings = ratings
        self.reset()

    def reset(self) -> None:
        self._level: int | None = None
        self._reason: str | None = None
        self._error = ""
        self._done = False

    def begin(self) -> None:
        application = self._session.application
        self.reset()
        if application is not None and self._ratings.get(application.client_uuid):
            self._done = True

    @property
    def view(self) -> RatingView:
        needs_reason = self._level is not None and self._level <= REASON_REQUIRED_AT_OR_BELOW
        heading = tr("谢谢您的评价") if self._done else tr("请为这次服务打个分")
        if self._done:
            prompt = sentence(heading, tr("点“结束”离开，或点“办理其他事项”"))
        elif needs_reason:
            prompt = sentence(self._error, tr("请选择不满意的原因，然后点“提交评价”"))
        else:
            prompt = sentence(
                self._error, heading, tr("从非常满意到非常不满意，共五档，选好后点“提交评价”")
            )
        return RatingView(
            heading=heading,
            levels=LEVELS,
            level=self._level,
            needs_reason=needs_reason,
            reasons=REASONS,
            reason=self._reason,
            error=self._error,
            done=self._done,
            prompt=prompt,
        )

    def choose(self, level: int) -> RatingView:
        if level not in dict(LEVELS):
            raise ValueError(f"rating level {level} is not 1..5")
        self._level = level
        self._error = ""
        if level > REASON_REQUIRED_AT_OR_BELOW:
            self._reason = None
        return self.view

    def choose_reason(self, reason: str) -> RatingView:
        if reason not in REASONS:
            raise ValueError("unknown reason")
        self._reason = reason
        self._error = ""
        return self.view

    def submit(self) -> Outcome:
        application = self._session.application
        if application is None or self._done:
            return Outcome()
        if self._level is None:
            self._error = tr("请先选择一个评价。")
            return Outcome(message=self._error, speak=self._error)
        if self._level <= REASON_REQUIRED_AT_OR_BELOW and self._reason is None:
            self._error = tr("请选择不满意的原因，我们会改进。")
            return Outcome(message=self._error, speak=self._error)
        try:
            self._ratings.record(application.client_uuid, level=self._level, reason=self._reason)
        except AlreadyRated as exc:
            self._done = True
            return Outcome(message=exc.message, speak=exc.message)
        self._done = True
        return Outcome(speak=tr("谢谢您的评价。"))
