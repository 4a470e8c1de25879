"""Receipt encoding: exact ESC/POS bytes built here from the command reference, not from output."""

from __future__ import annotations

import pytest

from devices.printer.base import (
    Receipt,
    display_width,
    layout_lines,
    qr_code,
    render_escpos,
    text,
    wrap,
)
from devices.printer.dummy import DummyPrinter


def gb(value: str) -> bytes:
    # An independent oracle: for these characters GB18030 coincides with GB 2312.
    return value.encode("gb2312")


def spec_qr(data: bytes) -> bytes:
    n = len(data) + 3
    return (
        bytes([0x1D, 0x28, 0x6B, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00])  # model 2
        + bytes([0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x43, 0x06])  # module size 6
        + bytes([0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x45, 0x31])  # error correction M
        + bytes([0x1D, 0x28, 0x6B, n % 256, n // 256, 0x31, 0x50, 0x30])  # store
        + data
        + bytes([0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30])  # print
    )


def test_receipt_bytes_are_exactly_the_specified_commands():
    receipt = Receipt(
        title="受理回执",
        lines=[("编号", "K1-0001")],
        notes=["请保管好回执"],
        qr_payload="K1-0001",
        footer="谢谢",
    )
    rule = b"-" * 32 + b"\n"
    expected = (
        b"\x1b\x40"  # ESC @ initialise
        + b"\x1c\x26"  # FS & Chinese mode
        + b"\x1b\x61\x01"  # ESC a 1 centre
        + b"\x1b\x45\x01"  # ESC E 1 bold
        + b"\x1d\x21\x11"  # GS ! double width and height
        + bytes.fromhex("cadc c0ed bbd8 d6b4")  # 受理回执
        + b"\n"
        + b"\x1d\x21\x00"
        + b"\x1b\x45\x00"
        + b"\x1b\x61\x00"
        + rule
        # "编号：" is 6 columns and "K1-0001" 7: 19 spaces right-align the value in 32.
        + gb("编号")
        + bytes.fromhex("a3ba")
        + b" " * 19
        + b"K1-0001\n"
        + rule
        + gb("请保管好回执")
        + b"\n"
        + b"\x1b\x61\x01"
        + spec_qr(b"K1-0001")
        + b"\n"
        + b"\x1b\x61\x00"
        + b"\x1b\x61\x01"
        + gb("谢谢")
        + b"\n"
        + b"\x1b\x61\x00"
        + b"\x1b\x64\x04"  # ESC d 4 feed
        + b"\x1d\x56\x01"  # GS V 1 partial cut
    )
    assert render_escpos(receipt, columns=32) == expected


def test_minimal_receipt_has_no_empty_sections():
    out = render_escpos(Receipt(title="回执"), columns=32)
    assert out == (
        b"\x1b@\x1c&\x1ba\x01\x1bE\x01\x1d!\x11"
        + gb("回执")
        + b"\n\x1d!\x00\x1bE\x00\x1ba\x00"
        + b"-" * 32
        + b"\n\x1bd\x04\x1dV\x01"
    )
    assert b"\x1d(k" not in out


def test_chinese_is_encoded_in_gb18030():
    assert text("受理") == bytes.fromhex("cadc c0ed")
    assert text("：") == bytes.fromhex("a3ba")
    assert text("镕") == bytes.fromhex("e946")  # GBK, outside GB 2312
    assert text("\U00020000") == bytes.fromhex("95328236")  # four-byte GB18030


def test_qr_command_bytes_for_a_long_payload():
    data = b"x" * 300
    assert qr_code(data, module_size=4, level="H") == (
        bytes([0x1D, 0x28, 0x6B, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00])
        + bytes([0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x43, 0x04])
        + bytes([0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x45, 0x33])
        + bytes([0x1D, 0x28, 0x6B, 0x2F, 0x01, 0x31, 0x50, 0x30])  # 303 = 0x012F
        + data
        + bytes([0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30])
    )


@pytest.mark.parametrize("size", [0, 7090])
def test_qr_payload_size_is_limited(size):
    with pytest.raises(ValueError):
        qr_code(b"a" * size)


def test_widths_count_chinese_as_two_columns():
    assert display_width("受理编号：K1") == 12
    assert wrap("一二三四五六七八九十", 8) == ["一二三四", "五六七八", "九十"]
    assert wrap("ab cd", 3) == ["ab", "cd"]


def test_long_values_wrap_under_their_label():
    receipt = Receipt(title="t", lines=[("办理地址", "某某县政务服务中心一楼综合窗口")])
    assert layout_lines(receipt, columns=20) == [
        "办理地址：",
        "  某某县政务服务中心",
        "  一楼综合窗口",
    ]
    assert all(display_width(line) <= 20 for line in layout_lines(receipt, columns=20))


def test_eighty_millimetre_rolls_use_48_columns():
    out = render_escpos(Receipt(title="回执"), columns=48)
    assert b"-" * 48 + b"\n" in out and b"-" * 49 not in out


def test_dummy_printer_prints_the_rendered_bytes_after_checking_status():
    printer = DummyPrinter(columns=32)
    receipt = Receipt(title="受理回执", lines=[("编号", "K1-0001")], qr_payload="K1-0001")
    assert printer.print_receipt(receipt) is None
    assert bytes(printer.output) == render_escpos(receipt, columns=32)


def test_big_text_is_triple_size_and_breaks_between_groups_only():
    from devices.printer.base import COLUMNS_80MM, SIZE_TRIPLE

    slip = Receipt(title="草稿凭条", big="7K3QX M2B9D")
    narrow = render_escpos(slip, columns=32)  # 10 triple-width characters to a line
    assert SIZE_TRIPLE + b"7K3QX\nM2B9D\n" in narrow
    wide = render_escpos(slip, columns=COLUMNS_80MM)  # 16: the whole code on one line
    assert SIZE_TRIPLE + b"7K3QX M2B9D\n" in wide
    assert SIZE_TRIPLE not in render_escpos(Receipt(title="回执"), columns=32)
