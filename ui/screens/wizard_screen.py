"""填写: one question per page. The heading is the question, one hint line under it, the answer
control below; 继续 checks the answer, keeps what was typed when it is refused (the error at
the top names the field, and the message sits beside it), and shows the next page only once
the answer is on disk. Progress reads "第 3 步，共 7 步"."""

from __future__ import annotations

from kiosk.flows.outcome import ScreenName
from kiosk.i18n import N_, tr
from ui.screens.base import Screen, Speech
from ui.widgets.answers import AnswerControl, control_for
from ui.widgets.text import TextLabel

PREFILLED_NOTE = N_("这是根据您的证件自动填写的，请核对。对的话请点“继续”。")
REMEMBERED_NOTE = N_("这是您上次申请时填写的，请核对。变了请改，对的话请点“继续”。")


class WizardScreen(Screen):
    name = ScreenName.WIZARD

    def build(self) -> None:
        self.progress_label.show()
        self.prefilled_note = TextLabel(tr(PREFILLED_NOTE), role="value")
        self.field_error = TextLabel("", role="error")
        self.body.addWidget(self.prefilled_note)
        self.body.addWidget(self.field_error)
        self.control: AnswerControl | None = None
        self._question: str | None = None
        self.back_button = self.nav_button(tr("返回"), lambda: self.ui.visit.draft.back())
        self.next_button = self.nav_button(
            tr("继续"), self._continue, primary=True, background=True
        )

    def _continue(self):
        raw = self.control.value() if self.control is not None else None
        return self.ui.visit.draft.answer(raw)

    def typing_help(self) -> list:
        return [*super().typing_help(), self.prefilled_note]

    def apply_metrics(self) -> None:
        super().apply_metrics()
        if getattr(self, "control", None) is not None:
            self.control.set_spacing(self.body.spacing())

    def render(self) -> None:
        page = self.ui.visit.draft.page
        question = page.question
        self.progress_label.setText(page.progress)
        self.set_texts(question.field.label, question.field.hint or "")
        if self._question != question.id or self.control is None:
            if self.control is not None:
                self.body.removeWidget(self.control)
                self.control.hide()
                self.control.deleteLater()
            self.control = control_for(question.field, regions=self.ui.flows.regions)
            self.control.set_spacing(self.body.spacing())
            self.body.addWidget(self.control)
            self.control.show()  # now, not on the next event-loop pass
            self._question = question.id
        self.control.set_value(page.value)
        # The catalogue's own hint may already ask to check ("已从身份证读出，请核对").
        if page.remembered:
            self.prefilled_note.setText(tr(REMEMBERED_NOTE))
        else:
            self.prefilled_note.setText(tr(PREFILLED_NOTE))
        self.prefilled_note.setVisible(
            # i18n: keep (looks into the catalogue's own Chinese hint)
            page.remembered or (page.prefilled and "核对" not in (question.field.hint or ""))
        )
        self.errors.show_errors(page.errors)
        self.field_error.setText(page.errors[0].message if page.errors else "")
        self.field_error.setVisible(bool(page.errors))

    def leave(self) -> None:
        if self.control is not None:
            self.body.removeWidget(self.control)
            self.control.hide()
            self.control.deleteLater()
            self.control = None
            self._question = None

    def speech(self) -> Speech:
        page = self.ui.visit.draft.page
        return Speech(page.prompt)
