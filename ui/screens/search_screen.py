"""搜索: by Chinese (typed with the Pinyin virtual keyboard) or by pinyin initials on the big
letter pad ("gljt" → 高龄津贴); results update with every key."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

from kiosk.flows.outcome import Outcome, ScreenName
from kiosk.i18n import tr
from ui.screens.base import Screen, Speech
from ui.virtual_keyboard import type_privately
from ui.widgets.keypad import KEY_DELETE, letter_keypad
from ui.widgets.text import TextLabel
from ui.widgets.tiles import TileGrid


class SearchScreen(Screen):
    name = ScreenName.SEARCH

    def build(self) -> None:
        self.set_texts(
            tr("搜索要办的事"), tr("输入名称，或点字母输入拼音首字母，例如“高龄津贴”是 GLJT。")
        )
        self.query = QLineEdit()
        type_privately(self.query)
        self.query.setAccessibleName(tr("搜索内容"))
        self.query.setPlaceholderText(tr("例如：高龄津贴、GLJT"))
        self.query.textChanged.connect(self._search)
        self.letters = letter_keypad()
        self.letters.pressed.connect(self._letter)
        self.message = TextLabel("", role="hint")
        self.results = TileGrid(name=tr("搜索结果"))
        for widget in (self.query, self.letters, self.message, self.results):
            self.body.addWidget(widget)
        self.nav_button(tr("返回"), lambda: Outcome(screen=ScreenName.HOME), name=tr("返回首页"))
        self._last_speak = ""

    def apply_metrics(self) -> None:
        super().apply_metrics()
        self.results.set_spacing(self.body.spacing())

    def _letter(self, key: str) -> None:
        text = self.query.text()
        self.query.setText(text[:-1] if key == KEY_DELETE else text + key)

    def _search(self, text: str) -> None:
        found = self.ui.visit.home.search(text)
        self.message.setText(found.message or (found.title if found.tiles else ""))
        self.message.setVisible(bool(self.message.text()))
        self.results.set_tiles(
            [(t.code, t.name, t.note) for t in found.tiles],
            lambda code: self.act(lambda: self.ui.visit.home.choose(code)),
        )
        self._last_speak = found.speak

    def render(self) -> None:
        self._search(self.query.text())

    def leave(self) -> None:
        self.query.clear()

    def speech(self) -> Speech:
        return Speech(self.hint.text() if not self.query.text() else self._last_speak)
