"""The speaker interface every screen talks to, and a recorder for tests.

New speech stops old speech; ``repeat`` says the last prompt again (再听一遍). Personal data
(names, ID numbers) is passed with ``personal=True`` and is spoken only through a headset;
on the open speaker the masked form is spoken instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


class Speaker(Protocol):
    def say(self, text: str, *, masked: str | None = None, personal: bool = False) -> None:
        """Speak ``text`` now, cutting off whatever is playing.

        When ``personal`` and no headset is in use, ``masked`` (or nothing) is spoken instead.
        """

    def stop(self) -> None: ...

    def repeat(self) -> None: ...

    def reset(self) -> None:
        """Back to default speed and volume (at session end)."""


@dataclass
class RecordingSpeaker:
    """Keeps the exact text that would be spoken: tests assert the transcript."""

    headset: bool = False
    spoken: list[str] = field(default_factory=list)
    stops: int = 0

    def say(self, text: str, *, masked: str | None = None, personal: bool = False) -> None:
        if personal and not self.headset:
            if masked is None:
                return
            text = masked
        self.spoken.append(text)

    def stop(self) -> None:
        self.stops += 1

    def repeat(self) -> None:
        if self.spoken:
            self.spoken.append(self.spoken[-1])

    def reset(self) -> None:
        self.headset = False

    @property
    def last(self) -> str | None:
        return self.spoken[-1] if self.spoken else None
