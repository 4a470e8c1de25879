"""Payload parsing: our receipt, draft and enrolment codes, external codes, untrusted text."""

from __future__ import annotations

import random

import pytest

from devices.codes.payloads import (
    UNTRUSTED_LIMIT,
    InvalidPayload,
    PayloadKind,
    PayloadRegistry,
    PrefixParser,
    UntrustedText,
    encode_payload,
    enrolment_body,
    parse_payload,
    receipt_check_char,
)
from kiosk.storage.receipt_numbers import check_char

RECEIPT = "K1-20261122-000042-" + receipt_check_char("K120261122000042")
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ$%*+-./:"


def test_receipt_check_character_is_the_kiosks() -> None:
    rng = random.Random(5)
    for _ in range(500):
        text = "".join(rng.choice("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(16))
        assert receipt_check_char(text) == check_char(text)


@pytest.mark.parametrize(
    ("kind", "body", "fields"),
    [
        (PayloadKind.RECEIPT, RECEIPT, {"device": "K1", "date": "20261122", "sequence": "000042"}),
        (PayloadKind.DRAFT, "7K3M9Q2XWD", {"draft_code": "7K3M9Q2XWD"}),
        (
            PayloadKind.ENROLMENT,
            enrolment_body("https://zwfw.example.gov.cn:8443", token="A" * 24),
            {"server": "https://zwfw.example.gov.cn:8443", "token": "A" * 24},
        ),
    ],
)
def test_our_payloads_round_trip(kind: PayloadKind, body: str, fields: dict) -> None:
    text = encode_payload(kind, body)
    assert set(text) <= set(ALPHABET)  # QR alphanumeric mode: bigger modules
    parsed = parse_payload(text)
    assert parsed.trusted and parsed.kind == kind.value and parsed.body == body
    assert dict(parsed.fields) == fields


def test_no_single_misread_character_points_elsewhere() -> None:
    """Every one-character substitution and every neighbour swap of a receipt code fails."""
    text = encode_payload(PayloadKind.RECEIPT, RECEIPT)
    for position in range(len(text)):
        for replacement in ALPHABET:
            if replacement == text[position]:
                continue
            changed = text[:position] + replacement + text[position + 1 :]
            if not changed.startswith("ZWK1:"):
                continue  # no longer claims to be ours: untrusted text, never a receipt
            with pytest.raises(InvalidPayload):
                parse_payload(changed)
        if position + 1 < len(text) and text[position] != text[position + 1]:
            swapped = text[:position] + text[position + 1] + text[position] + text[position + 2 :]
            if swapped.startswith("ZWK1:"):
                with pytest.raises(InvalidPayload):
                    parse_payload(swapped)


def test_an_invalid_payload_says_so_in_chinese() -> None:
    with pytest.raises(InvalidPayload) as caught:
        parse_payload("ZWK1:R:" + RECEIPT + "*00000000")
    assert caught.value.message == "这个码没有读对，请把码放平再扫一次"
    assert RECEIPT not in caught.value.detail  # the log line carries no receipt number


def test_malformed_bodies_are_refused_when_encoding() -> None:
    with pytest.raises(ValueError):
        encode_payload(PayloadKind.RECEIPT, "K1-20261122-000042-0")  # wrong check character
    with pytest.raises(ValueError):
        encode_payload(PayloadKind.DRAFT, "ILOU000000")  # not Crockford base 32
    with pytest.raises(ValueError):
        enrolment_body("http://zwfw.example.gov.cn", token="A" * 24)  # never plain http


def test_unknown_text_is_untrusted_cleaned_and_bounded() -> None:
    hostile = "\u202egnp.exe\u202c 你好\x00\x1b[31m\tworld" + "x" * 2000
    parsed = parse_payload(hostile)
    assert isinstance(parsed, UntrustedText) and not parsed.trusted
    assert "\u202e" not in parsed.body and "\x00" not in parsed.body and "\x1b" not in parsed.body
    assert parsed.body.startswith("gnp.exe 你好[31m world")
    assert len(parsed.body) == UNTRUSTED_LIMIT and parsed.truncated
    assert not parsed.looks_like_url


@pytest.mark.parametrize(
    "text",
    ["https://example.cn/x", "weixin://dl/business", "www.example.com/a", "ＨＴＴＰＳ://x.cn"],
)
def test_links_are_flagged_never_followed(text: str) -> None:
    parsed = parse_payload(text)
    assert isinstance(parsed, UntrustedText) and parsed.looks_like_url


def test_external_parsers_recognise_but_do_not_trust_and_cannot_claim_ours() -> None:
    registry = PayloadRegistry((PrefixParser("essc", prefix="ESSC|"),))
    parsed = registry.parse("ESSC|1|110105|202611|abc\x07def")
    assert (
        parsed.kind == "essc"
        and not parsed.trusted
        and parsed.body == "ESSC|1|110105|202611|abcdef"
    )
    greedy = PrefixParser("greedy", prefix="")
    registry.register(greedy)
    ours = registry.parse(encode_payload(PayloadKind.DRAFT, "7K3M9Q2XWD"))
    assert ours.trusted and ours.kind == "D"
    with pytest.raises(ValueError):
        registry.register(PrefixParser("essc", prefix="X"))
