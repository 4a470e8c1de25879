"""What can go wrong at the ID-card reader, each with the sentence the kiosk says to the resident.

Details name frame bytes and status codes only: never a name, an ID number or photo bytes.
"""

from __future__ import annotations

from devices.errors import DeviceError, DeviceUnavailable
from devices.text import N_


class CardReaderError(DeviceError):
    """Base of the card reader's errors."""


class NoCard(CardReaderError):
    """No card on the reader (find-card answered 0x80)."""

    def __init__(self, *, detail: str = "") -> None:
        super().__init__(N_("请把身份证放在读卡区"), detail=detail or "no card found (0x80)")


class CardReadFailed(CardReaderError):
    """The card was found but could not be read: moved away, bad frame, bad checksum."""

    def __init__(self, *, detail: str) -> None:
        super().__init__(N_("读卡出错，请重新放一次"), detail=detail)


class CardExpired(CardReaderError):
    """The card was read and its validity period has ended."""

    def __init__(self, *, detail: str = "") -> None:
        super().__init__(N_("身份证已过有效期"), detail=detail or "card validity period has ended")


class ReaderNotResponding(CardReaderError, DeviceUnavailable):
    """The reader sent nothing back (unplugged, wrong port, wrong speed)."""

    def __init__(self, *, detail: str) -> None:
        super().__init__(N_("读卡器没有响应，请联系工作人员"), detail=detail)


class ReaderFault(CardReaderError, DeviceUnavailable):
    """The reader answered with a status that staff must look at (self-test, licence ...)."""

    def __init__(self, *, detail: str) -> None:
        super().__init__(N_("读卡器出了故障，请联系工作人员"), detail=detail)
