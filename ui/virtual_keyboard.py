"""The Pinyin on-screen keyboard (Qt Virtual Keyboard) for the few free-text answers.

The plugin, its QML and the Pinyin dictionary ship in the PySide6 wheels; Qt loads it as the
input method when ``QT_IM_MODULE=qtvirtualkeyboard`` is set before the QApplication exists.
A tap on a text field brings the panel up; its Pinyin engine composes (``ni hao``) and a tap
on a candidate commits the Chinese text into the field. On the desktop (xcb) the panel is a
top-level window over the bottom of the screen: :class:`KeyboardRoom` lifts the window's
bottom edge above it while it is up, so the field being typed into and the action bar (继续)
stay visible instead of hidden under the keys; the window then scrolls the question's heading
and the field into view, compacting the page where it must (``KioskWindow.show_typing``).

What residents type is not kept: Qt's Pinyin engine learns the phrases a resident composes
(王家 + 庄 becomes the first suggestion for ``wangjiazhuang``) into a user dictionary,
``<QStandardPaths.ConfigLocation>/qtvirtualkeyboard/pinyin/usr_dict.dat`` (so
``~/.config/…`` or ``$XDG_CONFIG_HOME/…``), held in memory and written back on exit, and
would offer one resident's address to the next. Every free-text field is marked
:func:`type_privately` (``Qt.ImhSensitiveData``: the engine then closes its user dictionary and
neither reads nor learns), and :func:`forget_typing` deletes the keyboard's user data at
start-up and at every session's end, in case anything was ever written there.

Measured (tests/ui/test_virtual_keyboard.py, under Xvfb): the real plugin types 你好 into the
wizard's 现住址 at 1920×1080, 1280×800 and 800×1280. Under the ``offscreen`` platform the
plugin loads but its panel window takes the focus when shown, which hides the panel again at
once: offscreen tests keep committing text as an input method would (``ui.tour.commit_text``).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QLocale, QObject, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QBoxLayout, QWidget

IM_MODULE = "qtvirtualkeyboard"
log = logging.getLogger(__name__)


def use_pinyin_keyboard() -> None:
    """Before the QApplication: the virtual keyboard as input method, in Chinese (Pinyin).

    The keyboard takes its language from the default QLocale; a kiosk image whose system
    locale is C or English would otherwise get an English keyboard with no Pinyin at all.
    """
    os.environ.setdefault("QT_IM_MODULE", IM_MODULE)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    forget_typing()  # whatever an earlier run (or an older kiosk) left there


def type_privately(widget: QWidget) -> None:
    """The keyboard learns nothing typed into ``widget`` and suggests nothing learned before.

    Qt's Pinyin input method turns its user dictionary off while the focused field's hints
    say ``ImhSensitiveData``; Pinyin composing and the candidates still work.
    """
    widget.setInputMethodHints(widget.inputMethodHints() | Qt.InputMethodHint.ImhSensitiveData)


def keyboard_user_data() -> Path:
    """Where the keyboard keeps what it learns (the Pinyin plugin's path, Qt 6.11)."""
    location = QStandardPaths.StandardLocation.ConfigLocation
    return Path(QStandardPaths.writableLocation(location)) / "qtvirtualkeyboard"


def forget_typing() -> int:
    """Deletes the keyboard's user data files (the directories stay); returns how many.

    Only when the virtual keyboard is this process's input method: a developer's own
    keyboard data is not touched by a test run under another input method.
    """
    if os.environ.get("QT_IM_MODULE") != IM_MODULE:
        return 0
    root = keyboard_user_data()
    files = [path for path in root.rglob("*") if path.is_file()] if root.is_dir() else []
    for path in files:
        path.unlink(missing_ok=True)
    if files:
        log.info("keyboard user data deleted (%d files)", len(files))
    return len(files)


class KeyboardRoom(QObject):
    """While the keyboard is up, the window's content ends above it (the page scrolls, the
    focused field is scrolled into view); when it goes down, the content has the screen again.

    ``layout`` is the window's outermost layout; ``scroll_to`` scrolls the focused widget into
    view once the layout has settled; ``changed`` (optional) hears whether the keyboard is up,
    at once (the window gives back what it compacted for typing).
    """

    def __init__(self, window: QWidget, layout: QBoxLayout, *, scroll_to, changed=None) -> None:
        super().__init__(window)
        self._window = window
        self._layout = layout
        self._scroll_to = scroll_to
        self._changed = changed
        self.covered = 0
        """Pixels at the bottom of the window the keyboard takes now (0: it is down)."""
        method = QGuiApplication.inputMethod()
        method.visibleChanged.connect(self.fit)
        method.keyboardRectangleChanged.connect(self.fit)

    def fit(self) -> None:
        method = QGuiApplication.inputMethod()
        covered = 0
        if method.isVisible():
            # In window coordinates (Qt's contract); the kiosk window fills the screen.
            keys = method.keyboardRectangle().toAlignedRect()
            if not keys.isEmpty():
                covered = max(0, self._window.height() - keys.top())
        if covered == self.covered:
            return
        self.covered = covered
        margins = self._layout.contentsMargins()
        self._layout.setContentsMargins(margins.left(), margins.top(), margins.right(), covered)
        if self._changed is not None:
            self._changed(covered > 0)
        # After the layout has given the page its new height.
        QTimer.singleShot(0, self._show_focus)

    def _show_focus(self) -> None:
        focused = QApplication.focusWidget()
        if focused is not None and self._window.isAncestorOf(focused):
            self._scroll_to(focused)
