from decimal import Decimal

import pytest

from accessibility.language import Language
from accessibility.speech import spoken

EN = Language.EN


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "零"),
        (7, "七"),
        (10, "十"),
        (15, "十五"),
        (20, "二十"),
        (105, "一百零五"),
        (110, "一百一十"),
        (200, "两百"),
        (1005, "一千零五"),
        (1200, "一千二百"),
        (10_200, "一万零二百"),
        (20_000, "两万"),
        (120_000, "十二万"),
        (100_010, "十万零一十"),
        (1_000_000_001, "十亿零一"),
        (-3, "负三"),
    ],
)
def test_chinese_numbers_read_as_people_say_them(value, text):
    assert spoken.chinese_number(value) == text


def test_a_bare_two_before_a_measure_word_is_liang_but_twelve_is_not():
    assert spoken.chinese_number(2, measure=True) == "两"
    assert spoken.chinese_number(2) == "二"
    assert spoken.chinese_number(12, measure=True) == "十二"
    assert spoken.chinese_number(22, measure=True) == "二十二"


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        ("1234.56", "一千二百三十四元五角六分"),
        ("100.05", "一百元零五分"),
        ("100.50", "一百元五角"),
        ("10.5", "十元五角"),
        ("0.02", "两分"),
        ("0.2", "两角"),
        (2, "两元"),
        (0, "零元"),
        (Decimal("12"), "十二元"),
        ("300.004", "三百元"),
        ("-5", "负五元"),
    ],
)
def test_amounts_are_read_as_money(amount, text):
    assert spoken.money(amount) == text


def test_amounts_in_english():
    assert spoken.money("1234.56", language=EN) == "1234 yuan and 56 fen"
    assert spoken.money("0.05", language=EN) == "5 fen"
    assert spoken.money(0, language=EN) == "0 yuan"


def test_a_non_number_amount_is_refused():
    with pytest.raises(spoken.SpokenValueError):
        spoken.money("十块")


def test_an_id_number_is_read_digit_by_digit_in_three_groups():
    assert spoken.id_number("11010519491231002x") == "一一零一零五，一九四九一二三一，零零二叉"
    assert spoken.id_number("110105 19491231 002X", language=EN) == (
        "one one zero one zero five, one nine four nine one two three one, zero zero two X"
    )


def test_the_open_speaker_says_only_the_last_four_characters_and_the_surname():
    assert spoken.masked_id_number("11010519491231002X") == "尾号零零二叉的身份证"
    assert spoken.masked_name("欧阳明") == "欧某某"
    assert spoken.masked_name("") == ""


def test_typed_keys_are_echoed():
    assert spoken.echo_key("5") == "五"
    assert spoken.echo_key("x") == "叉"
    assert spoken.echo_key("Backspace") == "删除"
    assert spoken.echo_key("5", language=EN) == "five"


def test_an_error_names_the_field_first():
    assert spoken.field_error("手机号码", "位数不对。") == "手机号码有误：位数不对。"
    assert spoken.field_error("Phone", "too short", language=EN) == "Phone: too short."


def test_a_control_says_name_role_and_state():
    assert spoken.control("同意", "复选框", state="已选中") == "同意，复选框，已选中"
    assert spoken.control(" 下一步 ", "按钮") == "下一步，按钮"
