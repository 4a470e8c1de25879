"""The real speaker: the :class:`~accessibility.speech.base.Speaker` every screen talks to.

Lives on the GUI thread and never blocks it: :meth:`VoiceSpeaker.say` stops what is playing at
once, plays a clip it already holds in memory at once, and otherwise hands the utterance to
the speech thread (voice pack, disk cache, then espeak-ng), playing the result when it comes
back unless something newer was said meanwhile.

Personal data (``personal=True``) is spoken only while :attr:`VoiceSpeaker.headset` is true;
on the open speaker the ``masked`` text is spoken instead (or nothing). Personal clips are
never cached. Speed and volume are the resident's for one session: :meth:`reset` puts them
back (the window calls it when the session ends).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from accessibility.language import DEFAULT_LANGUAGE, Language
from accessibility.speech.cache import PromptCache, VoicePack, cache_key
from accessibility.speech.clip import Clip
from accessibility.speech.player import AudioPlayer, open_player
from accessibility.speech.voice import (
    DEFAULT_RATE,
    DEFAULT_VOLUME,
    SpeechRate,
    VoiceSettings,
    clamp_volume,
)
from accessibility.speech.worker import SpeechJob, SpeechResult, SpeechThread, Synthesizer

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Utterance:
    text: str
    masked: str | None
    personal: bool
    prompt_id: str | None


class VoiceSpeaker(QObject):
    spoken = Signal(str)
    """The text whose audio just started (what a listener hears; for transcripts)."""
    failed = Signal(str)
    """A Chinese message when an utterance could not be voiced (the screen still shows it)."""
    _result_ready = Signal(object)

    def __init__(
        self,
        *,
        cache_dir: Path | None = None,
        voice_pack: VoicePack | None = None,
        player: AudioPlayer | None = None,
        language: Language = DEFAULT_LANGUAGE,
        synthesizer: Callable[[], Synthesizer] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.headset = False
        self.language = language
        self.rate = DEFAULT_RATE
        self.volume = DEFAULT_VOLUME
        self.player = player if player is not None else open_player(self)
        self.player.set_volume(self.volume)
        self.cache = PromptCache(cache_dir)
        self.last_source = ""
        """Where the last played clip came from: memory, voice-pack, cache, synthesised."""
        self._ticket = 0
        self._last: _Utterance | None = None
        self._result_ready.connect(self._on_result)  # queued: emitted on the speech thread
        options = {} if synthesizer is None else {"synthesizer": synthesizer}
        self._thread = SpeechThread(
            cache=self.cache, voice_pack=voice_pack, on_result=self._result_ready.emit, **options
        )
        self._thread.start()

    # -- the Speaker protocol -------------------------------------------------------------------

    def say(
        self,
        text: str,
        *,
        masked: str | None = None,
        personal: bool = False,
        prompt_id: str | None = None,
    ) -> None:
        self._last = _Utterance(text, masked, personal, prompt_id)
        self._speak(self._last)

    def stop(self) -> None:
        self._ticket += 1
        self.player.stop()

    def repeat(self) -> None:
        """再听一遍: the last utterance again (re-checking the headset for personal data)."""
        if self._last is not None:
            self._speak(self._last)

    def reset(self) -> None:
        self.stop()
        self._last = None
        self.rate = DEFAULT_RATE
        self.set_volume(DEFAULT_VOLUME)

    # -- settings -----------------------------------------------------------------------------

    def set_rate(self, rate: SpeechRate) -> None:
        self.rate = rate

    def set_volume(self, volume: float) -> None:
        self.volume = clamp_volume(volume)
        self.player.set_volume(self.volume)

    def set_language(self, language: Language) -> None:
        self.language = language

    @property
    def voice(self) -> VoiceSettings:
        return VoiceSettings.of(self.language, self.rate)

    def prepare(self, texts: Iterable[str]) -> None:
        """Synthesises prompts ahead (e.g. the next screen's) so they start without delay."""
        for text in texts:
            if text.strip() and self.cache.in_memory(cache_key(text, self.voice)) is None:
                self._thread.prepare(SpeechJob(0, text, self.voice))

    def close(self) -> None:
        self.stop()
        self._thread.stop()

    # -- internals ------------------------------------------------------------------------------

    def _speak(self, utterance: _Utterance) -> None:
        self.stop()
        text = utterance.text
        personal = utterance.personal
        if personal and not self.headset:
            text, personal = utterance.masked or "", False
        if not text.strip():
            return
        job = SpeechJob(self._ticket, text, self.voice, utterance.prompt_id, personal)
        if not personal and (clip := self.cache.in_memory(cache_key(text, job.voice))):
            self._play(clip, text, "memory")
            return
        self._thread.speak(job)

    def _on_result(self, result: SpeechResult) -> None:
        if result.job.ticket != self._ticket:
            return  # something newer was said meanwhile
        if result.clip is None:
            message = result.error.message if result.error else "语音暂时不可用"
            self.failed.emit(message)
            return
        self._play(result.clip, result.job.text, result.source)

    def _play(self, clip: Clip, text: str, source: str) -> None:
        self.last_source = source
        self.player.play(clip)
        self.spoken.emit(text)
        log.debug("speech: playing %.1f s from %s", clip.duration_s, source)
