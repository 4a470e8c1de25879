"""The form-logic expression language: examples, error messages, and properties."""

from __future__ import annotations

import decimal
import operator
import pickle
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal, localcontext

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kiosk.domain.expressions import (
    FUNCTIONS,
    KEYWORDS,
    MAX_DEPTH,
    MAX_LIST_ITEMS,
    MAX_NUMBER_DIGITS,
    MAX_SOURCE_LENGTH,
    MAX_STRING_LENGTH,
    Binary,
    Bool,
    Call,
    Expression,
    ExpressionError,
    ListExpr,
    Logical,
    Name,
    Node,
    Null,
    Number,
    String,
    Unary,
    parse,
    to_source,
    validate_names,
)
from kiosk.errors import KioskError

TODAY = date(2024, 6, 15)
D = Decimal


def same(actual: object, expected: object) -> bool:
    """Equality that keeps kinds apart (in Python, True == 1 == Decimal(1))."""
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(actual) == len(expected)
            and all(same(a, e) for a, e in zip(actual, expected, strict=True))
        )
    return type(actual) is type(expected) and actual == expected


ENV: dict[str, object] = {
    "benefits": ["低保", "特困"],
    "hardship_type": "medical",
    "income": D("1200.50"),
    "members": 3,
    "ratio": 0.1,
    "birth": "1964-06-15",
    "region": "440106",
    "flag": True,
    "nothing": None,
    "blank": "",
    "none_chosen": [],
    "no_keys": {},
    "household.size": 4,
    "household": {"size": 9, "head": {"age": 70}},
    "identity": {"age": "66"},
    "scalar": 5,
}

EXAMPLES = [
    # precedence and associativity
    ("1 + 2 * 3", D(7)),
    ("(1 + 2) * 3", D(9)),
    ("10 - 4 - 3", D(3)),
    ("10 - (4 - 3)", D(9)),
    ("100 / 10 / 5", D(2)),
    ("100 / (10 / 5)", D(50)),
    ("2 * 3 % 4", D(2)),
    ("-2 * 3", D(-6)),
    ("- 2 - 3", D(-5)),
    ("2 - -3", D(5)),
    ("--2", D(2)),
    ("7 % 3", D(1)),
    ("-7 % 3", D(-1)),  # Decimal remainder: the sign of the dividend
    ("1 / 4", D("0.25")),
    ("0.1 + 0.2 == 0.3", True),
    ("true or false and false", True),
    ("(true or false) and false", False),
    ("not true or true", True),
    ("not (true or true)", False),
    ("not 1 == 2", True),
    ("not not 'x'", True),
    ("1 < 2 and 2 < 3", True),
    ("1 + 1 == 2 and 'a' != 'b'", True),
    ("1 and 'x'", True),
    ("0 or ''", False),
    ("[] or null", False),
    # strings
    ("'低保' == \"低保\"", True),
    ("'it\\'s' == \"it's\"", True),
    ('"say \\"hi\\""', 'say "hi"'),
    ("'a\\\\b'", "a\\b"),
    ("'户籍' in '户籍迁移'", True),
    ("'b' > 'a'", True),
    ("hardship_type == 'medical'", True),
    # in / not in
    ("'低保' in benefits", True),
    ("'低保' not in benefits", False),
    ("'临时救助' not in benefits", True),
    ("1 in [1.0, 2]", True),
    ("1 in ['1']", False),
    ("true in [1]", False),
    ("null in [null]", True),
    ("[1, [2]] == [1, [2.0]]", True),
    ("1 in 5", False),
    ("1 not in nothing", True),
    ("'x' in nothing", False),
    # null and mismatched kinds
    ("missing == null", True),
    ("nothing == null", True),
    ("missing != 1", True),
    ("missing > 1", False),
    ("missing <= 1", False),
    ("missing + 1", None),
    ("-missing", None),
    ("not missing", True),
    ("1 / 0", None),
    ("5 % 0", None),
    ("'1' == 1", False),
    ("true == 1", False),
    ("'2' > 1", False),
    ("true + 1", None),
    ("'a' + 'b'", None),
    ("true < false", False),
    ("[1] < [2]", False),
    # numbers from the environment
    ("income <= 1200.50", True),
    ("income < 1200.5", False),
    ("income == 1200.5", True),
    ("income * 12", D("14406.00")),
    ("members + 1", D(4)),
    ("ratio + 0.2 == 0.3", True),
    ("flag + 1", None),
    # dotted names: the whole key first, then nested mappings
    ("household.size", D(4)),
    ("household.head.age >= 70", True),
    ("household.head.name", None),
    ("scalar.size", None),
    ("identity.age == '66'", True),
    # functions
    ("len('低保户')", D(3)),
    ("len(benefits)", D(2)),
    ("len(no_keys)", D(0)),
    ("len(missing)", None),
    ("len(5)", None),
    ("empty(missing)", True),
    ("empty(blank)", True),
    ("empty(none_chosen)", True),
    ("empty(no_keys)", True),
    ("empty(0)", False),
    ("empty(' ')", False),
    ("contains(benefits, '低保')", True),
    ("contains('440106', '4401')", True),
    ("contains(missing, 'x')", False),
    ("any_of(benefits, ['低保', '临时救助'])", True),
    ("any_of(benefits, ['临时救助'])", False),
    ("any_of(hardship_type, ['medical', 'accident'])", True),
    ("any_of(missing, ['medical'])", False),
    ("any_of(benefits, '低保')", False),
    ("all_of(benefits, ['低保', '特困'])", True),
    ("all_of(benefits, ['低保', '临时救助'])", False),
    ("all_of(missing, [])", False),
    ("starts_with(region, '4401')", True),
    ("starts_with(region, '4402')", False),
    ("starts_with(members, '3')", False),
    ("today()", "2024-06-15"),
    ("age(birth)", D(60)),
    ("age(birth) >= 60", True),
    ("age('2006-06-15')", D(18)),
    ("age('2006-06-16')", D(17)),
    ("age('2024-06-16')", None),  # not born yet
    ("age('2006-6-15')", None),
    ("age('not a date')", None),
    ("age(5)", None),
    ("date('2024-02-29')", "2024-02-29"),
    ("date('2023-02-29')", None),
    ("date('20240101')", None),
    ("days_between('2024-01-01', '2024-03-01')", D(60)),
    ("days_between('2024-03-01', '2024-01-01')", D(-60)),
    ("days_between('2024-01-01', missing)", None),
    ("'2024-01-02' > '2023-12-31'", True),
    ("[1, 'a', null, true]", [D(1), "a", None, True]),
]


@pytest.mark.parametrize(("source", "expected"), EXAMPLES)
def test_examples(source: str, expected: object) -> None:
    assert same(parse(source).evaluate(ENV, today=TODAY), expected)


@pytest.mark.parametrize(
    ("today", "expected"),
    [(date(2023, 2, 28), D(22)), (date(2023, 3, 1), D(23)), (date(2024, 2, 29), D(24))],
)
def test_age_of_a_leap_day_birth(today: date, expected: Decimal) -> None:
    assert same(parse("age('2000-02-29')").evaluate({}, today=today), expected)


def test_without_today_dates_relative_to_today_are_null() -> None:
    assert parse("today()").evaluate({}) is None
    assert parse("age('2000-01-01')").evaluate({}) is None
    assert parse("age('2000-01-01') >= 18").truthy({}) is False


def test_environment_values_are_normalised() -> None:
    env = {"d": date(2000, 1, 2), "dt": datetime(2000, 1, 2, 10, 30), "obj": object()}
    assert parse("d == '2000-01-02' and dt == '2000-01-02'").evaluate(env) is True
    assert parse("age(d)").evaluate(env, today=TODAY) == 24
    assert parse("obj == null").evaluate(env) is True
    assert same(parse("n").evaluate({"n": 7}), D(7))
    assert parse("n").evaluate({"n": float("nan")}) is None
    assert parse("n == null").evaluate({"n": D("Infinity")}) is True
    assert parse("t == [1, 2]").evaluate({"t": (1, 2)}) is True
    assert parse("x").evaluate([]) is None  # not a mapping: empty


def test_truthy_is_the_visibility_check() -> None:
    expr = parse("hardship_type == 'medical'")
    assert expr.truthy(ENV) is True
    assert expr.truthy({}) is False
    assert parse("benefits").truthy(ENV) is True
    assert parse("none_chosen").truthy(ENV) is False


def test_names_functions_and_validation() -> None:
    expr = parse("a and household.size > len(b) or any_of(c, ['x', d]) and e.f")
    assert expr.names == {"a", "household.size", "b", "c", "d", "e.f"}
    assert expr.functions == {"len", "any_of"}
    assert validate_names(expr, known=["a", "b", "household"]) == ["c", "d", "e.f"]
    assert validate_names(expr, known=iter(["a", "b", "c", "d", "e.f", "household.size"])) == []
    assert parse("'a' == 'b'").names == frozenset()


def test_parse_is_cached_and_expressions_are_immutable() -> None:
    expr = parse("a == 1")
    assert parse("a == 1") is expr
    assert isinstance(expr, Expression)
    assert str(expr) == "a == 1"
    with pytest.raises(AttributeError):
        expr.source = "b"
    with pytest.raises(AttributeError):
        expr.root.op = "!="


def test_names_may_be_spelled_like_functions() -> None:
    # Only a call is a function: a field called "today" is still a field.
    assert parse("today").evaluate({"today": "x"}) == "x"
    assert parse("today()").evaluate({"today": "x"}, today=TODAY) == "2024-06-15"


def test_canonical_source() -> None:
    assert parse("(a-b)-c").to_source() == "a - b - c"
    assert parse("a-(b-c)").to_source() == "a - (b - c)"
    assert parse("((a)) or (b and c)").to_source() == "a or b and c"
    assert parse("(a or b) and c").to_source() == "(a or b) and c"
    assert parse("(a or b) or c").to_source() == "(a or b) or c"
    assert parse("not(a)").to_source() == "not a"
    assert parse("(not a) == b").to_source() == "(not a) == b"
    assert parse("-(1 + 2)").to_source() == "-(1 + 2)"
    assert parse("1.50").to_source() == "1.50"
    assert parse('"it\'s"').to_source() == "'it\\'s'"


# --- errors ----------------------------------------------------------------------------------


ERRORS = [
    # (source, position, part of the message)
    ("(1 + 2", 6, "缺少右括号"),
    ("len(a", 5, "缺少右括号"),
    ("[1, 2", 5, "缺少右方括号"),
    ("(a b)", 3, "这里应为"),
    ("1 + 2)", 5, "多余的右括号"),
    ("1 2", 2, "多余的内容“2”"),
    ("a b", 2, "多余的内容“b”"),
    ("()", 1, "括号里缺少内容"),
    ("1 +", 3, "表达式不完整"),
    ("1 + * 2", 4, "“*”前面缺少值"),
    ("+1", 0, "“+”前面缺少值"),
    ("", 0, "表达式是空的"),
    ("   ", 0, "表达式是空的"),
    ("foo(1)", 0, "未知函数 foo"),
    ("x == eval('1')", 5, "未知函数 eval"),
    ("a.b(1)", 0, "未知函数 a.b"),
    ("len(1, 2)", 0, "函数 len 需要 1 个参数，这里有 2 个"),
    ("today(1)", 0, "函数 today 需要 0 个参数"),
    ("len(1,)", 6, "逗号后面缺少值"),
    ("[1,]", 3, "逗号后面缺少值"),
    ("a && b", 2, "请用 and 代替 &&"),
    ("a || b", 2, "请用 or 代替 ||"),
    ("a & b", 2, "请用 and"),
    ("!a", 0, "请用 not 代替 !"),
    ("a = 1", 2, "判断相等请用 =="),
    ("a <> 1", 2, "不等于请用 !="),
    ("a => 1", 2, "请用 >="),
    ("2 ** 3", 2, "不支持乘方"),
    ("a < b < c", 6, "比较不能连写"),
    ("a == b != c", 7, "比较不能连写"),
    ("a in b in c", 7, "比较不能连写"),
    ("a < b not in c", 6, "比较不能连写"),
    ("1 + not x", 4, "not 要放在括号里"),
    ("a == not b", 5, "not 要放在括号里"),
    ("a not b", 2, "多余的内容“not”"),
    ("'abc", 0, "字符串缺少结束引号"),
    ('x == "abc', 5, "字符串缺少结束引号"),
    ("'abc\\", 0, "字符串缺少结束引号"),
    ("'a\\nb'", 2, "不支持的转义"),
    ("1.", 1, "小数点后面要有数字"),
    ("1.x", 1, "小数点后面要有数字"),
    (".5", 0, "这里不能有“.”"),
    ("1.2.3", 3, "这里不能有“.”"),
    ("12abc", 2, "数字后面不能紧跟字母"),
    ("a.", 1, "点后面要跟字段名"),
    ("a.1", 1, "点后面要跟字段名"),
    ("a .b", 2, "这里不能有“.”"),
    ("a.not", 2, "“not”是保留字"),
    ("None", 0, "请用 null 代替 None"),
    ("x == True", 5, "请用 true 代替 True"),
    ("a AND b", 2, "请用小写的 and"),
    ("收入 > 1", 0, "文字要放在引号里"),
    ("a （b）", 2, "全角的“（”改成半角的“(”"),
    ("a == ‘x’", 5, "中文的“‘”"),
    ("a\u3000== 1", 1, "全角空格"),
    ("a ; b", 2, "不认识的字符“;”"),
    ("a \x00 b", 2, "不认识的字符“U+0000”"),
    ("1" * (MAX_NUMBER_DIGITS + 1), 0, "数字太长"),
    ("'" + "字" * (MAX_STRING_LENGTH + 1) + "'", 0, "字符串太长"),
    ("[" + ", ".join(["1"] * (MAX_LIST_ITEMS + 1)) + "]", 3 * MAX_LIST_ITEMS + 1, "列表太长"),
    ("(" * (MAX_DEPTH + 1) + "1" + ")" * (MAX_DEPTH + 1), MAX_DEPTH, "嵌套太深"),
    ("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), MAX_DEPTH, "嵌套太深"),
    ("-" * (MAX_DEPTH + 1) + "1", MAX_DEPTH, "嵌套太深"),
    ("not " * (MAX_DEPTH + 1) + "x", 4 * MAX_DEPTH, "嵌套太深"),
    ("len(" * (MAX_DEPTH + 1) + "x" + ")" * (MAX_DEPTH + 1), MAX_DEPTH * 4 + 3, "嵌套太深"),
    ("+".join(["1"] * (MAX_DEPTH + 2)), 2 * MAX_DEPTH + 1, "嵌套太深"),
    ("(" * 10_000, MAX_SOURCE_LENGTH, "表达式太长"),
    ("x" * (MAX_SOURCE_LENGTH + 1), MAX_SOURCE_LENGTH, "表达式太长"),
]


@pytest.mark.parametrize(("source", "position", "fragment"), ERRORS)
def test_errors(source: str, position: int, fragment: str) -> None:
    with pytest.raises(ExpressionError) as caught:
        parse(source)
    error = caught.value
    assert isinstance(error, KioskError)
    assert error.position == position
    assert fragment in error.message
    where = "表达式末尾" if 0 < len(source) <= position else f"第 {position + 1} 个字符处"
    assert error.message.startswith(where + "：")
    assert str(error) == error.message


def test_error_message_and_detail() -> None:
    with pytest.raises(ExpressionError) as caught:
        parse("(a or b) and (c")
    error = caught.value
    assert error.message == "表达式末尾：缺少右括号“)”（第 14 个字符处的“(”没有配对）"
    assert "(a or b) and (c" in error.detail
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.message, copy.position, copy.source) == (error.message, 15, error.source)


def test_limits_allow_what_they_promise() -> None:
    parse("(" * MAX_DEPTH + "1" + ")" * MAX_DEPTH)
    parse("+".join(["1"] * (MAX_DEPTH + 1)))
    parse("-" * MAX_DEPTH + "1")
    parse("x == 1 or " * 180 + "x == 2")  # a long or-chain is one shallow node
    parse("[" + ", ".join(["1"] * MAX_LIST_ITEMS) + "]")
    parse("'" + "字" * MAX_STRING_LENGTH + "'")
    parse("9" * (MAX_NUMBER_DIGITS - 2) + ".99")
    parse("x" * MAX_SOURCE_LENGTH)


def test_not_a_string() -> None:
    with pytest.raises(ExpressionError):
        parse(None)


# --- properties ------------------------------------------------------------------------------

TOKENS = [
    *KEYWORDS,
    *FUNCTIONS,
    "a",
    "b.c",
    "1",
    "2.5",
    "'s'",
    '"t"',
    "'",
    "\\",
    "(",
    ")",
    "[",
    "]",
    ",",
    "==",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "+",
    "-",
    "*",
    "/",
    "%",
    "&&",
    "!",
    "=",
    ".",
    " ",
    "（",
    "低保",
]
token_soup = st.lists(st.sampled_from(TOKENS), max_size=60).map(" ".join)


def parse_or_error(source: str) -> Expression | None:
    try:
        return parse(source)
    except ExpressionError as error:
        assert 0 <= error.position <= len(source)
        assert error.message
        return None


@given(st.text(max_size=300) | token_soup | st.text(alphabet="()[]-not ,", max_size=2500))
def test_parse_raises_only_expression_errors(source: str) -> None:
    expr = parse_or_error(source)
    if expr is not None:
        # Whatever parses renders to canonical source that parses to the same tree.
        assert parse(expr.to_source()).root == expr.root


@pytest.mark.parametrize(
    "source",
    [
        "(" * 10_000,
        "(" * 1999,
        "(" * 999 + ")" * 999,
        "[" * 1999,
        "-" * 1999 + "1",
        "not " * 499 + "x",
        "len(" * 400,
        "a+" * 999 + "a",
        "a or " * 399 + "a",
        "1 < " * 500,
        "'" * 2000,
        "\\" * 2000,
    ],
)
def test_hostile_inputs_fail_cleanly(source: str) -> None:
    parse_or_error(source)


NAMES = ["a", "b", "income", "benefits", "household.size", "x_1", "_y"]
numbers = st.builds(
    lambda digits, places: Decimal(digits).scaleb(-places),
    st.integers(min_value=0, max_value=10**15),
    st.integers(min_value=0, max_value=6),
)
leaves = st.one_of(
    numbers.map(Number),
    st.text(max_size=8).map(String),
    st.booleans().map(Bool),
    st.just(Null()),
    st.sampled_from(NAMES).map(Name),
)


def _branches(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    calls = st.sampled_from(sorted(FUNCTIONS.items())).flatmap(
        lambda fa: st.lists(children, min_size=fa[1], max_size=fa[1]).map(
            lambda args, name=fa[0]: Call(name, tuple(args))
        )
    )
    return st.one_of(
        st.builds(Unary, st.sampled_from(["-", "not"]), children),
        st.builds(
            Binary,
            st.sampled_from(["+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "in"])
            | st.just("not in"),
            children,
            children,
        ),
        st.builds(
            Logical,
            st.sampled_from(["and", "or"]),
            st.lists(children, min_size=2, max_size=4).map(tuple),
        ),
        st.lists(children, max_size=4).map(lambda items: ListExpr(tuple(items))),
        calls,
    )


trees = st.recursive(leaves, _branches, max_leaves=25)

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.decimals(),
    st.text(max_size=6),
    st.sampled_from(
        [
            D("9E+999999"),
            D("-1E-999999"),
            D("NaN"),
            D("sNaN"),
            D("-Infinity"),
            float("nan"),
            float("inf"),
            10**40,
            "2000-02-29",
            "2024-06-15",
            "低保",
        ]
    ),
)
json_values = st.recursive(
    json_scalars,
    lambda c: st.lists(c, max_size=4) | st.dictionaries(st.sampled_from(["size", "x"]), c),
    max_leaves=12,
)
envs = st.dictionaries(st.sampled_from([*NAMES, "household"]), json_values)
RESULT_TYPES = (type(None), bool, Decimal, str, list, tuple, Mapping)


@given(trees)
def test_rendering_round_trips(tree: Node) -> None:
    assume(tree.depth <= MAX_DEPTH - 3)
    source = to_source(tree)
    assert parse(source).root == tree
    assert parse(source).to_source() == source


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(trees, envs, st.none() | st.dates())
def test_evaluation_is_total(tree: Node, env: dict[str, object], today: date | None) -> None:
    assume(tree.depth <= MAX_DEPTH - 3)
    expr = parse(to_source(tree))
    result = expr.evaluate(env, today=today)
    assert isinstance(result, RESULT_TYPES)
    if isinstance(result, Decimal):
        assert result.is_finite()
    truthy = expr.truthy(env, today=today)
    assert truthy is parse(f"not not ({expr.source})").evaluate(env, today=today)


money = st.decimals(
    min_value=-(10**12), max_value=10**12, places=2, allow_nan=False, allow_infinity=False
)
env_numbers = money | st.integers(-(10**15), 10**15) | st.floats(-1e9, 1e9)


OPERATORS = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
    "%": operator.mod,
}


def as_decimal(x: Decimal | int | float) -> Decimal:
    return Decimal(str(x)) if isinstance(x, float) else Decimal(x)


@given(env_numbers, env_numbers, st.sampled_from(["+", "-", "*", "/", "%"]))
def test_arithmetic_agrees_with_decimal(a: object, b: object, op: str) -> None:
    x, y = as_decimal(a), as_decimal(b)
    result = parse(f"a {op} b").evaluate({"a": a, "b": b})
    if op in "/%" and y == 0:
        assert result is None
        return
    with localcontext(prec=34):  # the documented precision, in an independent context
        try:
            expected = OPERATORS[op](x, y)
        except decimal.InvalidOperation:  # e.g. % whose quotient needs more than 34 digits
            expected = None
    assert same(result, expected)


@given(numbers, numbers, st.sampled_from(["+", "-", "*"]))
def test_arithmetic_on_literals_is_exact(x: Decimal, y: Decimal, op: str) -> None:
    with localcontext(prec=60):  # wide enough that the reference is exact
        expected = OPERATORS[op](x, y)
    assume(len(expected.as_tuple().digits) <= 34)
    assert same(parse(f"{x:f} {op} {y:f}").evaluate({}), expected)


@given(json_values)
def test_not_not_is_truthiness(x: object) -> None:
    env = {"x": x}
    assert parse("not not x").evaluate(env) is parse("x").truthy(env)


@given(json_values)
def test_equality_is_reflexive(x: object) -> None:
    assert parse("x == x").evaluate({"x": x}) is True
    assert parse("x in [x]").evaluate({"x": x}) is True


@given(json_values, json_values)
def test_not_equal_is_the_negation_of_equal(x: object, y: object) -> None:
    env = {"x": x, "y": y}
    assert parse("x != y").evaluate(env) is (not parse("x == y").evaluate(env))
    assert parse("x not in y").evaluate(env) is (not parse("x in y").evaluate(env))


@given(env_numbers | st.text(max_size=4), env_numbers | st.text(max_size=4))
def test_comparisons_are_consistent(x: object, y: object) -> None:
    env = {"x": x, "y": y}

    def ev(source: str) -> bool:
        result = parse(source).evaluate(env)
        assert isinstance(result, bool)
        return result

    comparable = isinstance(x, str) == isinstance(y, str)
    lt, eq, gt = ev("x < y"), ev("x == y"), ev("x > y")
    if comparable:
        assert [lt, eq, gt].count(True) == 1
        assert ev("x <= y") is (lt or eq)
        assert ev("x >= y") is (gt or eq)
    else:
        assert not (lt or eq or gt or ev("x <= y") or ev("x >= y"))
    if lt:
        assert not ev("x >= y")


@given(json_values)
def test_ordering_with_null_is_false(x: object) -> None:
    env = {"x": x}
    assert parse("x < y or x <= y or x > y or x >= y").evaluate(env) is False
    assert parse("y < x or y <= x or y > x or y >= x").evaluate(env) is False


def test_deeply_nested_environment_values_do_not_recurse() -> None:
    deep: list[object] = []
    other: list[object] = []
    for _ in range(100_000):
        deep, other = [deep], [other]
    env = {"a": deep, "b": other}
    assert parse("a == b").evaluate(env) is True
    assert parse("a in [b]").evaluate(env) is True
    cyclic: list[object] = [1]
    cyclic.append(cyclic)
    twin: list[object] = [1]
    twin.append(twin)
    assert parse("a == b").evaluate({"a": cyclic, "b": twin}) is True
