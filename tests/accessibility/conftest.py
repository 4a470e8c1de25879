"""Each accessibility test starts from Qt's default look.

The kiosk styles the whole application (``ui.style.apply_style``), and ``kiosk audit`` run
in process leaves that style behind; the audit's own tests build their widget trees from the
default look, so it is put back around every test.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication


@pytest.fixture(autouse=True)
def default_application_look():
    app = QApplication.instance()
    if app is None:
        yield
        return
    sheet, font, palette = app.styleSheet(), app.font(), app.palette()
    app.setStyleSheet("")
    yield
    app.setStyleSheet(sheet)
    app.setFont(font)
    app.setPalette(palette)
