"""Each field type's checks and canonical values, with hypothesis where a property exists."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.answers import Accepted, FieldError, check_answer
from kiosk.domain.catalog import FormField, Supply
from tests.support.synthetic import synthetic_person

TODAY = date(2026, 11, 22)


def field(ftype: str, **extra) -> FormField:
    return FormField.model_validate(
        {"id": "f", "type": ftype, "label": "问题？", "title": "某项", **extra}
    )


def ok(form_field, raw, **kw):
    result = check_answer(form_field, raw, required=kw.pop("required", True), today=TODAY, **kw)
    assert isinstance(result, Accepted), result
    return result.value


def bad(form_field, raw, **kw):
    result = check_answer(form_field, raw, required=kw.pop("required", True), today=TODAY, **kw)
    assert isinstance(result, FieldError), result
    assert result.field_id == "f" and result.title == "某项"
    return result.message


@pytest.mark.parametrize("ftype", ["text", "name", "phone", "date", "money", "id_number"])
def test_required_empty_answers_name_the_field(ftype):
    assert "某项" in bad(field(ftype), "  ")


def test_optional_empty_answer_is_none():
    assert ok(field("text"), "", required=False) is None


def test_text_is_cleaned_and_bounded():
    assert ok(field("text"), "  东风\u0000村  3组 ") == "东风村 3组"
    assert "最多 5 个字" in bad(field("text", max_length=5), "一二三四五六")


def test_id_number_is_normalised_and_explained():
    person = synthetic_person(3)
    assert ok(field("id_number"), person.id_number.lower()) == person.id_number
    wrong = person.id_number[:-1] + ("0" if person.id_number[-1] != "0" else "1")
    assert "校验码" in bad(field("id_number"), wrong)


def test_phone_and_name():
    assert ok(field("phone"), "+86 138-0013-8000") == "13800138000"
    assert bad(field("phone"), "12345")
    assert ok(field("name"), "阿依古丽·买买提") == "阿依古丽·买买提"
    assert bad(field("name"), "Li Lei")


def test_dates_respect_their_range():
    assert ok(field("date", date_range="past"), "1941-02-28") == "1941-02-28"
    assert "不能晚于今天" in bad(field("date", date_range="past"), "2030-01-01")
    assert "不能早于今天" in bad(field("date", date_range="future"), "2020-01-01")
    assert "不是有效的日期" in bad(field("date"), "1941-02-30")
    assert "1900" in bad(field("date"), "1899-12-31")


def test_money_is_exact_and_refuses_floats():
    assert ok(field("money"), "1,200.5") == "1200.50"
    assert ok(field("money"), 3) == "3.00"
    assert bad(field("money"), 0.1)
    assert "两位小数" in bad(field("money"), "1.005")
    assert "负数" in bad(field("money"), "-1")


@given(st.decimals(min_value=0, max_value=Decimal("99999999.99"), places=2))
def test_money_round_trips_any_amount_in_cents(amount):
    assert Decimal(ok(field("money"), f"{amount:f}")) == amount


@given(st.integers(min_value=-(10**30), max_value=10**30))
def test_numbers_never_crash_and_respect_bounds(n):
    f = field("number", minimum=1, maximum=20)
    result = check_answer(f, n, required=True, today=TODAY)
    if 1 <= n <= 20:
        assert result == Accepted(str(n))
    else:
        assert isinstance(result, FieldError)


def test_number_decimals():
    assert ok(field("number"), "12.0") == "12"
    assert "整数" in bad(field("number"), "12.5")
    assert ok(field("number", decimals=1), "36.5") == "36.5"


def test_choices():
    options = [
        {"value": "a", "label": "甲"},
        {"value": "b", "label": "乙"},
        {"value": "c", "label": "丙"},
    ]
    assert ok(field("single_choice", options=options), "b") == "b"
    assert bad(field("single_choice", options=options), "z")
    assert ok(field("multi_choice", options=options), ["c", "a"]) == ["a", "c"]
    assert bad(field("multi_choice", options=options), ["a", "x"])
    assert bad(field("multi_choice", options=options), []) == "请选择某项"


def test_region_needs_a_current_code_and_detail_below_county():
    f = field("region", region_depth=5)
    assert ok(f, {"code": "110105", "detail": " 三里屯街道 "}) == {
        "code": "110105",
        "detail": "三里屯街道",
    }
    assert "乡镇" in bad(f, {"code": "110105"})
    assert "下一级" in bad(f, {"code": "110000", "detail": "x"})
    assert "现在的地区" in bad(f, {"code": "999999"})
    assert ok(field("region", region_depth=3), "110105") == {"code": "110105"}


def test_bank_account_digits_only():
    assert ok(field("bank_account"), "6222 0000 1111 2222 333") == "6222000011112222333"
    assert bad(field("bank_account"), "6222-abc")


def test_material_later_only_when_the_catalogue_allows():
    f = field("material", material="HUKOU")
    assert ok(f, {"later": True}, supply=Supply.LATER) == {"later": True}
    assert bad(f, {"later": True}, supply=Supply.REQUIRED)
    assert ok(f, {"sha256": "b" * 64, "source": "reused"}) == {
        "sha256": "b" * 64,
        "source": "reused",
    }
    assert bad(f, {"sha256": "not-a-hash"})


def test_consent_must_be_explicitly_true():
    f = field("consent", consent_text="我同意。")
    assert ok(f, True) is True
    assert "勾选" in bad(f, "yes")
    assert "勾选" in bad(f, None)


@given(
    st.from_type(object) | st.text() | st.lists(st.text()) | st.dictionaries(st.text(), st.text())
)
def test_no_input_of_any_type_crashes_any_checker(raw):
    for ftype in [
        "text",
        "id_number",
        "name",
        "phone",
        "date",
        "number",
        "money",
        "bank_account",
        "signature",
        "consent",
    ]:
        result = check_answer(field(ftype), raw, required=True, today=TODAY)
        assert isinstance(result, Accepted | FieldError)


def test_a_signature_is_drawn_or_confirmed_and_nothing_else():
    sha = "a" * 64
    assert check_answer(field("signature"), {"sha256": sha}, required=True, today=TODAY) == (
        Accepted({"kind": "drawn", "sha256": sha})
    )
    confirmed = {"kind": "confirmed", "statement": "我确认以上内容属实"}
    assert check_answer(field("signature"), confirmed, required=True, today=TODAY) == Accepted(
        confirmed
    )
    for bad in (
        {"kind": "confirmed", "statement": "  "},
        {"kind": "confirmed", "statement": "我确认", "sha256": sha},
        {"kind": "typed", "sha256": sha},
        {"kind": "confirmed"},
    ):
        assert isinstance(
            check_answer(field("signature"), bad, required=True, today=TODAY), FieldError
        )
