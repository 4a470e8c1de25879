"""中文 / English from the top bar: applied to the screen showing, spoken, reset at session end.

Uses the repository's own compiled translation (``make setup`` builds the ``.qm``).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import shiboken6

from accessibility.language import Language
from kiosk.flows.outcome import ScreenName, sentence
from tests.ui.conftest import click
from ui.window import KioskWindow


@pytest.fixture
def english(window: KioskWindow) -> Iterator[KioskWindow]:
    try:
        yield window
    finally:
        # Never leak a translator into other tests (a deleted window's went with it).
        if shiboken6.isValid(window.languages):
            window.languages.switch(Language.ZH_CN)


def test_the_home_screen_switches_to_english_and_back_at_once(qtbot, english):
    window = english
    button = window.topbar.language_button
    assert button.isVisible() and button.text() == "English"
    click(qtbot, button)
    home = window.current
    assert home.name is ScreenName.HOME
    assert home.heading.text() == "What do you want to do?"
    assert home.search_button.text() == "Search"
    assert window.topbar.help_button.text() == "Help"
    assert window.topbar.scale_button.text() == "Text: Standard"
    assert button.text() == "中文"
    assert window.ui.speaker.language is Language.EN
    assert window.ui.speaker.last.startswith("Welcome to the self-service kiosk.")
    click(qtbot, button)
    assert window.current.heading.text() == "请选择您要办的事"
    assert window.ui.speaker.language is Language.ZH_CN
    assert window.ui.speaker.last.startswith("欢迎使用")


def test_a_switch_mid_journey_keeps_the_screen_and_the_session_end_resets_it(qtbot, english):
    window = english
    click(qtbot, window.current.popular.tiles["DEMO-MZ-001"])
    assert window.current.name is ScreenName.IDENTIFY
    click(qtbot, window.topbar.language_button)
    assert window.current.name is ScreenName.IDENTIFY
    assert window.topbar.end_button.text() == "End"
    click(qtbot, window.topbar.end_button)
    assert window.end_dialog.heading.text() == "End this visit?"
    click(qtbot, window.end_dialog.confirm_button)
    assert window.current.name is ScreenName.HOME
    assert window.languages.language is Language.ZH_CN
    assert window.current.heading.text() == "请选择您要办的事"
    assert window.topbar.language_button.text() == "English"


def test_sentences_end_in_the_stop_of_the_ui_language(english):
    assert sentence("找到3项", "第一项是高龄津贴") == "找到3项。第一项是高龄津贴。"
    assert sentence("请选择：", "", "好") == "请选择：好。"
    english.set_language(Language.EN)
    assert sentence("3 found", "The first is 高龄津贴") == "3 found. The first is 高龄津贴."
    assert sentence("End this visit?", "Your details") == "End this visit? Your details."
    english.set_language(Language.ZH_CN)
    assert sentence("好") == "好。"
