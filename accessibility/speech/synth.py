"""Text to WAV with pyttsx3 driving espeak-ng, with the traps measured on this machine handled.

* pyttsx3's espeak driver synthesises asynchronously (espeak-ng's retrieval mode runs its own
  thread); ``runAndWait()`` returns *before* the file exists on the first call. So this waits
  for the ``finished-utterance`` notification and then for the file itself.
* ``rate`` must be an ``int``: a float is ignored and the error goes only to pyttsx3's error
  callback. It is converted here.
* ``say()`` plays by running ``aplay`` (blocking, on a machine that may have no sound card);
  only ``save_to_file`` is used, and playback is the player's job (QtMultimedia).
* The driver prints ``Audio saved to ...`` on stdout, which would corrupt the JSON output of
  ``kiosk`` commands: its ``print`` is sent to the debug log instead.
* ``runAndWait()`` calls the driver's ``stop()``, which calls ``espeak_Cancel()`` whenever
  espeak-ng's command queue is busy; Cancel drops queued commands *and restores the parameters
  of the previous utterance*. Since ``setProperty('rate')`` is itself a queued command, the new
  rate was often lost (measured: a third of voice or rate changes came out at the old rate, and
  some utterances came out empty). pyttsx3's ``getProperty`` cannot tell: it binds
  ``espeak_GetParameter`` without its ``current`` argument. So each job waits for the queue
  to drain after setting the properties, reads the rate back through a correct binding, and
  only then synthesises; a clip that still comes out empty or at another rate is made again.
* espeak-ng can be initialised once per process and keeps a global callback, so there is one
  synthesiser per process, used only from the thread that created it (the speech thread).
"""

from __future__ import annotations

import ctypes
import logging
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from accessibility.errors import SpeechError
from accessibility.speech.clip import Clip, read_wav
from accessibility.speech.pronounce import VOICES, for_synthesis, warm_up
from accessibility.speech.voice import VoiceSettings

log = logging.getLogger(__name__)

SYNTHESIS_TIMEOUT_S = 20.0
IDLE_WAIT_S = 1.0
ATTEMPTS = 3
"""Far above the ~20 ms a sentence takes: only a wedged espeak-ng reaches it."""


_ENGINE_LOCK = threading.Lock()
"""espeak-ng is one engine per process: synthesisers in different threads take turns."""


def _driver_print(*args: object, **_kwargs: object) -> None:
    log.debug("pyttsx3: %s", " ".join(map(str, args)))


class EspeakSynthesizer:
    """Synthesises speech to WAV files. Not thread-safe: one owner thread."""

    def __init__(self, *, timeout_s: float = SYNTHESIS_TIMEOUT_S) -> None:
        try:
            import pyttsx3
            import pyttsx3.drivers._espeak as espeak_library
            import pyttsx3.drivers.espeak as espeak_driver
        except (ImportError, OSError) as exc:  # OSError: libespeak-ng.so.1 missing
            raise SpeechError("语音合成不可用", detail=f"pyttsx3/espeak-ng: {exc}") from exc
        espeak_driver.print = _driver_print  # module global shadows the builtin
        try:
            self._engine = pyttsx3.init("espeak")
        except RuntimeError as exc:
            raise SpeechError("语音合成不可用", detail=f"espeak-ng init: {exc}") from exc
        self._library = espeak_library
        self._current_parameter = _current_parameter_function(espeak_library.dll)
        self._owner = threading.get_ident()
        self._finished = threading.Event()
        self._errors: list[BaseException] = []
        self._tokens = [
            self._engine.connect("finished-utterance", self._on_finished),
            self._engine.connect("error", self._on_error),
        ]
        self._timeout_s = timeout_s
        # A new pyttsx3 engine holds property changes back until its first run loop; an empty
        # run releases them, so from here on each setProperty reaches espeak-ng at once.
        with _ENGINE_LOCK:
            self._engine.runAndWait()
        warm_up()

    def _on_finished(self, **_kwargs: object) -> None:
        self._finished.set()  # called on espeak-ng's own thread

    def _on_error(self, exception: BaseException | None = None, **_kwargs: object) -> None:
        if exception is not None:
            self._errors.append(exception)

    def synthesize(self, text: str, *, voice: VoiceSettings, directory: Path) -> Clip:
        """Speaks ``text`` into a new WAV file in ``directory`` and returns its audio."""
        if threading.get_ident() != self._owner:
            raise RuntimeError("EspeakSynthesizer used from a thread that does not own it")
        spoken = for_synthesis(text, language=voice.language)
        if not spoken:
            raise SpeechError("没有可朗读的内容", detail="empty text after conversion")
        for attempt in range(1, ATTEMPTS + 1):
            with _ENGINE_LOCK:
                clip, used_rate = self._attempt(spoken, voice, directory)
            if clip.frames and used_rate == voice.words_per_minute:
                return clip
            log.warning(
                "espeak-ng made %d frames at rate %d, asked %d (attempt %d of %d)",
                clip.frames,
                used_rate,
                voice.words_per_minute,
                attempt,
                ATTEMPTS,
            )
        raise SpeechError("语音合成失败", detail="espeak-ng did not honour the voice settings")

    def _attempt(self, spoken: str, voice: VoiceSettings, directory: Path) -> tuple[Clip, int]:
        path = directory / f".synth-{uuid.uuid4().hex}.wav"
        voice_name = VOICES[voice.language]
        rate = int(voice.words_per_minute)
        self._wait_until_idle()
        self._engine.setProperty("voice", voice_name)
        self._engine.setProperty("rate", rate)
        self._engine.setProperty("volume", 1.0)
        self._wait_until_idle()  # the queued parameters are applied, nothing left to cancel
        if (before := self._current_parameter(self._library.RATE, 1)) != rate:
            return Clip(b"", 1), before
        self._errors.clear()
        self._finished.clear()
        self._engine.save_to_file(spoken, str(path))
        self._engine.runAndWait()
        try:
            self._wait_for(path)
            self._check_voice(voice_name)
            return read_wav(path), self._current_parameter(self._library.RATE, 1)
        finally:
            path.unlink(missing_ok=True)

    def _wait_until_idle(self) -> None:
        deadline = time.monotonic() + IDLE_WAIT_S
        while self._library.IsPlaying() and time.monotonic() < deadline:
            time.sleep(0.001)

    def close(self) -> None:
        """Stops listening to the shared engine (pyttsx3 keeps one per process)."""
        for token in self._tokens:
            self._engine.disconnect(token)
        self._tokens = []

    def _wait_for(self, path: Path) -> None:
        deadline = time.monotonic() + self._timeout_s
        # The notification comes after the driver has written and closed the file; one left
        # over from an earlier, timed-out utterance is told apart by the file being absent.
        while True:
            remaining = deadline - time.monotonic()
            if self._errors:
                raise SpeechError("语音合成失败", detail=f"pyttsx3: {self._errors[0]!r}")
            if remaining <= 0 or not self._finished.wait(remaining):
                raise SpeechError("语音合成超时", detail=f"no audio after {self._timeout_s} s")
            if path.exists():
                return
            self._finished.clear()

    def _check_voice(self, voice_name: str) -> None:
        current = str(self._engine.getProperty("voice") or "")
        if not current.endswith(voice_name):
            raise SpeechError("语音设置未生效", detail=f"asked voice {voice_name}, got {current}")


def _current_parameter_function(dll: ctypes.CDLL) -> Callable[[int, int], int]:
    """``espeak_GetParameter(parameter, current)``; current=1 is the value in use."""
    prototype = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_int, ctypes.c_int)
    return prototype(("espeak_GetParameter", dll))
