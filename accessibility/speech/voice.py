"""Speech settings a resident can change: speed and volume, back to the defaults at session end.

Speed is baked into the synthesised audio (espeak-ng's rate, in its words per minute); volume is
applied by the player, so one cached clip serves every volume. The slow default suits 长辈:
measured with the Mandarin voice here, rate 140 is about 3 syllables a second (175, espeak-ng's
own default, about 3.8; 200 about 4.5).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from accessibility.language import Language


class SpeechRate(Enum):
    SLOW = ("慢速", {Language.ZH_CN: 140, Language.EN: 130})
    NORMAL = ("正常", {Language.ZH_CN: 175, Language.EN: 160})
    FAST = ("快速", {Language.ZH_CN: 200, Language.EN: 190})

    def __init__(self, label: str, words_per_minute: dict[Language, int]) -> None:
        self.label = label
        self._wpm = words_per_minute

    def words_per_minute(self, language: Language) -> int:
        return self._wpm[language]

    def next(self) -> SpeechRate:
        """The 语速 button cycles 慢速 → 正常 → 快速 → 慢速."""
        members = list(SpeechRate)
        return members[(members.index(self) + 1) % len(members)]


DEFAULT_RATE = SpeechRate.SLOW
DEFAULT_VOLUME = 0.8
VOLUME_STEP = 0.2
MIN_VOLUME = 0.2
"""Never fully silent from the volume buttons: a blind resident could not find speech again."""


def clamp_volume(volume: float) -> float:
    return round(min(1.0, max(MIN_VOLUME, volume)), 2)


@dataclass(frozen=True)
class VoiceSettings:
    """What a synthesised clip depends on (part of its cache key)."""

    language: Language
    words_per_minute: int

    @classmethod
    def of(cls, language: Language, rate: SpeechRate) -> VoiceSettings:
        return cls(language=language, words_per_minute=rate.words_per_minute(language))
