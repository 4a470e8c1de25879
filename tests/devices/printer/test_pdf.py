"""The PDF receipt: a valid one-page PDF in Noto Sans CJK SC whose QR code reads back."""

from __future__ import annotations

import re
import unicodedata

import zxingcpp
from PySide6.QtCore import QSize
from PySide6.QtPdf import QPdfDocument

from devices.printer.base import Receipt
from devices.printer.pdf_printer import PdfPrinter

RECEIPT = Receipt(
    title="受理回执",
    lines=[
        ("受理编号", "K1-20261122-0001"),
        ("事项", "高龄津贴申领"),
        ("办理地点", "某某县政务服务中心一楼综合窗口（周一至周五上午九点至下午五点）"),
    ],
    notes=["网络恢复后将自动提交，可凭回执编号查询办理进度。"],
    qr_payload="https://example.gov.cn/q/K1-20261122-0001",
    footer="谢谢您的耐心",
)


def test_pdf_receipt_is_one_roll_sized_page_with_readable_qr(qapp, tmp_path):
    printer = PdfPrinter(tmp_path / "receipts")
    path = printer.print_receipt(RECEIPT)
    assert printer.written == [path] and path.parent == tmp_path / "receipts"
    data = path.read_bytes()
    assert data.startswith(b"%PDF-")
    # The Simplified Chinese face, not the Japanese one fontconfig falls back to.
    fonts = set(re.findall(rb"/BaseFont\s*/(?:[A-Z]{6}\+)?([\w-]+)", data))
    assert fonts and all(name.startswith(b"NotoSansCJKsc") for name in fonts), fonts

    document = QPdfDocument()
    assert document.load(str(path)) == QPdfDocument.Error.None_
    assert document.pageCount() == 1
    size = document.pagePointSize(0)
    assert abs(size.width() - 80 / 25.4 * 72) < 1  # an 80 mm roll
    assert size.height() > size.width()

    # Qt maps some CJK glyphs to Kangxi radicals in the text layer; NFKC folds them back.
    page_text = unicodedata.normalize("NFKC", document.getAllText(0).text())
    for expected in ("受理回执", "高龄津贴申领", "网络恢复后将自动提交", "谢谢您的耐心"):
        assert expected in page_text

    width = 600
    image = document.render(0, QSize(width, round(width * size.height() / size.width())))
    assert not image.isNull()
    codes = zxingcpp.read_barcodes(image)
    assert [code.text for code in codes] == [RECEIPT.qr_payload]


def test_each_receipt_gets_its_own_file(qapp, tmp_path):
    printer = PdfPrinter(tmp_path)
    first = printer.print_receipt(Receipt(title="回执一"))
    second = printer.print_receipt(Receipt(title="回执二", qr_payload="K1-2"))
    assert first != second and first.exists() and second.exists()
    document = QPdfDocument()
    document.load(str(second))
    assert document.pageCount() == 1
