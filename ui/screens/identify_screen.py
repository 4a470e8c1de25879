"""核验身份: the ID card on the reader, a scanned code, or the number on the big keypad; then
the name and the masked number for confirmation. 我是帮别人办 asks for the helper first, then
the applicant, whose consent is asked on screen."""

from __future__ import annotations

from kiosk.flows.identify import Stage
from kiosk.flows.outcome import ScreenName
from kiosk.i18n import tr
from ui.card_reader import CardPoller
from ui.screens.base import Screen, Speech
from ui.widgets.buttons import ActionButton, TileButton
from ui.widgets.keypad import id_keypad
from ui.widgets.text import TextLabel


class IdentifyScreen(Screen):
    name = ScreenName.IDENTIFY

    def build(self) -> None:
        flow = lambda: self.ui.visit.identify  # noqa: E731 - the visit changes per session
        self._flow = flow
        self.typed = TextLabel("", role="display")
        self.typed.setAccessibleName(tr("已输入的身份证号码"))
        self.keypad = id_keypad()
        self.keypad.pressed.connect(lambda key: self._key(key))
        self.proxy_button = ActionButton(tr("我是帮别人办"), name=tr("我是帮别人办（代办）"))
        self.proxy_button.setCheckable(True)
        self.proxy_button.clicked.connect(lambda on: self._proxy(on))
        # Confirmation
        self.name_line = TextLabel("", role="display")
        self.id_line = TextLabel("", role="value")
        self.consent = TileButton(
            tr("申请人同意由代办人代为填写和提交本次申请"),
            tr("请申请人本人点这里确认"),
            checkable=True,
        )
        # The keypad beside the heading and the typed number where the width allows (at
        # 1920x1080 特大 it was below the fold, under them), else under them. (A second hint,
        # 请把身份证放在读卡区，或在下面输入号码, said again what the hint says, and pushed the
        # keys further down: gone.)
        entry = self.beside_keypad((self.heading, self.hint, self.typed), self.keypad)
        for widget in (entry, self.proxy_button, self.name_line, self.id_line, self.consent):
            self.body.addWidget(widget)
        self.poller = None
        reader = self.ui.devices.card_reader
        if reader is not None:
            self.poller = CardPoller(
                reader, tasks=self.ui.tasks, today=self.ui.flows.today, parent=self
            )
            self.poller.card_read.connect(self.card_read)
            self.poller.failed.connect(
                lambda message: self.act(lambda: self._flow().device_failed(message))
            )
        # Codes held up to the camera (an identity code; on 办件进度查询, the receipt's QR
        # code): on the kiosk only, where the camera runs live.
        self.codes = None
        camera = self.ui.devices.camera
        if camera is not None and self.ui.live_capture:
            from ui.code_reader import CodeReader

            self.codes = CodeReader(camera, parent=self)
            self.codes.read.connect(self.code_read)
        self.back_button = self.nav_button(tr("返回"), lambda: self._flow().back())
        self.retry_button = self.nav_button(tr("重新输入"), lambda: self._retry())
        self.ok_button = self.nav_button(tr("确定"), lambda: self._ok(), primary=True)

    def enter(self):
        redirect = self._flow().begin()
        if redirect.screen is not None:
            return redirect
        self.render()
        if self.poller is not None:
            self.poller.start()
        if self.codes is not None:
            self.codes.start()
        return None

    def _key(self, key: str) -> None:
        self._flow().key(key)
        self.render()

    def _proxy(self, on: bool) -> None:
        self._flow().set_proxy(on)
        self.render()

    def _retry(self) -> None:
        self._flow().retry()
        self.render()

    def _ok(self):
        flow = self._flow()
        if flow.view.stage is Stage.ENTER:
            return flow.submit_typed()
        return flow.confirm(consent=self.consent.isChecked())

    def code_read(self, scanned) -> None:
        """A code was read (a :class:`ui.code_reader.ScannedText`, from the code reader)."""
        if not self.isVisible():
            return  # queued from the scanner thread after the page was left
        self.act(lambda: self.ui.visit.code_scanned(scanned.kind, scanned.text))

    def card_read(self, card) -> None:
        """An ID card or an identity code was read (from the device adapter)."""
        self.act(lambda: self._flow().card_read(card))

    def render(self) -> None:
        view = self._flow().view
        entering = view.stage is Stage.ENTER
        self.set_texts(view.heading, view.hint)
        self.errors.show_errors([view.error] if view.error else [])
        for widget in (self.typed, self.keypad):
            widget.setVisible(entering)
        self.typed.setText(view.typed or tr("（还没有输入）"))
        self.proxy_button.setVisible(entering and view.can_choose_proxy)
        self.proxy_button.setChecked(view.proxy)
        self.name_line.setVisible(not entering)
        self.id_line.setVisible(not entering)
        self.consent.setVisible(not entering and view.needs_consent)
        if view.helper:
            self.consent.note_label.setText(
                tr("代办人：{helper}。请申请人本人点这里确认").format(helper=view.helper)
            )
        if entering:
            self.consent.setChecked(False)
        self.name_line.setText(
            tr("姓名：{name}").format(name=view.name) if view.name else tr("姓名：稍后填写")
        )
        self.id_line.setText(tr("身份证号码：{number}").format(number=view.masked_id))
        self.retry_button.setVisible(not entering)
        self.ok_button.set_label(tr("确定") if entering else tr("确认，下一步"))

    def leave(self) -> None:
        self.consent.setChecked(False)
        if self.poller is not None:
            self.poller.stop()
        if self.codes is not None:
            self.codes.stop()

    def speech(self) -> Speech:
        view = self._flow().view
        if view.prompt_public is not None:
            return Speech(view.prompt, masked=view.prompt_public)
        return Speech(view.prompt)
