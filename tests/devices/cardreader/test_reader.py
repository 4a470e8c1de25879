"""The real SerialCardReader against the pty simulator: the reading sequence and every fault."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from devices.cardreader.base import (
    FIND_CARD,
    READ_TEXT_AND_PHOTO,
    SELECT_CARD,
    CardReader,
    Status,
    encode_read_payload,
    encode_response,
)
from devices.cardreader.errors import (
    CardExpired,
    CardReadFailed,
    NoCard,
    ReaderFault,
    ReaderNotResponding,
)
from devices.cardreader.serial_reader import SerialCardReader
from devices.cardreader.simulator import CardReaderSimulator, Fault
from devices.errors import DeviceError, DeviceUnavailable
from tests.devices.cardreader.conftest import synthetic_card

# Short waits for the faults that end in a timeout; the normal path never waits for them.
FAST = {"response_timeout": 0.2, "read_timeout": 0.3}


def test_reads_the_card_with_find_select_read(simulator, card):
    with SerialCardReader(simulator.port) as reader:
        record = reader.read_card()
    assert record == card
    assert simulator.commands == [tuple(FIND_CARD), tuple(SELECT_CARD), tuple(READ_TEXT_AND_PHOTO)]


def test_reads_several_cards_in_turn(simulator):
    with SerialCardReader(simulator.port) as reader:
        for seed in (11, 12, 13):
            simulator.set_card(synthetic_card(seed))
            assert reader.read_card() == synthetic_card(seed)


def test_card_present_follows_the_card(simulator, card):
    with SerialCardReader(simulator.port) as reader:
        assert reader.card_present()
        simulator.set_card(None)
        assert not reader.card_present()
        simulator.set_card(card)
        assert reader.card_present()


@pytest.mark.parametrize(
    ("fault", "error", "message"),
    [
        (Fault.NO_CARD, NoCard, "请把身份证放在读卡区"),
        (Fault.CARD_REMOVED, CardReadFailed, "读卡出错，请重新放一次"),
        (Fault.CHECKSUM, CardReadFailed, "读卡出错，请重新放一次"),
        (Fault.TRUNCATED, CardReadFailed, "读卡出错，请重新放一次"),
        (Fault.EXPIRED, CardExpired, "身份证已过有效期"),
        (Fault.NO_ANSWER, ReaderNotResponding, "读卡器没有响应，请联系工作人员"),
    ],
)
def test_each_fault_gives_its_chinese_message(simulator, card, fault, error, message):
    simulator.set_fault(fault)
    with SerialCardReader(simulator.port, **FAST) as reader, pytest.raises(error) as caught:
        reader.read_card()
    assert caught.value.message == message
    assert isinstance(caught.value, DeviceError)
    # The log-safe detail never carries the card's personal data.
    for secret in (card.name, card.id_number, card.address):
        assert secret not in caught.value.detail


def test_reader_not_responding_is_a_device_unavailable(simulator):
    simulator.set_fault(Fault.NO_ANSWER)
    with SerialCardReader(simulator.port, **FAST) as reader, pytest.raises(DeviceUnavailable):
        reader.read_card()


def test_a_single_checksum_glitch_is_retried(simulator, card):
    simulator.set_fault(Fault.CHECKSUM, times=1)
    with SerialCardReader(simulator.port) as reader:
        assert reader.read_card() == card
    assert simulator.commands.count(tuple(READ_TEXT_AND_PHOTO)) == 2


def test_without_retries_the_glitch_is_reported(simulator):
    simulator.set_fault(Fault.CHECKSUM, times=1)
    with SerialCardReader(simulator.port, retries=0) as reader, pytest.raises(CardReadFailed):
        reader.read_card()


def test_expired_card_can_be_accepted_for_renewal(simulator):
    simulator.set_fault(Fault.EXPIRED)
    with SerialCardReader(simulator.port) as reader:
        record = reader.read_card(allow_expired=True)
    assert record.valid_to == date.today() - timedelta(days=1)


def test_expiry_is_judged_on_the_given_day(simulator, card):
    assert card.valid_to is not None
    with SerialCardReader(simulator.port) as reader:
        assert reader.read_card(today=card.valid_to) == card
        with pytest.raises(CardExpired):
            reader.read_card(today=card.valid_to + timedelta(days=1))


def test_long_term_card_never_expires(simulator):
    long_term = replace(synthetic_card(21), valid_to=None)
    simulator.set_card(long_term)
    with SerialCardReader(simulator.port) as reader:
        record = reader.read_card(today=date(2199, 1, 1))
    assert record.long_term and record == long_term


def test_sam_status_is_ok(simulator):
    with SerialCardReader(simulator.port) as reader:
        assert reader.sam_status() == Status.OK


def test_port_is_not_opened_until_the_first_command(tmp_path):
    reader = SerialCardReader(str(tmp_path / "no-such-port"))
    with pytest.raises(DeviceUnavailable) as caught:
        reader.read_card()
    assert caught.value.message == "读卡器没有连接，请联系工作人员"
    assert "no-such-port" in caught.value.detail


class ScriptedReader(CardReader):
    """Transport that plays fixed answers, to test line noise the simulator does not make."""

    def __init__(self, answers: list[bytes], **options) -> None:
        super().__init__(**options)
        self.answers = answers
        self.pending = b""
        self.written: list[bytes] = []

    def _write(self, data: bytes) -> None:
        self.written.append(data)
        self.pending += self.answers.pop(0) if self.answers else b""

    def _read(self, n: int, timeout: float) -> bytes:
        chunk, self.pending = self.pending[:n], self.pending[n:]
        return chunk


def test_noise_before_the_preamble_is_skipped(card):
    reader = ScriptedReader(
        [
            b"\x00\xaa\x13" + encode_response(Status.CARD_FOUND, bytes(4)),
            encode_response(Status.OK, bytes(8)),
            b"\xaa\xaa" + encode_response(Status.OK, encode_read_payload(card)),
        ],
        **FAST,
    )
    assert reader.read_card() == card


@pytest.mark.parametrize("status", [Status.SELF_TEST_FAILED, Status.NOT_LICENSED, 0x55])
def test_reader_faults_send_residents_to_staff(status):
    reader = ScriptedReader([encode_response(status)], **FAST)
    with pytest.raises(ReaderFault) as caught:
        reader.read_card()
    assert caught.value.message == "读卡器出了故障，请联系工作人员"
    assert f"{int(status):#04x}" in caught.value.detail


def test_simulator_answers_a_damaged_command_with_0x10():
    with CardReaderSimulator(synthetic_card(1)) as sim:
        reader = SerialCardReader(sim.port)
        try:
            frame = bytearray(b"\xaa\xaa\xaa\x96\x69\x00\x03\x20\x01\x23")  # checksum off by one
            reader._write(bytes(frame))
            answer = reader._receive(1.0, FIND_CARD)
        finally:
            reader.close()
    assert answer.status == Status.BAD_CHECKSUM
