"""The speech thread: finds or synthesises the audio for an utterance, off the GUI thread.

A plain Python thread with its own synthesiser (espeak-ng may be driven from one thread only)
and two lanes: the utterance to speak now (a newer one replaces an older one still waiting:
new speech stops old), and prompts to prepare ahead (a screen's prompt, synthesised while the
resident reads). Results go back through a plain callback, called on this thread; the speaker
turns it into a Qt signal.
"""

from __future__ import annotations

import logging
import tempfile
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from accessibility.errors import SpeechError
from accessibility.speech.cache import PromptCache, VoicePack, cache_key
from accessibility.speech.clip import Clip, read_wav
from accessibility.speech.voice import VoiceSettings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SpeechJob:
    ticket: int
    """Which utterance this is (the speaker plays a result only if it is still the latest)."""
    text: str
    voice: VoiceSettings
    prompt_id: str | None = None
    personal: bool = False
    """Never cached, on disk or in memory: the clip is played once and forgotten."""


@dataclass(frozen=True)
class SpeechResult:
    job: SpeechJob
    clip: Clip | None
    source: str
    """``voice-pack``, ``cache``, ``synthesised`` or ``failed``."""
    error: SpeechError | None = None


class Synthesizer:
    """What the thread needs from a synthesiser (``EspeakSynthesizer`` in production)."""

    def synthesize(self, text: str, *, voice: VoiceSettings, directory: Path) -> Clip:
        raise NotImplementedError

    def close(self) -> None:
        """Releases the engine (optional)."""


def _espeak() -> Synthesizer:
    from accessibility.speech.synth import EspeakSynthesizer

    return EspeakSynthesizer()


class SpeechThread:
    def __init__(
        self,
        *,
        cache: PromptCache,
        on_result: Callable[[SpeechResult], None],
        voice_pack: VoicePack | None = None,
        synthesizer: Callable[[], Synthesizer] = _espeak,
    ) -> None:
        self._cache = cache
        self._voice_pack = voice_pack
        self._on_result = on_result
        self._make_synthesizer = synthesizer
        self._urgent: SpeechJob | None = None
        self._ahead: deque[SpeechJob] = deque()
        self._wake = threading.Condition()
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="speech", daemon=True)
        self.unavailable: SpeechError | None = None
        """Set when no synthesiser could be started: recordings and cached audio still play."""

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        with self._wake:
            self._stopping = True
            self._wake.notify()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def speak(self, job: SpeechJob) -> None:
        with self._wake:
            self._urgent = job
            self._wake.notify()

    def prepare(self, job: SpeechJob) -> None:
        with self._wake:
            self._ahead.append(job)
            self._wake.notify()

    def _next(self) -> tuple[SpeechJob, bool] | None:
        with self._wake:
            while not self._stopping and self._urgent is None and not self._ahead:
                self._wake.wait()
            if self._stopping:
                return None
            if self._urgent is not None:
                job, self._urgent = self._urgent, None
                return job, True
            return self._ahead.popleft(), False

    def _run(self) -> None:
        synthesizer: Synthesizer | None = None
        try:
            synthesizer = self._make_synthesizer()
        except SpeechError as exc:
            self.unavailable = exc
            log.error("speech: no synthesiser (%s); only recorded and cached audio", exc.detail)
        with tempfile.TemporaryDirectory(prefix="kiosk-speech-") as scratch:
            while (item := self._next()) is not None:
                job, urgent = item
                result = self._resolve(job, synthesizer, Path(scratch))
                if urgent:
                    self._on_result(result)
        if synthesizer is not None:
            synthesizer.close()

    def _resolve(
        self, job: SpeechJob, synthesizer: Synthesizer | None, scratch: Path
    ) -> SpeechResult:
        if self._voice_pack is not None and not job.personal:
            path = self._voice_pack.find(
                job.text, language=job.voice.language, prompt_id=job.prompt_id
            )
            if path is not None:
                try:
                    clip = read_wav(path)
                    self._cache.remember(cache_key(job.text, job.voice), clip)
                    return SpeechResult(job, clip, "voice-pack")
                except SpeechError as exc:
                    log.warning("voice pack: %s; synthesising instead", exc.detail)
        key = cache_key(job.text, job.voice)
        if not job.personal and (clip := self._cache.load(key)) is not None:
            return SpeechResult(job, clip, "cache")
        if synthesizer is None:
            return SpeechResult(job, None, "failed", self.unavailable)
        try:
            clip = synthesizer.synthesize(job.text, voice=job.voice, directory=scratch)
        except SpeechError as exc:
            log.error("speech: %s", exc.detail)
            return SpeechResult(job, None, "failed", exc)
        if not job.personal:
            self._cache.store(key, clip)
        return SpeechResult(job, clip, "synthesised")
