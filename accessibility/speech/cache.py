"""Where prompt audio comes from before anything is synthesised: recordings, then the cache.

* :class:`VoicePack` — recorded prompts, a folder per language of WAVs named by prompt id,
  with ``prompts.json`` giving the text each recording says (``{"home.welcome": "欢迎…"}``).
  A recording is used for the prompt id it is named after, or for any utterance whose text is
  exactly a recorded text; when the current text of a prompt differs from what was recorded
  (the wording changed since), the stale recording is skipped and the text is synthesised.
* :class:`PromptCache` — synthesised clips by voice settings and text: a bounded in-memory
  map the GUI thread may consult without touching the disk, over WAV files named by the
  SHA-256 of the key (the text is never in a file name). Personal data is never cached.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections import OrderedDict
from pathlib import Path

from accessibility.errors import SpeechError
from accessibility.language import Language
from accessibility.speech.clip import Clip, read_wav, write_wav
from accessibility.speech.voice import VoiceSettings

log = logging.getLogger(__name__)

MANIFEST = "prompts.json"
CACHE_FORMAT = "pinyin-1"
"""Part of every cache key: bump it when the text given to espeak-ng changes."""
MEMORY_BYTES = 48 * 1024 * 1024
DISK_BYTES = 256 * 1024 * 1024


def _normal(text: str) -> str:
    return " ".join(text.split())


class VoicePack:
    """Recorded prompts under ``root/<language>/`` (see the module docstring)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._scripts: dict[Language, dict[str, str]] = {}
        for language in Language:
            folder = root / language.value
            script: dict[str, str] = {}
            manifest = folder / MANIFEST
            if manifest.is_file():
                try:
                    loaded = json.loads(manifest.read_text(encoding="utf-8"))
                except (OSError, ValueError) as exc:
                    raise SpeechError("录音语音包无法读取", detail=f"{manifest}: {exc}") from exc
                script = {str(k): _normal(str(v)) for k, v in loaded.items()}
            self._scripts[language] = script

    def find(self, text: str, *, language: Language, prompt_id: str | None = None) -> Path | None:
        """The recording to play for ``text``, or None to synthesise it."""
        folder = self.root / language.value
        script = self._scripts.get(language, {})
        wanted = _normal(text)
        if prompt_id is not None:
            recorded = script.get(prompt_id)
            if recorded is not None and recorded != wanted:
                log.info(
                    "voice pack: recording %s is stale (text changed), synthesising", prompt_id
                )
                return None
            path = folder / f"{prompt_id}.wav"
            if path.is_file():
                return path
        for recorded_id, recorded in script.items():
            if recorded == wanted and (path := folder / f"{recorded_id}.wav").is_file():
                return path
        return None

    def prompt_ids(self, language: Language) -> list[str]:
        return sorted(p.stem for p in (self.root / language.value).glob("*.wav"))


def cache_key(text: str, voice: VoiceSettings) -> str:
    material = f"{CACHE_FORMAT}\n{voice.language.value}\n{voice.words_per_minute}\n{text}"
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


class PromptCache:
    """Synthesised clips, in memory (any thread) and on disk (the speech thread only)."""

    def __init__(
        self,
        directory: Path | None,
        *,
        memory_bytes: int = MEMORY_BYTES,
        disk_bytes: int = DISK_BYTES,
    ) -> None:
        self.directory = directory
        self._memory: OrderedDict[str, Clip] = OrderedDict()
        self._memory_bytes = memory_bytes
        self._held = 0
        self._lock = threading.Lock()
        if directory is not None:
            directory.mkdir(parents=True, exist_ok=True)
            _prune(directory, disk_bytes)

    def in_memory(self, key: str) -> Clip | None:
        with self._lock:
            clip = self._memory.get(key)
            if clip is not None:
                self._memory.move_to_end(key)
            return clip

    def load(self, key: str) -> Clip | None:
        clip = self.in_memory(key)
        if clip is not None or self.directory is None:
            return clip
        path = self.directory / f"{key}.wav"
        if not path.is_file():
            return None
        try:
            clip = read_wav(path)
        except SpeechError as exc:
            log.warning("speech cache: dropping unreadable entry (%s)", exc.detail)
            path.unlink(missing_ok=True)
            return None
        self.remember(key, clip)
        return clip

    def store(self, key: str, clip: Clip) -> None:
        self.remember(key, clip)
        if self.directory is not None:
            try:
                write_wav(clip, self.directory / f"{key}.wav")
            except OSError as exc:  # a full disk costs speed, never speech
                log.warning("speech cache: not written (%s)", exc)

    def remember(self, key: str, clip: Clip) -> None:
        with self._lock:
            if key in self._memory:
                self._memory.move_to_end(key)
                return
            self._memory[key] = clip
            self._held += len(clip.pcm)
            while self._held > self._memory_bytes and len(self._memory) > 1:
                _, dropped = self._memory.popitem(last=False)
                self._held -= len(dropped.pcm)


def _prune(directory: Path, limit: int) -> None:
    """Keeps the disk cache under ``limit`` bytes, dropping the least recently written."""
    entries = []
    for path in directory.glob("*.wav"):
        try:
            stat = path.stat()
        except OSError:
            continue
        entries.append((stat.st_mtime, stat.st_size, path))
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries):
        if total <= limit:
            break
        path.unlink(missing_ok=True)
        total -= size
