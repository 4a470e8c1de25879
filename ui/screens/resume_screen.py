"""继续上次的申请: the draft slip's QR code held up (or its 草稿编号 typed on the code keypad);
or, by ID, the resident's open drafts, the chosen one opened with its 4-digit PIN."""

from __future__ import annotations

from kiosk.flows.outcome import ScreenName
from kiosk.flows.resume import CODE_ALPHABET, ResumeStage
from kiosk.i18n import tr
from ui.screens.base import Screen, Speech
from ui.widgets.keypad import code_keypad, digit_keypad
from ui.widgets.text import TextLabel
from ui.widgets.tiles import TileGrid


class ResumeScreen(Screen):
    name = ScreenName.RESUME

    def build(self) -> None:
        self.drafts = TileGrid(name=tr("没填完的申请"))
        self.dots = TextLabel("", role="display")
        self.dots.setAccessibleName(tr("已输入的密码位数"))
        self.keypad = digit_keypad()
        self.keypad.pressed.connect(self._key)
        self.code = TextLabel("", role="display")
        self.code.setAccessibleName(tr("已输入的草稿编号"))
        self.code_keypad = code_keypad(CODE_ALPHABET)
        self.code_keypad.pressed.connect(self._code_key)
        # The code keypad beside the error, heading, hint and typed code where the width
        # allows, as on the identify screen: under them, its first row was under the bottom
        # bar at 1920x1080 特大 and the resident scrolled to reach it. (The error goes in the
        # column too: above the keypad, a wrong code pushed the keys down out of view.)
        # The typed code right under the heading: it is what the resident is making, and
        # below a long hint (English, 特大) its second group fell under the fold.
        entry = self.beside_keypad(
            (self.errors, self.heading, self.code, self.hint), self.code_keypad
        )
        for widget in (entry, self.drafts, self.dots, self.keypad):
            self.body.addWidget(widget)
        self.nav_button(tr("返回"), lambda: self.ui.visit.resume.back())
        self.id_button = self.nav_button(
            tr("用身份证和密码"), lambda: self.ui.visit.resume.use_id()
        )
        self.ok_button = self.nav_button(tr("确定"), self._ok, primary=True, background=True)
        # The slip's QR code held up to the camera: on the kiosk only, where it runs live.
        self.codes = None
        camera = self.ui.devices.camera
        if camera is not None and self.ui.live_capture:
            from ui.code_reader import CodeReader

            self.codes = CodeReader(camera, parent=self)
            self.codes.read.connect(self.code_read)

    def apply_metrics(self) -> None:
        super().apply_metrics()
        self.drafts.set_spacing(self.body.spacing())

    def enter(self):
        flow = self.ui.visit.resume
        flow.can_scan = self.codes is not None
        redirect = flow.begin()
        if redirect.screen is not None:
            return redirect
        self.render()
        if self.codes is not None and flow.stage is ResumeStage.CODE:
            self.codes.start()
        return None

    def leave(self) -> None:
        if self.codes is not None:
            self.codes.stop()

    def _ok(self):
        flow = self.ui.visit.resume
        return flow.submit_code() if flow.stage is ResumeStage.CODE else flow.submit()

    def _key(self, key: str) -> None:
        self.ui.visit.resume.key(key)
        self.render()

    def _code_key(self, key: str) -> None:
        self.ui.visit.resume.code_key(key)
        self.render()

    def code_read(self, scanned) -> None:
        """A code was read (a :class:`ui.code_reader.ScannedText`, from the code reader)."""
        if not self.isVisible() or self.busy:
            return  # queued from the scanner thread after the page was left
        self.act_in_background(lambda: self.ui.visit.slip_scanned(scanned.kind, scanned.text))

    def render(self) -> None:
        view = self.ui.visit.resume.view
        self.set_texts(view.heading, view.hint)
        self.errors.show_errors([view.error] if view.error else [])
        by_code = view.stage is ResumeStage.CODE
        self.code.setVisible(by_code)
        self.code_keypad.setVisible(by_code)
        self.id_button.setVisible(by_code)
        self.code.setText(view.code)
        self.code.setAccessibleDescription(
            tr("已输入{n}位，共10位").format(n=len(view.code.replace(" ", "").rstrip("○")))
        )
        choosing = view.chosen is None and not by_code
        self.drafts.setVisible(choosing and bool(view.drafts))
        self.drafts.set_tiles(
            [
                (
                    d.draft_id,
                    d.service_name,
                    tr("{when}保存").format(when=d.updated)
                    if d.has_pin
                    else tr("{when}保存，无密码").format(when=d.updated),
                )
                for d in view.drafts
            ],
            lambda draft_id: self.act(lambda: self.ui.visit.resume.choose(draft_id)),
        )
        pin = view.stage is ResumeStage.PIN
        self.dots.setVisible(pin)
        self.keypad.setVisible(pin)
        self.ok_button.setVisible(pin or by_code)
        self.dots.setText(" ".join(view.dots))

    def speech(self) -> Speech:
        return Speech(self.ui.visit.resume.view.prompt)
