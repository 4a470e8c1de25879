"""Loading a catalogue: shape (pydantic) plus the cross-references the shape cannot express.

Everything here turns a bad catalogue into one :class:`CatalogError` whose message names the
item and the field in plain Chinese, e.g. ``事项 DEMO-MZ-001（高龄津贴申领）字段 applicant_age：
条件表达式引用了不存在的字段 birth``. The caller keeps the last good catalogue in use.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from pydantic import ValidationError

from kiosk.domain.catalog import Bundle, Catalog, FieldType, FormField, Prefill, Service
from kiosk.domain.expressions import ExpressionError, parse
from kiosk.errors import KioskError

MAX_CATALOG_BYTES = 8 * 1024 * 1024

# Which identity facts may prefill which field types (a sex cannot prefill a date ...).
_PREFILL_TYPES: dict[Prefill, frozenset[FieldType]] = {
    Prefill.NAME: frozenset({FieldType.NAME, FieldType.TEXT}),
    Prefill.ID_NUMBER: frozenset({FieldType.ID_NUMBER}),
    Prefill.SEX: frozenset({FieldType.SINGLE_CHOICE}),
    Prefill.BIRTH_DATE: frozenset({FieldType.DATE}),
    Prefill.AGE: frozenset({FieldType.NUMBER}),
    Prefill.REGION: frozenset({FieldType.REGION}),
    Prefill.ADDRESS: frozenset({FieldType.TEXT}),
}
_CHOICE_TYPES = frozenset({FieldType.SINGLE_CHOICE, FieldType.MULTI_CHOICE})
_NUMERIC_TYPES = frozenset({FieldType.NUMBER, FieldType.MONEY})
_TEXT_TYPES = frozenset({FieldType.TEXT})

# pydantic's English error types, said in Chinese for catalogue authors and operators.
_PYDANTIC_MESSAGES = {
    "missing": "缺少必填项",
    "extra_forbidden": "不认识的项（可能拼写错误）",
    "string_too_short": "不能为空",
    "string_too_long": "太长",
    "string_pattern_mismatch": "格式不对",
    "string_type": "应为文字",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "decimal_parsing": "应为数字",
    "decimal_type": "应为数字",
    "list_type": "应为列表",
    "too_short": "项数太少",
    "too_long": "项数太多",
    "enum": "不是允许的取值",
    "literal_error": "不是允许的取值",
    "greater_than_equal": "数值太小",
    "less_than_equal": "数值太大",
    "model_type": "应为对象",
    "dict_type": "应为对象",
    "json_invalid": "不是有效的 JSON",
    "json_type": "不是有效的 JSON",
}


class CatalogError(KioskError):
    """A catalogue that cannot be used; ``message`` names the item and field."""


@dataclass(frozen=True)
class LoadedCatalog:
    catalog: Catalog
    checksum: str
    """SHA-256 of the bytes as received: identifies this exact catalogue version."""

    def service(self, code: str) -> Service | None:
        return next((s for s in self.catalog.services if s.code == code), None)

    def bundle(self, code: str) -> Bundle | None:
        return next((b for b in self.catalog.bundles if b.code == code), None)


def load_catalog(raw: bytes | str) -> LoadedCatalog:
    """Parses and checks a catalogue; raises :class:`CatalogError` with a Chinese reason."""
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    if len(data) > MAX_CATALOG_BYTES:
        raise CatalogError("事项目录文件太大，已拒绝", detail=f"catalog of {len(data)} bytes")
    try:
        catalog = Catalog.model_validate_json(data)
    except ValidationError as exc:
        raise _from_validation_error(exc, data) from exc
    problems = list(check_catalog(catalog))
    if problems:
        where, what = problems[0]
        more = f"（另有 {len(problems) - 1} 处问题）" if len(problems) > 1 else ""
        raise CatalogError(
            f"事项目录有误：{where}：{what}{more}",
            detail=f"catalog {catalog.version}: {len(problems)} problem(s); first at {where}",
        )
    return LoadedCatalog(catalog=catalog, checksum=hashlib.sha256(data).hexdigest())


def check_catalog(catalog: Catalog) -> Iterable[tuple[str, str]]:
    """Yields ``(where, what)`` for every cross-reference problem, in document order."""
    yield from _duplicates("目录", (m.code for m in catalog.material_types), "材料类型编码重复")
    yield from _duplicates(
        "目录",
        [s.code for s in catalog.services] + [b.code for b in catalog.bundles],
        "事项编码重复",
    )
    material_types = {m.code for m in catalog.material_types}
    for service in catalog.services:
        yield from _check_service(service, material_types)
    services = {s.code: s for s in catalog.services}
    for bundle in catalog.bundles:
        yield from _check_bundle(bundle, services)


def _check_service(service: Service, material_types: set[str]) -> Iterable[tuple[str, str]]:
    where = f"事项 {service.code}（{service.name}）"
    yield from _duplicates(where, (f.id for f in service.form.fields), "字段标识重复")
    listed = [m.type for m in service.materials]
    yield from _duplicates(where, listed, "申请材料重复")
    for code in listed:
        if code not in material_types:
            yield where, f"申请材料 {code} 不在 material_types 中"
    field_ids = {f.id for f in service.form.fields}
    for form_field in service.form.fields:
        for what in _field_problems(form_field, field_ids=field_ids, listed=set(listed)):
            yield f"{where}字段 {form_field.id}", what


def _field_problems(
    form_field: FormField, *, field_ids: set[str], listed: set[str]
) -> Iterable[str]:
    kind = form_field.type
    if kind in _CHOICE_TYPES:
        if not form_field.options or len(form_field.options) < 2:
            yield "选择题至少要有两个选项"
        else:
            values = [o.value for o in form_field.options]
            if len(set(values)) != len(values):
                yield "选项取值重复"
    elif form_field.options:
        yield "只有选择题可以有选项"
    if kind == FieldType.MATERIAL:
        if form_field.material is None:
            yield "材料字段缺少 material（材料编码）"
        elif form_field.material not in listed:
            yield f"材料 {form_field.material} 不在本事项的申请材料中"
    elif form_field.material is not None:
        yield "只有材料字段可以填写 material"
    if kind == FieldType.CONSENT and not form_field.consent_text:
        yield "同意字段缺少 consent_text（同意声明）"
    if kind == FieldType.REGION and form_field.region_depth is None:
        yield "地区字段缺少 region_depth（选到第几级）"
    if (form_field.minimum is not None or form_field.maximum is not None) and (
        kind not in _NUMERIC_TYPES
    ):
        yield "只有数字和金额字段可以设置 minimum/maximum"
    if (
        form_field.minimum is not None
        and form_field.maximum is not None
        and form_field.minimum > form_field.maximum
    ):
        yield "minimum 大于 maximum"
    if (form_field.min_length is not None or form_field.max_length is not None) and (
        kind not in _TEXT_TYPES
    ):
        yield "只有文字字段可以设置长度"
    if (
        form_field.min_length is not None
        and form_field.max_length is not None
        and form_field.min_length > form_field.max_length
    ):
        yield "min_length 大于 max_length"
    if form_field.prefill is not None and kind not in _PREFILL_TYPES[form_field.prefill]:
        yield f"{form_field.prefill.value} 不能预填到 {kind.value} 类型的字段"
    sex_values = {o.value for o in form_field.options or ()}
    if form_field.prefill == Prefill.SEX and sex_values and sex_values != {"male", "female"}:
        yield "由身份证预填性别时，选项取值应为 male 和 female"
    expressions = [
        ("visible_if", form_field.visible_if),
        ("required_if", form_field.required_if),
        *(("rules", rule.check) for rule in form_field.rules),
    ]
    for label, source in expressions:
        if source is None:
            continue
        try:
            expression = parse(source)
        except ExpressionError as exc:
            yield f"{label} 表达式有误：{exc.message}"
            continue
        unknown = sorted(expression.names - field_ids)
        if unknown:
            yield f"{label} 引用了不存在的字段 {'、'.join(unknown)}"
        if label == "visible_if" and form_field.id in expression.names:
            yield "visible_if 不能引用字段自己"


def _check_bundle(bundle: Bundle, services: dict[str, Service]) -> Iterable[tuple[str, str]]:
    where = f"一件事 {bundle.code}（{bundle.name}）"
    yield from _duplicates(where, bundle.members, "包含的事项重复")
    members = []
    for code in bundle.members:
        if code not in services:
            yield where, f"包含的事项 {code} 不存在"
        else:
            members.append(services[code])
    # 一表申请 merges fields by id, so the same id must mean the same question everywhere.
    seen: dict[str, tuple[str, FormField]] = {}
    for service in members:
        for form_field in service.form.fields:
            if form_field.id not in seen:
                seen[form_field.id] = (service.code, form_field)
                continue
            first_code, first = seen[form_field.id]
            if first.type != form_field.type:
                yield (
                    f"{where}字段 {form_field.id}",
                    f"在 {first_code} 和 {service.code} 中类型不同，无法合并为一张表",
                )
            elif _option_values(first) != _option_values(form_field):
                yield (
                    f"{where}字段 {form_field.id}",
                    f"在 {first_code} 和 {service.code} 中选项不同，无法合并为一张表",
                )


def _option_values(form_field: FormField) -> tuple[str, ...]:
    return tuple(o.value for o in form_field.options or ())


def _duplicates(where: str, values: Iterable[str], what: str) -> Iterable[tuple[str, str]]:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            yield where, f"{what}：{value}"
        seen.add(value)


def _from_validation_error(exc: ValidationError, data: bytes) -> CatalogError:
    first = exc.errors(include_url=False)[0]
    where = _describe_location(first.get("loc", ()), data)
    what = _PYDANTIC_MESSAGES.get(first.get("type", ""), "格式不对")
    more = f"（另有 {exc.error_count() - 1} 处问题）" if exc.error_count() > 1 else ""
    return CatalogError(
        f"事项目录有误：{where}：{what}{more}",
        detail=f"catalog rejected: {exc.error_count()} validation error(s); first at "
        f"{'.'.join(str(p) for p in first.get('loc', ()))} ({first.get('type')})",
    )


def _describe_location(loc: tuple, data: bytes) -> str:
    """``('services', 3, 'form', 'fields', 2, 'label')`` -> 事项 X（名称） 字段 y label."""
    try:
        document = json.loads(data)
    except ValueError:
        return "文件"
    parts: list[str] = []
    node = document
    path = list(loc)
    i = 0
    while i < len(path):
        key = path[i]
        nxt = path[i + 1] if i + 1 < len(path) else None
        child = _child(node, key)
        if key in ("services", "bundles") and isinstance(nxt, int):
            item = _child(child, nxt)
            label = "事项" if key == "services" else "一件事"
            parts.append(f"{label} {_ident(item, 'code', nxt)}{_name_suffix(item)}")
            node, i = item, i + 2
            continue
        if key == "fields" and isinstance(nxt, int):
            item = _child(child, nxt)
            parts.append(f"字段 {_ident(item, 'id', nxt)}")
            node, i = item, i + 2
            continue
        if key == "material_types" and isinstance(nxt, int):
            item = _child(child, nxt)
            parts.append(f"材料类型 {_ident(item, 'code', nxt)}")
            node, i = item, i + 2
            continue
        if key != "form":
            parts.append(f"第 {key + 1} 项" if isinstance(key, int) else str(key))
        node, i = child, i + 1
    return "".join(parts[:1]) + "".join(" " + p for p in parts[1:]) if parts else "文件"


def _child(node: object, key: object) -> object:
    if isinstance(node, dict) and isinstance(key, str):
        return node.get(key)
    if isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
        return node[key]
    return None


def _ident(item: object, key: str, index: int) -> str:
    value = item.get(key) if isinstance(item, dict) else None
    if isinstance(value, str) and value:
        return value[:64]
    return f"第 {index + 1} 项"


def _name_suffix(item: object) -> str:
    name = item.get("name") if isinstance(item, dict) else None
    return f"（{name[:60]}）" if isinstance(name, str) and name else ""
