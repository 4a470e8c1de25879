"""Printer status: each DLE EOT answer parsed, and the Chinese message the resident gets."""

from __future__ import annotations

import pytest

from devices.errors import DeviceUnavailable
from devices.printer.base import PrinterStatus, Receipt, parse_status, status_query
from devices.printer.dummy import DummyPrinter
from devices.printer.errors import CoverOpen, PaperOut, PrinterFault, PrinterOffline

# Answer bytes built from the bit tables: bits 1 and 4 are always set (0x12).
CASES = [
    (1, 0x12, {}),
    (1, 0x12 | 0x08, {"online": False}),
    (2, 0x12 | 0x04, {"cover_open": True}),
    (2, 0x12 | 0x20, {"paper_out": True}),
    (2, 0x12 | 0x40, {"error": True}),
    (3, 0x12 | 0x08, {"cutter_error": True}),
    (3, 0x12 | 0x20, {"unrecoverable_error": True}),
    (3, 0x12 | 0x40, {"recoverable_error": True}),
    (4, 0x12 | 0x0C, {"paper_near_end": True}),
    (4, 0x12 | 0x60, {"paper_out": True}),
    (4, 0x12 | 0x6C, {"paper_out": True, "paper_near_end": True}),
]


@pytest.mark.parametrize(("n", "byte", "changed"), CASES)
def test_each_status_answer_sets_only_its_flags(n, byte, changed):
    status = parse_status({n: byte})
    expected = {
        "online": True,
        "cover_open": False,
        "paper_out": False,
        "paper_near_end": False,
        "error": False,
        "cutter_error": False,
        "unrecoverable_error": False,
        "recoverable_error": False,
    } | changed
    assert {key: getattr(status, key) for key in expected} == expected


@pytest.mark.parametrize("byte", [0x00, 0xFF, 0x10, 0x02, 0x92])
def test_bytes_without_the_fixed_bits_are_not_status(byte):
    with pytest.raises(ValueError, match="fixed bits"):
        parse_status({1: byte})


@pytest.mark.parametrize(
    ("status", "error", "message"),
    [
        (PrinterStatus(paper_out=True), PaperOut, "打印纸用完了，请联系工作人员换纸"),
        (PrinterStatus(cover_open=True), CoverOpen, "打印机盖子没有关好，请联系工作人员"),
        (PrinterStatus(cutter_error=True), PrinterFault, "打印机出了故障，请联系工作人员"),
        (PrinterStatus(online=False), PrinterOffline, "打印机没有连接，请联系工作人员"),
    ],
)
def test_problems_carry_chinese_messages(status, error, message):
    problem = status.problem()
    assert isinstance(problem, error) and problem.message == message
    assert not status.ready


def test_paper_out_outranks_the_offline_it_causes():
    # A printer out of paper also reports offline (n=1 bit 3): say what to fix.
    status = parse_status({1: 0x1A, 2: 0x32, 4: 0x72})
    assert isinstance(status.problem(), PaperOut)
    assert "1:0x1a" in status.problem().detail


def test_near_end_paper_still_prints():
    assert parse_status({4: 0x1E}).ready


def test_status_queries_are_dle_eot_one_to_four():
    assert [status_query(n) for n in (1, 2, 3, 4)] == [
        b"\x10\x04\x01",
        b"\x10\x04\x02",
        b"\x10\x04\x03",
        b"\x10\x04\x04",
    ]
    with pytest.raises(ValueError):
        status_query(5)


@pytest.mark.parametrize(
    ("n", "byte", "error"),
    [(4, 0x72, PaperOut), (2, 0x16, CoverOpen), (3, 0x1A, PrinterFault), (1, 0x1A, PrinterOffline)],
)
def test_a_printer_that_cannot_print_prints_nothing(n, byte, error):
    printer = DummyPrinter()
    printer.status_answers[n] = byte
    with pytest.raises(error):
        printer.print_receipt(Receipt(title="回执"))
    assert printer.output == b""


def test_a_printer_that_does_not_answer_is_offline():
    printer = DummyPrinter(status_timeout=0.05)
    printer.status_answers[1] = None
    with pytest.raises(PrinterOffline) as caught:
        printer.print_receipt(Receipt(title="回执"))
    assert isinstance(caught.value, DeviceUnavailable)
    assert "DLE EOT 1" in caught.value.detail


def test_garbage_answer_is_a_fault():
    printer = DummyPrinter()
    printer.status_answers[3] = 0x00
    with pytest.raises(PrinterFault) as caught:
        printer.status()
    assert "fixed bits" in caught.value.detail
