"""The masking filter behind "no personal data in logs" (the rule itself is checked on a
whole demo journey logged at DEBUG: tests/ui/test_demo_screens.py)."""

from __future__ import annotations

import logging

from kiosk import logsafe
from tests.support.synthetic import synthetic_person


def test_id_numbers_mobiles_and_bank_cards_are_masked():
    person = synthetic_person(seed=7)
    text = f"a {person.id_number} b 13912345678 c 6222021234567890123 d"
    masked = logsafe.redact(text)
    assert person.id_number not in masked
    assert masked.startswith(f"a {person.id_number[:6]}********{person.id_number[-4:]} b")
    assert "139****5678" in masked and "****0123" in masked
    assert "12345678" not in masked and "6222021234567890" not in masked


def test_codes_that_only_look_numeric_are_left_alone():
    text = "receipt K1-20261201-000001-J sha 3f2a9c0012345678901234567890abcd uuid 2026120112"
    assert logsafe.redact(text) == text


def test_the_filter_masks_the_formatted_message_for_every_handler(caplog):
    logger = logging.getLogger("tests.logsafe")
    handler = caplog.handler
    handler.addFilter(logsafe.RedactPersonalData())
    try:
        logger.warning("caller %s rang", "13812345678")
    finally:
        handler.filters.clear()
    assert caplog.records[-1].getMessage() == "caller 138****5678 rang"
