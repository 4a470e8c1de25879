"""继续上次的申请 by the draft slip's code: no card, the draft opens where it stopped as its
owner; wrong, locked, expired, submitted and 帮办 codes are refused in plain Chinese."""

from __future__ import annotations

from datetime import timedelta

from kiosk.flows.answers_text import chinese_date
from kiosk.flows.outcome import ScreenName
from kiosk.flows.resume import ResumeStage
from kiosk.flows.visit import Visit
from kiosk.storage.drafts_repo import CODE_MAX_FAILURES, draft_code_check
from kiosk.storage.receipt_numbers import CHINA_TZ
from kiosk.storage.timestamps import to_text, utc_now
from tests.kiosk.flows.conftest import elder, fill_in, identified, started


def _left_half_way(ctx, person=None) -> tuple[str, str, dict]:
    """A resident who answered a few questions and pressed 结束: the slip was offered."""
    visit = Visit(ctx)
    started(visit, "DEMO-MZ-001", person or elder())
    for _ in range(3):
        visit.draft.answer(visit.draft.page.value)
    assert visit.slip.offered
    slip = visit.slip.view
    stopped_at = visit.draft.page.question.id
    answers = dict(visit.session.draft.flow.answers)
    visit.slip.printed()
    visit.end()
    return slip.draft_code, stopped_at, answers


def _type(visit: Visit, code: str) -> None:
    for char in code:
        visit.resume.code_key(char)


def test_the_slip_says_what_to_bring_and_nothing_personal(ctx):
    person = elder()
    visit = Visit(ctx)
    started(visit, "DEMO-MZ-001", person)
    slip = visit.slip.view
    draft = visit.session.draft.draft
    assert slip.draft_code == draft.draft_code and len(slip.display_code) == 11
    assert slip.service_name == "高龄津贴申领"
    last_day = (draft.updated_at + timedelta(days=29)).astimezone(CHINA_TZ).date()
    assert dict(slip.lines)["保存到"] == chinese_date(last_day)
    text = " ".join([*(v for _, v in slip.lines), *slip.notes, slip.footer])
    assert "凭条或身份证" in text and "继续上次的申请" in text
    assert person.name not in text and person.id_number not in text
    assert person.id_number[-4:] not in text
    assert "保存到" in visit.slip.end_text


def test_typed_code_opens_the_draft_where_it_stopped_without_a_card(ctx):
    code, stopped_at, answers = _left_half_way(ctx)
    visit = Visit(ctx)
    assert visit.home.resume().screen is ScreenName.RESUME
    assert visit.resume.begin().screen is None  # the slip first, no identity asked
    assert visit.resume.stage is ResumeStage.CODE
    _type(visit, code.lower()[:4])
    assert visit.resume.view.code.startswith(code[:4]) and not visit.resume.view.code_complete
    refused = visit.resume.submit_code()
    assert "10位" in refused.message and refused.screen is None
    _type(visit, code.lower()[4:])
    assert visit.resume.view.code_complete
    outcome = visit.resume.submit_code()
    assert outcome.screen is ScreenName.WIZARD
    assert visit.draft.page.question.id == stopped_at
    assert visit.session.draft.flow.answers == answers
    assert visit.session.applicant.id_number == elder().id_number  # from the draft itself
    actions = [r.action for r in ctx.audit.for_subject(visit.session.draft.draft.draft_id)]
    assert "draft.slip_printed" in actions and actions[-1] == "draft.opened_by_code"


def test_a_scanned_slip_opens_it_on_the_resume_and_identity_pages(ctx):
    code, stopped_at, _ = _left_half_way(ctx)
    visit = Visit(ctx)
    visit.home.resume()
    visit.resume.begin()
    assert visit.code_scanned("draft", code).screen is ScreenName.WIZARD
    assert visit.draft.page.question.id == stopped_at
    # On the resume page, a code that is not a slip's opens nothing and says so.
    other = Visit(ctx)
    other.home.resume()
    other.resume.begin()
    refused = other.slip_scanned("text", elder().id_number)
    assert refused.screen is None and "不是草稿凭条" in refused.message
    assert other.session.applicant is None
    assert "没有读完整" in other.slip_scanned("invalid", "").message
    # While applying for something else, a slip is pointed to 继续上次的申请.
    other = Visit(ctx)
    other.home.choose("DEMO-MZ-001")
    refused = other.code_scanned("draft", code)
    assert refused.screen is None and "继续上次的申请" in refused.message


def test_a_wrong_code_is_told_and_kept_and_too_many_lock(ctx, caplog):
    caplog.set_level("DEBUG")
    code, _, _ = _left_half_way(ctx)
    body = ("0" if code[0] != "0" else "1") + code[1:-1]
    wrong = body + draft_code_check(body)  # well formed: a guess, not a typo
    visit = Visit(ctx)
    visit.home.resume()
    visit.resume.begin()
    _type(visit, wrong)
    first = visit.resume.submit_code()
    assert "没有找到这个草稿编号" in first.message and first.speak == first.message
    assert "还可以再试4次" in first.message
    assert visit.resume.view.code.replace(" ", "") == wrong  # kept, to compare with the slip
    assert visit.resume.view.error == first.message
    for _ in range(CODE_MAX_FAILURES - 1):
        last = visit.resume.submit_code()
    assert "过多" in last.message
    # A new visit (结束) does not reset it, and while locked even the right code waits.
    again = Visit(ctx)
    again.home.resume()
    again.resume.begin()
    assert "过多" in again.code_scanned("draft", code).message
    assert again.session.draft is None and again.session.applicant is None
    # Logged without the codes (a right one opens a draft; a wrong one may be one typo off).
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "draft code refused" in logged
    assert code not in logged and wrong not in logged


def test_expired_and_submitted_drafts_say_so(ctx):
    code, _, _ = _left_half_way(ctx)
    old = to_text(utc_now() - timedelta(days=ctx.settings.draft_retention_days, minutes=1))
    with ctx.store.transaction() as db:
        db.conn.execute("UPDATE drafts SET updated_at = ? WHERE draft_code = ?", (old, code))
    visit = Visit(ctx)
    visit.home.resume()
    visit.resume.begin()
    outcome = visit.code_scanned("draft", code)
    assert "超过30天" in outcome.message and "作废" in outcome.message
    assert visit.session.draft is None

    submitted = Visit(ctx)
    started(submitted, "DEMO-MZ-001", elder())
    done_code = submitted.session.draft.draft.draft_code
    done_id = submitted.session.draft.draft.draft_id
    assert ctx.applications.drafts.identity(done_id)["id_number"] == elder().id_number
    fill_in(submitted, later=frozenset({"material_hukou_booklet"}))
    submitted.review.begin()
    for item in submitted.review.view.consents:
        submitted.review.set_consent(item.field_id, True)
    submitted.review.signed(b"\x89PNG signature")
    submitted.review.submit()
    assert not submitted.slip.offered
    # The identity kept for the slip went with the submission.
    assert ctx.applications.drafts.identity(done_id) is None
    visit = Visit(ctx)
    visit.home.resume()
    visit.resume.begin()
    assert "已经提交" in visit.code_scanned("draft", done_code).message


def test_a_proxy_draft_has_no_slip_and_does_not_open_by_code(ctx):
    from tests.support.synthetic import synthetic_person

    helper = synthetic_person(11)
    person = elder()
    visit = Visit(ctx)
    visit.home.choose("DEMO-MZ-003")
    visit.identify.begin()
    visit.identify.set_proxy(True)
    from kiosk.flows.identify import CardIdentity

    visit.identify.card_read(CardIdentity(helper.id_number, name=helper.name))
    visit.identify.confirm()
    visit.identify.card_read(CardIdentity(person.id_number, name=person.name))
    visit.identify.confirm(consent=True)
    visit.guide.start()
    draft = visit.session.draft
    assert draft is not None and draft.draft.proxy_person_key is not None
    assert not visit.slip.offered
    code = draft.draft.draft_code
    visit.end()
    again = Visit(ctx)
    again.home.resume()
    again.resume.begin()
    outcome = again.code_scanned("draft", code)
    assert "帮办" in outcome.message and again.session.draft is None


def test_by_id_and_pin_is_still_there(ctx):
    person = elder()
    _left_half_way(ctx, person)
    visit = Visit(ctx)
    visit.home.resume()
    visit.resume.begin()
    assert visit.resume.use_id().screen is ScreenName.IDENTIFY
    identified(visit, "DEMO-MZ-001", person)
    visit.session.service_code = None
    visit.resume.begin()
    assert visit.resume.stage is ResumeStage.PIN
