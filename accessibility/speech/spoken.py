"""How things are said aloud: pure functions from values to the exact text a speaker reads.

A screen reads an ID number digit by digit in three groups (region, birth date, sequence),
an amount as money (一百二十元五角), a typed digit as the digit, and an error by naming the
field first. These are pure so the transcript a test asserts is the same text the synthesiser
gets. Chinese output uses Chinese numerals, not ASCII digits, because the transcript is what a
listener hears and what a voice pack's script records.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from accessibility.language import Language

ZH_DIGITS = "零一二三四五六七八九"
EN_DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
# The check character X of a resident ID number is read 叉 at every service counter.
ZH_LETTERS = {"X": "叉"}
ID_GROUPS = (6, 8, 4)
"""Region code, birth date, sequence and check character (GB 11643-1999)."""

_SMALL_UNITS = ("", "十", "百", "千")
_BIG_UNITS = ("", "万", "亿", "万亿")


class SpokenValueError(ValueError):
    """A value that cannot be read aloud (not a number, out of range)."""


def spell(text: str, *, language: Language = Language.ZH_CN) -> str:
    """Each character on its own: digits as digits, letters as letters, the rest kept."""
    if language is Language.ZH_CN:
        return "".join(_zh_char(c) for c in text if not c.isspace())
    return " ".join(_en_char(c) for c in text if not c.isspace())


def _zh_char(char: str) -> str:
    if char.isdigit() and char.isascii():
        return ZH_DIGITS[int(char)]
    return ZH_LETTERS.get(char.upper(), char.upper())


def _en_char(char: str) -> str:
    return EN_DIGITS[int(char)] if char.isdigit() and char.isascii() else char.upper()


def id_number(number: str, *, language: Language = Language.ZH_CN) -> str:
    """An 18-character ID number digit by digit, with a pause after region and birth date."""
    compact = "".join(number.split()).upper()
    groups, start = [], 0
    for size in ID_GROUPS if len(compact) == sum(ID_GROUPS) else (len(compact),):
        groups.append(compact[start : start + size])
        start += size
    separator = "，" if language is Language.ZH_CN else ", "
    return separator.join(spell(group, language=language) for group in groups)


def masked_id_number(number: str, *, language: Language = Language.ZH_CN) -> str:
    """What the open speaker says instead of an ID number: only the last four characters."""
    tail = spell("".join(number.split())[-4:], language=language)
    if language is Language.ZH_CN:
        return f"尾号{tail}的身份证"
    return f"the ID card ending {tail}"


def masked_name(name: str, *, language: Language = Language.ZH_CN) -> str:
    """What the open speaker says instead of a name: the surname only (王某某)."""
    name = name.strip()
    if not name:
        return ""
    if language is Language.ZH_CN:
        return f"{name[0]}某某"
    return f"{name[0]}."


def chinese_number(value: int, *, measure: bool = False) -> str:
    """An integer in Chinese numerals as spoken: 10 → 十, 105 → 一百零五, 20000 → 两万.

    A leading 2 before 百/千/万/亿 is 两 (两百, 两万), as people say it; so is a bare 2 before a
    measure word (``measure``: 两元, 两角); elsewhere 2 stays 二 (十二元, 一百二十元).
    """
    if value < 0:
        return "负" + chinese_number(-value, measure=measure)
    if value == 0:
        return "零"
    if value >= 10**16:
        raise SpokenValueError(f"number too large to read aloud: {value}")
    sections = []
    rest = value
    while rest:
        sections.append(rest % 10_000)
        rest //= 10_000
    parts: list[str] = []
    need_zero = False
    for index in range(len(sections) - 1, -1, -1):
        section = sections[index]
        if section == 0:
            need_zero = bool(parts)
            continue
        if parts and (need_zero or section < 1000):
            parts.append("零")
        parts.append(_section(section) + _BIG_UNITS[index])
        need_zero = False
    text = "".join(parts)
    if text.startswith("一十"):
        text = text[1:]
    if (text == "二" and measure) or (text[:1] == "二" and text[1:2] in {"百", "千", "万", "亿"}):
        text = "两" + text[1:]
    return text


def _section(value: int) -> str:
    """A number below 10,000 (without its 万/亿 unit), zeros collapsed: 1005 → 一千零五."""
    digits = [(value // 10**power) % 10 for power in (3, 2, 1, 0)]
    out: list[str] = []
    pending_zero = False
    for position, digit in enumerate(digits):
        if digit == 0:
            pending_zero = bool(out)
            continue
        if pending_zero:
            out.append("零")
            pending_zero = False
        out.append(ZH_DIGITS[digit] + _SMALL_UNITS[3 - position])
    return "".join(out)


def money(amount: Decimal | int | str, *, language: Language = Language.ZH_CN) -> str:
    """An amount of 人民币 as money: 1234.56 → 一千二百三十四元五角六分, 100.05 → 一百元零五分."""
    try:
        value = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except InvalidOperation as exc:
        raise SpokenValueError(f"not an amount: {amount!r}") from exc
    negative = value < 0
    cents = int(abs(value) * 100)
    yuan, jiao, fen = cents // 100, (cents // 10) % 10, cents % 10
    if language is Language.EN:
        text = f"{yuan} yuan" if yuan or not cents else ""
        if cents % 100:
            text = f"{text} and {cents % 100} fen" if text else f"{cents % 100} fen"
        return ("minus " if negative else "") + text
    parts = []
    if yuan:
        parts.append(chinese_number(yuan, measure=True) + "元")
    if jiao:
        parts.append(chinese_number(jiao, measure=True) + "角")
    if fen:
        if yuan and not jiao:
            parts.append("零")
        parts.append(chinese_number(fen, measure=True) + "分")
    text = "".join(parts) or "零元"
    return ("负" if negative else "") + text


KEY_NAMES_ZH = {"Backspace": "删除", "Clear": "清空", "Space": "空格"}
KEY_NAMES_EN = {"Backspace": "delete", "Clear": "clear", "Space": "space"}


def echo_key(key: str, *, language: Language = Language.ZH_CN) -> str:
    """A typed character echoed at once: 5 → 五; the named editing keys by their name."""
    names = KEY_NAMES_ZH if language is Language.ZH_CN else KEY_NAMES_EN
    if key in names:
        return names[key]
    return spell(key, language=language)


def field_error(field: str, problem: str, *, language: Language = Language.ZH_CN) -> str:
    """An error names the field first, so a listener knows which question to fix."""
    problem = problem.strip().rstrip("。.")
    if language is Language.ZH_CN:
        return f"{field}有误：{problem}。"
    return f"{field}: {problem}."


def control(
    name: str,
    role: str,
    *,
    state: str = "",
    language: Language = Language.ZH_CN,
) -> str:
    """What focus on a control says: its name, what it is, and its state (已选中)."""
    separator = "，" if language is Language.ZH_CN else ", "
    return separator.join(part for part in (name.strip(), role, state) if part)
