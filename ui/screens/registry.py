"""The screens of the journey by name: the window builds each from here on first use."""

from __future__ import annotations

from kiosk.flows.outcome import ScreenName
from ui.screens.guide_screen import GuideScreen
from ui.screens.home_screen import HomeScreen
from ui.screens.identify_screen import IdentifyScreen
from ui.screens.pin_screen import PinScreen
from ui.screens.search_screen import SearchScreen
from ui.screens.services_screen import ServicesScreen

SCREENS = {
    ScreenName.HOME: HomeScreen,
    ScreenName.SERVICES: ServicesScreen,
    ScreenName.SEARCH: SearchScreen,
    ScreenName.IDENTIFY: IdentifyScreen,
    ScreenName.GUIDE: GuideScreen,
    ScreenName.PIN: PinScreen,
}
