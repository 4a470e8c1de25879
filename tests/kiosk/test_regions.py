from __future__ import annotations

import csv
import io
from importlib import resources

import pytest

from kiosk.domain.regions import (
    COUNTY,
    PREFECTURE,
    PROVINCE,
    PROVINCE_CODES,
    Region,
    RegionTable,
    is_province,
)


@pytest.fixture(scope="module")
def table() -> RegionTable:
    return RegionTable.load_default()


def csv_text() -> str:
    return resources.files("kiosk").joinpath("data/regions.csv").read_text(encoding="utf-8")


def level_of(code: str) -> int:
    if code.endswith("0000"):
        return PROVINCE
    return PREFECTURE if code.endswith("00") else COUNTY


def test_csv_shape() -> None:
    text = csv_text()
    assert len(text.encode("utf-8")) < 300_000
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["code", "name", "parent", "level", "retired"]
    codes = [row[0] for row in rows[1:]]
    assert codes == sorted(set(codes))
    for code, name, parent, level, retired in rows[1:]:
        assert len(code) == 6 and code.isdigit()
        assert name
        assert parent == "" or (len(parent) == 6 and parent.isdigit())
        assert level in {"1", "2", "3"}
        assert retired in {"0", "1"}


def test_load_default_is_cached(table: RegionTable) -> None:
    assert RegionTable.load_default() is table
    assert len(table) > 3500


def test_province_codes_match_the_table(table: RegionTable) -> None:
    in_table = {r.code[:2] for r in table if r.level == PROVINCE}
    assert in_table == PROVINCE_CODES
    assert len(PROVINCE_CODES) == 34
    assert all(not r.retired for r in table if r.level == PROVINCE)


def test_structure_is_consistent(table: RegionTable) -> None:
    for region in table:
        assert region.level == level_of(region.code)
        if region.level == PROVINCE:
            assert region.parent is None
            continue
        parent = table.get(region.parent)
        assert parent is not None, region.code
        assert parent.level < region.level
        assert region.code.startswith(parent.code[: 2 * parent.level])
        if not region.retired:
            assert not parent.retired, region.code


def test_every_current_region_is_reachable_from_the_picker(table: RegionTable) -> None:
    seen: set[str] = set()
    pending: list[str | None] = [None]
    while pending:
        for child in table.children(pending.pop()):
            assert not child.retired
            seen.add(child.code)
            pending.append(child.code)
    assert seen == {r.code for r in table if not r.retired}


def test_current_and_retired_examples(table: RegionTable) -> None:
    assert table.get("110101") == Region("110101", "东城区", "110000", COUNTY, False)
    assert table.get("110103") == Region("110103", "崇文区", "110000", COUNTY, True)
    assert table.name("130102") == "长安区"
    assert table.name("341400") == "巢湖市"  # prefecture-level city abolished in 2011
    assert table.get("341400").retired
    assert table.get("429004").parent == "420000"  # 仙桃市, 省直辖县级行政区划
    assert table.get("000000") is None
    assert table.name("999999") is None


def test_map_provider_extensions_and_grouping_codes_are_left_out(table: RegionTable) -> None:
    assert all(r.code[:2] != "99" for r in table)
    for prefix in ("71", "81", "82"):
        assert [r.code for r in table if r.code.startswith(prefix)] == [prefix + "0000"]
    for grouping in ("110100", "110200", "500200", "429000", "659000"):
        assert table.get(grouping) is None


def test_full_name(table: RegionTable) -> None:
    assert table.full_name("110101") == "北京市 东城区"
    assert table.full_name("130102") == "河北省 石家庄市 长安区"
    assert table.full_name("429004") == "湖北省 仙桃市"
    assert table.full_name("130000") == "河北省"
    assert table.full_name("110103") == "北京市 崇文区"
    # Unknown codes: what their digits point to.
    assert table.full_name("130199") == "河北省 石家庄市"
    assert table.full_name("139999") == "河北省"
    assert table.full_name("999999") == ""


def test_children(table: RegionTable) -> None:
    provinces = table.children(None)
    assert [r.code for r in provinces] == sorted(c + "0000" for c in PROVINCE_CODES)
    assert provinces == table.children()
    beijing = [r.name for r in table.children("110000")]
    assert "东城区" in beijing and "崇文区" not in beijing
    hebei = table.children("130000")
    assert hebei[0] == Region("130100", "石家庄市", "130000", PREFECTURE, False)
    assert table.children("110101") == []
    assert table.children("nonsense") == []


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("11", True),
        ("110000", True),
        ("82", True),
        ("83", False),
        ("99", False),
        ("110100", False),
        ("110101", False),
        ("1100", False),
        ("", False),
    ],
)
def test_is_province(table: RegionTable, code: str, expected: bool) -> None:
    assert is_province(code) is expected
    assert table.is_province(code) is expected


def test_from_csv_builds_a_small_table() -> None:
    table = RegionTable.from_csv(
        "code,name,parent,level,retired\n"
        "130000,河北省,,1,0\n130100,石家庄市,130000,2,0\n"
        "130102,长安区,130100,3,0\n130101,市辖区,130100,3,1\n"
    )
    assert table.full_name("130101") == "河北省 石家庄市 市辖区"
    assert [r.code for r in table.children("130100")] == ["130102"]
