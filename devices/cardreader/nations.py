"""Nationality codes of GB 3304-1991 as the ID card stores them (two digits, e.g. ``"01"``).

The card holds only the code; the reader software turns it into the name printed on the card.
Codes 97 and 98 are not nationalities but are defined by the same standard.
"""

from __future__ import annotations

from types import MappingProxyType

_NAMES = [
    "汉族",
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
]

NATIONS: MappingProxyType[str, str] = MappingProxyType(
    {f"{i:02d}": name for i, name in enumerate(_NAMES, start=1)}
    | {"97": "其他", "98": "外国血统中国籍人士"}
)
"""Code -> name, e.g. ``NATIONS["01"] == "汉族"``; 56 nationalities plus 97 and 98."""

NATION_CODES: MappingProxyType[str, str] = MappingProxyType({v: k for k, v in NATIONS.items()})
"""Name -> code, for building synthetic cards."""


def nation_name(code: str) -> str:
    """The name for a two-digit code; raises ``KeyError`` for a code the standard lacks."""
    return NATIONS[code]
