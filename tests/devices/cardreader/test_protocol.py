"""The SAM frame protocol and the card's text record, checked against bytes built from the spec."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import reduce

import pytest
from hypothesis import given
from hypothesis import strategies as st

from devices.cardreader.base import (
    FIND_CARD,
    READ_TEXT_AND_PHOTO,
    SELECT_CARD,
    TEXT_SIZE,
    CardRecord,
    FrameError,
    Response,
    Status,
    decode_frame,
    encode_command,
    encode_read_payload,
    encode_response,
    encode_text_record,
    parse_read_payload,
    parse_text_record,
)
from devices.cardreader.nations import NATION_CODES, NATIONS
from tests.devices.cardreader.conftest import synthetic_card

PREAMBLE = bytes([0xAA, 0xAA, 0xAA, 0x96, 0x69])


def xor(data: bytes) -> int:
    return reduce(lambda a, b: a ^ b, data, 0)


def spec_frame(body: bytes) -> bytes:
    # Length counts body + checksum; checksum is the XOR of the length bytes and the body.
    length = (len(body) + 1).to_bytes(2, "big")
    return PREAMBLE + length + body + bytes([xor(length + body)])


@pytest.mark.parametrize(
    ("command", "expected_hex"),
    [
        (FIND_CARD, "aaaaaa9669000320 0122"),
        (SELECT_CARD, "aaaaaa9669000320 0221"),
        (READ_TEXT_AND_PHOTO, "aaaaaa9669000330 0132"),
    ],
)
def test_command_frames_match_the_documented_bytes(command, expected_hex):
    assert encode_command(command) == bytes.fromhex(expected_hex.replace(" ", ""))
    assert encode_command(command) == spec_frame(bytes(command))


def test_card_found_answer_matches_the_documented_bytes():
    frame = encode_response(Status.CARD_FOUND, bytes(4))
    assert frame == bytes.fromhex("aaaaaa96690008 00009f 00000000 97".replace(" ", ""))
    assert Response.from_body(decode_frame(frame)) == Response(0, 0, 0x9F, bytes(4))


def test_no_card_answer_is_status_0x80():
    assert encode_response(Status.FIND_FAILED) == bytes.fromhex("aaaaaa9669000400008084")


def test_decode_frame_rejects_damaged_frames():
    good = encode_response(Status.OK, b"\x01\x02\x03")
    assert decode_frame(good) == b"\x00\x00\x90\x01\x02\x03"
    with pytest.raises(FrameError, match="checksum"):
        decode_frame(good[:-1] + bytes([good[-1] ^ 0x01]))
    with pytest.raises(FrameError, match="length"):
        decode_frame(good[:-2] + good[-1:])
    with pytest.raises(FrameError, match="preamble"):
        decode_frame(b"\xaa\xaa\x00\x96\x69" + good[5:])


def spec_text_record(fields: list[tuple[str, int]]) -> bytes:
    out = b""
    for text, size in fields:
        raw = text.encode("utf-16-le")
        out += raw + b"\x20\x00" * ((size - len(raw)) // 2)
    return out


def test_text_record_fields_sit_at_the_documented_offsets():
    text = spec_text_record(
        [
            ("王秀英", 30),
            ("2", 2),
            ("03", 4),
            ("19520817", 16),
            ("河北省石家庄市长安区幸福路8号", 70),
            ("130102195208170026", 36),
            ("石家庄市公安局长安分局", 30),
            ("20120301", 16),
            ("长期", 16),
            ("", 36),
        ]
    )
    assert len(text) == TEXT_SIZE == 256
    record = parse_text_record(text, b"\x01" * 1024)
    assert record.name == "王秀英"
    assert record.sex == "female"
    assert (record.nation_code, record.nation) == ("03", "回族")
    assert record.birth_date == date(1952, 8, 17)
    assert record.address == "河北省石家庄市长安区幸福路8号"
    assert record.id_number == "130102195208170026"
    assert record.authority == "石家庄市公安局长安分局"
    assert record.valid_from == date(2012, 3, 1)
    assert record.valid_to is None and record.long_term
    assert record.photo_wlt == b"\x01" * 1024
    # Encoding gives back the same bytes, so the simulator serves what a card holds.
    assert encode_text_record(record) == text


def test_sex_codes_follow_gb_2261():
    card = synthetic_card(1)
    for code, sex in [("1", "male"), ("2", "female"), ("0", "unknown"), ("9", "unknown")]:
        text = bytearray(encode_text_record(card))
        text[30:32] = code.encode("utf-16-le")
        assert parse_text_record(bytes(text)).sex == sex


def test_malformed_records_are_refused_without_their_content():
    card = synthetic_card(2)
    text = bytearray(encode_text_record(card))
    text[36:52] = "1952AB17".encode("utf-16-le")
    with pytest.raises(ValueError, match="birth_date") as caught:
        parse_text_record(bytes(text))
    assert card.name not in str(caught.value)
    text = bytearray(encode_text_record(card))
    text[32:36] = "77".encode("utf-16-le")
    with pytest.raises(ValueError, match="nation"):
        parse_text_record(bytes(text))
    with pytest.raises(ValueError, match="255 bytes"):
        parse_text_record(bytes(255))


def test_read_answer_has_the_documented_length_and_layout():
    card = synthetic_card(3)
    frame = encode_response(Status.OK, encode_read_payload(card))
    # Documented: AA AA AA 96 69 05 08 00 00 90 01 00 04 00 + 256 text + 1024 photo + CHK.
    assert frame[:14] == bytes.fromhex("aaaaaa9669050800009001000400")
    assert len(frame) == 1295
    body = decode_frame(frame)
    assert parse_read_payload(body[3:]) == card


def test_nation_table_has_the_56_nationalities_of_gb_3304():
    assert len([code for code in NATIONS if code <= "56"]) == 56
    assert NATIONS["01"] == "汉族" and NATIONS["56"] == "基诺族"
    assert NATIONS["10"] == "朝鲜族" and NATIONS["29"] == "柯尔克孜族"
    assert len(set(NATIONS.values())) == len(NATIONS) == 58
    assert all(NATION_CODES[name] == code for code, name in NATIONS.items())


def test_record_repr_masks_personal_data():
    card = synthetic_card(4)
    text = repr(card)
    assert card.id_number not in text and card.name not in text
    assert card.id_number[:6] + "********" + card.id_number[-4:] in text


def test_expiry_counts_the_last_day_as_valid():
    card = replace(synthetic_card(5), valid_to=date(2030, 6, 30))
    assert not card.is_expired(date(2030, 6, 30))
    assert card.is_expired(date(2030, 7, 1))
    assert not replace(card, valid_to=None).is_expired(date(2199, 1, 1))


cjk = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)


@given(
    name=st.text(cjk, min_size=1, max_size=15),
    address=st.text(cjk, min_size=1, max_size=35),
    nation=st.sampled_from(sorted(NATIONS)),
    sex=st.sampled_from(["male", "female"]),
    birth=st.dates(date(1900, 1, 1), date(2030, 12, 31)),
    photo=st.binary(min_size=1024, max_size=1024),
)
def test_any_record_survives_encoding_and_parsing(name, address, nation, sex, birth, photo):
    card = CardRecord(
        name=name,
        sex=sex,
        nation_code=nation,
        birth_date=birth,
        address=address,
        id_number="11010119491231002X",
        authority="某某市公安局",
        valid_from=date(2020, 1, 1),
        valid_to=date(2040, 1, 1),
        photo_wlt=photo,
    )
    assert parse_read_payload(encode_read_payload(card)) == card
