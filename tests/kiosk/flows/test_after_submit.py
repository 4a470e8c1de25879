"""After submitting: progress by ID or receipt, rating, resuming a draft by PIN, admin."""

from __future__ import annotations

import pytest

from kiosk.domain.states import ApplicationState
from kiosk.flows.admin import AdminFlow, StatusLine
from kiosk.flows.outcome import ScreenName
from kiosk.flows.visit import Visit
from kiosk.storage.drafts_repo import hash_pin
from kiosk.storage.ratings_repo import Ratings
from tests.kiosk.flows.conftest import elder, fill_in, identified, started

SIGNATURE = b"\x89PNG signature"


def _submit(visit: Visit) -> None:
    fill_in(visit, later=frozenset({"material_hukou_booklet"}))
    visit.review.begin()
    for item in visit.review.view.consents:
        visit.review.set_consent(item.field_id, True)
    visit.review.signed(SIGNATURE)
    assert visit.review.submit().screen is ScreenName.RECEIPT


@pytest.fixture
def submitted(ctx, visit):
    person = elder()
    started(visit, "DEMO-MZ-001", person)
    _submit(visit)
    return visit, person


def test_progress_by_id_lists_the_persons_applications(ctx, submitted):
    visit, person = submitted
    visit.session.end()
    assert visit.progress.begin().screen is ScreenName.IDENTIFY
    visit.home.progress()
    identified(visit, "DEMO-MZ-001", person)
    view = visit.progress.view
    assert len(view.items) == 1
    item = view.items[0]
    assert item.service_name == "高龄津贴申领" and item.state_label == "待提交"
    assert "网络恢复后自动提交" in item.what_next
    assert "高龄津贴申领" in view.prompt


def test_progress_by_receipt_and_what_to_do_for_correction(ctx, submitted):
    visit, _ = submitted
    application = visit.session.application
    outbox = ctx.applications.outbox
    outbox.start_attempt(application.client_uuid, actor="sync")
    outbox.mark_accepted(application.client_uuid, server_id="S-1", actor="sync")
    outbox.transition(
        application.client_uuid,
        ApplicationState.NEEDS_CORRECTION,
        actor="sync",
        note="请补交户口簿首页复印件",
    )
    fresh = Visit(ctx)
    assert fresh.progress.scanned_receipt(application.receipt_no.lower()).screen is (
        ScreenName.PROGRESS
    )
    item = fresh.progress.view.items[0]
    assert item.state is ApplicationState.NEEDS_CORRECTION
    assert "补正" in item.what_next and item.note == "请补交户口簿首页复印件"
    assert "本机没有" in fresh.progress.scanned_receipt("K1-20260101-000000-X").message


def test_someone_with_no_applications_is_told_so(ctx, visit):
    visit.home.progress()
    identified(visit, "DEMO-MZ-001", elder())
    view = visit.progress.view
    assert view.items == () and "没有查到" in view.message


def test_rating_needs_a_reason_when_unhappy_and_happens_once(ctx, submitted):
    visit, _ = submitted
    visit.rating.begin()
    assert "请先选择" in visit.rating.submit().message
    view = visit.rating.choose(2)
    assert view.needs_reason
    assert "原因" in visit.rating.submit().message
    visit.rating.choose_reason("操作太复杂")
    assert visit.rating.submit().message == ""
    assert visit.rating.view.done
    stored = Ratings(ctx.store).get(visit.session.application.client_uuid)
    assert stored.level == 2 and stored.reason == "操作太复杂" and not stored.synced
    visit.rating.begin()
    assert visit.rating.view.done  # a second rating is not offered
    assert [r.client_uuid for r in Ratings(ctx.store).unsynced()] == [stored.client_uuid]


def test_a_happy_rating_needs_no_reason(submitted, ctx):
    visit, _ = submitted
    visit.rating.begin()
    visit.rating.choose(2)
    visit.rating.choose_reason("其他原因")
    visit.rating.choose(5)
    visit.rating.submit()
    stored = Ratings(ctx.store).get(visit.session.application.client_uuid)
    assert stored.level == 5 and stored.reason is None


def test_resume_by_pin_opens_the_draft_where_it_stopped(ctx, visit):
    person = elder()
    started(visit, "DEMO-MZ-001", person, pin="2580")
    for _ in range(3):
        visit.draft.answer(visit.draft.page.value)
    stopped_at = visit.draft.page.question.id
    draft_id = visit.session.draft.draft.draft_id
    visit.session.end()

    again = Visit(ctx)
    assert again.home.resume().screen is ScreenName.RESUME
    assert again.resume.begin().screen is None  # the slip's code first
    assert again.resume.use_id().screen is ScreenName.IDENTIFY
    identified(again, "DEMO-MZ-001", person)
    again.session.service_code = None
    again.resume.begin()
    view = again.resume.view
    assert view.chosen is not None and view.chosen.service_name == "高龄津贴申领"
    for digit in "1111":
        again.resume.key(digit)
    wrong = again.resume.submit()
    assert "还可以再试4次" in wrong.message
    for digit in "2580":
        again.resume.key(digit)
    outcome = again.resume.submit()
    assert outcome.screen is ScreenName.WIZARD
    assert again.session.draft.draft.draft_id == draft_id
    assert again.draft.page.question.id == stopped_at
    assert again.draft.page.question.field.type not in ("consent", "signature")


def test_five_wrong_pins_lock_the_draft(ctx, visit):
    person = elder()
    started(visit, "DEMO-MZ-001", person, pin="2580")
    visit.session.end()
    identified(visit, "DEMO-MZ-001", person)
    visit.resume.begin()
    messages = []
    for _ in range(5):
        for digit in "9999":
            visit.resume.key(digit)
        messages.append(visit.resume.submit().message)
    assert "过多" in messages[-1]
    for digit in "2580":
        visit.resume.key(digit)
    assert "过多" in visit.resume.submit().message  # even the right PIN, while locked
    assert visit.session.draft is None


def test_admin_pin_lockout_and_status(ctx):
    clock = [0.0]
    admin = AdminFlow(
        pin_hash=lambda: hash_pin("135790"),
        catalogs=ctx.catalogs,
        applications=ctx.applications,
        devices=lambda: [StatusLine("读卡器", "正常", True)],
        log_tail=lambda: ["12:00 INFO session ended (idle)"],
        now=lambda: clock[0],
    )
    assert not admin.view.unlocked
    assert "请先输入" in admin.leave_kiosk_mode().message
    for _ in range(5):
        for digit in "1111":
            admin.key(digit)
        admin.submit()
    for digit in "135790":
        admin.key(digit)
    assert "过多" in admin.submit().message and not admin.unlocked
    clock[0] += 15 * 60 + 1
    for digit in "135790":
        admin.key(digit)
    admin.submit()
    view = admin.view
    assert view.unlocked and view.pending == 0
    assert view.catalog_version == ctx.catalogs.active().catalog.version
    assert view.devices[0].name == "读卡器"
    assert admin.leave_kiosk_mode().quit
    assert not admin.unlocked


def test_admin_without_a_configured_pin_says_how_to_set_one(ctx):
    admin = AdminFlow(pin_hash=lambda: None, catalogs=ctx.catalogs, applications=ctx.applications)
    admin.key("1")
    assert "kiosk admin-pin" in admin.submit().message


def test_the_staff_status_names_the_server_and_says_how_the_sync_stands(ctx):
    from kiosk.flows.admin import SyncFacts

    facts: list[SyncFacts | None] = [None]
    admin = AdminFlow(
        pin_hash=lambda: hash_pin("135790"),
        catalogs=ctx.catalogs,
        applications=ctx.applications,
        sync=lambda: facts[0],
    )
    for digit in "135790":
        admin.key(digit)
    assert admin.submit().speak == admin.view.prompt  # unlocked: the status is said
    assert "同步：未配置服务器" in admin.view.status
    assert "未配置服务器" in admin.view.prompt

    facts[0] = SyncFacts(
        online=True,
        last_success="12月01日 15:30",
        next_attempt="",
        parked=1,
        server="https://zwfw.example.cn",
    )
    view = admin.view
    assert view.status[:4] == (
        "待提交的申请：0件",
        "服务器：https://zwfw.example.cn",
        "网络：已连接",
        "上次同步成功：12月01日 15:30",
    )
    assert "被退回待处理：1件" in view.status and "未配置服务器" not in "".join(view.status)
    # Said: the queue and the last success; the address is only shown.
    assert "上次同步成功：12月01日 15:30" in view.prompt and "example" not in view.prompt
