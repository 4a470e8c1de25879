"""好差评: five big buttons from 非常满意 to 非常不满意; at 不满意 or below, the reason is chosen
from a short list (nothing to type)."""

from __future__ import annotations

from kiosk.flows.outcome import ScreenName
from kiosk.i18n import tr
from ui.screens.base import Screen, Speech
from ui.widgets.text import TextLabel
from ui.widgets.tiles import TileGrid


class RatingScreen(Screen):
    name = ScreenName.RATING

    def build(self) -> None:
        self.levels = TileGrid(min_chars=6, max_columns=5, checkable=True, name=tr("评价"))
        self.reason_title = TextLabel(tr("哪里让您不满意？请选一项："), role="value")
        self.reasons = TileGrid(min_chars=8, max_columns=3, checkable=True, name=tr("不满意的原因"))
        self.thanks = TextLabel("", role="value")
        for widget in (self.levels, self.reason_title, self.reasons, self.thanks):
            self.body.addWidget(widget)
        self.nav_button(tr("办理其他事项"), lambda: self.ui.visit.receipt.another())
        self.finish_button = self.nav_button(
            tr("结束"), lambda: self.ui.visit.receipt.finish(), name=tr("结束，回到首页")
        )
        self.submit_button = self.nav_button(
            tr("提交评价"), lambda: self.ui.visit.rating.submit(), primary=True, background=True
        )

    def apply_metrics(self) -> None:
        super().apply_metrics()
        self.levels.set_spacing(self.body.spacing())
        self.reasons.set_spacing(self.body.spacing())

    def enter(self):
        self.ui.visit.rating.begin()
        view = self.ui.visit.rating.view
        self.levels.set_tiles(
            [(str(level), tr(label), "") for level, label in view.levels],
            lambda key: self._choose(int(key)),
        )
        self.reasons.set_tiles([(r, tr(r), "") for r in view.reasons], self._reason)
        self.render()
        return None

    def _choose(self, level: int) -> None:
        self.ui.visit.rating.choose(level)
        self.render()

    def _reason(self, reason: str) -> None:
        self.ui.visit.rating.choose_reason(reason)
        self.render()

    def render(self) -> None:
        view = self.ui.visit.rating.view
        self.set_texts(view.heading, "" if view.done else tr("您的评价会帮助我们改进。"))
        self.errors.show_errors([view.error] if view.error else [])
        self.levels.set_checked({str(view.level)} if view.level else set())
        self.reasons.set_checked({view.reason} if view.reason else set())
        self.levels.setVisible(not view.done)
        self.reason_title.setVisible(view.needs_reason and not view.done)
        self.reasons.setVisible(view.needs_reason and not view.done)
        self.submit_button.setVisible(not view.done)
        self.thanks.setText(tr("您的评价已经记下了。") if view.done else "")
        self.thanks.setVisible(view.done)
        if view.done:
            self.finish_button.setProperty("primary", True)
            self.finish_button.style().unpolish(self.finish_button)
            self.finish_button.style().polish(self.finish_button)

    def speech(self) -> Speech:
        return Speech(self.ui.visit.rating.view.prompt)
