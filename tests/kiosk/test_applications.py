"""ApplicationService: drafts survive a restart, materials are stored once, submit checks."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.app import open_kiosk
from kiosk.applications import ApplicationService, IncompleteApplication
from kiosk.demo_journey import synthetic_png
from kiosk.domain.forms import IdentityFacts
from kiosk.storage.keys import load_or_create_device_secret
from tests.support.catalogs import mini_catalog_bytes
from tests.support.synthetic import synthetic_person

TODAY = date(2026, 11, 22)


def _service(kiosk):
    return ApplicationService(
        kiosk.store,
        catalogs=kiosk.catalogs,
        device_secret=load_or_create_device_secret(kiosk.data_dir),
        material_root=kiosk.data_dir / "materials",
        device_code="T1",
    )


def _elder():
    person = synthetic_person(5)
    return IdentityFacts(
        id_number=person.id_number,
        name=person.name,
        sex=person.sex,
        birth_date=date(1941, 1, 2),
        region_code=person.region_code,
    )


def test_a_draft_resumes_after_restart_where_it_stopped(tmp_path):
    data = tmp_path / "data"
    with open_kiosk(data) as kiosk:
        kiosk.catalogs.install(mini_catalog_bytes(), source="usb")
        service = _service(kiosk)
        session = service.start("T-ALLOW", applicant=_elder(), today=TODAY, actor="t")
        for _ in range(3):
            session.flow.answer(session.flow.page.value)
        session.flow.answer("13800138000")
        draft_id = session.draft.draft_id
    with open_kiosk(data) as kiosk:
        service = _service(kiosk)
        draft = service.drafts.get(draft_id)
        resumed = service.resume(draft, applicant=_elder(), today=TODAY)
        assert resumed.flow.page.question.id == "living_alone"
        assert resumed.flow.answers["applicant_phone"] == "13800138000"
        with pytest.raises(IncompleteApplication) as caught:
            service.submit(resumed, today=TODAY, actor="t")
        assert caught.value.problems[0].field_id == "living_alone"


def test_the_same_photo_is_stored_once_and_offered_for_reuse(tmp_path):
    with open_kiosk(tmp_path / "data") as kiosk:
        kiosk.catalogs.install(mini_catalog_bytes(), source="usb")
        service = _service(kiosk)
        first = service.start("T-ALLOW", applicant=_elder(), today=TODAY, actor="t")
        photo = synthetic_png(1)
        a = service.capture_material(first, "material_hukou", photo, mime="image/png", today=TODAY)
        b = service.capture_material(first, "material_hukou", photo, mime="image/png", today=TODAY)
        assert a == b and service.materials.read(a["sha256"]) == photo
        second = service.start("T-MED", applicant=_elder(), today=TODAY, actor="t")
        for _ in range(10):
            if second.flow.page.question.id == "material_hukou":
                break
            page = second.flow.page
            second.flow.answer(page.value if page.value is not None else _fill(page))
        assert second.flow.page.reuse.sha256 == a["sha256"]
        assert service.reuse_material(second, "material_hukou") == {
            "sha256": a["sha256"],
            "source": "reused",
        }


def _fill(page):
    return {"phone": "13800138000", "money": "", "single_choice": "male"}.get(
        page.question.field.type.value, ""
    )
