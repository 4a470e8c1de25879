"""我帮办的申请: a volunteer's cases (帮办代办), grouped 需要处理 / 等待中 / 已结束.

Each case is a panel: the service, whom it is for (masked name and ID number), where it
stands, what is still to do (补正, materials owed, questions left), the consent recorded, and
one button — 接着填写 (a draft: the applicant's identity and the PIN follow) or 查看进度.
Built for the volunteer's tablet (1280×800 either way up): panels are one column that wraps.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QVBoxLayout

from kiosk.flows.outcome import ScreenName
from kiosk.i18n import tr
from ui.screens.base import Screen, Speech
from ui.widgets.buttons import ActionButton
from ui.widgets.text import TextLabel


class CasesScreen(Screen):
    name = ScreenName.CASES

    def build(self) -> None:
        self.items_box = QVBoxLayout()
        self.body.addLayout(self.items_box)
        self.parts: list = []
        self.open_buttons: dict[str, ActionButton] = {}
        self.home_button = self.nav_button(tr("返回首页"), lambda: self.ui.visit.cases.back())
        self.new_button = self.nav_button(
            tr("帮新的人办理"), lambda: self.ui.visit.cases.new_case(), primary=True
        )

    def enter(self):
        redirect = self.ui.visit.cases.begin()
        if redirect.screen is not None:
            return redirect
        self.render()
        return None

    def _clear(self) -> None:
        for part in self.parts:
            self.items_box.removeWidget(part)
            part.hide()
            part.deleteLater()
        self.parts = []
        self.open_buttons = {}

    def render(self) -> None:
        view = self.ui.visit.cases.view
        self.set_texts(view.heading, view.hint)
        self._clear()
        gap = self.body.spacing()
        self.items_box.setSpacing(gap)
        number = 0
        for group in view.groups:
            title = TextLabel(group.title, role="value")
            self._add(title)
            for case in group.cases:
                number += 1
                self._add(self._panel(case, number, gap))

    def _add(self, widget) -> None:
        self.items_box.addWidget(widget)
        widget.show()
        self.parts.append(widget)

    def _panel(self, case, number: int, gap: int) -> QFrame:
        panel = QFrame()
        panel.setProperty("role", "panel")
        box = QVBoxLayout(panel)
        box.setSpacing(gap // 2)
        box.addWidget(TextLabel(case.service_name, role="value"))
        box.addWidget(TextLabel(tr("申请人：{who}").format(who=case.applicant)))
        box.addWidget(TextLabel(tr("状态：{state}").format(state=case.state_label), role="value"))
        for todo in case.todo:
            box.addWidget(TextLabel(todo, role="value"))
        if case.receipt_no:
            box.addWidget(TextLabel(tr("回执编号：{no}").format(no=case.receipt_no)))
        consent = tr("同意记录：{consent}").format(consent=case.consent)
        box.addWidget(TextLabel(consent, role="hint"))
        box.addWidget(TextLabel(tr("更新时间：{at}").format(at=case.updated), role="hint"))
        panel.setAccessibleName(f"{case.service_name}，{case.state_label}")
        if case.action:
            # Named by service and position: a screen reader on the open speaker must not
            # read out whom the volunteer helps.
            button = ActionButton(
                case.action,
                name=tr("{action}：第{n}件，{service}").format(
                    action=case.action, n=number, service=case.service_name
                ),
            )
            button.clicked.connect(
                lambda _=False, draft_id=case.draft_id: self.act(
                    lambda: self.ui.visit.cases.open(draft_id)
                )
            )
            box.addWidget(button)
            self.open_buttons[case.draft_id] = button
        return panel

    def speech(self) -> Speech:
        return Speech(self.ui.visit.cases.view.prompt)
