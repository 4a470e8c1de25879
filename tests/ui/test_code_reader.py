"""The receipt's QR code held up to the camera: the real scanner thread, the real decoder, the
signal back to the GUI thread, and the progress page it opens."""

from __future__ import annotations

from datetime import UTC, datetime

import segno

from devices.camera import FileCamera
from devices.codes.payloads import PayloadKind, encode_payload
from kiosk.flows.outcome import ScreenName
from kiosk.flows.visit import Visit
from kiosk.storage.receipt_numbers import format_receipt_no
from tests.kiosk.flows.test_scanned_codes import _receipt
from tests.ui.conftest import click
from ui.code_reader import read_payload
from ui.window import KioskWindow


def test_payloads_are_read_with_their_check(qapp):
    number = format_receipt_no("K1", issued_at=datetime(2026, 11, 22, 3, tzinfo=UTC), sequence=42)
    good = encode_payload(PayloadKind.RECEIPT, number)
    assert read_payload(good).kind == "receipt"
    assert read_payload(good).text == number
    broken = good[:-1] + ("0" if good[-1] != "0" else "1")
    assert read_payload(broken).kind == "invalid"
    assert read_payload("11010519491231002X").kind == "text"


def test_a_receipt_held_up_on_the_progress_page_opens_its_progress(qtbot, ui, clock, tmp_path):
    receipt = _receipt(ui.flows)
    folder = tmp_path / "camera"
    folder.mkdir()
    segno.make(encode_payload(PayloadKind.RECEIPT, receipt), error="m").save(
        folder / "receipt.png", scale=10, border=4
    )
    ui.devices.camera = FileCamera(folder, loop=True, fps=10)
    ui.live_capture = True
    window = KioskWindow(ui, monotonic=clock)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.show_screen(ScreenName.HOME)
    click(qtbot, window.current.progress_button)
    assert window.current.name is ScreenName.IDENTIFY
    reader = window.current.codes
    assert reader is not None and reader.running
    qtbot.waitUntil(lambda: window.current.name is ScreenName.PROGRESS, timeout=15_000)
    assert not reader.running  # the page was left: the scanner stopped, the camera closed
    (item,) = window.ui.visit.progress.view.items
    assert item.receipt_no == receipt
    assert isinstance(window.ui.visit, Visit) and window.ui.visit.session.applicant is None
    window.close()
