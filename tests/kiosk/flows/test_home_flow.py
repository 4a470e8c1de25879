"""Home: popular services, categories, search by Chinese or pinyin initials, choosing."""

from __future__ import annotations

from kiosk.flows.home import HomeFlow
from kiosk.flows.outcome import ScreenName
from kiosk.flows.session import Purpose
from kiosk.search import BUNDLE_CATEGORY


def test_popular_follows_usage_then_catalogue_order(ctx, visit):
    catalogue_first = [t.code for t in visit.home.popular()]
    assert catalogue_first[0] == "DEMO-MZ-001"
    counts = {"DEMO-YB-002": 5, "DEMO-RS-003": 2}
    home = HomeFlow(ctx.catalogs, visit.session, usage=lambda: counts)
    ranked = [t.code for t in home.popular()]
    assert ranked[:3] == ["DEMO-YB-002", "DEMO-RS-003", "DEMO-MZ-001"]
    assert len(ranked) == 6


def test_categories_are_in_the_residents_order_and_count_their_services(visit):
    categories = visit.home.categories()
    names = [c.name for c in categories]
    assert names[:6] == ["养老", "医保", "社保", "民政救助", "户籍", "残疾人"]
    assert BUNDLE_CATEGORY in names
    bundles = next(c for c in categories if c.name == BUNDLE_CATEGORY)
    assert bundles.count == 2


def test_opening_a_category_lists_only_its_services(visit):
    outcome = visit.home.open_category("医保")
    assert outcome.screen is ScreenName.SERVICES
    listing = visit.home.listing
    assert listing is not None and listing.title == "医保"
    assert {t.code for t in listing.tiles} == {"DEMO-YB-001", "DEMO-YB-002", "DEMO-YB-003"}
    assert "3项" in listing.speak


def test_search_by_pinyin_initials_finds_the_allowance_first(visit):
    found = visit.home.search("gljt")
    assert found.tiles[0].name == "高龄津贴申领"
    assert visit.home.search("GLJT").tiles[0].code == "DEMO-MZ-001"


def test_search_by_keyword_finds_the_bundle(visit):
    found = visit.home.search("上户口")
    codes = [t.code for t in found.tiles]
    assert "DEMO-YJS-001" in codes


def test_search_with_nothing_found_says_what_to_do(visit):
    found = visit.home.search("宠物登记")
    assert found.tiles == ()
    assert "帮助" in found.message and found.speak == found.message


def test_an_empty_search_asks_for_input_without_results(visit):
    found = visit.home.search("  ")
    assert found.tiles == () and found.message == ""
    assert "拼音首字母" in found.speak


def test_choosing_a_service_asks_for_identity_first(visit):
    outcome = visit.home.choose("DEMO-MZ-001")
    assert outcome.screen is ScreenName.IDENTIFY
    assert visit.session.service_code == "DEMO-MZ-001"
    assert visit.session.purpose is Purpose.APPLY


def test_choosing_an_unknown_code_is_refused_plainly(visit):
    outcome = visit.home.choose("NOPE")
    assert outcome.screen is None and "不能办理" in outcome.message
    assert visit.session.service_code is None


def test_resume_and_progress_set_the_purpose(visit):
    assert visit.home.resume().screen is ScreenName.RESUME
    assert visit.session.purpose is Purpose.RESUME
    assert visit.home.progress().screen is ScreenName.PROGRESS
    assert visit.session.purpose is Purpose.PROGRESS
