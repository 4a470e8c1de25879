"""我帮办的申请: a volunteer's case list, and opening a case (progress, or the draft again)."""

from __future__ import annotations

from kiosk.cases import Urgency
from kiosk.domain.contact import mask_person_name
from kiosk.domain.states import ApplicationState
from kiosk.flows.identify import CardIdentity, Role
from kiosk.flows.outcome import ScreenName
from kiosk.flows.visit import Visit
from tests.kiosk.flows.conftest import fill_in
from tests.support.synthetic import SyntheticPerson, synthetic_person

PIN = "2580"
SIGNATURE = b"\x89PNG signature"


def elders(count: int) -> list[SyntheticPerson]:
    """Synthetic residents over 80 (高龄津贴 needs 80+)."""
    found = [p for p in (synthetic_person(s) for s in range(2000)) if p.birth_date.year <= 1944]
    return found[:count]


def card(visit: Visit, person: SyntheticPerson, *, consent: bool = False):
    visit.identify.card_read(CardIdentity(person.id_number, name=person.name))
    return visit.identify.confirm(consent=consent)


def help_start(visit: Visit, helper: SyntheticPerson, applicant: SyntheticPerson) -> None:
    """我是帮别人办: the helper's card, the applicant's card and consent, the PIN set."""
    visit.home.choose("DEMO-MZ-001")
    visit.identify.begin()
    visit.identify.set_proxy(True)
    card(visit, helper)
    card(visit, applicant, consent=True)
    assert visit.guide.start().screen is ScreenName.PIN
    for _ in range(2):
        for digit in PIN:
            visit.pin.key(digit)
        visit.pin.submit()


def open_list(visit: Visit, helper: SyntheticPerson):
    assert visit.home.cases().screen is ScreenName.CASES
    assert visit.cases.begin().screen is ScreenName.IDENTIFY
    visit.identify.begin()
    assert visit.identify.view.role is Role.HELPER
    assert "帮办员" in visit.identify.view.heading
    assert card(visit, helper).screen is ScreenName.CASES
    assert visit.cases.begin().screen is None
    return visit.cases.view


def _cases(ctx, helper, first, second) -> tuple[str, str]:
    """A half-filled draft for ``first`` and a submitted application (户口簿 owed) for
    ``second``, both opened by ``helper``; returns their draft ids."""
    visit = Visit(ctx)
    help_start(visit, helper, first)
    fill_in(visit, until=lambda page: page.question.id == "applicant_phone")
    draft_id = visit.session.draft.draft.draft_id
    visit.end()
    visit = Visit(ctx)
    help_start(visit, helper, second)
    fill_in(visit, later=frozenset({"material_hukou_booklet"}))
    visit.review.begin()
    for item in visit.review.view.consents:
        visit.review.set_consent(item.field_id, True)
    visit.review.signed(SIGNATURE)
    assert visit.review.submit().screen is ScreenName.RECEIPT
    submitted_id = visit.session.application.draft_id
    visit.end()
    return draft_id, submitted_id


def test_the_volunteer_sees_whom_they_help_and_what_each_case_needs(ctx):
    helper = synthetic_person(23)
    first, second = elders(2)
    draft_id, submitted_id = _cases(ctx, helper, first, second)
    view = open_list(Visit(ctx), helper)
    (group,) = view.groups
    assert group.title == "需要处理（2件）"
    by_id = {line.draft_id: line for line in group.cases}
    draft, sent = by_id[draft_id], by_id[submitted_id]
    assert draft.state_label == "草稿" and draft.action == "接着填写"
    assert draft.todo and draft.todo[0].startswith("还有") and draft.todo[0].endswith("项要填写")
    assert sent.state_label == "待提交" and sent.action == "查看进度" and sent.receipt_no
    assert sent.todo == ("需补交：居民户口簿",)
    for line, person in ((draft, first), (sent, second)):
        assert person.name not in line.applicant and "*" in line.applicant
        assert person.id_number not in line.applicant
        assert line.applicant.endswith(person.id_number[-4:])
        assert "申请人在屏幕上确认同意" in line.consent
    # The open speaker hears counts, never whom the volunteer helps.
    for person in (first, second):
        assert person.name not in view.prompt and person.id_number[-4:] not in view.prompt
    assert "共2件" in view.prompt


def test_a_submitted_case_opens_its_progress_and_returns_to_the_list(ctx):
    helper = synthetic_person(23)
    first, second = elders(2)
    _, submitted_id = _cases(ctx, helper, first, second)
    visit = Visit(ctx)
    open_list(visit, helper)
    assert visit.cases.open(submitted_id).screen is ScreenName.PROGRESS
    assert visit.progress.begin().screen is None  # no identity asked again
    (item,) = visit.progress.view.items
    assert item.service_name == "高龄津贴申领" and item.state is ApplicationState.QUEUED
    assert visit.progress.back().screen is ScreenName.CASES
    assert visit.cases.begin().screen is None  # the volunteer is still identified


def test_a_draft_reopens_only_with_the_applicant_present_and_its_pin(ctx):
    helper = synthetic_person(23)
    first, second = elders(2)
    draft_id, _ = _cases(ctx, helper, first, second)
    visit = Visit(ctx)
    open_list(visit, helper)
    assert visit.cases.open(draft_id).screen is ScreenName.IDENTIFY
    visit.identify.begin()
    view = visit.identify.view
    assert view.role is Role.APPLICANT and "申请人" in view.heading
    # 返回 from the applicant's identity: back to the list, the volunteer still known.
    assert visit.identify.back().screen is ScreenName.CASES
    visit.cases.open(draft_id)
    visit.identify.begin()
    # The wrong applicant: the draft is not theirs.
    assert card(visit, second, consent=True).screen is ScreenName.RESUME
    visit.resume.begin()
    assert visit.resume.view.chosen is None and "没有这份" in visit.resume.view.error
    # The right one, who agrees again, and the draft's PIN.
    visit.cases.begin()
    visit.cases.open(draft_id)
    visit.identify.begin()
    assert "确认同意" in card(visit, first).message  # consent is asked again
    assert card(visit, first, consent=True).screen is ScreenName.RESUME
    visit.resume.begin()
    assert visit.resume.view.chosen.draft_id == draft_id
    for digit in PIN:
        visit.resume.key(digit)
    outcome = visit.resume.submit()
    assert outcome.screen is ScreenName.WIZARD
    assert visit.session.draft.draft.draft_id == draft_id
    assert visit.draft.page.question.id == "applicant_phone"
    assert visit.session.proxy.id_number == helper.id_number


def test_another_volunteer_sees_none_of_these_cases(ctx):
    helper, other = synthetic_person(23), synthetic_person(24)
    first, second = elders(2)
    draft_id, _ = _cases(ctx, helper, first, second)
    visit = Visit(ctx)
    view = open_list(visit, other)
    assert view.groups == () and "还没有" in view.hint
    assert "不在您的列表里" in visit.cases.open(draft_id).message


def test_a_new_case_keeps_the_volunteer_and_asks_for_the_applicant(ctx):
    helper = synthetic_person(23)
    (applicant,) = elders(1)
    visit = Visit(ctx)
    open_list(visit, helper)
    assert visit.cases.new_case().screen is ScreenName.HOME
    visit.home.choose("DEMO-MZ-001")
    visit.identify.begin()
    assert visit.identify.view.role is Role.APPLICANT and visit.identify.view.proxy
    visit.identify.card_read(CardIdentity(applicant.id_number, name=applicant.name))
    view = visit.identify.view
    # The applicant sees whom they agree to: the volunteer, masked.
    assert view.needs_consent and view.helper == mask_person_name(helper.name)
    assert view.helper != helper.name
    assert visit.identify.confirm(consent=True).screen is ScreenName.GUIDE
    assert visit.guide.start().screen is ScreenName.PIN
    record = ctx.applications.cases.get(visit.session.draft.draft.draft_id)
    assert record.helper_key == ctx.applications.person_key(helper.id_number)
    assert visit.cases.view.groups[0].cases[0].urgency is Urgency.ACT


def test_a_service_that_must_be_done_in_person_is_refused_for_a_volunteer(ctx):
    helper = synthetic_person(23)
    applicant = synthetic_person(30)
    visit = Visit(ctx)
    open_list(visit, helper)
    visit.cases.new_case()
    visit.home.choose("DEMO-RS-002")
    visit.identify.begin()
    card(visit, applicant, consent=True)
    outcome = visit.guide.start()
    assert outcome.screen is None and "需要本人办理" in outcome.message
    assert visit.session.draft is None
