"""One category's services (养老, 医保 ...) as tiles."""

from __future__ import annotations

from kiosk.flows.outcome import Outcome, ScreenName
from kiosk.i18n import tr
from ui.screens.base import Screen, Speech
from ui.widgets.tiles import TileGrid


class ServicesScreen(Screen):
    name = ScreenName.SERVICES

    def build(self) -> None:
        self.tiles = TileGrid(name=tr("服务列表"))
        self.body.addWidget(self.tiles)
        self.nav_button(tr("返回"), lambda: Outcome(screen=ScreenName.HOME), name=tr("返回首页"))

    def apply_metrics(self) -> None:
        super().apply_metrics()
        self.tiles.set_spacing(self.body.spacing())

    def render(self) -> None:
        listing = self.ui.visit.home.listing
        if listing is None:
            self.set_texts(tr("请选择服务"))
            self.tiles.set_tiles([], lambda _: None)
            return
        self.set_texts(listing.title, tr("共{n}项，请点您要办的事。").format(n=len(listing.tiles)))
        self.tiles.set_tiles(
            [(t.code, t.name, t.note) for t in listing.tiles],
            lambda code: self.act(lambda: self.ui.visit.home.choose(code)),
        )

    def speech(self) -> Speech:
        listing = self.ui.visit.home.listing
        return Speech(listing.speak if listing else self.heading.text())
