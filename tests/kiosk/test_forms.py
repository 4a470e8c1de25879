"""The forms engine: 一表申请 merging, visibility, prefill, 材料复用 and version pinning."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.domain.catalog import FieldType, Supply
from kiosk.domain.catalog_rules import CatalogError, load_catalog
from kiosk.domain.forms import (
    IdentityFacts,
    ReusableMaterial,
    material_offers,
    prefill_answers,
    resolve_form,
)
from tests.support.catalogs import mini_catalog_bytes
from tests.support.synthetic import synthetic_person

TODAY = date(2026, 11, 22)


@pytest.fixture(scope="module")
def loaded():
    return load_catalog(mini_catalog_bytes())


def test_a_service_form_adds_a_question_for_each_material_before_consent(loaded):
    form = resolve_form(loaded, "T-ALLOW")
    ids = [q.id for q in form.questions]
    # HUKOU has its own question; BANKCARD gets one, placed before consent and signature.
    assert ids[-4:] == ["material_hukou", "material_bankcard", "consent", "signature"]
    bank = form.question("material_bankcard")
    assert bank.field.type == FieldType.MATERIAL
    assert bank.supply == Supply.REQUIRED
    assert form.question("material_hukou").supply == Supply.LATER


def test_a_bundle_asks_a_shared_field_once(loaded):
    form = resolve_form(loaded, "T-BUNDLE")
    ids = [q.id for q in form.questions]
    assert len(ids) == len(set(ids))
    assert ids.count("applicant_phone") == 1
    assert form.question("applicant_phone").services == ("T-ALLOW", "T-MED")
    assert form.question("applicant_sex").services == ("T-MED",)
    assert ids[-2:] == ["consent", "signature"]
    assert form.is_bundle and form.services == ("T-ALLOW", "T-MED")


def test_a_bundle_takes_the_strictest_material_supply(loaded):
    form = resolve_form(loaded, "T-BUNDLE")
    # 户口簿 may follow later for the allowance but the medical registration needs it now.
    assert form.question("material_hukou").supply == Supply.REQUIRED
    need = next(m for m in form.materials if m.type.code == "HUKOU")
    assert need.supply == Supply.REQUIRED and need.services == ("T-ALLOW", "T-MED")


def test_merged_visibility_is_the_union_of_the_members_conditions(loaded):
    form = resolve_form(loaded, "T-BUNDLE")
    carer = form.question("carer_phone")
    assert len(carer.visible_if) == 2
    assert not form.is_visible(carer, {"living_alone": "yes"}, today=TODAY)
    assert form.is_visible(carer, {"living_alone": "no"}, today=TODAY)
    assert form.is_visible(carer, {"living_alone": "yes", "monthly_income": "800.00"}, today=TODAY)


def test_hidden_answers_are_kept_but_not_submitted(loaded):
    form = resolve_form(loaded, "T-ALLOW")
    answers = {"living_alone": "no", "carer_phone": "13800000000"}
    assert form.submission(answers, today=TODAY) == answers
    answers["living_alone"] = "yes"
    assert "carer_phone" not in form.submission(answers, today=TODAY)
    assert answers["carer_phone"] == "13800000000"


def test_rules_refuse_an_answer_with_the_catalogue_message(loaded):
    form = resolve_form(loaded, "T-ALLOW")
    question = form.question("applicant_birth_date")
    young = form.check(question, "1960-01-01", {}, today=TODAY)
    assert young.message == "高龄津贴面向80周岁及以上老年人"
    old = form.check(question, "1940-05-06", {}, today=TODAY)
    assert old.value == "1940-05-06"


def test_prefill_from_identity_covers_every_prefilled_field(loaded):
    person = synthetic_person(7)
    facts = IdentityFacts(
        id_number=person.id_number,
        name=person.name,
        sex=person.sex,
        birth_date=person.birth_date,
        region_code=person.region_code,
    )
    form = resolve_form(loaded, "T-BUNDLE")
    values = prefill_answers(form, facts, today=TODAY)
    assert values == {
        "applicant_name": person.name,
        "applicant_id_number": person.id_number,
        "applicant_birth_date": person.birth_date.isoformat(),
        "applicant_sex": person.sex.value,
    }


def test_material_reuse_is_offered_only_for_reusable_types(loaded):
    form = resolve_form(loaded, "T-ALLOW")
    on_file = ReusableMaterial(sha256="a" * 64, captured_at="2026-10-01T00:00:00.000Z")
    asked = []

    def find(code):
        asked.append(code)
        return on_file if code == "HUKOU" else None

    offers = material_offers(form, find)
    assert offers == {"material_hukou": on_file}
    assert sorted(asked) == ["BANKCARD", "HUKOU"]


def test_materials_deferred_with_rongque_are_owed_on_the_receipt(loaded):
    form = resolve_form(loaded, "T-ALLOW")
    owed = form.materials_owed({"material_hukou": {"later": True}})
    assert [m.type.name for m in owed] == ["户口簿"]
    later = form.check(form.question("material_hukou"), {"later": True}, {}, today=TODAY)
    assert later.value == {"later": True}
    refused = form.check(form.question("material_bankcard"), {"later": True}, {}, today=TODAY)
    assert "不能以后补交" in refused.message


def test_form_hash_pins_the_version_a_draft_began_on(loaded):
    first = resolve_form(loaded, "T-ALLOW").form_hash

    def relabel(data):
        data["version"] = "t2"
        data["services"][0]["form"]["fields"][3]["label"] = "您的手机号？"

    newer = load_catalog(mini_catalog_bytes(relabel))
    assert resolve_form(newer, "T-ALLOW").form_hash != first
    assert resolve_form(load_catalog(mini_catalog_bytes()), "T-ALLOW").form_hash == first

    def unrelated(data):
        data["services"][1]["name"] = "改名了"

    # Changing another service does not move a single service's form version ...
    assert resolve_form(load_catalog(mini_catalog_bytes(unrelated)), "T-ALLOW").form_hash == first
    # ... but does move the bundle that contains it.
    bundle = resolve_form(loaded, "T-BUNDLE").form_hash
    assert resolve_form(load_catalog(mini_catalog_bytes(unrelated)), "T-BUNDLE").form_hash != bundle


def test_unknown_code_is_a_catalog_error(loaded):
    with pytest.raises(CatalogError, match="没有找到"):
        resolve_form(loaded, "NOPE")


def test_problems_lists_every_missing_required_answer_in_form_order(loaded):
    form = resolve_form(loaded, "T-ALLOW")
    problems = form.problems({"living_alone": "yes"}, today=TODAY)
    titles = [p.title for p in problems]
    assert titles[:4] == ["姓名", "身份证号码", "出生日期", "手机号码"]
    assert "照顾人手机" not in titles
    assert problems[0].message == "请填写姓名"
