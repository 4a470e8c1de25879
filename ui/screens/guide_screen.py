"""办事指南: what the service is for, who may apply, the materials (容缺 marked, and those on
file from earlier applications), time limit, fee, where and whom to call; then 开始办理."""

from __future__ import annotations

from kiosk.domain.catalog import Supply
from kiosk.flows.outcome import Outcome, ScreenName
from kiosk.i18n import tr
from ui.screens.base import Screen, Speech
from ui.widgets.text import TextLabel


class _Section:
    def __init__(self, screen: Screen, title: str) -> None:
        self.title = TextLabel(title, role="value")
        self.lines: list[TextLabel] = []
        self._screen = screen
        screen.body.addWidget(self.title)
        self._index = screen.body.count()

    def set_lines(self, lines: list[tuple[str, str]]) -> None:
        for line in self.lines:
            self._screen.body.removeWidget(line)
            line.hide()
            line.deleteLater()
        self.lines = []
        position = self._screen.body.indexOf(self.title) + 1
        for text, role in lines:
            label = TextLabel(text, role=role)
            self._screen.body.insertWidget(position, label)
            label.show()
            position += 1
            self.lines.append(label)
        self.title.setVisible(bool(lines))


class GuideScreen(Screen):
    name = ScreenName.GUIDE

    def build(self) -> None:
        self.members = _Section(self, tr("一次办好这几件事"))
        self.eligibility = _Section(self, tr("谁可以申请"))
        self.materials = _Section(self, tr("需要准备的材料"))
        self.facts = _Section(self, tr("办理须知"))
        self.nav_button(tr("返回"), lambda: self.ui.visit.guide.back())
        self.resume_button = self.nav_button(
            tr("继续上次填写的"), lambda: self.ui.visit.guide.resume()
        )
        self.start_button = self.nav_button(
            tr("开始办理"), lambda: self.ui.visit.guide.start(), primary=True, background=True
        )

    def enter(self):
        if self.ui.visit.session.applicant is None:
            return Outcome(screen=ScreenName.IDENTIFY)
        self.render()
        return None

    def render(self) -> None:
        view = self.ui.visit.guide.view
        self.set_texts(view.name, view.summary)
        self.members.set_lines([(f"· {m}", "") for m in view.members])
        self.eligibility.set_lines([(f"· {e}", "") for e in view.eligibility])
        lines: list[tuple[str, str]] = []
        for m in view.materials:
            mark = tr("（您以前提交过，可以直接用）") if m.on_file else ""
            later = m.supply is Supply.LATER
            line = tr("· {name}：{supply}").format(name=m.name, supply=m.supply_label)
            lines.append((line + mark, "value" if later else ""))
        if not lines:
            lines = [(tr("不需要准备材料。"), "")]
        self.materials.set_lines(lines)
        self.facts.set_lines(
            [
                (tr("办理时限：{text}").format(text=view.time_limit), ""),
                (tr("收费：{text}").format(text=view.fee), ""),
                (tr("办理部门：{text}").format(text=view.department), ""),
                *[(tr("办理地点：{text}").format(text=loc), "") for loc in view.locations],
                (tr("咨询电话：{text}").format(text=view.phone), ""),
                (tr("要回答的问题：共{n}个，一次一个").format(n=view.questions), ""),
            ]
        )
        self.resume_button.setVisible(view.has_open_draft)

    def speech(self) -> Speech:
        return Speech(self.ui.visit.guide.view.prompt)
