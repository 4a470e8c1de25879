"""The forms engine: a service or a bundle resolved into the one form a resident fills in.

* 一表申请 — a bundle merges its members' fields by id: a field two services ask is asked once.
  It is shown when *any* member would show it and required when *any* member requires it.
* Materials listed in the 办事指南 but without a question of their own get one, placed before
  the consent and signature questions.
* The resolved form has a hash; a draft records it and stays on that version of the form
  even after a newer catalogue arrives.
* Answers to questions that a later answer hides are kept (返回 never loses an answer) but are
  left out of what is submitted.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from kiosk.domain.addresses import read_address
from kiosk.domain.answers import Accepted, FieldError, check_answer, field_title, is_empty
from kiosk.domain.catalog import (
    FieldType,
    FormField,
    MaterialRequirement,
    MaterialType,
    Prefill,
    Rule,
    Service,
    Supply,
)
from kiosk.domain.catalog_rules import CatalogError, LoadedCatalog
from kiosk.domain.expressions import Expression, parse
from kiosk.domain.identity import Sex, age_on
from kiosk.domain.regions import COUNTY, RegionTable
from kiosk.i18n import tr

_SUPPLY_STRENGTH = {Supply.OPTIONAL: 0, Supply.LATER: 1, Supply.REQUIRED: 2}
_TAIL_TYPES = frozenset({FieldType.CONSENT, FieldType.SIGNATURE})


@dataclass(frozen=True)
class Question:
    """One page of the wizard."""

    field: FormField
    services: tuple[str, ...]
    """Codes of the services that ask this question (several in a bundle)."""
    visible_if: tuple[Expression, ...] = ()
    """Shown when any of these is true; always shown when empty."""
    required: bool = True
    required_if: tuple[Expression, ...] = ()
    rules: tuple[Rule, ...] = ()
    supply: Supply | None = None
    material_type: MaterialType | None = None

    @property
    def id(self) -> str:
        return self.field.id

    @property
    def title(self) -> str:
        return field_title(self.field)


@dataclass(frozen=True)
class MaterialNeed:
    """A line of the materials checklist (办事指南 and receipt)."""

    type: MaterialType
    supply: Supply
    services: tuple[str, ...]
    note: str | None = None


@dataclass(frozen=True)
class IdentityFacts:
    """What the identity step learned about the applicant (from the card, a QR code or typing)."""

    id_number: str
    name: str | None = None
    sex: Sex | None = None
    birth_date: date | None = None
    region_code: str | None = None
    address: str | None = None


@dataclass(frozen=True)
class ReusableMaterial:
    sha256: str
    captured_at: str
    valid_until: str | None = None


@dataclass(frozen=True)
class ResolvedForm:
    code: str
    name: str
    catalog_version: str
    services: tuple[str, ...]
    questions: tuple[Question, ...]
    materials: tuple[MaterialNeed, ...]
    is_bundle: bool = False
    form_hash: str = field(default="", compare=False)

    def question(self, field_id: str) -> Question:
        for question in self.questions:
            if question.id == field_id:
                return question
        raise KeyError(field_id)

    def is_visible(self, question: Question, answers: Mapping[str, object], *, today: date) -> bool:
        if not question.visible_if:
            return True
        env = expression_env(self, answers)
        return any(e.truthy(env, today=today) for e in question.visible_if)

    def visible_questions(self, answers: Mapping[str, object], *, today: date) -> list[Question]:
        env = expression_env(self, answers)
        return [
            q
            for q in self.questions
            if not q.visible_if or any(e.truthy(env, today=today) for e in q.visible_if)
        ]

    def is_required(
        self, question: Question, answers: Mapping[str, object], *, today: date
    ) -> bool:
        if question.required:
            return True
        env = expression_env(self, answers)
        return any(e.truthy(env, today=today) for e in question.required_if)

    def check(
        self,
        question: Question,
        raw: object,
        answers: Mapping[str, object],
        *,
        today: date,
        regions: RegionTable | None = None,
    ) -> Accepted | FieldError:
        """Checks one answer in the context of the others (for required_if and the rules)."""
        required = self.is_required(question, answers, today=today)
        result = check_answer(
            question.field,
            raw,
            required=required,
            today=today,
            supply=question.supply,
            regions=regions,
        )
        if isinstance(result, FieldError) or result.value is None or not question.rules:
            return result
        env = expression_env(self, {**answers, question.id: result.value})
        for rule in question.rules:
            if not parse(rule.check).truthy(env, today=today):
                return FieldError(question.id, question.title, rule.message)
        return result

    def problems(
        self,
        answers: Mapping[str, object],
        *,
        today: date,
        regions: RegionTable | None = None,
    ) -> list[FieldError]:
        """Every visible question whose stored answer is missing or no longer acceptable."""
        errors = []
        for question in self.visible_questions(answers, today=today):
            result = self.check(
                question, answers.get(question.id), answers, today=today, regions=regions
            )
            if isinstance(result, FieldError):
                errors.append(result)
        return errors

    def submission(self, answers: Mapping[str, object], *, today: date) -> dict[str, object]:
        """The answers that are sent: visible and answered, in form order."""
        return {
            q.id: answers[q.id]
            for q in self.visible_questions(answers, today=today)
            if q.id in answers and not is_empty(answers[q.id])
        }

    def materials_owed(self, answers: Mapping[str, object]) -> list[MaterialNeed]:
        """Materials deferred with 容缺 (``{"later": true}``): printed on the receipt."""
        owed_types = {
            q.material_type.code
            for q in self.questions
            if q.material_type and answers.get(q.id) == {"later": True}
        }
        return [m for m in self.materials if m.type.code in owed_types]


def resolve_form(loaded: LoadedCatalog, code: str) -> ResolvedForm:
    """The form for a service or bundle code; raises CatalogError for an unknown code."""
    catalog = loaded.catalog
    types = {m.code: m for m in catalog.material_types}
    service = loaded.service(code)
    if service is not None:
        members = [service]
        name, is_bundle = service.name, False
    else:
        bundle = loaded.bundle(code)
        if bundle is None:
            raise CatalogError(tr("没有找到这项服务"), detail=f"unknown service code {code!r}")
        members = [loaded.service(c) for c in bundle.members]
        if any(m is None for m in members):
            raise CatalogError(
                tr("这项一件事服务不完整"), detail=f"bundle {code} has missing members"
            )
        name, is_bundle = bundle.name, True
    questions = _merge_questions(members, types)
    form = ResolvedForm(
        code=code,
        name=name,
        catalog_version=catalog.version,
        services=tuple(m.code for m in members),
        questions=tuple(questions),
        materials=tuple(_merge_materials(members, types)),
        is_bundle=is_bundle,
    )
    return _with_hash(form, members)


def _merge_questions(members: list[Service], types: dict[str, MaterialType]) -> list[Question]:
    merged: dict[str, dict] = {}
    order: list[str] = []
    for service in members:
        supplies = {m.type: m.supply for m in service.materials}
        own = list(service.form.fields)
        asked = {f.material for f in own if f.type == FieldType.MATERIAL}
        extra = [
            _material_field(types[m.type])
            for m in service.materials
            if m.type not in asked and m.type in types
        ]
        tail = next((i for i, f in enumerate(own) if f.type in _TAIL_TYPES), len(own))
        fields = own[:tail] + extra + own[tail:]
        for form_field in fields:
            supply = supplies.get(form_field.material) if form_field.material else None
            entry = merged.get(form_field.id)
            if entry is None:
                order.append(form_field.id)
                merged[form_field.id] = {
                    "field": form_field,
                    "services": [service.code],
                    "always": form_field.visible_if is None,
                    "visible": [form_field.visible_if] if form_field.visible_if else [],
                    "required": form_field.required,
                    "required_if": [form_field.required_if] if form_field.required_if else [],
                    "rules": list(form_field.rules),
                    "supply": supply,
                }
                continue
            entry["services"].append(service.code)
            entry["always"] = entry["always"] or form_field.visible_if is None
            if form_field.visible_if and form_field.visible_if not in entry["visible"]:
                entry["visible"].append(form_field.visible_if)
            entry["required"] = entry["required"] or form_field.required
            if form_field.required_if and form_field.required_if not in entry["required_if"]:
                entry["required_if"].append(form_field.required_if)
            entry["rules"] += [r for r in form_field.rules if r not in entry["rules"]]
            if supply is not None and (
                entry["supply"] is None
                or _SUPPLY_STRENGTH[supply] > _SUPPLY_STRENGTH[entry["supply"]]
            ):
                entry["supply"] = supply
    # Consent and signature close the form even when a later member's fields were merged in.
    order.sort(key=lambda fid: merged[fid]["field"].type in _TAIL_TYPES)
    questions = []
    for fid in order:
        entry = merged[fid]
        form_field: FormField = entry["field"]
        supply = entry["supply"]
        required = entry["required"]
        if form_field.type == FieldType.MATERIAL:
            # Optional materials may be skipped; 容缺 ones must be answered "later" explicitly.
            required = supply != Supply.OPTIONAL
        questions.append(
            Question(
                field=form_field,
                services=tuple(entry["services"]),
                visible_if=() if entry["always"] else tuple(parse(s) for s in entry["visible"]),
                required=required,
                required_if=tuple(parse(s) for s in entry["required_if"]),
                rules=tuple(entry["rules"]),
                supply=supply,
                material_type=types.get(form_field.material) if form_field.material else None,
            )
        )
    return questions


def _material_field(material_type: MaterialType) -> FormField:
    slug = re.sub(r"[^a-z0-9_]", "_", material_type.code.lower())
    return FormField(
        id=f"material_{slug}"[:48],
        type=FieldType.MATERIAL,
        label=tr("请提供{name}").format(name=material_type.name),
        title=material_type.name,
        hint=tr("把材料平放在拍摄区，或选择使用以前提交过的"),
        group=tr("申请材料"),
        material=material_type.code,
    )


def _merge_materials(members: list[Service], types: dict[str, MaterialType]) -> list[MaterialNeed]:
    needs: dict[str, MaterialNeed] = {}
    for service in members:
        for req in service.materials:
            material_type = types.get(req.type)
            if material_type is None:
                continue
            needs[req.type] = _stronger(needs.get(req.type), req, material_type, service.code)
    return list(needs.values())


def _stronger(
    current: MaterialNeed | None, req: MaterialRequirement, material_type: MaterialType, code: str
) -> MaterialNeed:
    if current is None:
        return MaterialNeed(material_type, req.supply, (code,), req.note)
    supply = max(current.supply, req.supply, key=_SUPPLY_STRENGTH.__getitem__)
    return MaterialNeed(material_type, supply, (*current.services, code), current.note or req.note)


def _with_hash(form: ResolvedForm, members: list[Service]) -> ResolvedForm:
    canonical = json.dumps(
        {
            "code": form.code,
            "members": [m.model_dump(mode="json") for m in members],
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return ResolvedForm(
        code=form.code,
        name=form.name,
        catalog_version=form.catalog_version,
        services=form.services,
        questions=form.questions,
        materials=form.materials,
        is_bundle=form.is_bundle,
        form_hash=digest,
    )


def expression_env(form: ResolvedForm, answers: Mapping[str, object]) -> dict[str, object]:
    """Answers as the expression language sees them: numbers as Decimal, regions as codes,
    materials and signatures as "supplied or not"."""
    env: dict[str, object] = {}
    for question in form.questions:
        if question.id not in answers:
            continue
        value = answers[question.id]
        kind = question.field.type
        if value is None:
            env[question.id] = None
        elif kind in (FieldType.NUMBER, FieldType.MONEY) and isinstance(value, str):
            env[question.id] = Decimal(value)
        elif kind == FieldType.REGION and isinstance(value, dict):
            env[question.id] = value.get("code")
        elif kind == FieldType.MATERIAL and isinstance(value, dict):
            env[question.id] = "sha256" in value
        elif kind == FieldType.SIGNATURE and isinstance(value, dict):
            env[question.id] = "sha256" in value or value.get("kind") == "confirmed"
        else:
            env[question.id] = value
    return env


def prefill_answers(form: ResolvedForm, facts: IdentityFacts, *, today: date) -> dict[str, object]:
    """Values known from identity, offered for confirmation instead of being asked again."""
    known: dict[Prefill, object] = {Prefill.ID_NUMBER: facts.id_number}
    if facts.name:
        known[Prefill.NAME] = facts.name
    if facts.sex:
        known[Prefill.SEX] = facts.sex.value
    if facts.birth_date:
        known[Prefill.BIRTH_DATE] = facts.birth_date.isoformat()
        known[Prefill.AGE] = str(age_on(facts.birth_date, today))
    if facts.region_code:
        known[Prefill.REGION] = {"code": facts.region_code}
    if facts.address:
        known[Prefill.ADDRESS] = facts.address
    values = {}
    for question in form.questions:
        prefill = question.field.prefill
        if prefill in known:
            value = known[prefill]
            if prefill == Prefill.REGION:
                value = _region_offer(question, facts)
                if value is None:
                    continue
            values[question.id] = value
    return values


def _region_offer(question: Question, facts: IdentityFacts) -> dict[str, str] | None:
    """户口所在地 from the card: the 住址's county and its 乡镇/村 when the table knows the
    county; else the ID number's region, which is where the number was issued (often years
    ago), offered only while it still exists, and the village still asked."""
    table = RegionTable.load_default()
    if facts.address:
        card = read_address(facts.address, table, hint=facts.region_code)
        if card.code is not None:
            value = {"code": card.code}
            if (question.field.region_depth or COUNTY) > COUNTY and card.township_village:
                value["detail"] = card.township_village
            return value
    region = table.get(facts.region_code or "")
    if region is None or region.retired:
        return None
    return {"code": region.code}


def material_offers(
    form: ResolvedForm, find: Callable[[str], ReusableMaterial | None]
) -> dict[str, ReusableMaterial]:
    """材料复用: for each material question, a copy this person already supplied, if any.

    ``find(material_type_code)`` is answered by the store (same person, same type, still
    valid on the day of the application).
    """
    offers = {}
    for question in form.questions:
        material_type = question.material_type
        if material_type is None or not material_type.reusable:
            continue
        found = find(material_type.code)
        if found is not None:
            offers[question.id] = found
    return offers
