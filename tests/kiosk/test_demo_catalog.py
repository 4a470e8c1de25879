"""The packaged demo catalogue (示例县): shape, cross-references and the shared field vocabulary.

The file is what a fresh kiosk shows before it has synced a real catalogue, and what the
demos and the UI tests run on, so it must pass every check a real catalogue has to pass and
show off what the forms engine can do: 一表申请 in bundles, 材料复用 and 容缺受理.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from importlib.resources import files

import pytest

from kiosk.domain.catalog import Catalog, FieldType, FormField, Service, Supply

TODAY = date(2026, 11, 1)
FUNCTIONS = {"len", "empty", "age", "today", "contains", "any_of"}
KEYWORDS = {"and", "or", "not", "in", "true", "false", "null"}
CHOICE_TYPES = {FieldType.SINGLE_CHOICE, FieldType.MULTI_CHOICE}


def _raw() -> str:
    return (files("kiosk.data") / "demo_catalog.json").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.model_validate_json(_raw())


def _services(catalog: Catalog) -> dict[str, Service]:
    return {s.code: s for s in catalog.services}


def _expressions(form_field: FormField) -> Iterator[tuple[str, str]]:
    if form_field.visible_if:
        yield "visible_if", form_field.visible_if
    if form_field.required_if:
        yield "required_if", form_field.required_if
    for rule in form_field.rules:
        yield "rules", rule.check


def _all_expressions(catalog: Catalog) -> Iterator[tuple[Service, int, FormField, str, str]]:
    for service in catalog.services:
        for index, form_field in enumerate(service.form.fields):
            for kind, source in _expressions(form_field):
                yield service, index, form_field, kind, source


# --- the file itself ------------------------------------------------------------------------


def test_file_is_readable_chinese_json_with_two_space_indent() -> None:
    raw = _raw()
    assert "\\u" not in raw, "write with ensure_ascii=False so that the Chinese stays readable"
    assert raw == json.dumps(json.loads(raw), ensure_ascii=False, indent=2) + "\n"


def test_header(catalog: Catalog) -> None:
    assert catalog.schema_version == 1
    assert catalog.version == "2026.11.1"
    assert catalog.published_at == "2026-11-01"
    assert catalog.issuer == "示例省示例市示例县政务服务中心"


def test_only_fictional_offices_and_phone_numbers(catalog: Catalog) -> None:
    for service in catalog.services:
        assert service.department.startswith(("示例县", "示例市")), service.code
        assert service.phone.startswith("0000-"), service.code
        assert service.code.startswith("DEMO-")
    for bundle in catalog.bundles:
        assert bundle.code.startswith("DEMO-")


# --- services and bundles -------------------------------------------------------------------


def test_enough_services_and_bundles(catalog: Catalog) -> None:
    assert len(catalog.services) >= 10
    assert len(catalog.bundles) >= 2


def test_codes_are_unique(catalog: Catalog) -> None:
    codes = [s.code for s in catalog.services] + [b.code for b in catalog.bundles]
    assert len(codes) == len(set(codes))


def test_every_bundle_member_exists(catalog: Catalog) -> None:
    services = _services(catalog)
    for bundle in catalog.bundles:
        assert len(bundle.members) == len(set(bundle.members)) >= 2, bundle.code
        missing = [code for code in bundle.members if code not in services]
        assert not missing, f"{bundle.code} names unknown services {missing}"


def test_the_newborn_and_retirement_bundles(catalog: Catalog) -> None:
    services = _services(catalog)
    bundles = {b.name: b for b in catalog.bundles}
    newborn = [services[c].name for c in bundles["新生儿出生一件事"].members]
    assert any("出生医学证明" in n for n in newborn)
    assert "出生户口登记" in newborn
    assert any("城乡居民基本医疗保险" in n for n in newborn)
    assert "社会保障卡申领" in newborn
    retirement = [services[c].name for c in bundles["退休一件事"].members]
    assert any("职工退休" in n for n in retirement)
    assert any("医疗保险" in n for n in retirement)


def test_every_service_has_the_standard_elements(catalog: Catalog) -> None:
    for service in catalog.services:
        assert service.legal_basis and all("《" in b for b in service.legal_basis), service.code
        assert service.eligibility and service.locations and service.keywords, service.code
        assert service.time_limit.promised_working_days >= 0
        legal = service.time_limit.legal_working_days
        assert legal is None or legal >= service.time_limit.promised_working_days, service.code


# --- materials ------------------------------------------------------------------------------


def test_material_types_have_unique_codes(catalog: Catalog) -> None:
    codes = [m.code for m in catalog.material_types]
    assert len(codes) == len(set(codes))


def test_services_list_only_known_materials_once(catalog: Catalog) -> None:
    known = {m.code for m in catalog.material_types}
    for service in catalog.services:
        listed = [m.type for m in service.materials]
        assert len(listed) == len(set(listed)), service.code
        assert set(listed) <= known, f"{service.code}: {set(listed) - known}"


def test_every_material_field_refers_to_a_material_of_its_service(catalog: Catalog) -> None:
    for service in catalog.services:
        listed = {m.type for m in service.materials}
        for form_field in service.form.fields:
            if form_field.type == FieldType.MATERIAL:
                assert form_field.material in listed, f"{service.code}.{form_field.id}"
                # The forms engine names the questions it adds material_<code>; using the same
                # name here lets a bundle ask for one material once.
                assert form_field.id == f"material_{form_field.material}", form_field.id
            else:
                assert form_field.material is None, f"{service.code}.{form_field.id}"


def test_materials_are_shared_so_that_reuse_can_be_shown(catalog: Catalog) -> None:
    used_by: dict[str, set[str]] = defaultdict(set)
    for service in catalog.services:
        for requirement in service.materials:
            used_by[requirement.type].add(service.code)
    for code in ("hukou_booklet", "bank_card", "birth_certificate", "photo_1inch"):
        assert len(used_by[code]) >= 2, code
    services = _services(catalog)
    newborn = next(b for b in catalog.bundles if b.name == "新生儿出生一件事")
    in_bundle = [
        s for s in newborn.members if "birth_certificate" in {m.type for m in services[s].materials}
    ]
    assert len(in_bundle) >= 2, "出生医学证明 should be reused inside the newborn bundle"
    unused = {m.code for m in catalog.material_types} - set(used_by)
    assert not unused, f"material types no service asks for: {unused}"


def test_some_materials_may_follow_later(catalog: Catalog) -> None:
    supplies = {m.supply for s in catalog.services for m in s.materials}
    assert Supply.LATER in supplies and Supply.OPTIONAL in supplies


# --- forms ----------------------------------------------------------------------------------


def test_field_ids_are_unique_within_a_form(catalog: Catalog) -> None:
    for service in catalog.services:
        ids = [f.id for f in service.form.fields]
        assert len(ids) == len(set(ids)), service.code


def test_consent_and_signature_come_last(catalog: Catalog) -> None:
    for service in catalog.services:
        *rest, consent, signature = service.form.fields
        assert (consent.id, consent.type) == ("consent", FieldType.CONSENT), service.code
        assert (signature.id, signature.type) == ("signature", FieldType.SIGNATURE), service.code
        assert consent.consent_text, service.code
        tail = {FieldType.CONSENT, FieldType.SIGNATURE}
        assert not [f.id for f in rest if f.type in tail], service.code


def test_applicant_fields_come_first(catalog: Catalog) -> None:
    for service in catalog.services:
        ids = [f.id for f in service.form.fields]
        assert ids[:2] == ["applicant_name", "applicant_id_number"], service.code
        applicant = [i for i, fid in enumerate(ids) if fid.startswith("applicant_")]
        assert applicant == list(range(len(applicant))), service.code


def test_shared_field_ids_mean_the_same_question_everywhere(catalog: Catalog) -> None:
    """Same id => same type, options, prefill and material: a bundle asks it once."""
    first: dict[str, tuple[str, FormField]] = {}
    for service in catalog.services:
        for form_field in service.form.fields:
            if form_field.id not in first:
                first[form_field.id] = (service.code, form_field)
                continue
            code, seen = first[form_field.id]
            where = f"{form_field.id} in {code} and {service.code}"
            assert form_field.type == seen.type, where
            assert [o.value for o in form_field.options or ()] == [
                o.value for o in seen.options or ()
            ], where
            assert form_field.prefill == seen.prefill, where
            assert form_field.material == seen.material, where
            assert form_field.region_depth == seen.region_depth, where


def test_the_core_vocabulary(catalog: Catalog) -> None:
    fields = {f.id: f for s in catalog.services for f in s.form.fields}
    expected = {
        "applicant_name": (FieldType.NAME, "identity.name"),
        "applicant_id_number": (FieldType.ID_NUMBER, "identity.id_number"),
        "applicant_sex": (FieldType.SINGLE_CHOICE, "identity.sex"),
        "applicant_birth_date": (FieldType.DATE, "identity.birth_date"),
        "applicant_phone": (FieldType.PHONE, None),
        "household_region": (FieldType.REGION, "identity.region"),
        "bank_account": (FieldType.BANK_ACCOUNT, None),
        "consent": (FieldType.CONSENT, None),
        "signature": (FieldType.SIGNATURE, None),
    }
    for fid, (ftype, prefill) in expected.items():
        assert fields[fid].type == ftype, fid
        assert (fields[fid].prefill.value if fields[fid].prefill else None) == prefill, fid
    assert [(o.value, o.label) for o in fields["applicant_sex"].options] == [
        ("male", "男"),
        ("female", "女"),
    ]
    assert fields["household_region"].region_depth == 5
    for fid in ("baby_name", "baby_sex", "baby_birth_date", "mother_name", "father_id_number"):
        assert fid in fields, fid


def test_every_field_has_a_short_title(catalog: Catalog) -> None:
    for service in catalog.services:
        for form_field in service.form.fields:
            assert form_field.title and len(form_field.title) <= 16, (
                f"{service.code}.{form_field.id}"
            )


def test_choices_are_short_lists(catalog: Catalog) -> None:
    for service in catalog.services:
        for form_field in service.form.fields:
            if form_field.type in CHOICE_TYPES:
                values = [o.value for o in form_field.options or ()]
                assert 2 <= len(values) <= 6, f"{service.code}.{form_field.id}"
                assert len(values) == len(set(values)), f"{service.code}.{form_field.id}"
            else:
                assert not form_field.options, f"{service.code}.{form_field.id}"


def test_free_text_is_rare(catalog: Catalog) -> None:
    for service in catalog.services:
        text = [f.id for f in service.form.fields if f.type == FieldType.TEXT]
        assert len(text) <= 2, f"{service.code}: {text}"


# --- expressions ----------------------------------------------------------------------------

_STRING = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?P<call>\s*\()?")


def _names_by_tokens(source: str) -> tuple[set[str], set[str]]:
    """(field names, function names) of an expression, without the expression module."""
    names, calls = set(), set()
    for match in _WORD.finditer(_STRING.sub("''", source)):
        word = match.group(0).rstrip("( \t")
        if word in KEYWORDS:
            continue
        if match.group("call"):
            calls.add(word)
        else:
            names.add(word)
    return names, calls


def test_expressions_name_earlier_fields_of_the_same_service(catalog: Catalog) -> None:
    """A condition may only depend on questions already asked (or, for a rule, on itself)."""
    for service, index, form_field, kind, source in _all_expressions(catalog):
        earlier = {f.id for f in service.form.fields[:index]}
        allowed = earlier | {form_field.id} if kind == "rules" else earlier
        names, calls = _names_by_tokens(source)
        where = f"{service.code}.{form_field.id} {kind}: {source}"
        assert calls <= FUNCTIONS, where
        assert names, where
        assert names <= allowed, f"{where} names {names - allowed}"


def test_expressions_parse_and_name_only_fields_of_the_same_service(catalog: Catalog) -> None:
    from kiosk.domain.expressions import parse

    for service, _, form_field, kind, source in _all_expressions(catalog):
        field_ids = {f.id for f in service.form.fields}
        names = set(parse(source).names)
        where = f"{service.code}.{form_field.id} {kind}: {source}"
        assert names, where
        assert names <= field_ids, f"{where} names {names - field_ids}"
        if kind == "visible_if":
            assert form_field.id not in names, where


def test_conditions_can_be_evaluated_before_anything_is_answered(catalog: Catalog) -> None:
    from kiosk.domain.expressions import parse

    for _, _, _, kind, source in _all_expressions(catalog):
        if kind != "rules":
            assert parse(source).truthy({}, today=TODAY) in (True, False), source


@pytest.mark.parametrize(
    ("code", "birth_date", "accepted"),
    [
        ("DEMO-MZ-001", "1946-10-31", True),
        ("DEMO-MZ-001", "1946-11-02", False),
        ("DEMO-WJ-002", "1966-11-01", True),
        ("DEMO-WJ-002", "1970-01-01", False),
        ("DEMO-RS-001", "2010-10-01", True),
        ("DEMO-RS-001", "2011-01-01", False),
    ],
)
def test_age_rules(catalog: Catalog, code: str, birth_date: str, accepted: bool) -> None:
    from kiosk.domain.expressions import parse

    birth = next(f for f in _services(catalog)[code].form.fields if f.id == "applicant_birth_date")
    env = {"applicant_birth_date": birth_date}
    assert all(parse(r.check).truthy(env, today=TODAY) for r in birth.rules) is accepted


def test_a_newborn_parent_must_be_the_applicant(catalog: Catalog) -> None:
    from kiosk.domain.expressions import parse

    service = _services(catalog)["DEMO-GA-001"]
    mother = next(f for f in service.form.fields if f.id == "mother_name")
    (rule,) = mother.rules
    env = {"applicant_name": "张示例", "guardian_relation": "mother", "mother_name": "李示例"}
    assert not parse(rule.check).truthy(env, today=TODAY)
    env["guardian_relation"] = "father"
    assert parse(rule.check).truthy(env, today=TODAY)


# --- the catalogue as the kiosk loads it ----------------------------------------------------


def test_the_kiosk_loads_it_and_resolves_every_form() -> None:
    from kiosk.domain.catalog_rules import load_catalog
    from kiosk.domain.forms import resolve_form

    loaded = load_catalog(_raw().encode("utf-8"))
    for code in [s.code for s in loaded.catalog.services] + [
        b.code for b in loaded.catalog.bundles
    ]:
        form = resolve_form(loaded, code)
        ids = [q.id for q in form.questions]
        assert len(ids) == len(set(ids)), code
        assert ids[-2:] == ["consent", "signature"], code


def test_the_newborn_bundle_asks_shared_questions_once() -> None:
    from kiosk.domain.catalog_rules import load_catalog
    from kiosk.domain.forms import resolve_form

    loaded = load_catalog(_raw().encode("utf-8"))
    bundle = next(b for b in loaded.catalog.bundles if b.name == "新生儿出生一件事")
    form = resolve_form(loaded, bundle.code)
    for fid in ("baby_name", "baby_birth_date", "material_birth_certificate"):
        assert len(form.question(fid).services) >= 2, fid
    assert form.question("material_birth_certificate").supply == Supply.REQUIRED
