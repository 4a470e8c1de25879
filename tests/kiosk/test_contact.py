from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.contact import (
    MOBILE_BAD_CHARACTER,
    MOBILE_BAD_PREFIX,
    MOBILE_EMPTY,
    MOBILE_LENGTH_WRONG,
    NAME_BAD_CHARACTER,
    NAME_DOT,
    NAME_DOT_AT_EDGE,
    NAME_DOUBLE_DOT,
    NAME_EMPTY,
    NAME_TOO_LONG,
    NAME_TOO_SHORT,
    mask_mobile,
    normalize_mobile,
    normalize_person_name,
    validate_mobile,
    validate_person_name,
)

# --- names -------------------------------------------------------------------------------------

ideographs = st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.characters(min_codepoint=0x3400, max_codepoint=0x4DBF),
    st.characters(min_codepoint=0x20000, max_codepoint=0x2A6DF),
    st.characters(min_codepoint=0x30000, max_codepoint=0x3134A),
)
name_parts = st.text(ideographs, min_size=1, max_size=8)


@pytest.mark.parametrize(
    "name",
    [
        "张伟",
        "欧阳娜娜",
        "阿依古丽·买买提",
        "王\U00020bb7",  # Ext B
        "陈\U00031350",  # Ext H
        "李\u3400",  # Ext A
        "金\uf92c",  # compatibility ideograph, kept as typed
        "赵〇",
        "  刘洋\u3000",
        "买买提·艾力·吐尔逊",
        "张" * 30,
    ],
)
def test_valid_names(name: str) -> None:
    assert validate_person_name(name) is None


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", NAME_EMPTY),
        ("   ", NAME_EMPTY),
        ("张", NAME_TOO_SHORT),
        ("张" * 31, NAME_TOO_LONG),
        ("张3", NAME_BAD_CHARACTER),
        ("Zhang伟", NAME_BAD_CHARACTER),
        ("张 伟", NAME_BAD_CHARACTER),
        ("张.伟", NAME_BAD_CHARACTER),
        ("张，伟", NAME_BAD_CHARACTER),
        ("ｚ伟", NAME_BAD_CHARACTER),
        ("·买买提", NAME_DOT_AT_EDGE),
        ("阿依古丽·", NAME_DOT_AT_EDGE),
        ("·", NAME_DOT_AT_EDGE),
        ("阿依古丽··买买提", NAME_DOUBLE_DOT),
        ("阿依古丽・•买买提", NAME_DOUBLE_DOT),
    ],
)
def test_invalid_names(name: str, message: str) -> None:
    assert validate_person_name(name) == message


@pytest.mark.parametrize(
    "dot", ["\u00b7", "\u0387", "\u2022", "\u2027", "\u2219", "\u22c5", "\u30fb", "\uff65"]
)
def test_dot_lookalikes_normalise_to_middle_dot(dot: str) -> None:
    name = f"阿依古丽{dot}买买提"
    assert validate_person_name(name) is None
    assert normalize_person_name(f" {name} ") == "阿依古丽\u00b7买买提"


def test_normalise_keeps_compatibility_ideographs() -> None:
    assert normalize_person_name("金\uf92c") == "金\uf92c"


@given(st.lists(name_parts, min_size=1, max_size=3))
def test_generated_names_validate(parts: list[str]) -> None:
    name = NAME_DOT.join(parts)
    expected = (
        None if 2 <= len(name) <= 30 else (NAME_TOO_SHORT if len(name) < 2 else NAME_TOO_LONG)
    )
    assert validate_person_name(name) == expected


@given(name_parts, st.characters(min_codepoint=0x21, max_codepoint=0x7E))
def test_any_ascii_character_is_rejected(part: str, char: str) -> None:
    assert validate_person_name(part + char + part) == NAME_BAD_CHARACTER


# --- mobile numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "13812345678",
        "138 1234 5678",
        "138-1234-5678",
        "+86 138 1234 5678",
        "+8613812345678",
        "0086-138-1234-5678",
        "8613812345678",
        "  13812345678\n",
        "１３８１２３４５６７８",
        "＋86 138\u30001234\u30005678",
    ],
)
def test_valid_mobiles_normalise_to_11_digits(text: str) -> None:
    assert validate_mobile(text) is None
    assert normalize_mobile(text) == "13812345678"


@pytest.mark.parametrize("prefix", [f"1{d}" for d in "3456789"])
def test_every_mobile_prefix_13_to_19(prefix: str) -> None:
    assert validate_mobile(prefix + "012345678") is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", MOBILE_EMPTY),
        (" - ", MOBILE_EMPTY),
        ("138abcd5678", MOBILE_BAD_CHARACTER),
        ("(010)12345678", MOBILE_BAD_CHARACTER),
        ("+1 13812345678", MOBILE_BAD_CHARACTER),
        ("1381234567", MOBILE_LENGTH_WRONG),
        ("138123456789", MOBILE_LENGTH_WRONG),
        ("86138123456", MOBILE_BAD_PREFIX),
        ("12812345678", MOBILE_BAD_PREFIX),
        ("10012345678", MOBILE_BAD_PREFIX),
        ("01012345678", MOBILE_BAD_PREFIX),
    ],
)
def test_invalid_mobiles(text: str, message: str) -> None:
    assert validate_mobile(text) == message


def test_mask_mobile() -> None:
    assert mask_mobile("13812345678") == "138****5678"
    assert mask_mobile("+86 138-1234-5678") == "138****5678"
    assert mask_mobile("") == "****"
    assert mask_mobile("12345") == "1****"


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_mask_mobile_hides_the_middle_four(number: str) -> None:
    assert validate_mobile(number) is None
    assert mask_mobile(number) == number[:3] + "****" + number[-4:]


@given(st.text(max_size=30))
def test_mask_mobile_hides_at_least_four_characters(text: str) -> None:
    masked = mask_mobile(text)
    visible = masked.replace("****", "", 1)
    assert len(visible) <= max(0, len(normalize_mobile(text)) - 4)
