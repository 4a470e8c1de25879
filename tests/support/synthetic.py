"""Deterministic synthetic people for tests and demos: never use a real person's data.

Names are a common surname plus one or two given-name characters picked at random; ID numbers
come from :func:`kiosk.domain.identity.compose_id_number` with a real, current county code, so
they pass every check while belonging to nobody in particular.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from kiosk.domain.identity import Sex, compose_id_number
from kiosk.domain.regions import COUNTY, RegionTable

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹"
    "彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金"
    "石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
    "万钱严覃武戴莫孔向汤"
)
GIVEN_NAME_CHARACTERS = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国文辉玉"
    "萍红鹏飞宇浩然欣怡子涵梓轩雨晨思佳志海春梅冬雪晓东"
)

EARLIEST_BIRTH = date(1935, 1, 1)
LATEST_BIRTH = date(2005, 12, 31)


@dataclass(frozen=True)
class SyntheticPerson:
    name: str
    id_number: str
    birth_date: date
    sex: Sex
    region_code: str


@cache
def _county_codes() -> tuple[str, ...]:
    table = RegionTable.load_default()
    codes = (r.code for r in table if r.level == COUNTY and not r.retired)
    return tuple(sorted(code for code in codes if code[:2] not in {"71", "81", "82"}))


def synthetic_person(seed: int) -> SyntheticPerson:
    """The same person for the same seed, on every machine and Python version."""
    rng = random.Random(f"kiosk-synthetic-{seed}")
    name = rng.choice(SURNAMES) + "".join(
        rng.choice(GIVEN_NAME_CHARACTERS) for _ in range(rng.choice((1, 2)))
    )
    region_code = rng.choice(_county_codes())
    span = (LATEST_BIRTH - EARLIEST_BIRTH).days
    birth_date = EARLIEST_BIRTH + timedelta(days=rng.randrange(span + 1))
    sequence = rng.randrange(1000)
    return SyntheticPerson(
        name=name,
        id_number=compose_id_number(region_code, birth_date=birth_date, sequence=sequence),
        birth_date=birth_date,
        sex=Sex.MALE if sequence % 2 else Sex.FEMALE,
        region_code=region_code,
    )


def synthetic_people(count: int, *, seed: int = 0) -> list[SyntheticPerson]:
    return [synthetic_person(seed * 100_000 + i) for i in range(count)]
