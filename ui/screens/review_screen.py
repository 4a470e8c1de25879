"""请核对: every answer, grouped, each with 修改; the consent statements to tick; the signature
pad; and 提交申请, which queues the application and shows the receipt at once."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QFrame, QVBoxLayout, QWidget

from kiosk.flows.outcome import ScreenName
from ui.screens.base import Screen, Speech
from ui.widgets.buttons import ActionButton, TileButton
from ui.widgets.signature import SignaturePad
from ui.widgets.text import TextLabel


class _AnswerRow(QWidget):
    """An answer and its 修改: side by side, or 修改 underneath when they do not fit (an ID
    number cannot wrap; at 特大 on the tablet it squeezed the button: kiosk audit)."""

    def __init__(self, gap: int) -> None:
        super().__init__()
        self._box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._box.setContentsMargins(0, 0, 0, 0)
        self._box.setSpacing(gap)
        self._parts: tuple[QWidget, QWidget] | None = None

    def set_parts(self, label: QWidget, button: QWidget) -> None:
        self._parts = (label, button)
        self._box.addWidget(label, 1)
        self._box.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)

    def resizeEvent(self, event) -> None:
        if self._parts is not None:
            label, button = self._parts
            need = label.minimumSizeHint().width() + self._box.spacing() + button.sizeHint().width()
            wanted = (
                QBoxLayout.Direction.LeftToRight
                if need <= event.size().width()
                else QBoxLayout.Direction.TopToBottom
            )
            if self._box.direction() != wanted:
                self._box.setDirection(wanted)
        super().resizeEvent(event)


class ReviewScreen(Screen):
    name = ScreenName.REVIEW

    def build(self) -> None:
        self.answers = QWidget()
        self.answers_box = QVBoxLayout(self.answers)
        self.answers_box.setContentsMargins(0, 0, 0, 0)
        self.body.addWidget(self.answers)
        self.consent_title = TextLabel("请阅读并同意", role="value")
        self.body.addWidget(self.consent_title)
        self.consent_box = QVBoxLayout()
        self.body.addLayout(self.consent_box)
        self.signature_title = TextLabel("", role="value")
        self.signature = SignaturePad()
        self.signature.signed.connect(lambda png: self.ui.visit.review.signed(png))
        self.clear_signature = ActionButton("重新签名")
        self.clear_signature.clicked.connect(self._clear_signature)
        for widget in (self.signature_title, self.signature, self.clear_signature):
            self.body.addWidget(widget)
        self.edit_buttons: dict[str, ActionButton] = {}
        self.consents: dict[str, TileButton] = {}
        self.nav_button("返回", lambda: self.ui.visit.review.back())
        self.submit_button = self.nav_button(
            "提交申请", lambda: self.ui.visit.review.submit(), primary=True, background=True
        )

    def _clear_signature(self) -> None:
        self.signature.clear()
        self.ui.visit.review.signed(None)

    def enter(self):
        self.ui.visit.review.begin()
        self.signature.clear()
        self.render()
        return None

    def render(self) -> None:
        view = self.ui.visit.review.view
        self.set_texts(view.heading, "不对的地方请点“修改”。")
        self.errors.show_errors(view.problems)
        while self.answers_box.count():
            item = self.answers_box.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()
                item.widget().deleteLater()
        self.edit_buttons = {}
        gap = self.body.spacing()
        self.answers_box.setSpacing(gap)
        for group in view.groups:
            panel = QFrame()
            panel.setProperty("role", "panel")
            box = QVBoxLayout(panel)
            box.setSpacing(gap)
            box.addWidget(TextLabel(group.title, role="value"))
            for line in group.lines:
                row = _AnswerRow(gap)
                label = TextLabel(f"{line.title}：{line.text}")
                edit = ActionButton("修改", name=f"修改{line.title}")
                edit.clicked.connect(
                    lambda _=False, f=line.field_id: self.act(lambda: self.ui.visit.review.edit(f))
                )
                row.set_parts(label, edit)
                box.addWidget(row)
                self.edit_buttons[line.field_id] = edit
            self.answers_box.addWidget(panel)
            panel.show()
        while self.consent_box.count():
            item = self.consent_box.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()
                item.widget().deleteLater()
        self.consents = {}
        for consent in view.consents:
            tile = TileButton(consent.statement, "点一下表示同意", checkable=True)
            tile.setChecked(consent.checked)
            tile.setAccessibleName(f"同意：{consent.statement}")
            tile.toggled.connect(
                lambda on, f=consent.field_id: self.ui.visit.review.set_consent(f, on)
            )
            self.consent_box.addWidget(tile)
            tile.show()
            self.consents[consent.field_id] = tile
        self.consent_title.setVisible(bool(view.consents))
        has_signature = view.signature_field is not None
        self.signature_title.setText(view.signature_title or "请在下面的框里签名")
        for widget in (self.signature_title, self.signature, self.clear_signature):
            widget.setVisible(has_signature)

    def speech(self) -> Speech:
        return Speech(self.ui.visit.review.view.prompt)
