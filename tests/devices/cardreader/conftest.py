"""Synthetic ID cards for the card-reader tests (never a real person's data)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from devices.cardreader.base import CardRecord
from devices.cardreader.simulator import CardReaderSimulator
from kiosk.domain.regions import RegionTable
from tests.support.synthetic import synthetic_person


def synthetic_card(seed: int, *, valid_to: date | None = date(2036, 5, 1)) -> CardRecord:
    person = synthetic_person(seed)
    county = RegionTable.load_default().full_name(person.region_code).replace(" ", "")
    return CardRecord(
        name=person.name,
        sex=str(person.sex),
        nation_code=f"{seed % 56 + 1:02d}",
        birth_date=person.birth_date,
        address=f"{county}幸福路{seed % 97 + 1}号"[:35],
        id_number=person.id_number,
        authority=f"{county}公安局"[:15],
        valid_from=date(2016, 5, 1),
        valid_to=valid_to,
        # Stand-in for the WLT photo: opaque bytes of the right size, different per card.
        photo_wlt=bytes((seed * 31 + i * 7) % 256 for i in range(1024)),
    )


@pytest.fixture
def card() -> CardRecord:
    return synthetic_card(7)


@pytest.fixture
def simulator(card: CardRecord) -> Iterator[CardReaderSimulator]:
    with CardReaderSimulator(card) as sim:
        yield sim
