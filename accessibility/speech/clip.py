"""A clip of synthesised or recorded speech: 16-bit PCM in memory, read from and written to WAV.

Clips are decoded once (on the speech thread) and handed to the player whole, so starting
playback on the GUI thread is only a buffer hand-over.
"""

from __future__ import annotations

import os
import wave
from dataclasses import dataclass
from pathlib import Path

from accessibility.errors import SpeechError

SAMPLE_WIDTH = 2
"""Bytes per sample: espeak-ng and the players work in signed 16-bit PCM."""


@dataclass(frozen=True)
class Clip:
    pcm: bytes
    sample_rate: int
    channels: int = 1

    @property
    def frames(self) -> int:
        return len(self.pcm) // (SAMPLE_WIDTH * self.channels)

    @property
    def duration_s(self) -> float:
        return self.frames / self.sample_rate if self.sample_rate else 0.0


def read_wav(path: Path) -> Clip:
    try:
        with wave.open(str(path), "rb") as wav:
            if wav.getsampwidth() != SAMPLE_WIDTH:
                raise SpeechError(
                    "语音文件格式不对",
                    detail=f"{path.name}: {wav.getsampwidth() * 8}-bit samples, need 16-bit",
                )
            return Clip(
                pcm=wav.readframes(wav.getnframes()),
                sample_rate=wav.getframerate(),
                channels=wav.getnchannels(),
            )
    except (OSError, EOFError, wave.Error) as exc:
        raise SpeechError("语音文件无法读取", detail=f"{path.name}: {exc}") from exc


def write_wav(clip: Clip, path: Path) -> None:
    """Writes atomically: a reader never sees half a file (the cache is read by other runs)."""
    part = path.with_name(f".{path.name}.{os.getpid()}.part")
    with wave.open(str(part), "wb") as wav:
        wav.setnchannels(clip.channels)
        wav.setsampwidth(SAMPLE_WIDTH)
        wav.setframerate(clip.sample_rate)
        wav.writeframes(clip.pcm)
    os.replace(part, path)
