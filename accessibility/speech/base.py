"""The speaker interface every screen talks to, and a recorder for tests.

New speech stops old speech; ``repeat`` says the last utterance again (再听一遍). Personal
data (names, ID numbers) is passed with ``personal=True`` and is spoken only through a
headset; on the open speaker the masked form is spoken instead. ``prompt_id`` names a fixed
prompt so a voice pack's recording of it can be played instead of synthesis (optional: a
recording is also found by its text). Speed and volume belong to one resident: ``reset`` at
session end puts them back to the defaults. The production speaker is
:class:`accessibility.speech.speaker.VoiceSpeaker`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from accessibility.language import DEFAULT_LANGUAGE, Language
from accessibility.speech.voice import DEFAULT_RATE, DEFAULT_VOLUME, SpeechRate, clamp_volume


class Speaker(Protocol):
    headset: bool
    """True while a headset is plugged in (set by the composition root from the device)."""
    rate: SpeechRate
    volume: float
    language: Language

    def say(
        self,
        text: str,
        *,
        masked: str | None = None,
        personal: bool = False,
        prompt_id: str | None = None,
    ) -> None:
        """Speak ``text`` now, cutting off whatever is playing.

        When ``personal`` and no headset is in use, ``masked`` (or nothing) is spoken instead.
        """

    def stop(self) -> None: ...

    def repeat(self) -> None: ...

    def reset(self) -> None:
        """Back to default speed and volume (at session end)."""

    def set_rate(self, rate: SpeechRate) -> None: ...

    def set_volume(self, volume: float) -> None: ...

    def set_language(self, language: Language) -> None: ...


@dataclass
class RecordingSpeaker:
    """Keeps the exact text that would be spoken: tests assert the transcript."""

    headset: bool = False
    spoken: list[str] = field(default_factory=list)
    stops: int = 0
    rate: SpeechRate = DEFAULT_RATE
    volume: float = DEFAULT_VOLUME
    language: Language = DEFAULT_LANGUAGE
    prompt_ids: list[str | None] = field(default_factory=list)

    def say(
        self,
        text: str,
        *,
        masked: str | None = None,
        personal: bool = False,
        prompt_id: str | None = None,
    ) -> None:
        if personal and not self.headset:
            if masked is None:
                return
            text = masked
        self.spoken.append(text)
        self.prompt_ids.append(prompt_id)

    def stop(self) -> None:
        self.stops += 1

    def repeat(self) -> None:
        if self.spoken:
            self.spoken.append(self.spoken[-1])
            self.prompt_ids.append(self.prompt_ids[-1])

    def reset(self) -> None:
        self.rate = DEFAULT_RATE
        self.volume = DEFAULT_VOLUME

    def set_rate(self, rate: SpeechRate) -> None:
        self.rate = rate

    def set_volume(self, volume: float) -> None:
        self.volume = clamp_volume(volume)

    def set_language(self, language: Language) -> None:
        self.language = language

    @property
    def last(self) -> str | None:
        return self.spoken[-1] if self.spoken else None
