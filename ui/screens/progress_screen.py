"""办件进度查询: each application of this person on this device with its state, when it was
last updated and what to do next (补正: what is asked)."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QVBoxLayout

from kiosk.flows.outcome import ScreenName
from kiosk.i18n import tr
from ui.screens.base import Screen, Speech
from ui.widgets.text import TextLabel


class ProgressScreen(Screen):
    name = ScreenName.PROGRESS

    def build(self) -> None:
        self.items_box = QVBoxLayout()
        self.body.addLayout(self.items_box)
        self.panels: list[QFrame] = []
        self.home_button = self.nav_button(
            tr("返回首页"), lambda: self.ui.visit.progress.back(), primary=True
        )

    def enter(self):
        redirect = self.ui.visit.progress.begin()
        if redirect.screen is not None:
            return redirect
        self.render()
        return None

    def render(self) -> None:
        view = self.ui.visit.progress.view
        self.home_button.set_label(self.ui.visit.progress.back_label)
        self.set_texts(
            view.heading, view.message or tr("共{n}件，最新的在最上面。").format(n=len(view.items))
        )
        for panel in self.panels:
            self.items_box.removeWidget(panel)
            panel.hide()
            panel.deleteLater()
        self.panels = []
        gap = self.body.spacing()
        self.items_box.setSpacing(gap)
        for item in view.items:
            panel = QFrame()
            panel.setProperty("role", "panel")
            box = QVBoxLayout(panel)
            box.setSpacing(gap // 2)
            box.addWidget(TextLabel(item.service_name, role="value"))
            box.addWidget(
                TextLabel(tr("状态：{state}").format(state=item.state_label), role="value")
            )
            box.addWidget(TextLabel(tr("回执编号：{number}").format(number=item.receipt_no)))
            box.addWidget(TextLabel(tr("更新时间：{when}").format(when=item.updated)))
            box.addWidget(TextLabel(item.what_next))
            if item.note:
                box.addWidget(TextLabel(tr("说明：{note}").format(note=item.note), role="value"))
            panel.setAccessibleName(
                tr("{service}，{state}").format(service=item.service_name, state=item.state_label)
            )
            self.items_box.addWidget(panel)
            panel.show()
            self.panels.append(panel)

    def speech(self) -> Speech:
        return Speech(self.ui.visit.progress.view.prompt)
