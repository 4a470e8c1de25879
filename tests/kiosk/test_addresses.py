"""Reading the ID card's 住址 against the region table: the county by name, then 乡镇 and 村."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.domain.addresses import read_address
from kiosk.domain.forms import IdentityFacts, prefill_answers
from kiosk.domain.identity import compose_id_number
from kiosk.domain.regions import RegionTable

TABLE = RegionTable.load_default()


@pytest.mark.parametrize(
    ("address", "code", "township_village", "rest"),
    [
        ("北京市朝阳区示例街道示例社区1号楼", "110105", "示例街道示例社区", "1号楼"),
        ("河北省平山县西柏坡镇北庄村12号", "130131", "西柏坡镇北庄村", "12号"),  # no city
        ("河北省石家庄市长安区建北街道示例社区3号", "130102", "建北街道示例社区", "3号"),
        ("广西壮族自治区南宁市青秀区新竹街道", "450103", "新竹街道", ""),
        ("河北石家庄长安区示例镇", "130102", "示例镇", ""),  # suffixes left out
        ("北京市 朝阳区　示例街道", "110105", "示例街道", ""),  # spaces, full-width too
    ],
)
def test_the_county_is_found_by_name_and_the_village_split_off(
    address, code, township_village, rest
):
    card = read_address(address, TABLE)
    assert (card.code, card.township_village, card.rest) == (code, township_village, rest)


def test_an_address_starting_at_the_county_is_read_against_the_id_numbers_region():
    assert read_address("朝阳区示例街道示例社区", TABLE).code is None
    card = read_address("朝阳区示例街道示例社区", TABLE, hint="110105")
    assert (card.code, card.township_village) == ("110105", "示例街道示例社区")


@pytest.mark.parametrize(
    "address",
    ["示例县示例镇示例村1组", "北京市示例县示例镇", "", "河北省示例市"],
)
def test_nothing_is_guessed_when_the_county_is_not_in_the_table(address):
    card = read_address(address, TABLE, hint="110105")
    assert card.code is None and card.township_village == ""


def _elder(address: str | None) -> IdentityFacts:
    born = date(1940, 5, 6)
    return IdentityFacts(
        id_number=compose_id_number("110105", birth_date=born, sequence=31),
        name="张秀英",
        birth_date=born,
        region_code="110105",
        address=address,
    )


@pytest.fixture
def allowance_form(tmp_path):
    from kiosk.app import flow_context, open_kiosk

    with open_kiosk(tmp_path / "data") as kiosk:
        yield flow_context(kiosk).catalogs.form("DEMO-MZ-001")


def test_the_household_region_is_offered_from_the_card_address_village_included(
    allowance_form,
):
    values = prefill_answers(
        allowance_form, _elder("河北省平山县西柏坡镇北庄村12号"), today=date(2026, 11, 22)
    )
    # The card's address is today's household; the ID number's 110105 is where it was issued.
    assert values["household_region"] == {"code": "130131", "detail": "西柏坡镇北庄村"}
    assert values["residence_address"] == "河北省平山县西柏坡镇北庄村12号"


def test_without_a_readable_address_the_id_numbers_region_is_offered_and_the_village_asked(
    allowance_form,
):
    for address in (None, "示例县示例镇示例村1组"):
        values = prefill_answers(allowance_form, _elder(address), today=date(2026, 11, 22))
        assert values["household_region"] == {"code": "110105"}
