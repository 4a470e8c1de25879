"""What the synthesiser is actually given: Chinese text as tone-numbered pinyin.

Measured on Debian 12's espeak-ng 1.51: its ``cmn`` voice ("latin as English") looks most
characters up as pinyin and then reads that pinyin *as English*, tone digit included (欢迎 →
"huan five ying two"). Its sibling voice ``cmn-latn-pinyin`` uses the same Mandarin phonemes
and reads pinyin syllables with their tones; but it reads characters one at a time, so
polyphones come out wrong (银行 yin xing, 重新 zhong xin). So Chinese text is converted here
with pypinyin, whose phrase dictionary picks the reading from the word (银行 yin2 hang2), plus
a few kiosk words pypinyin still misreads, and the pinyin voice speaks the result. Digits and
latin letters pass through: that voice reads 123 as 一百二十三 and K as a letter.
"""

from __future__ import annotations

import re
from functools import lru_cache

from accessibility.language import Language

VOICES = {Language.ZH_CN: "cmn-latn-pinyin", Language.EN: "en"}
"""The espeak-ng voice for each UI language (pyttsx3 ``voice`` property)."""

# Kiosk words pypinyin 0.55 reads wrongly (each is checked in tests/accessibility).
READINGS = {
    "还款": "huan2 kuan3",
    "长按": "chang2 an4",
    "重试": "chong2 shi4",
    "重填": "chong2 tian2",
    # 已选中 / 未选中 is said for every checkable control the keypad reaches (zhong1 from
    # pypinyin 0.55: "in the middle"; listened to in tests/accessibility/test_listen.py).
    "选中": "xuan3 zhong4",
}
_NUMERALS = frozenset("零〇一二两三四五六七八九十百千万亿")
# 一 keeps its first tone in dates (一月, 一号) as it does when counted or read as a digit.
_YI_KEEPS_TONE_BEFORE = frozenset("月号")

# Full-width punctuation becomes the ASCII mark that makes espeak-ng pause.
_PUNCTUATION = str.maketrans(
    {
        "，": ",",
        "、": ",",
        "；": ";",
        "：": ":",
        "。": ".",
        "！": "!",
        "？": "?",
        "（": " (",
        "）": ") ",
        "“": " ",
        "”": " ",
        "《": " ",
        "》": " ",
        "—": ",",
        "…": ".",
    }
)
_HAN = re.compile(r"[\u3400-\u9fff]+")


@lru_cache(maxsize=1)
def _override_pattern() -> re.Pattern[str]:
    words = sorted(READINGS, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)))


def _pinyin(han: str) -> str:
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(han, style=Style.TONE3, neutral_tone_with_five=True)
    if len(syllables) == len(han):
        syllables = _tone_sandhi(han, syllables)
    return " ".join(syllables)


def _tone_sandhi(han: str, syllables: list[str]) -> list[str]:
    """一 and 不 change tone before another syllable (一样 yi2, 一起 yi4, 不对 bu2).

    pypinyin applies this only to words in its phrase list (一个 but not 一样), so it is done
    here for every 一 and 不 inside a word, except where 一 is a numeral (一一零, 第一, 十一).
    """
    out = list(syllables)
    for i, char in enumerate(han[:-1]):
        following = syllables[i + 1]
        tone = following[-1] if following[-1].isdigit() else "5"
        if char == "不" and tone == "4":
            out[i] = "bu2"
        elif char == "一":
            out[i] = ("yi2" if tone in "45" else "yi4") if _yi_changes(han, i) else "yi1"
    return out


def _yi_changes(han: str, i: int) -> bool:
    before = han[i - 1] if i else ""
    after = han[i + 1]
    if after in _NUMERALS or after in _YI_KEEPS_TONE_BEFORE:
        return False
    return before not in _NUMERALS and before != "第"


def _han_to_pinyin(han: str) -> str:
    out, start = [], 0
    for match in _override_pattern().finditer(han):
        if match.start() > start:
            out.append(_pinyin(han[start : match.start()]))
        out.append(READINGS[match.group()])
        start = match.end()
    if start < len(han):
        out.append(_pinyin(han[start:]))
    return " ".join(out)


def for_synthesis(text: str, *, language: Language) -> str:
    """The input espeak-ng gets for ``text`` spoken in ``language``."""
    if language is not Language.ZH_CN:
        return " ".join(text.split())
    converted = _HAN.sub(lambda m: f" {_han_to_pinyin(m.group())} ", text)
    converted = converted.translate(_PUNCTUATION)
    converted = re.sub(r"\s+([,.;:!?)])", r"\1", converted)
    return " ".join(converted.split())


def warm_up() -> None:
    """Loads pypinyin's dictionaries (about 0.4 s here): do it on the speech thread at start."""
    for_synthesis("欢迎", language=Language.ZH_CN)
