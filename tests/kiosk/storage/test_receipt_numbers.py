from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kiosk.storage.database import Store
from kiosk.storage.receipt_numbers import (
    check_char,
    format_receipt_no,
    is_valid_receipt_no,
    issue_receipt_no,
)

AT = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def test_format_matches_the_documented_example() -> None:
    number = format_receipt_no("KS01", issued_at=AT, sequence=42)
    assert number == "KS01-20261122-000042-D"
    assert is_valid_receipt_no(number)
    assert is_valid_receipt_no(f" {number.lower()} ")


def test_check_char_is_iso_7064_mod_37_36() -> None:
    # The published Global Release Identifier example A1-2425G-ABC1234002-M uses this system.
    assert check_char("A12425GABC1234002") == "M"


def test_date_is_china_time() -> None:
    late_utc = datetime(2026, 11, 22, 17, 30, tzinfo=UTC)  # 01:30 on the 23rd in Beijing
    assert "-20261123-" in format_receipt_no("KS01", issued_at=late_utc, sequence=1)


def test_sequence_widens_instead_of_wrapping() -> None:
    number = format_receipt_no("KS01", issued_at=AT, sequence=1_234_567)
    assert "-1234567-" in number and is_valid_receipt_no(number)


def test_check_char_catches_every_single_substitution_and_adjacent_swap() -> None:
    body = "KS01" + "20261122" + "000042"
    number = format_receipt_no("KS01", issued_at=AT, sequence=42)
    assert number.endswith(check_char(body))
    for i, original in enumerate(body):
        for replacement in ALPHABET:
            if replacement != original:
                typo = body[:i] + replacement + body[i + 1 :]
                assert check_char(typo) != check_char(body)
    for i in range(len(body) - 1):
        if body[i] != body[i + 1]:
            swapped = body[:i] + body[i + 1] + body[i] + body[i + 2 :]
            assert check_char(swapped) != check_char(body)


@pytest.mark.parametrize(
    "text", ["", "KS01-20261122-000042", "K-20261122-000042-0", "KS01-2026112-000042-0"]
)
def test_malformed_numbers_are_invalid(text: str) -> None:
    assert not is_valid_receipt_no(text)


def test_bad_device_code_is_refused() -> None:
    with pytest.raises(ValueError):
        format_receipt_no("ks-1", issued_at=AT, sequence=1)


def test_ten_thousand_issues_are_unique_and_valid(store: Store) -> None:
    with store.transaction() as db:  # one commit: this tests numbering, not fsync speed
        numbers = [issue_receipt_no(db, device_code="KS01", issued_at=AT) for _ in range(10_000)]
    assert len(set(numbers)) == 10_000
    assert all(is_valid_receipt_no(n) for n in numbers)
    assert numbers[0].startswith("KS01-20261122-000001-")
    assert numbers[-1].startswith("KS01-20261122-010000-")


def test_a_rolled_back_issue_is_not_lost_or_repeated(store: Store) -> None:
    first = issue_receipt_no(store.db, device_code="KS01", issued_at=AT)
    with pytest.raises(RuntimeError), store.transaction() as db:
        issue_receipt_no(db, device_code="KS01", issued_at=AT)
        raise RuntimeError
    second = issue_receipt_no(store.db, device_code="KS01", issued_at=AT)
    assert first.split("-")[2] == "000001" and second.split("-")[2] == "000002"
