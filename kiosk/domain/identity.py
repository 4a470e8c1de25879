"""Resident ID numbers (公民身份号码, GB 11643-1999): check, upgrade, compose and mask.

An 18-character number is: 6-digit address code, 8-digit birth date, 3-digit sequence (odd for
men, even for women) and a check character (ISO 7064 MOD 11-2, "X" standing for 10). The
15-digit numbers issued before 1999 lack the century and the check character; they are upgraded
by inserting "19" and computing it.

Which address codes pass: any 6 digits whose first two are a province-level code of GB/T 2260
(including 71 台湾, 81 香港, 82 澳门) or 83, which the residence permits of Taiwan residents use
(those of Hong Kong and Macau residents use 81 and 82). The county part is not checked: numbers
keep the code of their first place of issue for life, and codes retired before our table starts
(2002) are still on valid cards. A typo in the address code is caught by the check character
anyway; the province check only turns away input that is not an ID number at all.

Nothing here logs or raises with the number in it: callers get a Chinese ``reason`` to show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from kiosk.domain.regions import PROVINCE_CODES
from kiosk.errors import KioskError
from kiosk.i18n import N_, tr

# 2^(17-i) mod 11 for i = 0..16, as printed in the standard.
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"

# 83 is not a region: GB/T 2260 has no such province, the Taiwan residents' permit uses it.
ID_PROVINCE_CODES: frozenset[str] = PROVINCE_CODES | {"83"}

EARLIEST_BIRTH_DATE = date(1900, 1, 1)

REASON_EMPTY = N_("请输入身份证号码")
REASON_LENGTH = N_("位数不对，应为18位")
REASON_CHARACTERS = N_("只能填数字，18位号码的最后一位可以是X")
REASON_REGION = N_("地区码不存在")
REASON_DATE_INVALID = N_("出生日期不存在")
REASON_DATE_FUTURE = N_("出生日期晚于今天")
REASON_DATE_TOO_EARLY = N_("出生日期早于1900年")
# Any single wrong digit (not only the last) shows up here, so do not send people to the last one.
REASON_CHECK = N_("校验码不对，请逐位核对号码")

# Kiosk users paste from phones and type with full-width IMEs.
_WIDTH_TABLE = str.maketrans(
    {**{chr(0xFF10 + i): str(i) for i in range(10)}, "Ｘ": "X", "ｘ": "X", "x": "X"}
)
# Python's strip() leaves these, and copied text often carries them.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_RE_ALLOWED = re.compile(r"[0-9X]+")
_RE_18 = re.compile(r"[0-9]{17}[0-9X]")
_RE_15 = re.compile(r"[0-9]{15}")


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"

    @property
    def label_zh(self) -> str:
        return tr("男") if self is Sex.MALE else tr("女")


@dataclass(frozen=True, repr=False)
class IdCheck:
    """The outcome of checking one typed or scanned number.

    When ``valid`` is False, ``reason`` says why in Chinese and the other fields are None.
    ``normalized`` is always the 18-character form (15-digit input is upgraded).
    """

    input: str
    valid: bool
    reason: str | None
    normalized: str | None
    birth_date: date | None
    sex: Sex | None
    region_code: str | None

    def to_json(self) -> dict:
        return {
            "input": self.input,
            "valid": self.valid,
            "reason": self.reason,
            "normalized": self.normalized,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "sex": self.sex.value if self.sex else None,
            "region_code": self.region_code,
        }

    def __repr__(self) -> str:
        # Masked: a result ending up in a log line or a test failure must not carry the number.
        return (
            f"IdCheck(input={mask_id_number(self.input)!r}, valid={self.valid}, "
            f"reason={self.reason!r})"
        )


class IdentityError(KioskError):
    """An ID number that does not pass; ``message`` is the Chinese reason."""


def _clean(text: str) -> str:
    return text.strip().strip(_INVISIBLE).strip().translate(_WIDTH_TABLE)


def check_digit(first17: str) -> str:
    """The check character ("0"-"9" or "X") for the first 17 digits of a number."""
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise ValueError("check_digit needs exactly 17 ASCII digits")
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def _invalid(text: str, reason: str) -> IdCheck:
    return IdCheck(text, False, reason, None, None, None, None)


def _birth_date(digits: str) -> date | None:
    try:
        return date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def check_id_number(text: str, *, today: date | None = None) -> IdCheck:
    """Check a resident ID number; never raises for bad input (see ``IdCheck.reason``)."""
    cleaned = _clean(text)
    if not cleaned:
        return _invalid(text, REASON_EMPTY)
    if not _RE_ALLOWED.fullmatch(cleaned):
        return _invalid(text, REASON_CHARACTERS)
    if len(cleaned) not in (15, 18):
        return _invalid(text, REASON_LENGTH)
    if not (_RE_18.fullmatch(cleaned) or _RE_15.fullmatch(cleaned)):
        return _invalid(text, REASON_CHARACTERS)

    legacy = len(cleaned) == 15
    first17 = cleaned[:6] + "19" + cleaned[6:] if legacy else cleaned[:17]
    if first17[:2] not in ID_PROVINCE_CODES:
        return _invalid(text, REASON_REGION)
    born = _birth_date(first17[6:14])
    if born is None:
        return _invalid(text, REASON_DATE_INVALID)
    if born < EARLIEST_BIRTH_DATE:
        return _invalid(text, REASON_DATE_TOO_EARLY)
    if born > (today or date.today()):
        return _invalid(text, REASON_DATE_FUTURE)
    expected = check_digit(first17)
    if not legacy and cleaned[17] != expected:
        return _invalid(text, REASON_CHECK)

    sex = Sex.MALE if int(first17[16]) % 2 else Sex.FEMALE
    return IdCheck(text, True, None, first17 + expected, born, sex, first17[:6])


def parse_id_number(text: str, *, today: date | None = None) -> IdCheck:
    """Like :func:`check_id_number`, but raises :class:`IdentityError` when the number fails."""
    result = check_id_number(text, today=today)
    if not result.valid:
        reason = result.reason or REASON_CHARACTERS
        raise IdentityError(reason, detail=f"id number rejected: {reason}")
    return result


def compose_id_number(region_code: str, *, birth_date: date, sequence: int) -> str:
    """A valid 18-character number; for synthetic people in tests and demos only."""
    if len(region_code) != 6 or not region_code.isascii() or not region_code.isdigit():
        raise ValueError("region_code must be 6 ASCII digits")
    if region_code[:2] not in ID_PROVINCE_CODES:
        raise ValueError("region_code must start with a province-level code")
    if not 0 <= sequence <= 999:
        raise ValueError("sequence must be 0..999")
    if birth_date < EARLIEST_BIRTH_DATE:
        raise ValueError("birth_date must not be before 1900-01-01")
    first17 = f"{region_code}{birth_date:%Y%m%d}{sequence:03d}"
    return first17 + check_digit(first17)


def mask_id_number(number: str) -> str:
    """``110105********1234``: at most the first 6 and last 4 shown, always 8 stars.

    At least 8 characters stay hidden whatever the length, so a 15-digit number shows its
    first 6 and last 1 only (its last 4 would include a birth-date digit), and short input
    shows nothing. The fixed 8 stars do not give away the length either.
    """
    cleaned = _clean(number)
    shown = max(0, len(cleaned) - 8)
    head = min(6, shown)
    tail = min(4, shown - head)
    return cleaned[:head] + "*" * 8 + (cleaned[len(cleaned) - tail :] if tail else "")


def age_on(birth_date: date, today: date) -> int:
    """Full years (周岁) on ``today``.

    Someone born on 29 February turns a year older on 1 March in common years: on 28 February
    the birthday has not been reached yet.
    """
    if today < birth_date:
        raise ValueError("today is before birth_date")
    before_birthday = (today.month, today.day) < (birth_date.month, birth_date.day)
    return today.year - birth_date.year - before_birthday
