"""The fixed bars at 特大: the top bar's height follows the window's width whatever size came
before, and a bottom bar whose buttons wrap keeps the height of its rows (the page scrolls).

Both were found by ``kiosk audit`` and depended on what the window had been before, so each
test sets sizes in the order that broke them and audits the window as the audit does.
"""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from accessibility.audit.engine import audit_screen
from accessibility.audit.runner import fit_window, run_audit
from accessibility.language import Language
from accessibility.scale import FontScale
from accessibility.theme import STANDARD
from kiosk.app import DEMO_ADMIN_PIN, build_window
from kiosk.flows.outcome import ScreenName
from ui.tour import TourClock, spoken_prompt, tour

TABLET, KIOSK, LAPTOP = (800, 1280), (1920, 1080), (1280, 800)


def geometry_faults(window) -> list[str]:
    found = audit_screen(window, theme=window.theme, only=["geometry", "text"])
    return [f"{v.kind.value} {v.widget} {v.detail}" for v in found]


def test_the_top_bar_at_a_size_is_the_same_however_the_window_got_there(window):
    window.set_scale(FontScale.XLARGE)
    window.show_screen(ScreenName.SEARCH)  # 结束 shows: five buttons
    topbar = window.topbar

    def shape():
        return topbar.height(), topbar.title.isVisible(), window.stack.y()

    fit_window(window, KIOSK)
    one_row = shape()
    buttons = [topbar.buttons.itemAt(i).widget() for i in range(topbar.buttons.count())]
    assert len({b.y() for b in buttons if b.isVisible()}) == 1  # one row on the kiosk
    assert one_row[1]  # with the device's name beside it
    fit_window(window, TABLET)
    assert shape()[0] > one_row[0]  # the buttons wrap on the tablet
    for size in (KIOSK, LAPTOP, TABLET, KIOSK):
        fit_window(window, size)
        assert geometry_faults(window) == [], size
    assert shape() == one_row
    assert window.stack.geometry().top() > topbar.geometry().bottom()


@pytest.mark.parametrize("language", [Language.ZH_CN, Language.EN], ids=lambda lang: lang.name)
def test_at_xlarge_on_the_laptop_the_top_bar_is_one_row_of_full_size_buttons(window, language):
    # 83 px too wide (English 99) with the buttons' usual padding: 结束 wrapped onto a second
    # row and the page kept 309 px of 800.
    window.set_language(language)
    window.set_scale(FontScale.XLARGE)
    window.show_screen(ScreenName.SEARCH)  # 结束 shows: five buttons
    fit_window(window, LAPTOP)
    topbar = window.topbar
    buttons = [topbar.buttons.itemAt(i).widget() for i in range(topbar.buttons.count())]
    shown = [b for b in buttons if b.isVisible()]
    assert len(shown) == 5
    assert len({b.y() for b in shown}) == 1
    for button in shown:
        assert min(button.width(), button.height()) >= 64
        assert button.fontInfo().pixelSize() >= FontScale.XLARGE.body_px  # text at the scale
    assert topbar.height() < 2 * shown[0].height()
    assert geometry_faults(window) == []


def test_a_wrapped_bottom_bar_keeps_its_rows_and_the_page_gives_way(window):
    # The receipt's bar with the longer English labels it once had: two rows at 特大 on
    # 1280x800, under a top bar then of two rows (the page is left less than its scroll bar's
    # minimum, which used to take its share out of the bar and cut off its second row).
    window.set_scale(FontScale.XLARGE)
    screen = window.show_screen(ScreenName.HOME)
    window.topbar.end_button.show()
    buttons = [screen.nav.itemAt(i).widget() for i in range(screen.nav.count())]
    for button, label in zip(
        buttons, ("Print receipt", "Another service", "Rate", "End"), strict=True
    ):
        button.set_label(label)
        button.show()
    fit_window(window, LAPTOP)
    bar = screen.navbar
    assert bar.heightForWidth(bar.width()) > 2 * buttons[0].height()  # it does wrap
    assert bar.height() == bar.heightForWidth(bar.width())
    assert all(bar.rect().contains(b.geometry()) for b in buttons)
    assert screen.scroll.height() >= 64  # what is left of the page still scrolls
    assert geometry_faults(window) == []


@pytest.fixture
def tour_window(kiosk, qapp):
    clock = TourClock()
    window = build_window(kiosk, demo=True, today=date.today, immediate=True, monotonic=clock)
    window.resize(*LAPTOP)
    window.show()
    yield window, clock
    window.close()


def audit_first_stops(window, clock, sizes, stops=6) -> list[tuple]:
    base = window.scale

    def apply(widget, combo):
        if widget.window().scale is not combo.scale:
            widget.window().set_scale(combo.scale)

    def restore(widget):
        widget.window().set_scale(base)
        widget.window().setFixedSize(*LAPTOP)

    visited = (
        (screen, state, widget, spoken_prompt(window))
        for screen, state, widget in itertools.islice(
            tour(window, clock=clock, admin_pin=DEMO_ADMIN_PIN), stops
        )
    )
    report = run_audit(
        visited,
        apply=apply,
        restore=restore,
        scales=[FontScale.XLARGE],
        themes=[STANDARD],
        sizes=sizes,
        focus_once=False,
    )
    return sorted(
        (v["screen"], v["size"], v["kind"], v["widget"], v["detail"]) for v in report["violations"]
    )


def test_the_audit_finds_nothing_with_the_tablet_before_the_kiosk(tour_window):
    window, clock = tour_window
    assert audit_first_stops(window, clock, [TABLET, KIOSK]) == []


def test_a_dialog_taller_than_the_window_widens_before_it_is_cut_off(window):
    # Three long buttons and three lines of text at 特大 on 1280x800: at three fifths of
    # the width the buttons took two rows and the panel was taller than the window.
    window.set_scale(FontScale.XLARGE)
    dialog = window.end_dialog
    dialog.set_texts(
        "End this visit?",
        "Your unfinished application is kept until 31/12/2026. You can print a draft slip."
        " Bring it or your ID card next time to carry on.",
    )
    for label in ("Continue with it", "Print the draft slip", "End this visit"):
        dialog.add_button(label, dialog.close_dialog)
    fit_window(window, LAPTOP)
    dialog.open()
    fit_window(window, LAPTOP)
    panel = dialog.panel
    assert panel.height() == panel.heightForWidth(panel.width())
    assert dialog.rect().contains(panel.geometry())
    assert geometry_faults(window) == []
    dialog.close_dialog()
