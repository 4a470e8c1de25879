"""Font scales (长辈版): 标准 / 大 / 特大, switchable at any moment without restart.

Sizes are for the reference kiosk (21.5", 1920×1080, read from about 50 cm): body text at
标准 is 32 px (capital letters ≥ 6 mm tall), headings 44 px, line spacing 1.3 or more.
"""

from __future__ import annotations

from enum import Enum

BODY_PX = 32
HEADING_PX = 44
LINE_HEIGHT = 1.3


class FontScale(Enum):
    STANDARD = ("标准", 1.0)
    LARGE = ("大", 1.25)
    XLARGE = ("特大", 1.5)

    def __init__(self, label: str, factor: float) -> None:
        self.label = label
        self.factor = factor

    @property
    def body_px(self) -> int:
        return round(BODY_PX * self.factor)

    @property
    def heading_px(self) -> int:
        return round(HEADING_PX * self.factor)

    def next(self) -> FontScale:
        """The 大字 button cycles 标准 → 大 → 特大 → 标准."""
        members = list(FontScale)
        return members[(members.index(self) + 1) % len(members)]
