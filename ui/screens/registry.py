"""The screens of the journey by name: the window builds each from here on first use.

Each screen's module is imported when the screen is first needed (or by the start-up
warm-up on a background thread), not when the kiosk starts: the materials screen alone
brings OpenCV, and a cold start to the home screen is a benchmarked figure.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from importlib import import_module

from kiosk.flows.outcome import ScreenName

_WHERE = {
    ScreenName.HOME: "home_screen:HomeScreen",
    ScreenName.SERVICES: "services_screen:ServicesScreen",
    ScreenName.SEARCH: "search_screen:SearchScreen",
    ScreenName.IDENTIFY: "identify_screen:IdentifyScreen",
    ScreenName.GUIDE: "guide_screen:GuideScreen",
    ScreenName.PIN: "pin_screen:PinScreen",
    ScreenName.WIZARD: "wizard_screen:WizardScreen",
    ScreenName.MATERIALS: "materials_screen:MaterialsScreen",
    ScreenName.REVIEW: "review_screen:ReviewScreen",
    ScreenName.RECEIPT: "receipt_screen:ReceiptScreen",
    ScreenName.PROGRESS: "progress_screen:ProgressScreen",
    ScreenName.RATING: "rating_screen:RatingScreen",
    ScreenName.RESUME: "resume_screen:ResumeScreen",
    ScreenName.ADMIN: "admin_screen:AdminScreen",
    ScreenName.CASES: "cases_screen:CasesScreen",
}


class ScreenRegistry(Mapping):
    """``ScreenName`` → screen class, imported on first look-up."""

    def __getitem__(self, name: ScreenName) -> type:
        module, _, cls = _WHERE[ScreenName(name)].partition(":")
        return getattr(import_module(f"ui.screens.{module}"), cls)

    def __iter__(self) -> Iterator[ScreenName]:
        return iter(_WHERE)

    def __len__(self) -> int:
        return len(_WHERE)

    def preload(self) -> None:
        """Imports every screen module (safe on a background thread: no widget is made)."""
        for name in _WHERE:
            self[name]


SCREENS = ScreenRegistry()
