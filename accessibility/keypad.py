"""Keypad-only operation in the EZ Access manner, as one event filter for a window.

A blind resident, or one who cannot use a touch screen, works the whole kiosk from a few
keys: Up/Down move between the controls of the current screen and say each one, Enter
activates it, Back goes back, Help says what the control is for (pressed again: what the
screen is for), digits type. Focus wraps round at the ends of a screen (and says so), so there
is no focus trap; an open dialog is the scope until it closes.

:data:`KEY_MAP` is the key map a kiosk keypad has to emit (documented in
docs/accessibility.md). Widgets describe themselves through Qt's accessibility properties
(accessible name and description); a screen's help is its ``accessibleDescription`` (or a
``help`` property). A button can declare which key it stands for with a ``keypad_key``
property (an on-screen digit pad: ``"5"``, ``"Backspace"``); otherwise a button whose text is
the digit is pressed.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAccessible, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTextEdit,
    QWidget,
)

from accessibility.language import Language
from accessibility.speech import spoken
from accessibility.speech.base import Speaker
from accessibility.speech.voice import VOLUME_STEP
from accessibility.speech.wording import InputMode

_TOUCH_EVENTS = frozenset({QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin})


class Action(StrEnum):
    NEXT = "next"
    PREVIOUS = "previous"
    ACTIVATE = "activate"
    BACK = "back"
    HELP = "help"
    REPEAT = "repeat"
    VOLUME_UP = "volume_up"
    VOLUME_DOWN = "volume_down"
    SPEED = "speed"


KEY_MAP: dict[Qt.Key, Action] = {
    Qt.Key.Key_Down: Action.NEXT,
    Qt.Key.Key_Tab: Action.NEXT,
    Qt.Key.Key_Up: Action.PREVIOUS,
    Qt.Key.Key_Backtab: Action.PREVIOUS,
    Qt.Key.Key_Return: Action.ACTIVATE,
    Qt.Key.Key_Enter: Action.ACTIVATE,
    Qt.Key.Key_Select: Action.ACTIVATE,
    Qt.Key.Key_Escape: Action.BACK,
    Qt.Key.Key_Back: Action.BACK,
    Qt.Key.Key_F1: Action.HELP,
    Qt.Key.Key_Help: Action.HELP,
    Qt.Key.Key_F2: Action.REPEAT,
    Qt.Key.Key_F3: Action.VOLUME_DOWN,
    Qt.Key.Key_VolumeDown: Action.VOLUME_DOWN,
    Qt.Key.Key_F4: Action.VOLUME_UP,
    Qt.Key.Key_VolumeUp: Action.VOLUME_UP,
    Qt.Key.Key_F5: Action.SPEED,
}
"""Keyboard keys (what a USB kiosk keypad emits) to keypad actions. Left/Right are left to the
focused control (a slider, a radio group); digits 0–9, letters, Backspace and Delete type. With no
control focused (a screen re-rendered under the focus), Enter activates the main action: a
default button, or the last one with the ``primary`` property."""

TYPING_KEYS = {
    **{getattr(Qt.Key, f"Key_{d}"): d for d in "0123456789"},
    # Letters press the on-screen letter keys (a draft slip's code, pinyin initials) from a
    # keyboard; a kiosk keypad has none, and reaches those keys with Up/Down instead.
    **{getattr(Qt.Key, f"Key_{c}"): c for c in "ABCDEFGHIJKLMNOPQRSTUVWYZ"},
    Qt.Key.Key_X: "X",
    Qt.Key.Key_Backspace: "Backspace",
    Qt.Key.Key_Delete: "Backspace",
}
_KEY_LABELS = {"Backspace": ("删除", "删除一位", "Delete")}

_ROLES = {
    Language.ZH_CN: {
        QAccessible.Role.Button: "按钮",
        QAccessible.Role.CheckBox: "复选框",
        QAccessible.Role.RadioButton: "单选按钮",
        QAccessible.Role.EditableText: "输入框",
        QAccessible.Role.ComboBox: "下拉选择",
        QAccessible.Role.SpinBox: "数字输入框",
        QAccessible.Role.Slider: "滑块",
        QAccessible.Role.Link: "链接",
        QAccessible.Role.PageTab: "标签页",
        QAccessible.Role.ListItem: "列表项",
    },
    Language.EN: {
        QAccessible.Role.Button: "button",
        QAccessible.Role.CheckBox: "check box",
        QAccessible.Role.RadioButton: "radio button",
        QAccessible.Role.EditableText: "edit field",
        QAccessible.Role.ComboBox: "combo box",
        QAccessible.Role.SpinBox: "number field",
        QAccessible.Role.Slider: "slider",
        QAccessible.Role.Link: "link",
        QAccessible.Role.PageTab: "tab",
        QAccessible.Role.ListItem: "list item",
    },
}
_WORDS = {
    Language.ZH_CN: {
        "checked": "已选中",
        "unchecked": "未选中",
        "disabled": "不可用",
        "empty": "未填写",
        "typed": "已输入{n}位",
        "first": "回到第一项",
        "last": "回到最后一项",
        "no_help": "这一页没有更多说明。按上下键选择，按确认键执行，按返回键返回。",
        "nothing": "这一页没有可以选择的项目。",
    },
    Language.EN: {
        "checked": "checked",
        "unchecked": "not checked",
        "disabled": "unavailable",
        "empty": "empty",
        "typed": "{n} characters typed",
        "first": "back to the first item",
        "last": "back to the last item",
        "no_help": "No more help on this page. Up and Down choose, Enter acts, Back goes back.",
        "nothing": "Nothing to choose on this page.",
    },
}


def accessible_name(widget: QWidget) -> str:
    """The name a screen reader says (Qt's accessible name, else the visible text)."""
    interface = QAccessible.queryAccessibleInterface(widget)
    name = interface.text(QAccessible.Text.Name) if interface is not None else ""
    return (name or "").strip()


def is_focusable(widget: QWidget) -> bool:
    # A scroll area is the page, not a control: Up/Down landing on it said nothing (it has no
    # name), and the focused control is scrolled into view anyway.
    return (
        not isinstance(widget, QScrollArea)
        and widget.isVisibleTo(widget.window())
        and widget.isVisible()
        and widget.isEnabled()
        and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        and widget.focusProxy() is None
    )


def focus_order(scope: QWidget) -> list[QWidget]:
    """The controls of ``scope`` in Qt's focus chain order (what Tab would visit)."""
    members = {id(w) for w in scope.findChildren(QWidget)}
    ordered: list[QWidget] = []
    seen: set[int] = set()
    widget = scope.nextInFocusChain()
    while widget is not None and widget is not scope and id(widget) not in seen:
        seen.add(id(widget))
        if id(widget) in members and is_focusable(widget):
            ordered.append(widget)
        widget = widget.nextInFocusChain()
    return ordered


class KeypadNavigator(QObject):
    """Installs itself on the application and handles the keypad for ``window``.

    ``scope`` returns the widget whose controls Up/Down walk (the current screen); an open
    modal dialog takes its place. ``back`` is what Back does on a screen (a dialog is
    rejected instead).
    """

    def __init__(
        self,
        window: QWidget,
        speaker: Speaker,
        *,
        scope: Callable[[], QWidget | None] | None = None,
        back: Callable[[], None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.window = window
        self.speaker = speaker
        self._scope = scope or (lambda: window)
        self._back = back
        self._help_level = 0
        self.enabled = True

    def install(self) -> None:
        QApplication.instance().installEventFilter(self)

    def uninstall(self) -> None:
        QApplication.instance().removeEventFilter(self)

    @property
    def language(self) -> Language:
        return getattr(self.speaker, "language", Language.ZH_CN)

    def scope(self) -> QWidget:
        modal = QApplication.activeModalWidget()
        if modal is not None and modal.isVisible():
            return modal
        return self._scope() or self.window

    # -- the event filter -----------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.enabled:
            return False
        if event.type() in _TOUCH_EVENTS:
            self._set_mode(InputMode.TOUCH)
            return False
        if event.type() != QEvent.Type.KeyPress:
            return False
        if not isinstance(watched, QWidget) or watched.window() is not self._top():
            return False
        key = Qt.Key(event.key()) if isinstance(event, QKeyEvent) else None
        action = KEY_MAP.get(key)
        if action is None and key in TYPING_KEYS:
            self._set_mode(InputMode.KEYPAD)
            return self.type_key(TYPING_KEYS[key])
        if action is None:
            return False
        self._set_mode(InputMode.KEYPAD)
        if action is not Action.HELP:
            self._help_level = 0
        return self.perform(action)

    def _set_mode(self, mode: InputMode) -> None:
        """The keypad's first key switches prompts to keypad wording; a touch switches back
        (only a speaker that words prompts, :class:`WordedSpeaker`, has a mode)."""
        if hasattr(self.speaker, "mode") and self.speaker.mode is not mode:
            self.speaker.mode = mode

    def _top(self) -> QWidget:
        modal = QApplication.activeModalWidget()
        return modal.window() if modal is not None else self.window.window()

    # -- actions --------------------------------------------------------------------------------

    def perform(self, action: Action) -> bool:
        if action is Action.NEXT:
            self.move(+1)
        elif action is Action.PREVIOUS:
            self.move(-1)
        elif action is Action.ACTIVATE:
            return self.activate()
        elif action is Action.BACK:
            self.go_back()
        elif action is Action.HELP:
            self.help()
        elif action is Action.REPEAT:
            self.speaker.repeat()
        elif action in (Action.VOLUME_UP, Action.VOLUME_DOWN):
            step = VOLUME_STEP if action is Action.VOLUME_UP else -VOLUME_STEP
            self.speaker.set_volume(self.speaker.volume + step)
            self.speaker.repeat()
        elif action is Action.SPEED:
            self.speaker.set_rate(self.speaker.rate.next())
            self.speaker.repeat()
        return True

    def move(self, step: int) -> QWidget | None:
        controls = focus_order(self.scope())
        words = _WORDS[self.language]
        if not controls:
            self.speaker.say(words["nothing"])
            return None
        current = QApplication.focusWidget()
        if current in controls:
            index = controls.index(current) + step
        else:
            index = 0 if step > 0 else len(controls) - 1
        wrapped = ""
        if index >= len(controls):
            index, wrapped = 0, words["first"]
        elif index < 0:
            index, wrapped = len(controls) - 1, words["last"]
        target = controls[index]
        target.setFocus(Qt.FocusReason.TabFocusReason)
        _ensure_visible(target)
        text = self.describe(target)
        separator = "，" if self.language is Language.ZH_CN else ", "
        self.speaker.say(f"{wrapped}{separator}{text}" if wrapped else text)
        return target

    def activate(self) -> bool:
        widget = QApplication.focusWidget()
        scope = self.scope()
        if widget is None or not (widget is scope or scope.isAncestorOf(widget)):
            # Focus was lost (the screen re-rendered under it): Enter means the main action.
            widget = self._main_action(scope)
            if widget is None:
                return False
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(widget, QAbstractButton) and widget.isEnabled():
            widget.click()
            if widget.isCheckable() and widget.isVisible():
                self.speaker.say(self.describe(widget))
                return True
            moved = QApplication.focusWidget()
            if moved is not None and moved is not widget and self.scope().isAncestorOf(moved):
                # A control that moves focus on and says so with a ``status`` (a region
                # picked: the next level's first tile): where the resident is, then the
                # focus. A new screen speaks for itself; nothing is added to it.
                status = _status(moved, self.scope())
                if status:
                    self.speaker.say(f"{status}。{self.describe(moved)}")
            return True
        if isinstance(widget, QComboBox):
            widget.showPopup()
            return True
        return False  # a line edit's Enter (returnPressed) stays with the line edit

    @staticmethod
    def _main_action(scope: QWidget) -> QAbstractButton | None:
        """The screen's main action: a default button, or one marked ``primary`` (the last)."""
        candidates = [
            b
            for b in scope.findChildren(QAbstractButton)
            if b.isVisible()
            and b.isEnabled()
            and (b.property("primary") or (isinstance(b, QPushButton) and b.isDefault()))
        ]
        return candidates[-1] if candidates else None

    def go_back(self) -> None:
        modal = QApplication.activeModalWidget()
        if modal is not None and hasattr(modal, "reject"):
            modal.reject()
        elif self._back is not None:
            self._back()

    def help(self) -> None:
        """First the focused control's help, then (pressed again) the screen's."""
        widget = QApplication.focusWidget()
        scope = self.scope()
        control_help = ""
        if widget is not None and scope.isAncestorOf(widget):
            control_help = widget.accessibleDescription().strip()
        screen_help = str(scope.property("help") or scope.accessibleDescription() or "").strip()
        if self._help_level == 0 and control_help:
            self._help_level = 1
            self.speaker.say(control_help)
            return
        self._help_level = 0
        self.speaker.say(screen_help or _WORDS[self.language]["no_help"])

    def type_key(self, key: str) -> bool:
        """Digits type into the focused field, or press the on-screen key that stands for them.

        Typed into a field, the key is echoed (not for a password or a personal field on the
        open speaker); a pressed on-screen key speaks as it does when touched.
        """
        widget = QApplication.focusWidget()
        if isinstance(widget, QLineEdit | QAbstractSpinBox | QTextEdit):
            hidden = isinstance(widget, QLineEdit) and (
                widget.echoMode() != QLineEdit.EchoMode.Normal
            )
            if not hidden and not (widget.property("personal") and not self.speaker.headset):
                self.speaker.say(spoken.echo_key(key, language=self.language))
            return False  # the field itself takes the key
        button = self._key_button(key)
        if button is None:
            return False
        button.click()
        return True

    def _key_button(self, key: str) -> QAbstractButton | None:
        labels = _KEY_LABELS.get(key, (key,))
        fallback = None
        for button in self.scope().findChildren(QAbstractButton):
            if not (button.isVisible() and button.isEnabled()):
                continue
            if button.property("keypad_key") == key:
                return button
            if fallback is None and button.text().strip() in labels:
                fallback = button
        return fallback

    # -- what a control says ----------------------------------------------------------------------

    def describe(self, widget: QWidget) -> str:
        """Name, role and state: 同意，复选框，已选中 / 身份证号码，输入框，已输入6位."""
        language = self.language
        words = _WORDS[language]
        interface = QAccessible.queryAccessibleInterface(widget)
        role = _ROLES[language].get(interface.role(), "") if interface is not None else ""
        states = []
        if isinstance(widget, QAbstractButton) and widget.isCheckable():
            states.append(words["checked"] if widget.isChecked() else words["unchecked"])
        if isinstance(widget, QLineEdit | QTextEdit):
            states.append(self._field_state(widget))
        if not widget.isEnabled():
            states.append(words["disabled"])
        separator = "，" if language is Language.ZH_CN else ", "
        name = accessible_name(widget)
        masked_name = widget.property("masked_name")
        if masked_name and widget.property("personal") and not self.speaker.headset:
            # A control named by personal data (an address read from the card): not on the
            # open speaker; its ``masked_name`` says what it is without saying it.
            name = str(masked_name)
        return spoken.control(name, role, state=separator.join(states), language=language)

    def _field_state(self, field: QLineEdit | QTextEdit) -> str:
        words = _WORDS[self.language]
        value = field.text() if isinstance(field, QLineEdit) else field.toPlainText()
        if not value:
            return words["empty"]
        hidden = isinstance(field, QLineEdit) and field.echoMode() != QLineEdit.EchoMode.Normal
        private = hidden or field.property("personal")
        if private and not (field.property("personal") and self.speaker.headset):
            return words["typed"].format(n=len(value))
        if all(c.isdigit() or c in "Xx" for c in value):
            return spoken.spell(value, language=self.language)
        return value


def _status(widget: QWidget, scope: QWidget) -> str:
    """The nearest ``status`` property from ``widget`` up to ``scope`` (where a control that
    moves focus after an action says what it now shows)."""
    parent: QWidget | None = widget
    while parent is not None and parent is not scope:
        status = parent.property("status")
        if status:
            return str(status)
        parent = parent.parentWidget()
    return ""


def _ensure_visible(widget: QWidget) -> None:
    """Scrolls the enclosing scroll area so the focused control is on screen (never hidden)."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            parent.ensureWidgetVisible(widget, 16, 16)
        parent = parent.parentWidget()
