"""办事指南: the checklist with 容缺 and 材料复用 marked; 开始办理 makes one pinned draft."""

from __future__ import annotations

from kiosk.domain.catalog import Supply
from kiosk.flows.outcome import ScreenName
from kiosk.storage.audit_repo import AuditLog
from tests.kiosk.flows.conftest import TODAY, elder, identified
from tests.support.synthetic import synthetic_person


def test_the_guide_lists_materials_with_what_may_follow_later(visit):
    identified(visit, "DEMO-MZ-001", elder())
    view = visit.guide.view
    assert view.name == "高龄津贴申领"
    supplies = {m.name: m.supply for m in view.materials}
    assert supplies["居民户口簿"] is Supply.LATER
    assert "可以以后补交" in view.prompt and "居民户口簿" in view.prompt
    assert view.time_limit.startswith("承诺") and view.fee
    assert view.questions > 5 and not view.has_open_draft


def test_a_bundle_names_its_members(visit):
    identified(visit, "DEMO-YJS-001", synthetic_person(21))
    view = visit.guide.view
    assert view.name == "新生儿出生一件事"
    assert "出生户口登记" in view.members and len(view.members) == 4


def test_start_creates_a_draft_pinned_to_the_catalogue_and_asks_for_a_pin(ctx, visit):
    identified(visit, "DEMO-MZ-001", elder())
    outcome = visit.guide.start()
    assert outcome.screen is ScreenName.PIN
    draft = visit.session.draft.draft
    assert draft.service_code == "DEMO-MZ-001"
    assert draft.catalog_version == ctx.catalogs.active().catalog.version
    # Consent and signature are answered on the review page, not as pages.
    assert visit.session.draft.flow.page.question.field.type not in ("consent", "signature")
    # Starting again (返回 from the first question) keeps the same draft.
    assert visit.guide.start().screen in (ScreenName.WIZARD, ScreenName.MATERIALS)
    assert visit.session.draft.draft.draft_id == draft.draft_id


def test_an_open_draft_is_offered_for_resuming(ctx, visit):
    person = elder()
    identified(visit, "DEMO-MZ-001", person)
    visit.guide.start()
    visit.session.end()
    identified(visit, "DEMO-MZ-001", person)
    assert visit.guide.view.has_open_draft
    assert visit.guide.resume().screen is ScreenName.RESUME


def test_a_material_supplied_before_is_marked_on_file(ctx, visit):
    person = synthetic_person(22)
    identified(visit, "DEMO-RS-001", person)
    visit.guide.start()
    draft = visit.session.draft
    ctx.applications.capture_material(
        draft, "material_hukou_booklet", b"photo of a hukou booklet", mime="image/jpeg", today=TODAY
    )
    visit.session.next_service()
    visit.home.choose("DEMO-YJS-001")
    lines = {m.name: m for m in visit.guide.view.materials}
    assert lines["居民户口簿"].on_file
    assert "您以前提交过" in visit.guide.view.prompt


def test_proxy_start_records_consent_in_the_audit_log(ctx, visit):
    helper, applicant = synthetic_person(23), elder()
    visit.home.choose("DEMO-MZ-001")
    visit.identify.set_proxy(True)
    for person in (helper, applicant):
        for digit in person.id_number:
            visit.identify.key(digit)
        visit.identify.submit_typed()
        visit.identify.confirm(consent=True)
    visit.guide.start()
    records = [r for r in AuditLog(ctx.store).records() if r.action == "proxy.consent"]
    assert len(records) == 1
    record = records[0]
    assert record.actor.startswith("helper:")
    assert record.on_behalf_of == ctx.applications.person_key(applicant.id_number)
    assert applicant.id_number not in str(record.detail)


def test_start_without_identity_goes_to_identify(visit):
    visit.home.choose("DEMO-MZ-001")
    assert visit.guide.start().screen is ScreenName.IDENTIFY
    assert visit.guide.back().screen is ScreenName.HOME
