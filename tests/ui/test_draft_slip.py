"""草稿凭条 end to end on the real widgets: 结束 with a draft open offers the slip; it is
printed (ESC/POS bytes, or a PDF whose text and QR code are read back); 继续上次的申请 opens
the draft by the code typed on the code keypad, or by the printed slip held up to the camera
(the real scanner thread and decoder), at the question it stopped at, answers kept."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtPdf import QPdfDocument

from devices.camera import FileCamera
from devices.codes.payloads import PayloadKind, encode_payload
from devices.printer.base import SIZE_TRIPLE
from devices.printer.dummy import DummyPrinter
from devices.printer.pdf_printer import PdfPrinter
from kiosk.flows.outcome import ScreenName
from tests.accessibility.test_keypad_journey import journey  # noqa: F401 - a fixture
from tests.kiosk.flows.conftest import elder, started
from tests.ui.conftest import click
from ui.window import KioskWindow


def _window(ui, qtbot, clock) -> KioskWindow:
    window = KioskWindow(ui, monotonic=clock)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.show_screen(ScreenName.HOME)
    return window


def _half_way(window) -> tuple[str, str, dict]:
    """The elder started 高龄津贴, set his PIN and answered three questions (on screen)."""
    visit = window.ui.visit
    started(visit, "DEMO-MZ-001", elder())
    for _ in range(3):
        visit.draft.answer(visit.draft.page.value)
    window.show_screen(ScreenName.WIZARD)
    draft = visit.session.draft
    return draft.draft.draft_code, draft.flow.page.question.id, dict(draft.flow.answers)


def _leave_with_slip(qtbot, window) -> None:
    click(qtbot, window.topbar.end_button)
    dialog = window.end_dialog
    assert dialog.isVisible() and dialog.slip_button.isVisible()
    assert "草稿凭条" in dialog.text.text() and "保存到" in dialog.text.text()
    click(qtbot, dialog.slip_button)
    assert window.open_dialog() is window.slip_dialog  # time to take it
    assert "出纸口" in window.slip_dialog.text.text()
    assert "凭条已打印" in window.ui.speaker.spoken[-1]
    click(qtbot, window.slip_dialog.done_button)
    assert window.current.name is ScreenName.HOME
    assert not window.ui.visit.session.active  # the resident is forgotten


def test_slip_on_paper_then_the_code_typed_on_the_keypad(qtbot, ui, clock):
    printer = DummyPrinter()
    ui.devices.printer = printer
    window = _window(ui, qtbot, clock)
    person = elder()
    code, stopped_at, answers = _half_way(window)
    _leave_with_slip(qtbot, window)

    out = bytes(printer.output)
    printed = out.decode("gb18030", errors="replace")
    assert "草稿凭条" in printed and "高龄津贴申领" in printed
    # The code large (triple size: a group of five to a line of the 58 mm roll), and as a QR
    # code carrying its check.
    assert SIZE_TRIPLE + f"{code[:5]}\n{code[5:]}\n".encode() in out
    assert encode_payload(PayloadKind.DRAFT, code).encode() in out
    for secret in (person.name, person.id_number, person.id_number[-4:]):
        assert secret not in printed

    click(qtbot, window.current.resume_button)
    resume = window.current
    assert resume.name is ScreenName.RESUME
    assert resume.code_keypad.isVisible() and not resume.keypad.isVisible()
    assert "I" not in resume.code_keypad.keys and "O" not in resume.code_keypad.keys
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")  # one key off: the check sees it
    for char in wrong:
        click(qtbot, resume.code_keypad.keys[char])
    assert resume.code.text() == f"{wrong[:5]} {wrong[5:]}"
    click(qtbot, resume.ok_button)
    (error,) = resume.errors.messages
    assert "有一位不对" in error and "再试" not in error  # a typo is not counted
    assert window.ui.speaker.spoken[-1] == error  # said as well as shown
    click(qtbot, resume.code_keypad.keys["删除"])
    click(qtbot, resume.code_keypad.keys[code[-1]])
    click(qtbot, resume.ok_button)
    assert window.current.name is ScreenName.WIZARD
    assert window.ui.visit.draft.page.question.id == stopped_at
    assert window.ui.visit.session.draft.flow.answers == answers
    assert window.ui.visit.session.applicant.id_number == person.id_number
    window.close()


def test_the_printed_pdf_slip_held_up_to_the_camera_opens_the_draft(qtbot, ui, clock, tmp_path):
    ui.devices.printer = PdfPrinter(tmp_path / "slips")
    window = _window(ui, qtbot, clock)
    code, stopped_at, answers = _half_way(window)
    _leave_with_slip(qtbot, window)

    path = Path(window.last_slip)
    assert path.name.startswith("draft-slip-")  # not taken for a receipt
    document = QPdfDocument()
    assert document.load(str(path)) == QPdfDocument.Error.None_
    assert document.pageCount() == 1
    text = unicodedata.normalize("NFKC", document.getAllText(0).text())
    for expected in ("草稿凭条", "草稿编号", "高龄津贴申领", "凭条或身份证", "保存到"):
        assert expected in text
    # The code in the text layer too (what a screen reader reads and a copy gives), digits
    # included: Noto CJK's 'locl' digits once came out as control characters.
    assert code in "".join(text.split())
    assert not [c for c in text if unicodedata.category(c) == "Cc" and c not in "\r\n"]
    # The slip as the camera would see it: the rendered page, through the real decoder.
    size = document.pagePointSize(0)
    width = 640
    page = document.render(0, QSize(width, round(width * size.height() / size.width())))
    folder = tmp_path / "camera"
    folder.mkdir()
    assert page.save(str(folder / "slip.png"))
    ui.devices.camera = FileCamera(folder, loop=True, fps=10)
    ui.live_capture = True

    click(qtbot, window.current.resume_button)  # a new visit's screens: the camera is on
    reader = window.current.codes
    assert window.current.name is ScreenName.RESUME and reader is not None and reader.running
    assert "二维码对准摄像头" in window.current.hint.text()
    qtbot.waitUntil(lambda: window.current.name is ScreenName.WIZARD, timeout=15_000)
    assert not reader.running  # the page was left: the scanner stopped
    assert window.ui.visit.session.draft.draft.draft_code == code
    assert window.ui.visit.draft.page.question.id == stopped_at
    assert window.ui.visit.session.draft.flow.answers == answers
    window.close()


def test_no_slip_is_offered_without_a_draft_or_for_a_submitted_one(qtbot, ui, clock):
    ui.devices.printer = DummyPrinter()
    window = _window(ui, qtbot, clock)
    window.ui.visit.home.choose("DEMO-MZ-001")
    window.show_screen(ScreenName.IDENTIFY)
    click(qtbot, window.topbar.end_button)
    assert window.end_dialog.isVisible() and not window.end_dialog.slip_button.isVisible()
    assert "身份证和密码" in window.end_dialog.text.text()
    window.close()


def test_the_slip_and_the_code_with_keys_only(journey):  # noqa: F811 - the fixture
    """A keypad user: 打印草稿凭条 in the 结束 dialog (Up/Down, Enter), 继续上次的申请, the
    code's digits on the number keys and its letters as keys, 确定: the draft opens where it
    stopped."""
    keys, window, speaker = journey
    code, stopped_at, answers = _half_way(window)
    window.confirm_end()
    assert window.open_dialog() is window.end_dialog
    keys.choose("打印草稿凭条")
    assert window.open_dialog() is window.slip_dialog
    keys.choose("好的，结束")
    assert window.current.name is ScreenName.HOME
    keys.choose("继续上次的申请")
    assert window.current.name is ScreenName.RESUME
    for char in code:
        keys.press(getattr(Qt.Key, f"Key_{char}"))
    assert window.current.code.text() == f"{code[:5]} {code[5:]}"
    keys.choose("确定")
    assert window.current.name is ScreenName.WIZARD
    assert window.ui.visit.draft.page.question.id == stopped_at
    assert window.ui.visit.session.draft.flow.answers == answers
    assert not any(code[:5] in line for line in speaker.spoken)  # no prompt reads it out


def test_ending_from_the_idle_warning_offers_the_slip_too(qtbot, ui, clock):
    printer = DummyPrinter()
    ui.devices.printer = printer
    window = _window(ui, qtbot, clock)
    _half_way(window)
    clock.t += window.ui.flows.settings.idle_timeout_s
    window.tick_idle()
    assert window.idle_dialog.isVisible()
    end_button = window.idle_dialog.buttons.itemAt(1).widget()
    assert end_button.text() == "结束办理"
    click(qtbot, end_button)
    assert not window.idle_dialog.isVisible() and window.end_dialog.isVisible()
    assert window.end_dialog.slip_button.isVisible()
    clock.t += window.ui.flows.settings.idle_timeout_s - 1
    window.tick_idle()  # the resident answered: the time-out started again
    assert window.end_dialog.isVisible() and window.ui.visit.session.active
    click(qtbot, window.end_dialog.slip_button)
    assert printer.output and window.slip_dialog.isVisible()
    # He walked away with the slip without pressing 好的: the time-out ends the session.
    clock.t += window.ui.flows.settings.idle_timeout_s
    window.tick_idle()
    clock.t += window.ui.flows.settings.idle_warning_s
    window.tick_idle()
    assert not window.ui.visit.session.active and not window.slip_dialog.isVisible()
