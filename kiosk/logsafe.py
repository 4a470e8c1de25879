"""A last line of defence for the rule "no personal data in logs".

Every package already logs codes, counts and ids, never what a resident typed; this filter
masks what slips through anyway in a shape that can only be personal: resident ID numbers
(18 or 15 digits), mainland mobile numbers and bank-card numbers. Names cannot be recognised
by shape: for them the rule itself (and the test that runs a whole demo journey with DEBUG
logging and looks for every answer in the records) is the guard.

It rewrites the record's message once, before any handler formats it, so a log file, the
journal and the staff screen's log tail all see the masked text.
"""

from __future__ import annotations

import logging
import re

# Runs of digits not touching other letters or digits, so hashes, uuids and receipt numbers
# (K1-20261201-000001-J) are left alone.
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])")
_LEGACY_ID = re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{6}(\d{3})(?![0-9A-Za-z])")
_BANK_CARD = re.compile(r"(?<![0-9A-Za-z])\d{12,15}(\d{4})(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9A-Za-z])(1[3-9]\d)\d{4}(\d{4})(?![0-9A-Za-z])")


def redact(text: str) -> str:
    text = _ID_NUMBER.sub(r"\1********\2", text)
    text = _BANK_CARD.sub(r"****\1", text)
    text = _LEGACY_ID.sub(r"\1******\2", text)
    return _MOBILE.sub(r"\1****\2", text)


class RedactPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: let the handler report it as usual
            return True
        masked = redact(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def install(logger: logging.Logger | None = None) -> None:
    """On every handler of ``logger`` (the root by default), once."""
    target = logger or logging.getLogger()
    for handler in target.handlers:
        if not any(isinstance(f, RedactPersonalData) for f in handler.filters):
            handler.addFilter(RedactPersonalData())
