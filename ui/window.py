"""The kiosk window: a top bar that is always there, a message banner, and the screens.

Navigation is a name-to-factory registry over a :class:`QStackedWidget`
(:data:`ui.screens.registry.SCREENS`): a screen is built the first time it is shown in a
visit and thrown away when the visit ends, so no widget keeps a resident's data after 结束 or
the idle time-out. The window acts on every :class:`~kiosk.flows.outcome.Outcome` a screen
emits: it shows the message, speaks, switches screen, or ends the session.

The top bar: 大字 (标准 → 大 → 特大), 语音 (voice on/off), 帮助 (calls staff; the staff entrance
is in the help dialog) and 结束 (forget this resident and go home).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QMainWindow,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from accessibility.errors import AccessibilityError
from accessibility.language import DEFAULT_LANGUAGE, Language
from accessibility.scale import FontScale
from accessibility.speech.wording import InputMode, for_keypad
from accessibility.theme import STANDARD, Theme
from accessibility.translations import Translations, translate
from kiosk import i18n
from kiosk.flows.idle import IdleFlow, IdlePhase
from kiosk.flows.outcome import Outcome, ScreenName, sentence
from kiosk.i18n import N_, tr
from ui.context import UiContext
from ui.screens.base import Screen, Speech
from ui.style import apply_style
from ui.virtual_keyboard import forget_typing
from ui.widgets import text
from ui.widgets.buttons import ActionButton
from ui.widgets.layouts import TitleBarLayout, WrapLayout
from ui.widgets.overlay import OverlayDialog
from ui.widgets.text import TextLabel
from ui.widgets.typing_room import settle_layouts, show_block, typing_block

log = logging.getLogger(__name__)

ScreenFactory = Callable[[UiContext], Screen]
SCALE_LABELS = {
    FontScale.STANDARD: N_("标准"),
    FontScale.LARGE: N_("大"),
    FontScale.XLARGE: N_("特大"),
}
_ACTIVITY_EVENTS = frozenset(
    int(t)
    for t in (
        QEvent.Type.MouseButtonPress,
        QEvent.Type.KeyPress,
        QEvent.Type.TouchBegin,
        QEvent.Type.Wheel,
    )
)


class TopBar(QFrame):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "topbar")
        self.title = TextLabel(title, role="value")
        self.scale_button = ActionButton(tr("大字"))
        self.voice_button = ActionButton(tr("语音"))
        self.voice_button.setCheckable(True)
        self.language_button = ActionButton(Language.EN.label)
        self.help_button = ActionButton(tr("帮助"))
        self.end_button = ActionButton(tr("结束"), name=tr("结束办理，回到首页"))
        buttons = QWidget()
        self.buttons = WrapLayout(buttons)
        for button in (
            self.scale_button,
            self.voice_button,
            self.language_button,
            self.help_button,
            self.end_button,
        ):
            self.buttons.add(button)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        buttons.setSizePolicy(policy)
        self._layout = TitleBarLayout(self, title=self.title, buttons=buttons)

    def retranslate(self, language: Language) -> None:
        """The fixed labels in ``language``; the language button offers the other one, named
        in itself (a reader must recognise their own language)."""
        other = Language.EN if language is Language.ZH_CN else Language.ZH_CN
        self.language_button.set_label(other.label, name=other.switch_name)
        self.help_button.set_label(tr("帮助"))
        self.end_button.set_label(tr("结束"), name=tr("结束办理，回到首页"))

    def set_metrics(self, gap: int) -> None:
        self._layout.setContentsMargins(gap, gap // 2, gap, gap // 2)
        self._layout.set_spacing(gap)
        self.buttons.set_spacing(gap)


class Banner(QFrame):
    """One short notice for the resident (a refusal, a confirmation); the next screen clears it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "banner")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.label = TextLabel("", role="value")
        layout = QHBoxLayout(self)
        layout.addWidget(self.label, 1)
        self.layout_ = layout
        self.setAccessibleName(tr("提示"))
        self.hide()

    def show_message(self, text: str) -> None:
        self.label.setText(text)
        self.setAccessibleDescription(text)
        self.setVisible(bool(text))

    @property
    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""


class KioskWindow(QMainWindow):
    screen_shown = Signal(str)
    """The registry name of the screen now showing."""
    session_ended = Signal(str)
    """Why: "finished" (结束) or "idle" (time-out)."""
    quit_requested = Signal()

    def __init__(
        self,
        ui: UiContext,
        *,
        screens: Mapping[ScreenName, ScreenFactory] | None = None,
        scale: FontScale = FontScale.STANDARD,
        theme: Theme = STANDARD,
        voice: bool = True,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        from ui.screens.registry import SCREENS
        from ui.virtual_keyboard import KeyboardRoom

        self.ui = ui
        self.registry = screens if screens is not None else SCREENS
        self.scale = scale
        self.theme = theme
        self.voice = voice
        self.visited: list[str] = []
        self.last_slip = None
        """The file the last draft slip was printed to (the PDF printer), if any."""
        self._screens: dict[ScreenName, Screen] = {}
        self._current: Screen | None = None
        # Flows translate their text through kiosk.i18n; Qt holds the loaded translation.
        i18n.install(translate)
        self.languages = Translations(speaker=ui.speaker, parent=self)
        self.session_language = DEFAULT_LANGUAGE
        """The language every visit starts in (中文; the audit's English pass sets English)."""
        self.setWindowTitle(ui.flows.settings.device_name)
        central = QWidget()
        central.setObjectName("central")
        # An explicit minimum overrides the layout's: the window fits the screen and the
        # pages scroll (the layout's minimum is the content's height at the narrowest width).
        central.setMinimumSize(320, 320)
        self.setCentralWidget(central)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        # The window never grows past the screen to fit its content: pages scroll instead.
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        self.topbar = TopBar(ui.flows.settings.device_name)
        self.banner = Banner()
        self.stack = QStackedWidget()
        layout.addWidget(self.topbar)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)
        self._gave_way: list[QWidget] = []
        """What gave way to the on-screen keyboard (help lines, the top bar), to show again."""
        self.keyboard_room = KeyboardRoom(
            self, layout, scroll_to=self.show_typing, changed=self._keyboard_changed
        )
        self.topbar.scale_button.clicked.connect(lambda: self.set_scale(self.scale.next()))
        self.topbar.voice_button.clicked.connect(lambda on: self.set_voice(on))
        self.topbar.language_button.clicked.connect(self.toggle_language)
        self.topbar.help_button.clicked.connect(self.open_help)
        self.topbar.end_button.clicked.connect(self.confirm_end)
        self._build_dialogs(central)
        settings = ui.flows.settings
        self.idle = IdleFlow(
            timeout_s=settings.idle_timeout_s, warning_s=settings.idle_warning_s, now=monotonic
        )
        self.idle_timer = QTimer(self)
        self.idle_timer.setInterval(1000)
        self.idle_timer.timeout.connect(self.tick_idle)
        self.idle_timer.start()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.set_scale(scale)
        self.set_voice(voice)
        self.topbar.retranslate(self.languages.language)
        # The screen reads as the keypad user hears it (按确认键, not 请点).
        on_mode_change = getattr(ui.speaker, "on_mode_change", None)
        if on_mode_change is not None:
            on_mode_change(self._reword)

    # -- dialogs ------------------------------------------------------------------------------

    def _build_dialogs(self, host: QWidget) -> None:
        self.idle_dialog = OverlayDialog(host, name="idle")
        self.idle_dialog.add_button(tr("继续办理"), self.extend_session, primary=True)
        self.idle_dialog.add_button(tr("结束办理"), self._end_from_idle_warning)
        self.help_dialog = OverlayDialog(host, name="help")
        self.help_dialog.set_texts(
            tr("已通知工作人员"),
            tr("工作人员马上就来，请稍等。您填写的内容都已保存。"),
        )
        self.help_dialog.add_button(tr("知道了"), self.help_dialog.close_dialog, primary=True)
        self.help_dialog.staff_button = self.help_dialog.add_button(
            tr("工作人员入口"), self._open_admin
        )
        self.end_dialog = OverlayDialog(host, name="end")
        self._end_texts()
        self.end_dialog.add_button(tr("继续办理"), self.end_dialog.close_dialog, primary=True)
        self.end_dialog.slip_button = self.end_dialog.add_button(
            tr("打印草稿凭条"), self.print_slip_and_end
        )
        self.end_dialog.confirm_button = self.end_dialog.add_button(
            tr("结束办理"), lambda: self.end_session("finished")
        )
        self.end_dialog.slip_button.hide()
        # After the slip is printed: time to take it before the screen forgets the resident.
        self.slip_dialog = OverlayDialog(host, name="slip")
        self.slip_dialog.set_texts(
            tr("草稿凭条已打印"), tr("请在出纸口取走凭条。下次带上它，就能接着填写。")
        )
        self.slip_dialog.done_button = self.slip_dialog.add_button(
            tr("好的，结束"), lambda: self.end_session("finished"), primary=True
        )

    def _end_texts(self, *, slip: bool = False) -> None:
        """结束: with a draft of the resident's own open and a printer, the slip is offered."""
        text = (
            self.ui.visit.slip.end_text
            if slip
            else tr(
                "结束后，屏幕上您的信息会清除。没填完的申请已保存为草稿，"
                "下次凭身份证和密码可以接着填。"
            )
        )
        self.end_dialog.set_texts(tr("要结束这次办理吗？"), text)

    @property
    def dialogs(self) -> list[OverlayDialog]:
        return [self.idle_dialog, self.help_dialog, self.end_dialog, self.slip_dialog]

    def open_dialog(self) -> OverlayDialog | None:
        return next((d for d in self.dialogs if d.isVisible()), None)

    def open_help(self) -> None:
        log.info("help requested at screen %s", self._current.name if self._current else "-")
        self.help_dialog.open()
        self.say(Speech(sentence(self.help_dialog.heading.text(), self.help_dialog.text.text())))

    def _open_admin(self) -> None:
        self.help_dialog.close_dialog()
        self.show_screen(ScreenName.ADMIN)

    def confirm_end(self) -> None:
        if not self.ui.visit.session.active:
            self.show_screen(ScreenName.HOME)
            return
        slip = self.ui.devices.printer is not None and self.ui.visit.slip.offered
        self._end_texts(slip=slip)
        self.end_dialog.slip_button.setVisible(slip)
        self.end_dialog.open()
        self.say(Speech(sentence(self.end_dialog.heading.text(), self.end_dialog.text.text())))

    def _end_from_idle_warning(self) -> None:
        """结束办理 on the idle warning: the resident is here after all, so a draft of their
        own is offered its slip as at 结束; otherwise the session ends at once."""
        if self.ui.devices.printer is not None and self.ui.visit.slip.offered:
            self.idle.extend()
            self.idle_dialog.close_dialog()
            self.confirm_end()
            return
        self.end_session("finished")

    def print_slip_and_end(self) -> None:
        """打印草稿凭条: the slip on the receipt printer (or PDF); a dialog says where to take
        it, and its 好的，结束 ends the session (or the idle time-out does). If it cannot
        print, the session stays and the resident is told the code to write down instead."""
        from ui.draft_slip import slip_receipt

        printer = self.ui.devices.printer
        slip = self.ui.visit.slip
        if printer is None or not slip.offered:
            self.end_session("finished")
            return
        view = slip.view
        receipt = slip_receipt(view)
        self.end_dialog.panel.setEnabled(False)  # one slip per press

        def printed(path) -> None:
            self.last_slip = path
            self.ui.tasks.store(slip.printed, lambda _: ended(), lambda _: ended())

        def ended() -> None:
            self.end_dialog.panel.setEnabled(True)
            self.end_dialog.close_dialog()
            dialog = self.slip_dialog
            dialog.open()
            self.say(Speech(sentence(dialog.heading.text(), dialog.text.text())))

        def failed(error: BaseException) -> None:
            self.end_dialog.panel.setEnabled(True)
            self.end_dialog.close_dialog()
            log.warning("draft slip print failed: %s", type(error).__name__)
            reason = tr(getattr(error, "message", N_("凭条没有打印出来")))
            message = sentence(
                reason,
                tr("请记下草稿编号 {code}，或找工作人员").format(code=view.display_code),
            )
            self.banner.show_message(message)
            # The code opens the draft: not read out on the open speaker.
            self.say(Speech(message, masked=sentence(reason, tr("请记下屏幕上的草稿编号"))))

        self.ui.tasks.io(lambda: printer.print_receipt(receipt), printed, failed)

    # -- screens ------------------------------------------------------------------------------

    @property
    def current(self) -> Screen | None:
        return self._current

    def screen(self, name: ScreenName) -> Screen:
        """The screen for ``name`` in this visit, built on first use."""
        screen = self._screens.get(name)
        if screen is None:
            screen = self.registry[name](self.ui)
            screen.outcome.connect(self.handle)
            self.stack.addWidget(screen)
            self._screens[name] = screen
        return screen

    def show_screen(self, name: ScreenName, *, _hops: int = 0) -> Screen:
        screen = self.screen(name)
        if self._current is not None and self._current is not screen:
            self._current.leave()
        redirect = screen.enter()
        if redirect is not None and redirect.screen is not None and redirect.screen != name:
            if _hops > 5:
                raise RuntimeError(f"screens redirect in a loop at {name}")
            return self.show_screen(redirect.screen, _hops=_hops + 1)
        self.banner.show_message("")
        self.stack.setCurrentWidget(screen)
        self._current = screen
        self.topbar.end_button.setVisible(name != ScreenName.HOME or self.ui.visit.session.active)
        screen.scroll.verticalScrollBar().setValue(0)
        self.visited.append(str(name))
        self.say(screen.speech())
        screen.focus_first()
        self.screen_shown.emit(str(name))
        return screen

    def handle(self, outcome: Outcome) -> None:
        if outcome.quit:
            self.quit_requested.emit()
            return
        if outcome.end_session:
            self.end_session("finished")
            return
        if outcome.speak:
            self.say(Speech(outcome.speak))
        if outcome.screen is not None:
            self.show_screen(outcome.screen)
        if outcome.message:
            self.banner.show_message(outcome.message)
            self.centralWidget().layout().activate()  # the page moves down now, not later
            if not outcome.speak:
                self.say(Speech(outcome.message))
        elif outcome.screen is None:
            self.banner.show_message("")

    def end_session(self, why: str = "finished") -> None:
        """Forget the resident: new visit, every screen of the old one destroyed, home."""
        for dialog in self.dialogs:
            dialog.hide()
        if self._current is not None:
            self._current.leave()
        self._current = None
        for screen in self._screens.values():
            self.stack.removeWidget(screen)
            screen.hide()
            screen.deleteLater()
        self._screens.clear()
        self.ui.new_visit()
        self.ui.admin.lock()
        self.ui.speaker.reset()
        forget_typing()  # nothing the keyboard may have kept is offered to the next resident
        if self.languages.language is not self.session_language:
            self._switch_language(self.session_language)  # the next resident starts in 中文
        self.idle.extend()
        log.info("session ended (%s)", why)
        self.session_ended.emit(why)
        self.show_screen(ScreenName.HOME)

    def warm_up(self) -> None:
        """After the home screen is up: the imports and indexes the first touches will need
        (every screen's module, OpenCV for the camera, pinyin for search, segno for the QR
        code), loaded on the I/O lane so no resident waits for them."""
        registry = self.registry

        def job() -> None:
            if hasattr(registry, "preload"):
                registry.preload()
            self.ui.visit.home.index.warm()
            import segno  # noqa: F401 - the receipt's QR code

        self.ui.tasks.io(job, lambda _: None)

    def go_back(self) -> None:
        """The keypad's Back key: the current screen's own 返回, if it has one."""
        screen = self._current
        if screen is None:
            return
        for index in range(screen.nav.count()):
            button = screen.nav.itemAt(index).widget()
            back = button is not None and button.text().startswith(tr("返回"))
            if back and button.isVisible():
                button.click()
                return

    def screen_visible(self, widget: QWidget) -> None:
        """Scrolls the current screen so ``widget`` is in view (as a finger would need)."""
        screen = self._current
        if screen is not None and screen.isAncestorOf(widget):
            screen.scroll.ensureWidgetVisible(widget)

    # -- typing with the on-screen keyboard ---------------------------------------------------

    def show_typing(self, field: QWidget) -> None:
        """With the on-screen keyboard up: the question's heading and the whole ``field`` in
        view above the keyboard and the action bar. Where the page is too short for both
        (the keyboard takes 55-61 % of a landscape window), first the page's help lines give
        way (they were spoken, and come back with the keyboard down), then the top bar; the
        action bar stays, so 继续 is one tap away. The field wins if even that is not enough.
        """
        screen = self._current
        if screen is None or not screen.scroll.widget().isAncestorOf(field):
            return  # not on the page (the action bar's 继续 has the focus as it goes down)
        if self.keyboard_room.covered:
            for room in (screen.typing_help, lambda: [self.topbar]):
                if typing_block(screen, field) <= screen.scroll.viewport().height():
                    break
                for widget in room():
                    if widget.isVisible():
                        widget.hide()
                        self._gave_way.append(widget)
                settle_layouts()
        show_block(screen, field)

    def _keyboard_changed(self, up: bool) -> None:
        if up:
            return
        for widget in self._gave_way:
            if shiboken6.isValid(widget):
                widget.show()
        self._gave_way.clear()

    # -- language -----------------------------------------------------------------------------

    def toggle_language(self) -> None:
        """中文 / English in the top bar: the other language, at once, on the same screen."""
        other = Language.EN if self.languages.language is Language.ZH_CN else Language.ZH_CN
        self.set_language(other)

    def set_language(self, language: Language) -> None:
        """Shows and speaks the UI in ``language`` without a restart. Every screen of this
        visit is rebuilt in the new language and the current one is shown again from its
        flow (what was answered is kept; text typed into a field and not yet confirmed is
        not, as when the resident goes back)."""
        if language is self.languages.language:
            return
        try:
            self._switch_language(language)
        except AccessibilityError as exc:
            log.warning("language switch failed: %s", exc.detail)
            self.banner.show_message(tr(exc.message))
            return
        current = self._current.name if self._current is not None else ScreenName.HOME
        if self._current is not None:
            self._current.leave()
        self._current = None
        self._drop_screens()
        self.show_screen(current)

    def _switch_language(self, language: Language) -> None:
        self.languages.switch(language)
        self.topbar.retranslate(language)
        self.set_voice(self.voice)
        for dialog in self.dialogs:
            dialog.hide()
            dialog.deleteLater()
        self._build_dialogs(self.centralWidget())
        self._label_scale_button()

    def _label_scale_button(self) -> None:
        label = tr(SCALE_LABELS[self.scale])
        self.topbar.scale_button.set_label(
            tr("大字：{scale}").format(scale=label),
            name=tr("字体大小，现在是{scale}，点一下换大一号").format(scale=label),
        )

    def _drop_screens(self) -> None:
        for screen in self._screens.values():
            self.stack.removeWidget(screen)
            screen.hide()
            screen.deleteLater()
        self._screens.clear()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    # -- speech, scale, voice -----------------------------------------------------------------

    def say(self, speech: Speech) -> None:
        if not self.voice or not speech.text:
            return
        if speech.masked is not None:
            self.ui.speaker.say(speech.text, masked=speech.masked, personal=True)
        else:
            self.ui.speaker.say(speech.text)

    def set_voice(self, on: bool) -> None:
        self.voice = on
        button = self.topbar.voice_button
        button.setChecked(on)
        label = tr("语音：开") if on else tr("语音：关")
        button.set_label(label, name=tr("语音播报，现在是开") if on else tr("语音播报，现在是关"))
        if not on:
            self.ui.speaker.stop()

    def set_scale(self, scale: FontScale, *, theme: Theme | None = None) -> None:
        """大字: restyles every widget; layouts reflow, nothing is rebuilt or lost."""
        self.scale = scale
        self.theme = theme or self.theme
        # Screens not showing are dropped (they render again from their flows when next
        # shown): restyling only the widgets on screen keeps 大字 quick.
        for name, screen in list(self._screens.items()):
            if screen is not self._current:
                self.stack.removeWidget(screen)
                screen.hide()
                screen.deleteLater()
                del self._screens[name]
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        app = QApplication.instance()
        if app is not None:
            apply_style(app, theme=self.theme, scale=scale)
        self._label_scale_button()
        gap = max(16, round(scale.body_px * 0.5))
        self.topbar.set_metrics(gap)
        self.banner.layout_.setContentsMargins(gap * 2, gap // 2, gap * 2, gap // 2)
        for screen in self._screens.values():
            screen.apply_metrics()
        dialog = self.open_dialog()
        if dialog is not None:
            dialog.open()

    # -- idle -----------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Every event of the application passes here: keep the common case cheap.
        if int(event.type()) in _ACTIVITY_EVENTS and isinstance(watched, QWidget):
            self.note_activity(watched)
        return False

    def note_activity(self, target: QWidget | None = None) -> None:
        """A touch or key: the resident is here. During the warning a touch outside the
        dialog counts as 继续办理; a touch on the dialog is left to its own buttons."""
        if self.idle.phase is IdlePhase.WARNING:
            if target is not None and (
                target is self.idle_dialog or self.idle_dialog.isAncestorOf(target)
            ):
                return
            self.extend_session()
            return
        self.idle.activity()

    def extend_session(self) -> None:
        """继续办理."""
        self.idle.extend()
        self.idle_dialog.close_dialog()
        if self._current is not None:
            self.say(self._current.speech())

    def tick_idle(self) -> None:
        if not self.ui.visit.session.active:
            self.idle.extend()
            return
        state = self.idle.tick()
        if state.phase is IdlePhase.WARNING:
            self.idle_dialog.set_texts(tr("您还在办理吗？"), state.text)
            if not self.idle_dialog.isVisible():
                self.idle_dialog.open()
            if state.speak:
                self.say(Speech(state.speak))
        elif state.phase is IdlePhase.EXPIRED:
            self.end_session("idle")

    def _reword(self, mode: InputMode) -> None:
        keypad = mode is InputMode.KEYPAD
        text.set_wording(self._keypad_wording if keypad else None)

    def _keypad_wording(self, written: str) -> str:
        return for_keypad(written, language=self.languages.language)

    def closeEvent(self, event) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        text.set_wording(None)
        self.idle_timer.stop()
        super().closeEvent(event)
