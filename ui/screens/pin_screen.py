"""设置密码: a 4-digit PIN, typed twice on the big keypad, that lets the owner resume the draft."""

from __future__ import annotations

from kiosk.flows.outcome import ScreenName
from kiosk.i18n import tr
from ui.screens.base import Screen, Speech
from ui.widgets.keypad import digit_keypad
from ui.widgets.text import TextLabel


class PinScreen(Screen):
    name = ScreenName.PIN

    def build(self) -> None:
        self.dots = TextLabel("", role="display")
        self.dots.setAccessibleName(tr("已输入的密码位数"))
        self.keypad = digit_keypad()
        self.keypad.pressed.connect(self._key)
        self.code_note = TextLabel("", role="hint")
        for widget in (self.dots, self.keypad, self.code_note):
            self.body.addWidget(widget)
        self.ok_button = self.nav_button(
            tr("确定"), lambda: self.ui.visit.pin.submit(), primary=True, background=True
        )

    def enter(self):
        self.ui.visit.pin.reset()
        self.render()
        return None

    def _key(self, key: str) -> None:
        self.ui.visit.pin.key(key)
        self.render()

    def render(self) -> None:
        view = self.ui.visit.pin.view
        self.set_texts(view.heading, view.hint)
        self.errors.show_errors([view.error] if view.error else [])
        self.dots.setText(" ".join(view.dots))
        self.dots.setAccessibleDescription(tr("已输入{n}位，共4位").format(n=view.filled))
        self.code_note.setText(
            tr("草稿编号：{code}").format(code=view.draft_code) if view.draft_code else ""
        )

    def leave(self) -> None:
        self.ui.visit.pin.reset()

    def speech(self) -> Speech:
        return Speech(self.ui.visit.pin.view.prompt)
