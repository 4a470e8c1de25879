"""首页: the most used services and the categories as big tiles; 搜索, 继续上次的申请 and
办件进度查询 always in the bar at the bottom."""

from __future__ import annotations

from kiosk.flows.outcome import Outcome, ScreenName
from kiosk.i18n import tr
from ui.screens.base import Screen, Speech
from ui.widgets.text import TextLabel
from ui.widgets.tiles import TileGrid


class HomeScreen(Screen):
    name = ScreenName.HOME

    def build(self) -> None:
        self.set_texts(tr("请选择您要办的事"), tr("点一下就可以开始。找不到的，可以点“搜索”。"))
        self.popular_title = TextLabel(tr("常办事项"), role="value")
        self.popular = TileGrid(name=tr("常办事项"))
        self.category_title = TextLabel(tr("按类别找"), role="value")
        self.categories = TileGrid(min_chars=5, max_columns=4, name=tr("服务类别"))
        for widget in (self.popular_title, self.popular, self.category_title, self.categories):
            self.body.addWidget(widget)
        self.search_button = self.nav_button(
            tr("搜索"), lambda: Outcome(screen=ScreenName.SEARCH), name=tr("搜索要办的事")
        )
        self.progress_button = self.nav_button(
            tr("办件进度查询"), lambda: self.ui.visit.home.progress()
        )
        self.cases_button = self.nav_button(
            tr("帮办代办"), lambda: self.ui.visit.home.cases(), name=tr("帮办代办：我帮办的申请")
        )
        self.resume_button = self.nav_button(
            tr("继续上次的申请"), lambda: self.ui.visit.home.resume(), primary=True
        )

    def apply_metrics(self) -> None:
        super().apply_metrics()
        gap = self.body.spacing()
        self.popular.set_spacing(gap)
        self.categories.set_spacing(gap)

    def render(self) -> None:
        home = self.ui.visit.home
        self.popular.set_tiles(
            [(t.code, t.name, t.note) for t in home.popular()],
            lambda code: self.act(lambda: self.ui.visit.home.choose(code)),
        )
        self.categories.set_tiles(
            [(c.name, tr(c.name), tr("{n}项").format(n=c.count)) for c in home.categories()],
            lambda name: self.act(lambda: self.ui.visit.home.open_category(name)),
        )

    def speech(self) -> Speech:
        return Speech(self.ui.visit.home.prompt)
