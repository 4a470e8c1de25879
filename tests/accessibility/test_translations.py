"""UI languages through Qt's translation system: extraction, compiled .qm files, switching."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QWidget

from accessibility.errors import AccessibilityError
from accessibility.language import Language
from accessibility.speech.base import RecordingSpeaker
from accessibility.translations import Translations, translate
from kiosk import i18n
from tools import translations as tool

LRELEASE = Path(sys.executable).with_name("pyside6-lrelease")


def test_the_repository_translation_sources_are_complete_and_current(capsys):
    assert tool.main(["check"]) == 0, capsys.readouterr().out


@pytest.fixture
def sources(tmp_path, monkeypatch):
    (tmp_path / "kiosk").mkdir()
    (tmp_path / "ui").mkdir()
    (tmp_path / "kiosk" / "flow.py").write_text(
        'from kiosk.i18n import N_, tr\nPROMPT = N_("首页")\n'
        'def speak(n):\n    return tr("共{n}项").format(n=n)\n'
        'def untranslated():\n    return "还没标记"\n',
        encoding="utf-8",
    )
    (tmp_path / "ui" / "screen.py").write_text(
        "from kiosk.i18n import tr\nclass S:\n    def render(self):\n"
        '        self.title = tr("首页")\n        log.info("日志不翻译")\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(tool, "ROOT", tmp_path)
    monkeypatch.setattr(tool, "LOCALE", tmp_path / "locale")
    (tmp_path / "locale").mkdir()
    return tmp_path


def test_extraction_finds_both_markers_once_and_keeps_translations(sources):
    assert [m.source for m in tool.messages()] == ["首页", "共{n}项"]
    tool.extract()
    ts = tool.ts_path("en")
    assert tool.main(["check"]) == 1  # two unfinished
    ts.write_text(
        ts.read_text(encoding="utf-8")
        .replace('<translation type="unfinished" />', "<translation>Home</translation>", 1)
        .replace(
            '<translation type="unfinished" />', "<translation>{count} items</translation>", 1
        ),
        encoding="utf-8",
    )
    assert tool.main(["check"]) == 1  # {count} is not the source's {n}: .format would raise
    ts.write_text(ts.read_text(encoding="utf-8").replace("{count}", "{n}"), encoding="utf-8")
    assert [row.split(": ", 1)[1] for row in tool.unmarked()] == ["'还没标记'"]
    assert tool.main(["check"]) == 1  # an unmarked Chinese literal fails the check too
    flow = sources / "kiosk" / "flow.py"
    flow.write_text(
        flow.read_text(encoding="utf-8").replace('"还没标记"', '"还没标记"  # i18n: keep'),
        encoding="utf-8",
    )
    assert tool.unmarked() == []
    assert tool.main(["check"]) == 0
    (sources / "kiosk" / "extra.py").write_text("def f():\n    return 1\n", encoding="utf-8")
    (sources / "kiosk" / "flow.py").write_text(
        "\n" + flow.read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert tool.main(["check"]) == 0  # texts moved down a line: still current
    tool.extract()  # re-extracting keeps what was translated
    assert tool.main(["check"]) == 0


def compile_ts(folder: Path, pairs: dict[str, str]) -> None:
    messages = [tool.Message(source, "kiosk/x.py:1") for source in pairs]
    known = {source: (text, True) for source, text in pairs.items()}
    ts = folder / "kiosk_en.ts"
    ts.write_text(tool.render("en", messages, known), encoding="utf-8")
    subprocess.run(
        [str(LRELEASE), "-silent", str(ts), "-qm", str(folder / "kiosk_en.qm")],
        check=True,
        timeout=60,
    )


class Watcher(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.changes = 0

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.changes += 1
        super().changeEvent(event)


def test_switching_language_translates_flows_and_widgets_and_speech_follows(qtbot, tmp_path):
    assert shutil.which(str(LRELEASE)), "pyside6-lrelease ships with PySide6"
    compile_ts(tmp_path, {"首页": "Home", "共{n}项": "{n} items"})
    speaker = RecordingSpeaker()
    watcher = Watcher()
    qtbot.addWidget(watcher)
    languages = Translations(folder=tmp_path, speaker=speaker)
    i18n.install(translate)
    try:
        languages.switch(Language.EN)
        assert i18n.tr("首页") == "Home"
        assert i18n.tr("共{n}项").format(n=3) == "3 items"
        assert i18n.tr("没有翻译的") == "没有翻译的"
        assert speaker.language is Language.EN
        QCoreApplication.processEvents()
        assert watcher.changes >= 1
        languages.switch(Language.ZH_CN)
        assert i18n.tr("首页") == "首页"
        assert speaker.language is Language.ZH_CN
    finally:
        languages.switch(Language.ZH_CN)
        i18n.install(None)


def test_a_language_without_its_compiled_file_is_refused(tmp_path):
    languages = Translations(folder=tmp_path)
    with pytest.raises(AccessibilityError) as caught:
        languages.switch(Language.EN)
    assert caught.value.message == "该语言暂不可用"
    assert languages.language is Language.ZH_CN


def test_without_a_translator_tr_is_the_source_text():
    assert i18n.tr("请选择要办理的事项") == "请选择要办理的事项"
    assert i18n.N_("首页") == "首页"
