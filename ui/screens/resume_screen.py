"""继续上次的申请: the resident's open drafts; the chosen one opens with its 4-digit PIN."""

from __future__ import annotations

from kiosk.flows.outcome import ScreenName
from kiosk.i18n import tr
from ui.screens.base import Screen, Speech
from ui.widgets.keypad import digit_keypad
from ui.widgets.text import TextLabel
from ui.widgets.tiles import TileGrid


class ResumeScreen(Screen):
    name = ScreenName.RESUME

    def build(self) -> None:
        self.drafts = TileGrid(name=tr("没填完的申请"))
        self.dots = TextLabel("", role="display")
        self.dots.setAccessibleName(tr("已输入的密码位数"))
        self.keypad = digit_keypad()
        self.keypad.pressed.connect(self._key)
        for widget in (self.drafts, self.dots, self.keypad):
            self.body.addWidget(widget)
        self.nav_button(tr("返回"), lambda: self.ui.visit.resume.back())
        self.ok_button = self.nav_button(
            tr("确定"), lambda: self.ui.visit.resume.submit(), primary=True, background=True
        )

    def apply_metrics(self) -> None:
        super().apply_metrics()
        self.drafts.set_spacing(self.body.spacing())

    def enter(self):
        redirect = self.ui.visit.resume.begin()
        if redirect.screen is not None:
            return redirect
        self.render()
        return None

    def _key(self, key: str) -> None:
        self.ui.visit.resume.key(key)
        self.render()

    def render(self) -> None:
        view = self.ui.visit.resume.view
        self.set_texts(view.heading, view.hint)
        self.errors.show_errors([view.error] if view.error else [])
        choosing = view.chosen is None
        self.drafts.setVisible(choosing and bool(view.drafts))
        self.drafts.set_tiles(
            [
                (
                    d.draft_id,
                    d.service_name,
                    tr("{when}保存").format(when=d.updated)
                    if d.has_pin
                    else tr("{when}保存，无密码").format(when=d.updated),
                )
                for d in view.drafts
            ],
            lambda draft_id: self.act(lambda: self.ui.visit.resume.choose(draft_id)),
        )
        self.dots.setVisible(not choosing)
        self.keypad.setVisible(not choosing)
        self.ok_button.setVisible(not choosing)
        self.dots.setText(" ".join(view.dots))

    def speech(self) -> Speech:
        return Speech(self.ui.visit.resume.view.prompt)
