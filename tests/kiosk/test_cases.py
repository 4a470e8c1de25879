"""The volunteer's case list: whom I help, where each case stands, what is still to do."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kiosk.app import open_kiosk
from kiosk.applications import ApplicationService, DraftSession
from kiosk.cases import CaseBook, Urgency
from kiosk.demo_journey import synthetic_png
from kiosk.domain.catalog import FieldType, Supply
from kiosk.domain.contact import mask_person_name
from kiosk.domain.forms import IdentityFacts
from kiosk.domain.states import ApplicationState
from kiosk.flows.wizard import ReviewReady
from kiosk.storage.keys import load_or_create_device_secret
from kiosk.storage.retention import Retention
from tests.support.catalogs import mini_catalog_bytes
from tests.support.synthetic import synthetic_person

TODAY = date(2026, 11, 22)


def facts(seed: int, *, birth: date = date(1940, 3, 4)) -> IdentityFacts:
    person = synthetic_person(seed)
    return IdentityFacts(
        id_number=person.id_number,
        name=person.name,
        sex=person.sex,
        birth_date=birth,
        region_code=person.region_code,
    )


@pytest.fixture
def kiosk(tmp_path):
    with open_kiosk(tmp_path / "data") as opened:
        opened.catalogs.install(mini_catalog_bytes(), source="usb")
        yield opened


@pytest.fixture
def service(kiosk) -> ApplicationService:
    return ApplicationService(
        kiosk.store,
        catalogs=kiosk.catalogs,
        device_secret=load_or_create_device_secret(kiosk.data_dir),
        material_root=kiosk.data_dir / "materials",
        device_code="T1",
    )


@pytest.fixture
def book(kiosk) -> CaseBook:
    return CaseBook(kiosk.store, catalogs=kiosk.catalogs, device_code="T1")


HELPER = facts(900, birth=date(1985, 6, 1))


def fill(service: ApplicationService, session: DraftSession, *, hukou_later: bool) -> None:
    page = session.flow.page
    for photo in range(1, 30):
        if isinstance(page, ReviewReady):
            return
        field = page.question.field
        if page.value is not None:
            answer = page.value
        elif field.type == FieldType.MATERIAL:
            if hukou_later and page.question.supply == Supply.LATER:
                answer = {"later": True}
            else:
                answer = service.capture_material(
                    session, page.question.id, synthetic_png(photo), mime="image/png", today=TODAY
                )
        elif field.type == FieldType.PHONE:
            answer = "13800138000"
        elif field.type == FieldType.SINGLE_CHOICE:
            answer = field.options[0].value
        elif field.type == FieldType.CONSENT:
            answer = True
        elif field.type == FieldType.SIGNATURE:
            answer = {"sha256": service.materials.put(synthetic_png(99), mime="image/png")}
        else:
            raise AssertionError(f"no answer for {field.type}")
        page = session.flow.answer(answer)
        assert isinstance(page, ReviewReady) or not page.errors, page.errors
    raise AssertionError("form did not end")


def helper_key(service: ApplicationService) -> str:
    return service.person_key(HELPER.id_number)


def test_a_proxy_draft_opens_a_case_that_names_the_applicant_masked(service, book) -> None:
    applicant = facts(1)
    session = service.start("T-ALLOW", applicant=applicant, today=TODAY, actor="t", proxy=HELPER)
    [entry] = book.for_helper(helper_key(service), today=TODAY)
    assert entry.draft_id == session.draft.draft_id
    assert entry.applicant.startswith(mask_person_name(applicant.name) + " ")
    assert applicant.id_number not in entry.applicant
    assert entry.applicant.endswith(applicant.id_number[-4:])
    assert (entry.state, entry.state_label, entry.urgency) == (
        ApplicationState.DRAFT,
        "草稿",
        Urgency.ACT,
    )
    assert entry.service_name == "高龄津贴申领"
    assert entry.todo[0].startswith("还有 ") and entry.todo[0].endswith(" 项要填写")


def test_only_the_helpers_own_cases_are_listed(service, book) -> None:
    service.start("T-ALLOW", applicant=facts(1), today=TODAY, actor="t", proxy=HELPER)
    service.start("T-ALLOW", applicant=facts(2), today=TODAY, actor="t")  # not on someone's behalf
    other_helper = facts(901, birth=date(1990, 1, 1))
    assert book.for_helper(service.person_key(other_helper.id_number), today=TODAY) == []
    assert len(book.for_helper(helper_key(service), today=TODAY)) == 1


def test_what_is_owed_and_what_needs_correction_comes_first(service, book, kiosk) -> None:
    owed = service.start("T-ALLOW", applicant=facts(1), today=TODAY, actor="t", proxy=HELPER)
    fill(service, owed, hukou_later=True)
    owed_app = service.submit(owed, today=TODAY, actor="t")

    waiting = service.start("T-ALLOW", applicant=facts(2), today=TODAY, actor="t", proxy=HELPER)
    fill(service, waiting, hukou_later=False)
    waiting_app = service.submit(waiting, today=TODAY, actor="t")

    corrected = service.start("T-ALLOW", applicant=facts(3), today=TODAY, actor="t", proxy=HELPER)
    fill(service, corrected, hukou_later=False)
    corrected_app = service.submit(corrected, today=TODAY, actor="t")
    for app in (corrected_app, waiting_app):
        service.outbox.start_attempt(app.client_uuid, actor="sync")
        service.outbox.mark_accepted(app.client_uuid, server_id=f"S-{app.receipt_no}", actor="s")
    service.outbox.transition(
        corrected_app.client_uuid,
        ApplicationState.NEEDS_CORRECTION,
        actor="sync",
        note="户口簿照片不清楚，请带原件到窗口",
    )
    abandoned = service.start("T-ALLOW", applicant=facts(4), today=TODAY, actor="t", proxy=HELPER)
    service.drafts.abandon(abandoned.draft.draft_id, actor="t")

    entries = {e.draft_id: e for e in book.for_helper(helper_key(service), today=TODAY)}
    assert entries[owed.draft.draft_id].todo == ("需补交：户口簿",)
    assert entries[owed.draft.draft_id].receipt_no == owed_app.receipt_no
    assert entries[owed.draft.draft_id].state_label == "待提交"
    assert entries[corrected.draft.draft_id].todo == ("需补正：户口簿照片不清楚，请带原件到窗口",)
    assert entries[waiting.draft.draft_id].todo == ()
    assert entries[waiting.draft.draft_id].urgency == Urgency.WAIT
    assert entries[abandoned.draft.draft_id].state_label == "已放弃"

    order = [e.urgency for e in book.for_helper(helper_key(service), today=TODAY)]
    assert order == sorted(order)
    assert order.count(Urgency.ACT) == 2 and order[-1] == Urgency.DONE


def test_after_retention_the_case_keeps_only_the_masked_id(service, book, kiosk) -> None:
    applicant = facts(5)
    session = service.start("T-ALLOW", applicant=applicant, today=TODAY, actor="t", proxy=HELPER)
    fill(service, session, hukou_later=False)
    app = service.submit(session, today=TODAY, actor="t")
    service.outbox.start_attempt(app.client_uuid, actor="sync")
    service.outbox.mark_accepted(app.client_uuid, server_id="S-9", actor="sync")
    Retention(kiosk.store, material_root=kiosk.data_dir / "materials").purge(
        draft_retention=timedelta(days=30), after_ack=timedelta(0), actor="t"
    )
    [entry] = book.for_helper(helper_key(service), today=TODAY)
    assert entry.applicant == service.cases.get(session.draft.draft_id).applicant_id_masked
    assert service.cases.get(session.draft.draft_id).applicant_name is None
    assert entry.state_label == "已受理"


@pytest.mark.parametrize(
    ("name", "masked"),
    [("王建国", "王*国"), ("李娜", "李*"), ("阿依古丽·买买提", "阿******提"), ("𠮷", "*")],
)
def test_names_are_masked_to_first_and_last_character(name: str, masked: str) -> None:
    assert mask_person_name(name) == masked
