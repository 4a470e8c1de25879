"""A bad catalogue is refused with a reason naming the item and field; a good one loads."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from kiosk.domain.catalog import render_json_schema
from kiosk.domain.catalog_rules import CatalogError, load_catalog
from tests.support.catalogs import mini_catalog, mini_catalog_bytes

ROOT = Path(__file__).resolve().parents[2]


def test_a_good_catalogue_loads_with_its_checksum():
    loaded = load_catalog(mini_catalog_bytes())
    assert loaded.catalog.version == "t1"
    assert loaded.service("T-ALLOW").name == "高龄津贴申领"
    assert loaded.bundle("T-BUNDLE").members == ["T-ALLOW", "T-MED"]
    assert len(loaded.checksum) == 64


def _set(path, value):
    def mutate(data):
        node = data
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return mutate


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (
            _set(["services", 0, "form", "fields", 3, "type"], "telephone"),
            "事项 T-ALLOW（高龄津贴申领） 字段 applicant_phone type：不是允许的取值",
        ),
        (
            _set(["services", 1, "form", "fields", 0, "requird"], True),
            "事项 T-MED（城乡居民医保参保登记） 字段 applicant_name requird：不认识的项",
        ),
        (_set(["services", 0, "name"], ""), "事项 T-ALLOW name：不能为空"),
        (
            _set(["services", 0, "form", "fields", 5, "visible_if"], "living_alon == 'no'"),
            "字段 carer_phone：visible_if 引用了不存在的字段 living_alon",
        ),
        (
            _set(["services", 0, "form", "fields", 5, "visible_if"], "living_alone == ("),
            "事项 T-ALLOW（高龄津贴申领）字段 carer_phone：visible_if 表达式有误",
        ),
        (
            _set(["services", 0, "form", "fields", 6, "material"], "PASSPORT"),
            "字段 material_hukou：材料 PASSPORT 不在本事项的申请材料中",
        ),
        (
            _set(["services", 0, "materials", 0, "type"], "NOPE"),
            "事项 T-ALLOW（高龄津贴申领）：申请材料 NOPE 不在 material_types 中",
        ),
        (
            _set(["bundles", 0, "members"], ["T-ALLOW", "T-GONE"]),
            "一件事 T-BUNDLE（测试一件事）：包含的事项 T-GONE 不存在",
        ),
        (_set(["services", 1, "code"], "T-ALLOW"), "目录：事项编码重复：T-ALLOW"),
        (
            _set(
                ["services", 1, "form", "fields", 2, "options"],
                [{"value": "m", "label": "男"}, {"value": "f", "label": "女"}],
            ),
            "字段 applicant_sex：由身份证预填性别时",
        ),
        (
            _set(["services", 1, "form", "fields", 2, "type"], "text"),
            "字段 applicant_sex：只有选择题可以有选项",
        ),
        (
            _set(
                ["services", 0, "form", "fields", 4, "options"], [{"value": "yes", "label": "是"}]
            ),
            "字段 living_alone：选择题至少要有两个选项",
        ),
        (
            _set(["services", 0, "form", "fields", 7, "consent_text"], None),
            "字段 consent：同意字段缺少 consent_text",
        ),
    ],
)
def test_a_broken_catalogue_is_refused_naming_item_and_field(mutate, expected):
    with pytest.raises(CatalogError) as caught:
        load_catalog(mini_catalog_bytes(mutate))
    assert expected in caught.value.message
    assert caught.value.message.startswith("事项目录有误：")


def test_bundle_members_disagreeing_on_a_shared_field_cannot_merge():
    def mutate(data):
        fields = data["services"][1]["form"]["fields"]
        fields[1] = {"id": "applicant_phone", "type": "text", "label": "电话？"}

    with pytest.raises(CatalogError) as caught:
        load_catalog(mini_catalog_bytes(mutate))
    assert "一件事 T-BUNDLE（测试一件事）字段 applicant_phone" in caught.value.message
    assert "类型不同" in caught.value.message


@pytest.mark.parametrize("raw", [b"", b"{", b"[]", b"\xff\xfe", b"null"])
def test_garbage_is_refused_with_a_message(raw):
    with pytest.raises(CatalogError) as caught:
        load_catalog(raw)
    assert caught.value.message.startswith("事项目录有误")


def test_oversized_catalogue_is_refused_before_parsing():
    with pytest.raises(CatalogError, match="太大"):
        load_catalog(b" " * (8 * 1024 * 1024 + 1))


def test_the_log_detail_carries_no_catalogue_text():
    # Details go to logs; catalogue text is not personal, but keep details short and technical.
    with pytest.raises(CatalogError) as caught:
        load_catalog(mini_catalog_bytes(_set(["services", 0, "form", "fields", 3, "type"], "x")))
    assert "高龄" not in caught.value.detail
    assert "services.0.form.fields.3.type" in caught.value.detail


def test_published_schema_file_is_current():
    published = (ROOT / "docs" / "catalog.schema.json").read_text(encoding="utf-8")
    assert published == render_json_schema(), "run `make docs` to regenerate the schema"


def test_published_schema_accepts_the_catalogue_and_rejects_what_the_models_reject():
    schema = json.loads(render_json_schema())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    assert not list(validator.iter_errors(mini_catalog()))
    broken = mini_catalog()
    broken["services"][0]["form"]["fields"][0]["type"] = "telephone"
    assert list(validator.iter_errors(broken))
