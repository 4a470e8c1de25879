"""请核对: every answer, grouped, each with 修改; the consent statements to tick; the signature
pad; and 提交申请, which queues the application and shows the receipt at once."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QSizePolicy, QVBoxLayout, QWidget

from kiosk.flows.outcome import ScreenName
from kiosk.i18n import tr
from ui.screens.base import Screen, Speech
from ui.widgets.buttons import ActionButton, TileButton
from ui.widgets.layouts import WrapLayout
from ui.widgets.signature import SignaturePad
from ui.widgets.text import TextLabel


class ReviewScreen(Screen):
    name = ScreenName.REVIEW

    def build(self) -> None:
        self.answers = QWidget()
        self.answers_box = QVBoxLayout(self.answers)
        self.answers_box.setContentsMargins(0, 0, 0, 0)
        self.body.addWidget(self.answers)
        self.consent_title = TextLabel(tr("请阅读并同意"), role="value")
        self.body.addWidget(self.consent_title)
        self.consent_box = QVBoxLayout()
        self.body.addLayout(self.consent_box)
        self.signature_title = TextLabel("", role="value")
        self.signature = SignaturePad()
        self.signature.signed.connect(lambda png: self.ui.visit.review.signed(png))
        self.clear_signature = ActionButton(tr("重新签名"))
        self.clear_signature.clicked.connect(self._clear_signature)
        # One action instead of drawing (WCAG 2.5.7, 2.5.1): a keypad or blind resident
        # cannot draw, and many elderly hands cannot either. Recorded as "confirmed".
        self.confirm_signature = TileButton(
            tr("我确认以上内容属实"),
            tr("不方便手写签名的，选这一项代替签名"),
            checkable=True,
        )
        self.confirm_signature.toggled.connect(
            lambda on: self.ui.visit.review.confirm_signature(on)
        )
        for widget in (
            self.signature_title,
            self.signature,
            self.clear_signature,
            self.confirm_signature,
        ):
            self.body.addWidget(widget)
        self.edit_buttons: dict[str, ActionButton] = {}
        self.consents: dict[str, TileButton] = {}
        self.nav_button(tr("返回"), lambda: self.ui.visit.review.back())
        self.submit_button = self.nav_button(
            tr("提交申请"), lambda: self.ui.visit.review.submit(), primary=True, background=True
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
        self.set_texts(view.heading, tr("不对的地方请点“修改”。"))
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
                row = QWidget()
                # Flows: 修改 goes under an answer too long to share its line (an ID number
                # cannot wrap; at 特大 on the tablet it squeezed the button: kiosk audit).
                row_box = WrapLayout(row, spacing=gap)
                policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
                policy.setHeightForWidth(True)
                row.setSizePolicy(policy)
                label = TextLabel(tr("{title}：{text}").format(title=line.title, text=line.text))
                edit = ActionButton(tr("修改"), name=tr("修改{title}").format(title=line.title))
                edit.clicked.connect(
                    lambda _=False, f=line.field_id: self.act(lambda: self.ui.visit.review.edit(f))
                )
                row_box.add(label)
                row_box.add(edit)
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
            tile = TileButton(consent.statement, tr("点一下表示同意"), checkable=True)
            tile.setChecked(consent.checked)
            tile.setAccessibleName(tr("同意：{statement}").format(statement=consent.statement))
            tile.toggled.connect(
                lambda on, f=consent.field_id: self.ui.visit.review.set_consent(f, on)
            )
            self.consent_box.addWidget(tile)
            tile.show()
            self.consents[consent.field_id] = tile
        self.consent_title.setVisible(bool(view.consents))
        has_signature = view.signature_field is not None
        self.signature_title.setText(view.signature_title or tr("请在下面的框里签名"))
        self.confirm_signature.setChecked(view.confirmed)  # toggled: the flow's own value
        for widget in (
            self.signature_title,
            self.signature,
            self.clear_signature,
            self.confirm_signature,
        ):
            widget.setVisible(has_signature)

    def speech(self) -> Speech:
        return Speech(self.ui.visit.review.view.prompt)
