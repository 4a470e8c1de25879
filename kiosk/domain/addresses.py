"""Reading the household address printed on the ID card (住址) against GB/T 2260.

The card's 住址 is the household registration address: 省, 市, 县, then 乡镇（街道）, 村（社区）
and the house. The kiosk offers it for confirmation instead of making a resident pick a
region and type the village (a keypad cannot type Chinese; many elderly residents cannot
either). :func:`read_address` walks the region table by name down to the county and splits
the 乡镇 and 村 off what follows.

Names match with or without their suffix (北京 / 北京市, 朝阳 / 朝阳区): hand-typed and older
addresses drop them. Only children of the place already matched are tried, so a short name
cannot match a namesake elsewhere. Nothing is guessed: an address whose county is not found
gives ``code=None``, and the kiosk falls back to the ID number's region (and asks for the
village).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from kiosk.domain.regions import COUNTY, Region, RegionTable

# Longest first: 自治区 before 区, 街道办事处 before 街道.
_SUFFIXES = (
    "特别行政区",
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "自治州",
    "自治县",
    "地区",
    "林区",
    "省",
    "市",
    "区",
    "县",
    "旗",
    "盟",
)
_TOWNSHIP = re.compile(r"^(.{1,12}?(?:街道办事处|街道|民族乡|镇|乡|苏木))")
_VILLAGE = re.compile(r"^(.{1,14}?(?:村民委员会|居民委员会|村委会|居委会|社区|嘎查|村))")


@dataclass(frozen=True)
class CardAddress:
    code: str | None
    """The county-level region the address names (None: not found in the table)."""
    township_village: str
    """乡镇（街道）and 村（社区）, as printed; "" when the address names neither."""
    rest: str
    """What follows: the group, street and house number (not asked by the region question)."""


def _names(region: Region) -> tuple[str, ...]:
    name = region.name
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return (name, name[: -len(suffix)])
    return (name,)


def _match(text: str, candidates: list[Region]) -> tuple[Region, int] | None:
    """The candidate whose name (full, else short) begins ``text``: the longest wins."""
    best: tuple[Region, int] | None = None
    for region in candidates:
        for name in _names(region):
            if text.startswith(name) and (best is None or len(name) > best[1]):
                best = (region, len(name))
    return best


def _clean(address: str) -> str:
    text = unicodedata.normalize("NFKC", address)
    return re.sub(r"\s+", "", text)


def read_address(address: str, regions: RegionTable, *, hint: str | None = None) -> CardAddress:
    """Splits a card's 住址 into its county (by the table), its 乡镇/村 and the rest.

    ``hint`` is the ID number's region code: an address that begins at the county (no
    province, no city) is read against that county's name.
    """
    text = _clean(address)
    region: Region | None = None
    position = 0
    while region is None or region.level < COUNTY:
        children = regions.children(region.code if region else None)
        found = _match(text[position:], children)
        if found is None and region is not None:
            # A province's counties are named under their city; a city may be left out.
            grandchildren = [g for c in children for g in regions.children(c.code)]
            found = _match(text[position:], grandchildren)
        if found is None:
            break
        region, length = found
        position += length
    if (region is None or region.level < COUNTY) and hint:
        county = regions.get(hint)
        if county is not None and county.level >= COUNTY and region is None:
            found = _match(text, [county])
            if found is not None:
                region, position = found[0], found[1]
    if region is None or region.level < COUNTY or region.retired:
        return CardAddress(code=None, township_village="", rest=text)
    remainder = text[position:]
    township = _TOWNSHIP.match(remainder)
    cut = township.end() if township else 0
    village = _VILLAGE.match(remainder[cut:])
    if village:
        cut += village.end()
    return CardAddress(code=region.code, township_village=remainder[:cut], rest=remainder[cut:])
