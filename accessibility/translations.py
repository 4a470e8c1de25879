"""The UI language: Qt translators for 简体中文 (the source text) and English.

Sources are ``accessibility/locale/kiosk_<lang>.ts`` (Qt Linguist XML, written by
``python -m tools.translations``); set-up compiles them to ``.qm`` with ``pyside6-lrelease``.
:class:`Translations` installs the translator for a language on the application — Qt then
sends every widget a ``LanguageChange`` event — and tells the speaker, so speech follows the
UI language.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTranslator, Signal

from accessibility.errors import AccessibilityError
from accessibility.language import DEFAULT_LANGUAGE, Language

log = logging.getLogger(__name__)

FOLDER = Path(__file__).with_name("locale")
CATALOG = "kiosk"


def qm_path(language: Language, folder: Path = FOLDER) -> Path:
    return folder / f"{CATALOG}_{language.value}.qm"


def translate(context: str, text: str) -> str:
    """``QCoreApplication.translate``: what ``kiosk.i18n.install`` is given."""
    return QCoreApplication.translate(context, text)


class Translations(QObject):
    changed = Signal(object)
    """The new :class:`Language`."""

    def __init__(self, *, folder: Path = FOLDER, speaker=None, parent: QObject | None = None):
        super().__init__(parent)
        self.folder = folder
        self.speaker = speaker
        self.language = DEFAULT_LANGUAGE
        self._translator: QTranslator | None = None

    def switch(self, language: Language) -> None:
        """Shows (and speaks) the UI in ``language``; 简体中文 needs no translator."""
        app = QCoreApplication.instance()
        if self._translator is not None:
            app.removeTranslator(self._translator)
            self._translator = None
        if language is not DEFAULT_LANGUAGE:
            translator = QTranslator(self)
            path = qm_path(language, self.folder)
            if not translator.load(str(path)):
                raise AccessibilityError(
                    "该语言暂不可用", detail=f"no compiled translation at {path} (run make setup)"
                )
            app.installTranslator(translator)
            self._translator = translator
        self.language = language
        if self.speaker is not None:
            self.speaker.set_language(language)
        log.info("ui language: %s", language.value)
        self.changed.emit(language)
