"""回执: the local receipt number, big; the service and the time; what happens next; what is
still owed; the offline promise; a QR code for progress queries; 打印回执, 评价, 办理其他事项,
结束."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from devices.codes.payloads import PayloadKind, encode_payload
from devices.printer import Receipt
from kiosk.flows.outcome import Outcome, ScreenName
from kiosk.flows.receipt import ReceiptView
from kiosk.i18n import N_, tr
from ui.screens.base import Screen, Speech
from ui.widgets.layouts import WrapLayout
from ui.widgets.qr import QrLabel
from ui.widgets.text import TextLabel

log = logging.getLogger(__name__)


def printable(view: ReceiptView) -> Receipt:
    return Receipt(
        title=tr("受理回执"),
        lines=view.lines,
        notes=view.notes,
        qr_payload=encode_payload(PayloadKind.RECEIPT, view.receipt_no),
        footer=tr("请妥善保管本回执。"),
    )


class ReceiptScreen(Screen):
    name = ScreenName.RECEIPT

    def build(self) -> None:
        self.number_title = TextLabel(tr("回执编号"), role="value")
        self.number = TextLabel("", role="display")
        self.number.setAccessibleName(tr("回执编号"))
        self.details = TextLabel("")
        self.network = TextLabel("", role="value")
        self.owed = TextLabel("", role="value")
        self.steps = TextLabel("")
        self.qr_title = TextLabel(tr("扫码查进度："), role="hint")
        self.qr = QrLabel()
        self.qr.setAccessibleName(tr("回执二维码"))
        self.printed_note = TextLabel("", role="hint")
        # The number and the QR code side by side where the width allows, else one above.
        top = QWidget()
        self.top = WrapLayout(top)
        info = QWidget()
        info_box = QVBoxLayout(info)
        info_box.setContentsMargins(0, 0, 0, 0)
        for widget in (self.number_title, self.number, self.details):
            info_box.addWidget(widget)
        code = QWidget()
        code_box = QVBoxLayout(code)
        code_box.setContentsMargins(0, 0, 0, 0)
        code_box.addWidget(self.qr_title)
        code_box.addWidget(self.qr)
        self.top.add(info)
        self.top.add(code)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        top.setSizePolicy(policy)
        for widget in (top, self.network, self.owed, self.steps, self.printed_note):
            self.body.addWidget(widget)
        self.print_button = self.nav_button(tr("打印回执"), self._print)
        self.another_button = self.nav_button(
            tr("办理其他事项"), lambda: self.ui.visit.receipt.another()
        )
        self.rate_button = self.nav_button(
            tr("评价"), lambda: self.ui.visit.receipt.rate(), name=tr("为这次服务评价")
        )
        self.finish_button = self.nav_button(
            tr("结束"),
            lambda: self.ui.visit.receipt.finish(),
            primary=True,
            name=tr("结束，回到首页"),
        )
        self.last_printed = None

    @property
    def view(self) -> ReceiptView:
        return self.ui.visit.receipt.view(online=self.ui.online())

    def apply_metrics(self) -> None:
        super().apply_metrics()
        self.top.set_spacing(self.body.spacing() * 3)

    def render(self) -> None:
        view = self.view
        self.set_texts(
            view.heading, tr("{service}。请记下或打印回执编号。").format(service=view.service_name)
        )
        # A break opportunity after each hyphen (none before digits otherwise): the number in
        # display size is wider than the tablet at 特大 (kiosk audit: clipped_widget).
        self.number.setText(view.receipt_no.replace("-", "-\u200b"))
        self.number.setAccessibleName(tr("回执编号 {number}").format(number=view.receipt_no))
        self.details.setText(
            tr("办理事项：{service}").format(service=view.service_name)
            + "\n"
            + tr("提交时间：{when}").format(when=view.submitted)
        )
        self.network.setText(view.network_note)
        owed = tr("、").join(view.owed)
        self.owed.setText(tr("还需要补交：{names}").format(names=owed) if view.owed else "")
        self.owed.setVisible(bool(view.owed))
        self.steps.setText("\n".join(view.next_steps))
        side = max(160, self.fontMetrics().height() * 5)
        self.qr.set_payload(encode_payload(PayloadKind.RECEIPT, view.receipt_no), side=side)
        self.printed_note.setText(
            tr("已打印{n}次。").format(n=view.printed) if view.printed else ""
        )
        self.printed_note.setVisible(bool(view.printed))
        self.print_button.setVisible(self.ui.devices.printer is not None)

    def _print(self) -> None:
        printer = self.ui.devices.printer
        if printer is None:
            return None
        receipt = printable(self.view)

        def printed(path) -> None:
            self.last_printed = path
            self.ui.tasks.store(self.ui.visit.receipt.printed, lambda _: counted())

        def counted() -> None:
            self.render()
            self.outcome.emit(Outcome(message=tr("回执已打印，请在出纸口取走。")))

        def failed(error: BaseException) -> None:
            message = tr(getattr(error, "message", N_("打印失败，请记下回执编号，或找工作人员。")))
            log.warning("receipt print failed: %s", type(error).__name__)
            self.outcome.emit(Outcome(message=message))

        self.ui.tasks.io(lambda: printer.print_receipt(receipt), printed, failed)
        return None

    def speech(self) -> Speech:
        return Speech(self.view.prompt)
