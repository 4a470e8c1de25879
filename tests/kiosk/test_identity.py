"""Resident ID numbers: every number here is synthetic (composed, never a real person's)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.identity import (
    ID_PROVINCE_CODES,
    REASON_CHARACTERS,
    REASON_CHECK,
    REASON_DATE_FUTURE,
    REASON_DATE_INVALID,
    REASON_DATE_TOO_EARLY,
    REASON_EMPTY,
    REASON_LENGTH,
    REASON_REGION,
    WEIGHTS,
    IdCheck,
    IdentityError,
    Sex,
    age_on,
    check_digit,
    check_id_number,
    compose_id_number,
    mask_id_number,
    parse_id_number,
)
from kiosk.errors import KioskError
from tests.support.synthetic import synthetic_people, synthetic_person

# The only "today" the tests know; nothing may depend on the real date.
TODAY = date(2030, 6, 15)

JSON_KEYS = {"input", "valid", "reason", "normalized", "birth_date", "sex", "region_code"}


def oracle_check_char(first17: str) -> str:
    """ISO 7064 MOD 11-2 done the other way round: weights 2^(17-i) mod 11, and the check
    value c is the one that makes (sum + c) ≡ 1 (mod 11), found by trying all eleven."""
    total = sum(int(d) * pow(2, 17 - i, 11) for i, d in enumerate(first17))
    (value,) = (c for c in range(11) if (total + c) % 11 == 1)
    return "X" if value == 10 else str(value)


def oracle_upgrade(legacy15: str) -> str:
    first17 = legacy15[:6] + "19" + legacy15[6:]
    return first17 + oracle_check_char(first17)


digits17 = st.text(alphabet="0123456789", min_size=17, max_size=17)
provinces = st.sampled_from(sorted(ID_PROVINCE_CODES))
region_codes = st.builds(
    lambda p, rest: p + rest, provinces, st.text(alphabet="0123456789", min_size=4, max_size=4)
)
birth_dates = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)
sequences = st.integers(min_value=0, max_value=999)


@st.composite
def valid_numbers(draw: st.DrawFn) -> str:
    return compose_id_number(
        draw(region_codes), birth_date=draw(birth_dates), sequence=draw(sequences)
    )


@st.composite
def legacy_numbers(draw: st.DrawFn) -> str:
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(1999, 12, 31)))
    return f"{draw(region_codes)}{born:%y%m%d}{draw(sequences):03d}"


def check(text: str) -> IdCheck:
    return check_id_number(text, today=TODAY)


# --- check digit -------------------------------------------------------------------------------


def test_weights_are_powers_of_two_mod_11() -> None:
    assert list(WEIGHTS) == [pow(2, 17 - i, 11) for i in range(17)]


@given(digits17)
def test_check_digit_agrees_with_independent_oracle(first17: str) -> None:
    assert check_digit(first17) == oracle_check_char(first17)


def test_check_digit_known_vectors() -> None:
    # Worked by hand: all zeros sum to 0 -> "1"; 17 ones sum to 100, 100 % 11 = 1 -> "0".
    assert check_digit("0" * 17) == "1"
    assert check_digit("1" * 17) == "0"
    assert check_digit("11010520000101001") == oracle_check_char("11010520000101001")


@pytest.mark.parametrize("bad", ["", "1" * 16, "1" * 18, "1" * 16 + "X", "１" * 17])
def test_check_digit_rejects_anything_but_17_ascii_digits(bad: str) -> None:
    with pytest.raises(ValueError):
        check_digit(bad)


def test_mod_11_2_detects_every_single_substitution_and_adjacent_swap() -> None:
    # The arithmetic behind the two properties below, exhaustively: a substitution at position
    # i changes the weighted sum by w_i * d and a swap of positions i, i+1 by
    # (w_i - w_{i+1}) * d, with d = difference of the two values (1..10, X counting 10).
    # 11 is prime and none of the factors is a multiple of 11, so the sum always moves.
    weights = [*WEIGHTS, 1]  # the check character has weight 2^0
    for i, weight in enumerate(weights):
        for d in range(1, 11):
            assert weight * d % 11 != 0
            if i < 17:
                assert (weight - weights[i + 1]) * d % 11 != 0


# --- valid numbers -----------------------------------------------------------------------------


@given(region_codes, birth_dates, sequences)
def test_composed_numbers_validate_and_round_trip(region: str, born: date, seq: int) -> None:
    number = compose_id_number(region, birth_date=born, sequence=seq)
    result = check(number)
    assert result.valid, result.reason
    assert result.reason is None
    assert result.normalized == number
    assert result.birth_date == born
    assert result.region_code == region
    assert result.sex is (Sex.MALE if seq % 2 else Sex.FEMALE)


def test_valid_result_to_json() -> None:
    number = compose_id_number("110105", birth_date=date(1990, 3, 7), sequence=123)
    payload = check(number).to_json()
    assert set(payload) == JSON_KEYS
    assert payload == {
        "input": number,
        "valid": True,
        "reason": None,
        "normalized": number,
        "birth_date": "1990-03-07",
        "sex": "male",
        "region_code": "110105",
    }


def test_sex_labels() -> None:
    assert Sex.MALE.label_zh == "男"
    assert Sex.FEMALE.label_zh == "女"
    assert check(compose_id_number("110105", birth_date=date(1990, 1, 1), sequence=2)).sex is (
        Sex.FEMALE
    )


@given(valid_numbers())
def test_lower_case_x_is_accepted_and_normalised(number: str) -> None:
    result = check(number.lower())
    assert result.valid
    assert result.normalized == number
    assert result.input == number.lower()


def test_number_ending_in_x_lower_case() -> None:
    number = next(p.id_number for p in synthetic_people(200) if p.id_number.endswith("X"))
    assert check(number[:-1] + "x").normalized == number


@given(valid_numbers())
def test_full_width_and_surrounding_whitespace_are_normalised(number: str) -> None:
    full_width = number.translate(
        str.maketrans({**{str(i): chr(0xFF10 + i) for i in range(10)}, "X": "ｘ"})
    )
    for text in (f"  {number}\n", f"\u3000{full_width}\u3000", f"\ufeff{number}\u200b"):
        result = check(text)
        assert result.valid, result.reason
        assert result.normalized == number
        assert result.input == text


def test_inner_spaces_are_not_accepted() -> None:
    number = compose_id_number("110105", birth_date=date(1990, 1, 1), sequence=1)
    assert not check(number[:6] + " " + number[6:]).valid


@given(legacy_numbers())
def test_legacy_15_digit_numbers_are_upgraded(legacy: str) -> None:
    result = check(legacy)
    assert result.valid, result.reason
    assert result.normalized == oracle_upgrade(legacy)
    assert result.birth_date == date(1900 + int(legacy[6:8]), int(legacy[8:10]), int(legacy[10:12]))
    assert result.sex is (Sex.MALE if int(legacy[14]) % 2 else Sex.FEMALE)
    assert result.region_code == legacy[:6]


@pytest.mark.parametrize("province", ["71", "81", "82", "83"])
def test_taiwan_hong_kong_macau_codes_are_accepted(province: str) -> None:
    number = compose_id_number(province + "0000", birth_date=date(1985, 5, 5), sequence=7)
    assert check(number).valid


def test_retired_or_unknown_county_with_real_province_is_valid() -> None:
    # 110103 崇文区 was merged away in 2010; 139999 was never used. Both keep their code.
    for region in ("110103", "139999"):
        result = check(compose_id_number(region, birth_date=date(1970, 1, 1), sequence=11))
        assert result.valid
        assert result.region_code == region


def test_born_today_is_valid_and_1900_01_01_too() -> None:
    assert check(compose_id_number("110105", birth_date=TODAY, sequence=1)).valid
    assert check(compose_id_number("110105", birth_date=date(1900, 1, 1), sequence=1)).valid


# --- invalid numbers ---------------------------------------------------------------------------


def assert_invalid(text: str, reason: str) -> None:
    result = check(text)
    assert result == IdCheck(text, False, reason, None, None, None, None)
    payload = result.to_json()
    assert set(payload) == JSON_KEYS
    assert payload["input"] == text
    assert payload["valid"] is False
    assert payload["reason"] == reason
    assert [payload[k] for k in JSON_KEYS - {"input", "valid", "reason"}] == [None] * 4


def with_check(first17: str) -> str:
    return first17 + oracle_check_char(first17)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", REASON_EMPTY),
        ("   ", REASON_EMPTY),
        ("1101051990", REASON_LENGTH),
        ("1" * 17, REASON_LENGTH),
        ("1" * 19, REASON_LENGTH),
        ("11010519900101001Y", REASON_CHARACTERS),
        ("1101051990X101001X", REASON_CHARACTERS),
        ("11010590010100X", REASON_CHARACTERS),  # 15-digit numbers have no check character
        ("1101051990-101001", REASON_CHARACTERS),
        ("abc", REASON_CHARACTERS),
        ("11010519900101001X1", REASON_LENGTH),
        ("\u0661" * 18, REASON_CHARACTERS),  # Arabic-Indic digits are not digits here
        (with_check("00010519900101001"), REASON_REGION),
        (with_check("99010519900101001"), REASON_REGION),
        (with_check("10010519900101001"), REASON_REGION),
        ("990105900101001", REASON_REGION),
        (with_check("11010519990230001"), REASON_DATE_INVALID),
        (with_check("11010520230229001"), REASON_DATE_INVALID),
        (with_check("11010519901301001"), REASON_DATE_INVALID),
        (with_check("11010519900100001"), REASON_DATE_INVALID),
        (with_check("11010500000101001"), REASON_DATE_INVALID),
        ("110105990230001", REASON_DATE_INVALID),
        (with_check("11010518991231001"), REASON_DATE_TOO_EARLY),
        (with_check("11010520300616001"), REASON_DATE_FUTURE),
        (with_check("11010521000101001"), REASON_DATE_FUTURE),
    ],
)
def test_invalid_numbers_have_a_reason_and_nothing_else(text: str, reason: str) -> None:
    assert_invalid(text, reason)


def test_wrong_check_character() -> None:
    number = compose_id_number("110105", birth_date=date(1990, 1, 1), sequence=1)
    wrong = "0" if number[-1] != "0" else "1"
    assert_invalid(number[:-1] + wrong, REASON_CHECK)


def test_leap_day_is_a_real_date_in_leap_years_only() -> None:
    assert check(with_check("11010520000229001")).valid
    assert check(with_check("11010519000229001")).reason == REASON_DATE_INVALID  # 1900 not leap


@given(birth_dates, st.integers(min_value=1, max_value=40_000))
def test_future_dates_are_rejected_relative_to_injected_today(born: date, days: int) -> None:
    number = compose_id_number("320102", birth_date=born, sequence=5)
    assert check_id_number(number, today=born).valid
    earlier = born - timedelta(days=days)  # births start in 1900, so this stays a valid date
    assert check_id_number(number, today=earlier).reason == REASON_DATE_FUTURE


@given(valid_numbers(), st.integers(min_value=0, max_value=17), st.sampled_from("0123456789X"))
def test_any_single_substitution_is_detected(number: str, position: int, char: str) -> None:
    if number[position] == char:
        return
    assert not check(number[:position] + char + number[position + 1 :]).valid


@given(valid_numbers())
def test_every_single_substitution_of_a_number_is_detected(number: str) -> None:
    for position in range(18):
        for char in "0123456789X":
            if char != number[position]:
                changed = number[:position] + char + number[position + 1 :]
                assert not check(changed).valid, (position, char)


@given(valid_numbers())
def test_every_adjacent_swap_of_distinct_characters_is_detected(number: str) -> None:
    for i in range(17):
        if number[i] != number[i + 1]:
            swapped = number[:i] + number[i + 1] + number[i] + number[i + 2 :]
            assert not check(swapped).valid, i


# --- parse_id_number -----------------------------------------------------------------------------


def test_parse_returns_the_check_when_valid() -> None:
    number = compose_id_number("440305", birth_date=date(2001, 8, 8), sequence=88)
    assert parse_id_number(number, today=TODAY) == check(number)


def test_parse_raises_identity_error_without_personal_data() -> None:
    number = compose_id_number("440305", birth_date=date(2001, 8, 8), sequence=88)
    bad = number[:-1] + ("0" if number[-1] != "0" else "1")
    with pytest.raises(IdentityError) as caught:
        parse_id_number(bad, today=TODAY)
    error = caught.value
    assert isinstance(error, KioskError)
    assert error.message == str(error) == REASON_CHECK
    for text in (error.detail, str(error), repr(error)):
        assert bad[6:14] not in text
        assert bad not in text


def test_repr_of_result_masks_the_number() -> None:
    number = compose_id_number("440305", birth_date=date(2001, 8, 8), sequence=88)
    assert "20010808" not in repr(check(number))
    assert "20010808" not in repr(check(number[:-1] + "Y"))


# --- compose -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("region", "born", "seq"),
    [
        ("11010", date(1990, 1, 1), 1),
        ("11010a", date(1990, 1, 1), 1),
        ("990105", date(1990, 1, 1), 1),
        ("110105", date(1899, 12, 31), 1),
        ("110105", date(1990, 1, 1), -1),
        ("110105", date(1990, 1, 1), 1000),
    ],
)
def test_compose_rejects_impossible_parts(region: str, born: date, seq: int) -> None:
    with pytest.raises(ValueError):
        compose_id_number(region, birth_date=born, sequence=seq)


# --- masking -----------------------------------------------------------------------------------


def test_mask_examples() -> None:
    number = compose_id_number("110105", birth_date=date(1990, 1, 1), sequence=123)
    assert mask_id_number(number) == "110105********" + number[-4:]
    assert mask_id_number(number.lower()) == "110105********" + number[-4:]
    assert mask_id_number(" " + number + " ") == mask_id_number(number)
    assert mask_id_number("110105900101123") == "110105********3"
    assert mask_id_number("1234567") == "********"
    assert mask_id_number("") == "********"
    assert mask_id_number("1234567890") == "12********"


@given(valid_numbers())
def test_mask_never_reveals_the_middle(number: str) -> None:
    masked = mask_id_number(number)
    assert masked == number[:6] + "*" * 8 + number[-4:]


@given(st.text(max_size=40))
def test_mask_hides_at_least_eight_characters_of_anything(text: str) -> None:
    masked = mask_id_number(text)
    visible = masked.replace("*" * 8, "", 1)
    assert "*" * 8 in masked
    assert len(visible) <= 10
    # What is visible is at most the cleaned input less 8 characters.
    cleaned_length = len(text.strip().strip("\u200b\u200c\u200d\u2060\ufeff").strip())
    assert len(visible) <= max(0, cleaned_length - 8)


@given(legacy_numbers())
def test_mask_of_legacy_number_hides_the_birth_date(legacy: str) -> None:
    masked = mask_id_number(legacy)
    assert masked == legacy[:6] + "*" * 8 + legacy[-1]


# --- age ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("born", "today", "age"),
    [
        (date(1990, 5, 20), date(2030, 5, 19), 39),
        (date(1990, 5, 20), date(2030, 5, 20), 40),
        (date(1990, 5, 20), date(1990, 5, 20), 0),
        (date(2000, 2, 29), date(2001, 2, 28), 0),
        (date(2000, 2, 29), date(2001, 3, 1), 1),
        (date(2000, 2, 29), date(2004, 2, 28), 3),
        (date(2000, 2, 29), date(2004, 2, 29), 4),
        (date(1960, 12, 31), date(2030, 1, 1), 69),
    ],
)
def test_age_on(born: date, today: date, age: int) -> None:
    assert age_on(born, today) == age


def test_age_on_rejects_today_before_birth() -> None:
    with pytest.raises(ValueError):
        age_on(date(2000, 1, 2), date(2000, 1, 1))


@given(birth_dates, st.integers(min_value=0, max_value=120))
def test_age_on_birthday_is_whole_years(born: date, years: int) -> None:
    if (born.month, born.day) == (2, 29):
        born = born - timedelta(days=1)
    assert age_on(born, born.replace(year=born.year + years)) == years
    if years:
        day_before = born.replace(year=born.year + years) - timedelta(days=1)
        assert age_on(born, day_before) == years - 1


# --- synthetic people (tests/support/synthetic.py) ---------------------------------------------


def test_synthetic_people_are_deterministic_and_valid() -> None:
    assert synthetic_person(7) == synthetic_person(7)
    people = synthetic_people(300)
    assert len({p.id_number for p in people}) == len(people)
    for person in people:
        result = check(person.id_number)
        assert result.valid
        assert result.birth_date == person.birth_date
        assert result.sex is person.sex
        assert result.region_code == person.region_code
        assert 2 <= len(person.name) <= 3
