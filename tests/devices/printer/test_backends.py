"""python-escpos backends over real connections: TCP on 127.0.0.1 and a pty serial line."""

from __future__ import annotations

import socket

import pytest
from escpos import printer as escpos_printer

from devices.printer.base import Receipt, render_escpos
from devices.printer.errors import PaperOut, PrinterOffline
from devices.printer.escpos_printer import NetworkPrinter, SerialPrinter, UsbPrinter

RECEIPT = Receipt(
    title="受理回执",
    lines=[("受理编号", "K1-20261122-0001"), ("事项", "高龄津贴申领")],
    notes=["网络恢复后自动提交。"],
    qr_payload="https://example.gov.cn/q/K1-20261122-0001",
    footer="谢谢",
)
QUERIES = b"\x10\x04\x01\x10\x04\x02\x10\x04\x03\x10\x04\x04"


def test_network_printer_queries_status_then_prints(tcp_printer):
    end, port = tcp_printer
    with NetworkPrinter("127.0.0.1", port=port, columns=48) as printer:
        printer.print_receipt(RECEIPT)
        expected = QUERIES + render_escpos(RECEIPT, columns=48)
        assert end.wait_for(len(expected)) == expected


def test_network_printer_reports_paper_out_and_prints_nothing(tcp_printer):
    end, port = tcp_printer
    end.status[4] = 0x72
    with NetworkPrinter("127.0.0.1", port=port) as printer, pytest.raises(PaperOut):
        printer.print_receipt(RECEIPT)
    assert end.wait_for(len(QUERIES)) == QUERIES


def test_network_printer_that_is_not_there_is_offline():
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    # The port was just freed: nothing listens there now.
    printer = NetworkPrinter("127.0.0.1", port=port, timeout=1.0)
    with pytest.raises(PrinterOffline) as caught:
        printer.print_receipt(RECEIPT)
    assert caught.value.message == "打印机没有连接，请联系工作人员"


def test_network_printer_that_does_not_answer_status_is_offline(tcp_printer):
    end, port = tcp_printer
    end.status[2] = None
    with (
        NetworkPrinter("127.0.0.1", port=port, status_timeout=0.2) as printer,
        pytest.raises(PrinterOffline) as caught,
    ):
        printer.print_receipt(RECEIPT)
    assert "DLE EOT 2" in caught.value.detail


def test_serial_printer_over_a_pty(pty_printer):
    end, path = pty_printer
    with SerialPrinter(path, baudrate=19200) as printer:
        printer.print_receipt(RECEIPT)
        expected = QUERIES + render_escpos(RECEIPT, columns=32)
        assert end.wait_for(len(expected)) == expected


def test_constructing_backends_opens_nothing():
    # No device exists at these addresses; construction alone must not notice.
    UsbPrinter(0x0416, 0x5011)
    SerialPrinter("/dev/does-not-exist")
    NetworkPrinter("192.0.2.1")


def test_usability_follows_python_escpos():
    assert UsbPrinter.is_usable() == escpos_printer.Usb.is_usable()
    assert SerialPrinter.is_usable() and NetworkPrinter.is_usable()


def test_usb_printer_without_its_device_is_offline():
    with pytest.raises(PrinterOffline):
        UsbPrinter(0x0416, 0x5011).print_receipt(RECEIPT)
