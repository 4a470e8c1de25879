"""Administrative region codes (行政区划代码, GB/T 2260), shipped as ``kiosk/data/regions.csv``.

The table keeps retired codes (``retired=True``) because ID numbers keep the code of the place
where they were first issued, for life. Where the data comes from and what was left out is in
``kiosk/data/README.md``; the CSV is made by ``tools/build_regions.py``.
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources

# The 34 province-level codes of GB/T 2260: 31 mainland + 71 台湾 + 81 香港 + 82 澳门.
# Kept as a constant so that checking an ID number never has to read the CSV
# (tests/kiosk/test_regions.py checks it against the table).
PROVINCE_CODES: frozenset[str] = frozenset(
    str(code)
    for group in (
        range(11, 16),  # 华北
        range(21, 24),  # 东北
        range(31, 38),  # 华东
        range(41, 47),  # 中南
        range(50, 55),  # 西南
        range(61, 66),  # 西北
        (71, 81, 82),  # 台湾, 香港, 澳门
    )
    for code in group
)

PROVINCE, PREFECTURE, COUNTY = 1, 2, 3


@dataclass(frozen=True)
class Region:
    code: str  # 6 digits
    name: str  # the current name, or the latest one a retired code had
    parent: str | None  # None for provinces
    level: int  # PROVINCE, PREFECTURE or COUNTY
    retired: bool


def is_province(code: str) -> bool:
    """True for a province-level code, given as 2 digits ("11") or 6 digits ("110000")."""
    if len(code) == 2:
        return code in PROVINCE_CODES
    return len(code) == 6 and code.endswith("0000") and code[:2] in PROVINCE_CODES


class RegionTable:
    """Look-ups by code; build with :meth:`load_default` (or from rows, for tests)."""

    def __init__(self, regions: list[Region]) -> None:
        self._by_code = {region.code: region for region in regions}
        children: dict[str | None, list[Region]] = {}
        for region in sorted(regions, key=lambda r: r.code):
            if not region.retired:
                children.setdefault(region.parent, []).append(region)
        self._children = children

    @classmethod
    def load_default(cls) -> RegionTable:
        """The packaged table, read once per process."""
        return _load_default()

    @classmethod
    def from_csv(cls, text: str) -> RegionTable:
        regions = [
            Region(
                code=row["code"],
                name=row["name"],
                parent=row["parent"] or None,
                level=int(row["level"]),
                retired=row["retired"] == "1",
            )
            for row in csv.DictReader(io.StringIO(text))
        ]
        return cls(regions)

    def __len__(self) -> int:
        return len(self._by_code)

    def __iter__(self) -> Iterator[Region]:
        return iter(self._by_code.values())

    def get(self, code: str) -> Region | None:
        return self._by_code.get(code)

    def name(self, code: str) -> str | None:
        region = self._by_code.get(code)
        return region.name if region else None

    def full_name(self, code: str) -> str:
        """Names from the province down, e.g. "河北省 石家庄市 长安区".

        For a code not in the table, the names of the province and prefecture its digits
        point to (possibly ""): old ID numbers carry codes retired before the table starts.
        """
        chain: list[str] = []
        region = self._by_code.get(code)
        if region is None:
            for ancestor in (code[:4] + "00", code[:2] + "0000"):
                if ancestor != code and ancestor in self._by_code:
                    region = self._by_code[ancestor]
                    break
        while region is not None:
            chain.append(region.name)
            region = self._by_code.get(region.parent) if region.parent else None
        names: list[str] = []
        for name in reversed(chain):
            if not names or names[-1] != name:  # e.g. a city directly under a same-name parent
                names.append(name)
        return " ".join(names)

    def children(self, code: str | None = None) -> list[Region]:
        """Current regions directly under ``code`` (None: the provinces), sorted by code."""
        return list(self._children.get(code, ()))

    def is_province(self, code: str) -> bool:
        return is_province(code)


@functools.cache
def _load_default() -> RegionTable:
    # Addressed through the ``kiosk`` package: ``kiosk/data`` has no __init__.py and is shipped
    # as package data of ``kiosk`` (pyproject: [tool.setuptools.package-data]).
    text = resources.files("kiosk").joinpath("data/regions.csv").read_text(encoding="utf-8")
    return RegionTable.from_csv(text)
