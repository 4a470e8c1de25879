"""Chinese personal names and mainland mobile numbers: normalise, validate, mask.

``validate_*`` return None when the text is fine, else a short Chinese message to show; they
never raise for bad input. ``normalize_*`` only clean up (they do not validate), so call them on
text that has passed ``validate_*`` before storing it.
"""

from __future__ import annotations

import re

from kiosk.i18n import N_

NAME_MIN_LENGTH = 2
NAME_MAX_LENGTH = 30
NAME_DOT = "\u00b7"  # the interpunct used on ID cards: 阿依古丽·买买提

# Look-alikes people type or paste for the dot (IMEs, Word, Japanese fonts, web pages).
# ASCII "." and "．" are deliberately not among them: a full stop is a typo, not a separator.
_DOT_LOOKALIKES = "\u0387\u2022\u2027\u2219\u22c5\u30fb\uff65"

# CJK Unified Ideographs with every extension block up to Ext I (Unicode 15.1), both
# compatibility blocks (some rare surnames exist only there) and 〇 (U+3007, in 通用规范汉字表).
# Compatibility ideographs are kept as typed: NFC would silently swap them for another code point.
_IDEOGRAPH_RANGES = (
    (0x3007, 0x3007),
    (0x3400, 0x4DBF),  # Ext A
    (0x4E00, 0x9FFF),  # URO
    (0xF900, 0xFAFF),  # Compatibility Ideographs
    (0x20000, 0x2A6DF),  # Ext B
    (0x2A700, 0x2EE5F),  # Ext C, D, E, F, I
    (0x2F800, 0x2FA1F),  # Compatibility Ideographs Supplement
    (0x30000, 0x323AF),  # Ext G, H
)

_DOT_TABLE = str.maketrans(dict.fromkeys(_DOT_LOOKALIKES, NAME_DOT))
_FULL_WIDTH_DIGITS = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)})
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"

MOBILE_LENGTH = 11
_MOBILE_RE = re.compile(r"1[3-9][0-9]{9}")
# Separators people put in phone numbers: spaces (incl. full-width), hyphens and dashes.
_MOBILE_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212\uff0d]+")
_MOBILE_COUNTRY_PREFIX = re.compile(r"(?:\+|\uff0b|00)?86")

NAME_EMPTY = N_("请填写姓名")
NAME_TOO_SHORT = N_("姓名至少2个字")
NAME_TOO_LONG = N_("姓名不能超过30个字")
NAME_BAD_CHARACTER = N_("姓名只能包含汉字和间隔点“·”")
NAME_DOT_AT_EDGE = N_("间隔点“·”不能在姓名开头或结尾")
NAME_DOUBLE_DOT = N_("间隔点“·”不能连用")

MOBILE_EMPTY = N_("请填写手机号码")
MOBILE_BAD_CHARACTER = N_("手机号码只能包含数字")
MOBILE_LENGTH_WRONG = N_("手机号码应为11位")
MOBILE_BAD_PREFIX = N_("手机号码应以13至19开头")


def _strip(text: str) -> str:
    return text.strip().strip(_INVISIBLE).strip()


def _is_ideograph(char: str) -> bool:
    point = ord(char)
    return any(low <= point <= high for low, high in _IDEOGRAPH_RANGES)


def normalize_person_name(text: str) -> str:
    """Trim and turn every dot look-alike into U+00B7."""
    return _strip(text).translate(_DOT_TABLE)


def validate_person_name(text: str) -> str | None:
    name = normalize_person_name(text)
    if not name:
        return NAME_EMPTY
    if any(char != NAME_DOT and not _is_ideograph(char) for char in name):
        return NAME_BAD_CHARACTER
    if name[0] == NAME_DOT or name[-1] == NAME_DOT:
        return NAME_DOT_AT_EDGE
    if NAME_DOT * 2 in name:
        return NAME_DOUBLE_DOT
    if len(name) < NAME_MIN_LENGTH:
        return NAME_TOO_SHORT
    if len(name) > NAME_MAX_LENGTH:
        return NAME_TOO_LONG
    return None


def normalize_mobile(text: str) -> str:
    """Digits only, country prefix (+86, 0086, 86) removed when 11 digits remain."""
    cleaned = _MOBILE_SEPARATORS.sub("", _strip(text).translate(_FULL_WIDTH_DIGITS))
    prefix = _MOBILE_COUNTRY_PREFIX.match(cleaned)
    if prefix and len(cleaned) - prefix.end() == MOBILE_LENGTH:
        cleaned = cleaned[prefix.end() :]
    return cleaned


def validate_mobile(text: str) -> str | None:
    number = normalize_mobile(text)
    if not number:
        return MOBILE_EMPTY
    if not (number.isascii() and number.isdigit()):
        return MOBILE_BAD_CHARACTER
    if len(number) != MOBILE_LENGTH:
        return MOBILE_LENGTH_WRONG
    if not _MOBILE_RE.fullmatch(number):
        return MOBILE_BAD_PREFIX
    return None


def mask_mobile(text: str) -> str:
    """``138****5678``; at least 4 characters stay hidden whatever the input."""
    number = normalize_mobile(text)
    shown = max(0, len(number) - 4)
    head = min(3, shown)
    tail = min(4, shown - head)
    return number[:head] + "****" + (number[len(number) - tail :] if tail else "")


def mask_person_name(text: str) -> str:
    """``王*国``, ``李*``, ``阿*****曼``: the first character, and the last of three or more.

    Characters are code points, so a name with extension-plane characters masks the same way.
    """
    name = normalize_person_name(text)
    if len(name) <= 1:
        return "*"
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]
