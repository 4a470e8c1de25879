"""A small, safe expression language for form logic (``visible_if``, ``required_if``, rules).

Catalogues are downloaded, so expressions are untrusted text. They are tokenized and parsed
by hand into an immutable AST and evaluated by walking it; nothing here ever reaches
``eval``/``exec``/``compile`` or the :mod:`ast` module. The full guide for catalogue authors
is ``docs/expressions.md``.

Grammar (loosest binding first)::

    expression = or_expr
    or_expr    = and_expr { "or" and_expr }
    and_expr   = not_expr { "and" not_expr }
    not_expr   = "not" not_expr | comparison
    comparison = sum [ comp_op sum ]            -- at most one: "a < b < c" is an error
    comp_op    = "==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not" "in"
    sum        = term { ( "+" | "-" ) term }    -- left-associative
    term       = unary { ( "*" | "/" | "%" ) unary }
    unary      = "-" unary | primary
    primary    = NUMBER | STRING | "true" | "false" | "null" | NAME
               | FUNCTION "(" [ expression { "," expression } ] ")"
               | "(" expression ")"
               | "[" [ expression { "," expression } ] "]"
    NUMBER     = DIGIT { DIGIT } [ "." DIGIT { DIGIT } ]      -- at most 30 digits
    STRING     = "'" ... "'" | '"' ... '"'   -- escapes: \\' \\" \\\\ only
    NAME       = IDENT { "." IDENT }         -- no spaces around the dots
    IDENT      = [A-Za-z_][A-Za-z0-9_]*      -- not a reserved word

Reserved words: ``and or not in true false null``. There is one spelling for each operator;
``&&``, ``||``, ``!``, ``=``, ``**``, ``True``/``None`` ... are rejected with a hint.

Evaluation is total: any parsed expression evaluated over any environment of JSON-like values
(None, bool, int, float, Decimal, str, list, dict) returns a value and never raises.

* Numbers are :class:`~decimal.Decimal` (floats via ``str()``, so 0.1 stays 0.1); bool is not
  a number; NaN and infinities count as null. Arithmetic uses :data:`DECIMAL_CONTEXT` (34
  significant digits); on a non-number, division or ``%`` by zero, overflow, or a ``%`` whose
  quotient would need more than 34 digits the result is null. ``%`` takes the sign of the
  dividend (Decimal semantics): ``-7 % 3 == -1``.
* ``==`` is true only for the same kind of value (null == null is true; 1 == 1.0 is true;
  true == 1 is false); lists and dicts compare element-wise. ``!=`` is ``not ==``.
* ``< <= > >=`` compare two numbers or two strings (ISO dates order correctly as strings);
  anything else, including null, is false.
* ``x in y``: y a list -> some element ``== x``; y a string -> x a substring; otherwise false.
* ``and``/``or``/``not`` use Python-like truthiness and always give a bool.
* An unknown name is null (a question not answered yet). A dotted name is looked up as one
  key first, then as nested mappings: ``household.size`` -> ``env["household"]["size"]``.
* ``date``/``datetime`` objects in the environment are read as ``"YYYY-MM-DD"`` strings.

Functions: see :data:`FUNCTIONS` and ``docs/expressions.md``.

Limits, against hostile catalogues: :data:`MAX_SOURCE_LENGTH`, :data:`MAX_DEPTH` (parentheses,
brackets, calls and prefix operators, and also the AST depth, so a chain ``a + b + ...`` of
more than 50 operators counts too), :data:`MAX_LIST_ITEMS`, :data:`MAX_STRING_LENGTH`,
:data:`MAX_NUMBER_DIGITS`. There is no ``**``, so no number can explode.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Context, Decimal
from typing import Final, NamedTuple, NoReturn

from kiosk.errors import KioskError

MAX_SOURCE_LENGTH: Final = 2000
MAX_DEPTH: Final = 50
MAX_LIST_ITEMS: Final = 200
MAX_STRING_LENGTH: Final = 500
MAX_NUMBER_DIGITS: Final = 30

# 34 digits (decimal128) holds any 30-digit literal exactly. No traps: overflow and division by
# zero give non-finite results, which the evaluator turns into null instead of raising.
DECIMAL_CONTEXT: Final = Context(prec=34, rounding=ROUND_HALF_EVEN, traps=[])

KEYWORDS: Final = frozenset({"and", "or", "not", "in", "true", "false", "null"})

FUNCTIONS: Final[Mapping[str, int]] = {
    # name -> number of arguments
    "len": 1,
    "empty": 1,
    "today": 0,
    "date": 1,
    "age": 1,
    "days_between": 2,
    "contains": 2,
    "any_of": 2,
    "all_of": 2,
    "starts_with": 2,
}

_COMPARISONS: Final = frozenset({"==", "!=", "<", "<=", ">", ">=", "in", "not in"})
_ARITHMETIC: Final = frozenset({"+", "-", "*", "/", "%"})

# Binding strength; the renderer and the parser share it so that rendering round-trips.
_OR, _AND, _NOT, _CMP, _ADD, _MUL, _NEG, _ATOM = range(1, 9)
_INFIX_PREC: Final = {
    "or": _OR,
    "and": _AND,
    **dict.fromkeys(_COMPARISONS, _CMP),
    "+": _ADD,
    "-": _ADD,
    "*": _MUL,
    "/": _MUL,
    "%": _MUL,
}


class ExpressionError(KioskError):
    """An expression that cannot be parsed. ``position`` is a 0-based character offset."""

    def __init__(self, reason: str, *, position: int, source: str = "") -> None:
        if source and position >= len(source):
            where = "表达式末尾"
        else:
            where = f"第 {position + 1} 个字符处"
        message = f"{where}：{reason}"
        shown = source if len(source) <= 200 else source[:200] + "…"
        super().__init__(message, detail=f"{message}；表达式：{shown}")
        self.reason = reason
        self.position = position
        self.source = source

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only arguments would otherwise break pickling (e.g. across processes).
        return (_rebuild_error, (self.reason, self.position, self.source))


def _rebuild_error(reason: str, position: int, source: str) -> ExpressionError:
    return ExpressionError(reason, position=position, source=source)


# --- AST --------------------------------------------------------------------------------------


class Node:
    """Base of the AST nodes. Nodes are frozen dataclasses compared by value."""

    @functools.cached_property
    def depth(self) -> int:
        """Levels of operators below and including this node; a literal or name is 0."""
        # Cached: the parser checks it on every node it builds, bottom-up.
        return 1 + max((c.depth for c in _children(self)), default=-1)

    def to_source(self) -> str:
        return to_source(self)

    def __str__(self) -> str:
        return to_source(self)


@dataclass(frozen=True)
class Number(Node):
    value: Decimal


@dataclass(frozen=True)
class String(Node):
    value: str


@dataclass(frozen=True)
class Bool(Node):
    value: bool


@dataclass(frozen=True)
class Null(Node):
    pass


@dataclass(frozen=True)
class Name(Node):
    name: str


@dataclass(frozen=True)
class ListExpr(Node):
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Call(Node):
    function: str
    args: tuple[Node, ...]


@dataclass(frozen=True)
class Unary(Node):
    op: str  # "-" or "not"
    operand: Node


@dataclass(frozen=True)
class Binary(Node):
    op: str  # a comparison or an arithmetic operator
    left: Node
    right: Node


@dataclass(frozen=True)
class Logical(Node):
    # n-ary, so that a long "a or b or c ..." stays shallow.
    op: str  # "and" or "or"
    operands: tuple[Node, ...]


def _children(node: Node) -> tuple[Node, ...]:
    match node:
        case ListExpr(items=items):
            return items
        case Call(args=args):
            return args
        case Unary(operand=operand):
            return (operand,)
        case Binary(left=left, right=right):
            return (left, right)
        case Logical(operands=operands):
            return operands
    return ()


def _walk(node: Node) -> Iterator[Node]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(_children(current))


# --- rendering --------------------------------------------------------------------------------


def _precedence(node: Node) -> int:
    match node:
        case Logical(op=op) | Binary(op=op):
            return _INFIX_PREC[op]
        case Unary(op="not"):
            return _NOT
        case Unary():
            return _NEG
        case Number(value=value) if value.is_signed():
            return _NEG
    return _ATOM


def to_source(node: Node) -> str:
    """Canonical, minimally parenthesised source; ``parse(to_source(n)).root == n``.

    Exact for every AST the parser can produce; a hand-built negative :class:`Number` renders
    as unary minus and so parses back as :class:`Unary`.
    """
    match node:
        case Number(value=value):
            return format(value, "f")
        case String(value=value):
            return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
        case Bool(value=value):
            return "true" if value else "false"
        case Null():
            return "null"
        case Name(name=name):
            return name
        case ListExpr(items=items):
            return "[" + ", ".join(to_source(i) for i in items) + "]"
        case Call(function=function, args=args):
            return function + "(" + ", ".join(to_source(a) for a in args) + ")"
        case Unary(op="not", operand=operand):
            return "not " + _wrap(operand, _NOT)
        case Unary(op=op, operand=operand):
            return op + _wrap(operand, _NEG)
        case Binary(op=op, left=left, right=right):
            prec = _INFIX_PREC[op]
            # Left-associative: the right side needs parentheses at equal strength;
            # comparisons do not chain, so both sides need them.
            left_min = prec + 1 if prec == _CMP else prec
            return f"{_wrap(left, left_min)} {op} {_wrap(right, prec + 1)}"
        case Logical(op=op, operands=operands):
            return f" {op} ".join(_wrap(o, _INFIX_PREC[op] + 1) for o in operands)
    raise TypeError(f"not an expression node: {node!r}")


def _wrap(node: Node, minimum: int) -> str:
    text = to_source(node)
    return f"({text})" if _precedence(node) < minimum else text


# --- tokenizer --------------------------------------------------------------------------------


class _Token(NamedTuple):
    kind: str  # "num", "str", "name", "eof", a keyword, or the operator itself
    text: str
    pos: int
    value: object = None


_IDENT_START: Final = frozenset(string.ascii_letters + "_")
_IDENT_CHARS: Final = _IDENT_START | frozenset(string.digits)
_DIGITS: Final = frozenset(string.digits)
_SPACE: Final = frozenset(" \t\r\n")
_TWO_CHAR_OPS: Final = frozenset({"==", "!=", "<=", ">="})
_ONE_CHAR_OPS: Final = frozenset("<>+-*/%()[],")
# Spellings people bring from other languages, with the one this language uses.
_WRONG_OPERATORS: Final = {
    "&&": "请用 and 代替 &&",
    "||": "请用 or 代替 ||",
    "**": "不支持乘方“**”",
    "<>": "不等于请用 !=",
    "=>": "大于等于请用 >=",
    "=<": "小于等于请用 <=",
    "&": "请用 and 代替 &",
    "|": "请用 or 代替 |",
    "!": "请用 not 代替 !",
    "=": "判断相等请用 ==",
}
_WRONG_WORDS: Final = {"None": "null", "True": "true", "False": "false"}
_CHINESE_QUOTES: Final = {"“": '"', "”": '"', "‘": "'", "’": "'", "、": ","}
_ISO_DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _show(ch: str) -> str:
    return ch if ch.isprintable() else f"U+{ord(ch):04X}"


class _Tokenizer:
    def __init__(self, source: str) -> None:
        self.source = source

    def error(self, reason: str, position: int) -> NoReturn:
        raise ExpressionError(reason, position=position, source=self.source)

    def tokens(self) -> list[_Token]:
        source, n = self.source, len(self.source)
        tokens: list[_Token] = []
        i = 0
        while i < n:
            ch = source[i]
            if ch in _SPACE:
                i += 1
            elif ch in _DIGITS:
                token = self.number(i)
                tokens.append(token)
                i += len(token.text)
            elif ch in _IDENT_START:
                token = self.name(i)
                tokens.append(token)
                i += len(token.text)
            elif ch in "'\"":
                token, i = self.string(i)
                tokens.append(token)
            elif source[i : i + 2] in _TWO_CHAR_OPS:
                tokens.append(_Token(source[i : i + 2], source[i : i + 2], i))
                i += 2
            elif source[i : i + 2] in _WRONG_OPERATORS:
                self.error(_WRONG_OPERATORS[source[i : i + 2]], i)
            elif ch in _WRONG_OPERATORS:
                self.error(_WRONG_OPERATORS[ch], i)
            elif ch in _ONE_CHAR_OPS:
                tokens.append(_Token(ch, ch, i))
                i += 1
            else:
                self.bad_char(ch, i)
        tokens.append(_Token("eof", "", n))
        return tokens

    def number(self, start: int) -> _Token:
        source, n = self.source, len(self.source)
        j = start
        while j < n and source[j] in _DIGITS:
            j += 1
        if j < n and source[j] == ".":
            if j + 1 < n and source[j + 1] in _DIGITS:
                j += 1
                while j < n and source[j] in _DIGITS:
                    j += 1
            else:
                self.error("小数点后面要有数字", j)
        text = source[start:j]
        if len(text) - text.count(".") > MAX_NUMBER_DIGITS:
            self.error(f"数字太长（最多 {MAX_NUMBER_DIGITS} 位）", start)
        if j < n and source[j] in _IDENT_CHARS:
            self.error("数字后面不能紧跟字母或下划线", j)
        return _Token("num", text, start, Decimal(text))

    def name(self, start: int) -> _Token:
        source, n = self.source, len(self.source)
        j = start
        parts: list[tuple[int, int]] = []
        while True:
            k = j
            while k < n and source[k] in _IDENT_CHARS:
                k += 1
            parts.append((j, k))
            if k + 1 < n and source[k] == "." and source[k + 1] in _IDENT_START:
                j = k + 1
                continue
            j = k
            break
        if j < n and source[j] == ".":
            self.error("点后面要跟字段名", j)
        text = source[start:j]
        if len(parts) == 1:
            if text in KEYWORDS:
                return _Token(text, text, start)
            if text in _WRONG_WORDS:
                self.error(f"请用 {_WRONG_WORDS[text]} 代替 {text}", start)
            if text.lower() in KEYWORDS:
                self.error(f"请用小写的 {text.lower()}", start)
        for a, b in parts:
            if source[a:b] in KEYWORDS:
                self.error(f"“{source[a:b]}”是保留字，不能用作名称", a)
        return _Token("name", text, start)

    def string(self, start: int) -> tuple[_Token, int]:
        source, n = self.source, len(self.source)
        quote = source[start]
        chars: list[str] = []
        j = start + 1
        while True:
            if j >= n:
                self.error("字符串缺少结束引号", start)
            c = source[j]
            if c == quote:
                j += 1
                break
            if c == "\\":
                if j + 1 >= n:
                    self.error("字符串缺少结束引号", start)
                escaped = source[j + 1]
                if escaped not in "\\'\"":
                    self.error(f"不支持的转义“\\{_show(escaped)}”（只能用 \\' \\\" 和 \\\\）", j)
                chars.append(escaped)
                j += 2
            else:
                chars.append(c)
                j += 1
            if len(chars) > MAX_STRING_LENGTH:
                self.error(f"字符串太长（最多 {MAX_STRING_LENGTH} 个字符）", start)
        return _Token("str", source[start:j], start, "".join(chars)), j

    def bad_char(self, ch: str, position: int) -> NoReturn:
        if ch == "\u3000":
            self.error("请把全角空格改成半角空格", position)
        if "\uff01" <= ch <= "\uff5e":
            self.error(f"请把全角的“{ch}”改成半角的“{chr(ord(ch) - 0xFEE0)}”", position)
        if ch in _CHINESE_QUOTES:
            self.error(f"请把中文的“{ch}”改成半角的“{_CHINESE_QUOTES[ch]}”", position)
        if ch == ".":
            self.error("这里不能有“.”", position)
        if not ch.isascii() and ch.isalpha():
            self.error(
                "文字要放在引号里（例如 '低保'）；字段名只能用英文字母、数字和下划线", position
            )
        self.error(f"不认识的字符“{_show(ch)}”", position)


# --- parser -----------------------------------------------------------------------------------


class _Parser:
    """Precedence climbing over the token list; see the grammar in the module docstring."""

    def __init__(self, source: str, tokens: list[_Token]) -> None:
        self.source = source
        self.tokens = tokens
        self.index = 0
        self.nesting = 0

    def error(self, reason: str, position: int) -> NoReturn:
        raise ExpressionError(reason, position=position, source=self.source)

    def peek(self, ahead: int = 0) -> _Token:
        return self.tokens[min(self.index + ahead, len(self.tokens) - 1)]

    def advance(self) -> _Token:
        token = self.peek()
        self.index += 1
        return token

    def enter(self, token: _Token) -> None:
        # Checked before recursing, so "((((..." is refused long before the Python stack fills.
        self.nesting += 1
        if self.nesting > MAX_DEPTH:
            self.error(f"表达式嵌套太深（最多 {MAX_DEPTH} 层）", token.pos)

    def leave(self) -> None:
        self.nesting -= 1

    def build(self, node: Node, token: _Token) -> Node:
        # Operator chains deepen the AST without nesting; the evaluator recurses over the AST.
        if node.depth > MAX_DEPTH:
            self.error(f"表达式嵌套太深（最多 {MAX_DEPTH} 层）", token.pos)
        return node

    def parse(self) -> Node:
        if self.peek().kind == "eof":
            self.error("表达式是空的", 0)
        node = self.expression(0)
        token = self.peek()
        if token.kind == ")":
            self.error("多余的右括号“)”", token.pos)
        if token.kind == "]":
            self.error("多余的右方括号“]”", token.pos)
        if token.kind != "eof":
            self.error(f"多余的内容“{token.text}”，是不是少了运算符？", token.pos)
        return node

    def infix(self) -> tuple[str, int] | None:
        """The operator at the cursor as (operator, tokens it spans), if any."""
        kind = self.peek().kind
        if kind == "not":
            return ("not in", 2) if self.peek(1).kind == "in" else None
        if kind in _INFIX_PREC:
            return kind, 1
        return None

    def expression(self, minimum: int) -> Node:
        """An expression whose top operator binds at least as tightly as ``minimum``."""
        left = self.prefix(minimum)
        while (found := self.infix()) is not None:
            op, width = found
            prec = _INFIX_PREC[op]
            if prec < minimum:
                break
            token = self.peek()
            if op in ("and", "or"):
                operands = [left]
                while self.peek().kind == op:
                    self.advance()
                    operands.append(self.expression(prec + 1))
                left = self.build(Logical(op, tuple(operands)), token)
                continue
            for _ in range(width):
                self.advance()
            left = self.build(Binary(op, left, self.expression(prec + 1)), token)
            if prec == _CMP and (nxt := self.infix()) is not None and nxt[0] in _COMPARISONS:
                self.error("比较不能连写（如 a < b < c），请写成 a < b and b < c", self.peek().pos)
        return left

    def prefix(self, minimum: int) -> Node:
        token = self.advance()
        kind = token.kind
        if kind == "num":
            return Number(token.value)
        if kind == "str":
            return String(token.value)
        if kind in ("true", "false"):
            return Bool(kind == "true")
        if kind == "null":
            return Null()
        if kind == "name":
            if self.peek().kind == "(":
                return self.call(token)
            return Name(token.text)
        if kind == "(":
            if self.peek().kind == ")":
                self.error("括号里缺少内容", self.peek().pos)
            self.enter(token)
            node = self.expression(0)
            self.expect(")", token)
            self.leave()
            return node
        if kind == "[":
            return self.list_literal(token)
        if kind == "not":
            if minimum > _NOT:
                self.error("这里的 not 要放在括号里，例如 a == (not b)", token.pos)
            self.enter(token)
            operand = self.expression(_NOT)
            self.leave()
            return self.build(Unary("not", operand), token)
        if kind == "-":
            self.enter(token)
            operand = self.expression(_NEG)
            self.leave()
            return self.build(Unary("-", operand), token)
        if kind == "eof":
            self.error("表达式不完整，后面缺少内容", token.pos)
        self.error(f"“{token.text}”前面缺少值", token.pos)

    def expect(self, closing: str, opening: _Token) -> None:
        token = self.peek()
        if token.kind == closing:
            self.advance()
            return
        name = "右括号" if closing == ")" else "右方括号"
        if token.kind == "eof":
            self.error(
                f"缺少{name}“{closing}”（第 {opening.pos + 1} 个字符处的“{opening.text}”没有配对）",
                token.pos,
            )
        self.error(f"这里应为“,”或{name}“{closing}”，却是“{token.text}”", token.pos)

    def items(self, closing: str, opening: _Token) -> list[Node]:
        """Comma-separated expressions up to and including ``closing``."""
        items: list[Node] = []
        if self.peek().kind != closing:
            while True:
                if len(items) == MAX_LIST_ITEMS:
                    self.error(f"列表太长（最多 {MAX_LIST_ITEMS} 项）", self.peek().pos)
                items.append(self.expression(0))
                if self.peek().kind != ",":
                    break
                self.advance()
                if self.peek().kind == closing:
                    self.error("逗号后面缺少值", self.peek().pos)
        self.expect(closing, opening)
        return items

    def list_literal(self, opening: _Token) -> Node:
        self.enter(opening)
        items = self.items("]", opening)
        self.leave()
        return self.build(ListExpr(tuple(items)), opening)

    def call(self, name: _Token) -> Node:
        function = name.text
        if function not in FUNCTIONS:
            self.error(f"未知函数 {function}（可用：{'、'.join(FUNCTIONS)}）", name.pos)
        opening = self.advance()
        self.enter(opening)
        args = self.items(")", opening)
        self.leave()
        wanted = FUNCTIONS[function]
        if len(args) != wanted:
            self.error(f"函数 {function} 需要 {wanted} 个参数，这里有 {len(args)} 个", name.pos)
        return self.build(Call(function, tuple(args)), name)


# --- values -----------------------------------------------------------------------------------


def _value(v: object) -> object:
    """A value read from outside, in the evaluator's terms; anything unknown is null."""
    if v is None or isinstance(v, bool | str):
        return v
    if isinstance(v, Decimal):
        return v if v.is_finite() else None
    if isinstance(v, int):
        return Decimal(v)
    if isinstance(v, float):
        # str() keeps what was typed: Decimal(0.1) would be 0.1000000000000000055...
        number = Decimal(str(v))
        return number if number.is_finite() else None
    if isinstance(v, list | tuple | Mapping):
        return v
    if isinstance(v, datetime):
        return v.date().isoformat()
    if isinstance(v, date):
        return v.isoformat()
    return None


def _is_list(v: object) -> bool:
    return isinstance(v, list | tuple)


def _truthy(v: object) -> bool:
    v = _value(v)
    if v is None:
        return False
    if isinstance(v, bool):
        return v
    if isinstance(v, Decimal):
        return not v.is_zero()
    return len(v) > 0  # str, list, tuple or mapping


def _equal(a: object, b: object) -> bool:
    """Equality by kind, element-wise for containers; iterative so deep data cannot recurse."""
    stack = [(a, b)]
    assumed: set[tuple[int, int]] = set()  # container pairs already being compared (cycles)
    while stack:
        x, y = stack.pop()
        x, y = _value(x), _value(y)
        if _is_list(x) or isinstance(x, Mapping):
            if x is y:
                continue
            if _is_list(x) != _is_list(y) or not isinstance(y, list | tuple | Mapping):
                return False
            if len(x) != len(y):
                return False
            pair = (id(x), id(y))
            if pair in assumed:
                continue
            assumed.add(pair)
            if _is_list(x):
                stack.extend(zip(x, y, strict=True))
            else:
                for key in x:
                    if key not in y:
                        return False
                    stack.append((x[key], y[key]))
        elif x is None or isinstance(x, bool):
            if type(x) is not type(y) or x != y:
                return False
        elif isinstance(x, Decimal):
            if not isinstance(y, Decimal) or x != y:
                return False
        elif not isinstance(y, str) or x != y:
            return False
    return True


def _contains(container: object, item: object) -> bool:
    container = _value(container)
    if _is_list(container):
        return any(_equal(item, element) for element in container)
    if isinstance(container, str):
        item = _value(item)
        return isinstance(item, str) and item in container
    return False


def _order(op: str, a: object, b: object) -> bool:
    a, b = _value(a), _value(b)
    both_numbers = isinstance(a, Decimal) and isinstance(b, Decimal)
    if not (both_numbers or (isinstance(a, str) and isinstance(b, str))):
        return False
    match op:
        case "<":
            return a < b
        case "<=":
            return a <= b
        case ">":
            return a > b
    return a >= b


def _as_date(v: object) -> date | None:
    v = _value(v)
    # fromisoformat alone also takes "20240101" and week dates; only YYYY-MM-DD is a date here.
    if not isinstance(v, str) or not _ISO_DATE.fullmatch(v):
        return None
    try:
        return date.fromisoformat(v)
    except ValueError:
        return None


def _members(v: object) -> tuple[object, ...] | list[object]:
    """A multi-choice answer as its choices; a single answer as a one-item list."""
    v = _value(v)
    if v is None:
        return ()
    return v if _is_list(v) else (v,)


# --- evaluation -------------------------------------------------------------------------------


class _Evaluator:
    def __init__(self, env: Mapping[str, object], today: date | None) -> None:
        self.env = env
        self.today = today
        self.context = DECIMAL_CONTEXT.copy()  # flags are per evaluation, not shared

    def lookup(self, name: str) -> object:
        env = self.env
        if name in env:
            return _value(env[name])
        if "." not in name:
            return None
        current: object = env
        for part in name.split("."):
            if not isinstance(current, Mapping) or part not in current:
                return None
            current = current[part]
        return _value(current)

    def number(self, node: Node) -> Decimal | None:
        v = self.value_of(node)
        return v if isinstance(v, Decimal) else None

    def value_of(self, node: Node) -> object:
        match node:
            case Number(value=value) | String(value=value) | Bool(value=value):
                return value
            case Null():
                return None
            case Name(name=name):
                return self.lookup(name)
            case ListExpr(items=items):
                return [self.value_of(i) for i in items]
            case Call(function=function, args=args):
                return self.call(function, [self.value_of(a) for a in args])
            case Unary(op="not", operand=operand):
                return not _truthy(self.value_of(operand))
            case Unary(operand=operand):
                x = self.number(operand)
                return None if x is None else self.context.minus(x)
            case Logical(op="and", operands=operands):
                return all(_truthy(self.value_of(o)) for o in operands)
            case Logical(operands=operands):
                return any(_truthy(self.value_of(o)) for o in operands)
            case Binary(op=op, left=left, right=right) if op in _ARITHMETIC:
                return self.arithmetic(op, left, right)
            case Binary(op=op, left=left, right=right):
                return self.compare(op, self.value_of(left), self.value_of(right))
        return None

    def arithmetic(self, op: str, left: Node, right: Node) -> Decimal | None:
        a, b = self.number(left), self.number(right)
        if a is None or b is None:
            return None
        if op in "/%" and b.is_zero():
            return None
        operation: dict[str, Callable[[Decimal, Decimal], Decimal]] = {
            "+": self.context.add,
            "-": self.context.subtract,
            "*": self.context.multiply,
            "/": self.context.divide,
            "%": self.context.remainder,
        }
        result = operation[op](a, b)
        return result if result.is_finite() else None

    @staticmethod
    def compare(op: str, a: object, b: object) -> bool:
        match op:
            case "==":
                return _equal(a, b)
            case "!=":
                return not _equal(a, b)
            case "in":
                return _contains(b, a)
            case "not in":
                return not _contains(b, a)
        return _order(op, a, b)

    def call(self, function: str, args: list[object]) -> object:
        match function:
            case "len":
                v = _value(args[0])
                if isinstance(v, str | list | tuple | Mapping):
                    return Decimal(len(v))
                return None
            case "empty":
                v = _value(args[0])
                return v is None or (isinstance(v, str | list | tuple | Mapping) and len(v) == 0)
            case "today":
                return None if self.today is None else self.today.isoformat()
            case "date":
                d = _as_date(args[0])
                return None if d is None else d.isoformat()
            case "age":
                return self.age(_as_date(args[0]))
            case "days_between":
                start, end = _as_date(args[0]), _as_date(args[1])
                if start is None or end is None:
                    return None
                return Decimal((end - start).days)
            case "contains":
                return _contains(args[0], args[1])
            case "any_of":
                if not _is_list(values := _value(args[1])):
                    return False
                return any(_contains(values, m) for m in _members(args[0]))
            case "all_of":
                members = _members(args[0])
                if not members or not _is_list(values := _value(args[1])):
                    return False
                return all(_contains(members, v) for v in values)
            case "starts_with":
                s, prefix = _value(args[0]), _value(args[1])
                return isinstance(s, str) and isinstance(prefix, str) and s.startswith(prefix)
        return None

    def age(self, born: date | None) -> Decimal | None:
        today = self.today
        if born is None or today is None or born > today:
            return None
        before_birthday = (today.month, today.day) < (born.month, born.day)
        return Decimal(today.year - born.year - before_birthday)


# --- public API -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expression:
    """A parsed expression. Build it with :func:`parse`."""

    source: str
    root: Node = field(repr=False)
    names: frozenset[str] = field(repr=False)
    """Every field name referenced, as written (``household.size`` stays dotted)."""
    functions: frozenset[str] = field(repr=False)

    def evaluate(self, env: Mapping[str, object], *, today: date | None = None) -> object:
        """The value of the expression: None, bool, Decimal, str, or a list/dict.

        ``today`` feeds ``today()`` and ``age()`` (null without it); the clock is never read.
        """
        if isinstance(today, datetime):
            today = today.date()
        elif not isinstance(today, date):
            today = None
        if not isinstance(env, Mapping):
            env = {}
        try:
            return _Evaluator(env, today).value_of(self.root)
        except RecursionError:
            # Unreachable within MAX_DEPTH unless the caller's own stack is nearly full;
            # a kiosk must not crash over a form condition, so treat it as "unknown".
            return None

    def truthy(self, env: Mapping[str, object], *, today: date | None = None) -> bool:
        """The truthiness of :meth:`evaluate`: the check for ``visible_if`` and friends."""
        return _truthy(self.evaluate(env, today=today))

    def to_source(self) -> str:
        """Canonical source text (spacing and parentheses normalised)."""
        return to_source(self.root)

    def __str__(self) -> str:
        return self.source


def parse(source: str) -> Expression:
    """Parse ``source``; raises :class:`ExpressionError` with a Chinese message and position."""
    if not isinstance(source, str):
        raise ExpressionError("表达式必须是文字", position=0)
    return _parse(source)


@functools.lru_cache(maxsize=4096)
def _parse(source: str) -> Expression:
    if len(source) > MAX_SOURCE_LENGTH:
        raise ExpressionError(
            f"表达式太长（最多 {MAX_SOURCE_LENGTH} 个字符）",
            position=MAX_SOURCE_LENGTH,
            source=source,
        )
    try:
        root = _Parser(source, _Tokenizer(source).tokens()).parse()
    except RecursionError:
        # Only when the caller's stack is already nearly full: MAX_DEPTH bounds our own use.
        raise ExpressionError(
            f"表达式嵌套太深（最多 {MAX_DEPTH} 层）", position=0, source=source
        ) from None
    nodes = list(_walk(root))
    return Expression(
        source=source,
        root=root,
        names=frozenset(n.name for n in nodes if isinstance(n, Name)),
        functions=frozenset(n.function for n in nodes if isinstance(n, Call)),
    )


def validate_names(expr: Expression, *, known: Iterable[str]) -> list[str]:
    """The names in ``expr`` that are not in ``known``, sorted.

    A dotted name also counts as known when its first part is known, because evaluation
    falls back to looking it up inside that field's value.
    """
    known = set(known)
    return sorted(n for n in expr.names if n not in known and n.split(".", 1)[0] not in known)
