"""Font scales (长辈版): 标准 / 大 / 特大, switchable at any moment without restart.

Sizes are for the reference kiosk (21.5", 1920×1080, read from about 50 cm; a pixel is
0.248 mm): body text at least 32 px with capital letters at least 6 mm tall, headings at least
44 px, line spacing 1.3 or more. Measured with Noto Sans CJK SC (cap height 0.733 em): 32 px
gives 5.8 mm capitals (Chinese characters 7.4 mm), so the body is 34 px (6.2 mm capitals).
"""

from __future__ import annotations

from enum import Enum

BODY_PX = 34
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
