"""The screens of the journey by name: the window builds each from here on first use."""

from __future__ import annotations

from kiosk.flows.outcome import ScreenName
from ui.screens.admin_screen import AdminScreen
from ui.screens.guide_screen import GuideScreen
from ui.screens.home_screen import HomeScreen
from ui.screens.identify_screen import IdentifyScreen
from ui.screens.materials_screen import MaterialsScreen
from ui.screens.pin_screen import PinScreen
from ui.screens.progress_screen import ProgressScreen
from ui.screens.rating_screen import RatingScreen
from ui.screens.receipt_screen import ReceiptScreen
from ui.screens.resume_screen import ResumeScreen
from ui.screens.review_screen import ReviewScreen
from ui.screens.search_screen import SearchScreen
from ui.screens.services_screen import ServicesScreen
from ui.screens.wizard_screen import WizardScreen

SCREENS = {
    ScreenName.HOME: HomeScreen,
    ScreenName.SERVICES: ServicesScreen,
    ScreenName.SEARCH: SearchScreen,
    ScreenName.IDENTIFY: IdentifyScreen,
    ScreenName.GUIDE: GuideScreen,
    ScreenName.PIN: PinScreen,
    ScreenName.WIZARD: WizardScreen,
    ScreenName.MATERIALS: MaterialsScreen,
    ScreenName.REVIEW: ReviewScreen,
    ScreenName.RECEIPT: ReceiptScreen,
    ScreenName.PROGRESS: ProgressScreen,
    ScreenName.RATING: RatingScreen,
    ScreenName.RESUME: ResumeScreen,
    ScreenName.ADMIN: AdminScreen,
}
