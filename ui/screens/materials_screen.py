"""申请材料: the live camera view with automatic capture when the page is steady (or 拍照),
then 使用这张照片 / 重拍; 使用以前提交过的 when a copy is on file (材料复用); 以后补交 where the
catalogue allows it (容缺); 跳过 for an optional one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QSizePolicy

from kiosk.flows.outcome import ScreenName
from kiosk.i18n import N_, tr
from ui.capture import DocumentCamera
from ui.screens.base import Screen, Speech
from ui.widgets.text import TextLabel

NO_CAMERA = N_("本机没有可用的摄像头，请点“帮助”请工作人员帮忙。")


class MaterialsScreen(Screen):
    name = ScreenName.MATERIALS

    def build(self) -> None:
        self.progress_label.show()
        self.reuse_note = TextLabel("", role="value")
        self.camera_hint = TextLabel("", role="value")
        self.camera_hint.setAccessibleName(tr("拍摄提示"))
        self.view = QLabel()
        self.view.setAccessibleName(tr("摄像头画面"))
        self.view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.view.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.field_error = TextLabel("", role="error")
        for widget in (self.field_error, self.reuse_note, self.camera_hint, self.view):
            self.body.addWidget(widget)
        self.captured = None
        self.back_button = self.nav_button(tr("返回"), lambda: self.ui.visit.draft.back())
        self.later_button = self.nav_button(
            tr("以后补交"), lambda: self.ui.visit.draft.later(), background=True
        )
        self.skip_button = self.nav_button(
            tr("跳过"),
            lambda: self.ui.visit.draft.skip(),
            background=True,
            name=tr("没有这份材料，跳过"),
        )
        self.retake_button = self.nav_button(tr("重拍"), self._retake)
        self.shoot_button = self.nav_button(tr("拍照"), self._shoot, primary=True)
        self.reuse_button = self.nav_button(
            tr("使用以前提交过的"), lambda: self.ui.visit.draft.reuse(), background=True
        )
        self.use_button = self.nav_button(
            tr("使用这张照片"), self._use, primary=True, background=True
        )
        self.camera: DocumentCamera | None = None
        device = self.ui.devices.camera
        if device is not None:
            self.camera = DocumentCamera(device, tasks=self.ui.tasks, parent=self)
            self.camera.preview.connect(self._show_frame)
            self.camera.hint_changed.connect(self._hint)
            self.camera.captured.connect(self._captured)
            self.camera.failed.connect(self._camera_failed)

    # -- camera ---------------------------------------------------------------------------------

    def _show_frame(self, image: QImage) -> None:
        if self.captured is not None:
            return
        self._set_picture(image)

    def _set_picture(self, image: QImage) -> None:
        height = max(240, self.fontMetrics().height() * 7)
        pixmap = QPixmap.fromImage(image).scaledToHeight(
            height, Qt.TransformationMode.SmoothTransformation
        )
        self.view.setPixmap(pixmap)
        self.view.setFixedHeight(height)

    def _hint(self, text: str) -> None:
        self.camera_hint.setText(text)
        if self._voice():
            self.ui.speaker.say(text)

    def _voice(self) -> bool:
        window = self.window()
        return bool(getattr(window, "voice", False))

    def _captured(self, document) -> None:
        self.captured = document
        image = QImage.fromData(document.data)
        if not image.isNull():
            self._set_picture(image)
        self.camera_hint.setText(tr("拍好了。看得清的话，请点“使用这张照片”；不清楚请点“重拍”。"))
        self._buttons()
        self.use_button.setFocus()
        if self._voice():
            self.ui.speaker.say(self.camera_hint.text())

    def _camera_failed(self, message: str) -> None:
        self.camera_hint.setText(message)

    def _shoot(self) -> None:
        if self.camera is not None:
            self.camera_hint.setText(tr("正在拍照，请拿稳……"))
            self.camera.shoot()

    def _retake(self) -> None:
        self.captured = None
        self.view.clear()
        if self.camera is not None:
            self.camera.retake()
        self.camera_hint.setText(tr("请把材料平放在拍摄区。"))
        self._buttons()

    def _use(self):
        document = self.captured
        if document is None:
            return None
        self.captured = None
        return self.ui.visit.draft.captured(document.data, mime=document.mime)

    def start_live(self) -> None:
        """Live capture (the kiosk); the tour and tests use 拍照 instead, one frame at a time."""
        if self.camera is not None:
            self.camera.start()

    # -- rendering -------------------------------------------------------------------------------

    def enter(self):
        self.captured = None
        self.view.clear()
        self.view.setFixedHeight(0)
        self.render()
        if self.ui.live_capture:
            self.start_live()
        return None

    def _buttons(self) -> None:
        choices = self.ui.visit.draft.material
        have = self.captured is not None
        self.reuse_button.setVisible(choices.can_reuse and not have)
        self.later_button.setVisible(choices.can_defer and not have)
        self.skip_button.setVisible(choices.optional and not have)
        self.shoot_button.setVisible(self.camera is not None and not have)
        self.retake_button.setVisible(have)
        self.use_button.setVisible(have)

    def render(self) -> None:
        draft = self.ui.visit.draft
        page = draft.page
        choices = draft.material
        self.progress_label.setText(page.progress)
        self.set_texts(page.question.field.label, choices.note)
        self.errors.show_errors(page.errors)
        self.field_error.setText(page.errors[0].message if page.errors else "")
        self.field_error.setVisible(bool(page.errors))
        if choices.can_reuse:
            self.reuse_note.setText(
                tr("您在{when}提交过{name}，可以直接使用，不用再拍。").format(
                    when=choices.reuse_captured_at, name=choices.name
                )
            )
        elif choices.can_defer:
            self.reuse_note.setText(
                tr("{name}现在没有带的话，可以以后补交。").format(name=choices.name)
            )
        else:
            self.reuse_note.setText("")
        self.reuse_note.setVisible(bool(self.reuse_note.text()))
        if self.captured is None:
            self.camera_hint.setText(
                tr("请把材料平放在拍摄区，然后点“拍照”。")
                if self.camera is not None
                else tr(NO_CAMERA)
            )
        self._buttons()

    def leave(self) -> None:
        if self.camera is not None:
            self.camera.stop()
        self.captured = None
        self.view.clear()

    def speech(self) -> Speech:
        return Speech(self.ui.visit.draft.page.prompt + self.camera_hint.text())
