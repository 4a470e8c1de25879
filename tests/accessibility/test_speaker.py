"""The real speaker on the GUI thread: real espeak-ng, a silent player (no audio device here)."""

from __future__ import annotations

import json
import subprocess
import threading
from pathlib import Path

import pytest

from accessibility.errors import SpeechError
from accessibility.speech.clip import read_wav
from accessibility.speech.player import SilentPlayer
from accessibility.speech.speaker import VoiceSpeaker
from accessibility.speech.synth import EspeakSynthesizer
from accessibility.speech.voice import DEFAULT_RATE, DEFAULT_VOLUME, SpeechRate

WAIT_MS = 10_000


class GatedSynthesizer:
    """Real espeak-ng, but each synthesis waits for the test to open the gate."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.entered = threading.Event()
        self._real = None

    def synthesize(self, text, *, voice, directory):
        if self._real is None:  # made on the speech thread, which must own it
            self._real = EspeakSynthesizer()
        self.entered.set()
        self.gate.wait(WAIT_MS / 1000)
        return self._real.synthesize(text, voice=voice, directory=directory)

    def close(self):
        if self._real is not None:
            self._real.close()


@pytest.fixture
def speaker(qtbot, tmp_path):
    made = VoiceSpeaker(cache_dir=tmp_path / "cache", player=SilentPlayer())
    yield made
    made.close()


def say_and_wait(qtbot, speaker, text, **kwargs):
    with qtbot.waitSignal(speaker.spoken, timeout=WAIT_MS) as blocker:
        speaker.say(text, **kwargs)
    return blocker.args[0]


def test_speech_is_synthesised_then_played_from_memory_at_once(qtbot, speaker, tmp_path):
    assert say_and_wait(qtbot, speaker, "请选择要办理的事项。") == "请选择要办理的事项。"
    assert speaker.last_source == "synthesised"
    assert speaker.player.is_playing
    first = speaker.player.played[-1]
    assert first.duration_s > 1.0
    speaker.say("请选择要办理的事项。")  # no waiting: the clip is in memory
    assert speaker.last_source == "memory"
    assert speaker.player.played[-1] is first
    assert len(list((tmp_path / "cache").glob("*.wav"))) == 1


def test_the_disk_cache_serves_the_next_start(qtbot, tmp_path):
    for expected in ("synthesised", "cache"):
        speaker = VoiceSpeaker(cache_dir=tmp_path / "cache", player=SilentPlayer())
        say_and_wait(qtbot, speaker, "欢迎。")
        assert speaker.last_source == expected
        speaker.close()


def test_new_speech_stops_old(qtbot, tmp_path):
    gated = GatedSynthesizer()
    speaker = VoiceSpeaker(cache_dir=None, player=SilentPlayer(), synthesizer=lambda: gated)
    heard = []
    speaker.spoken.connect(heard.append)
    speaker.say("第一句，很长很长的话。")
    assert gated.entered.wait(WAIT_MS / 1000)
    speaker.say("第二句。")
    with qtbot.waitSignal(speaker.spoken, timeout=WAIT_MS):
        gated.gate.set()
    qtbot.wait(50)  # let a late result for the first sentence arrive, if one were coming
    assert heard == ["第二句。"]
    assert len(speaker.player.played) == 1
    speaker.close()


def test_stop_cuts_playback_off_at_once(qtbot, speaker):
    say_and_wait(qtbot, speaker, "请稍候。")
    assert speaker.player.is_playing
    speaker.stop()
    assert not speaker.player.is_playing


def test_repeat_says_the_last_utterance_again(qtbot, speaker):
    say_and_wait(qtbot, speaker, "请核对您的信息。")
    speaker.repeat()
    assert speaker.last_source == "memory"
    assert len(speaker.player.played) == 2


def test_personal_data_is_masked_on_the_open_speaker_and_never_cached(qtbot, speaker, tmp_path):
    full = "张伟，身份证号码一一零一零五，一九四九一二三一，零零二叉"
    masked = "张某某，尾号零零二叉的身份证"
    assert say_and_wait(qtbot, speaker, full, masked=masked, personal=True) == masked
    speaker.headset = True
    assert say_and_wait(qtbot, speaker, full, masked=masked, personal=True) == full
    cached = list((tmp_path / "cache").glob("*.wav"))
    assert len(cached) == 1  # only the masked sentence
    speaker.headset = False
    speaker.repeat()  # the headset is gone: 再听一遍 must not read the number out loud
    assert speaker.last_source == "memory"


def test_personal_data_without_a_masked_form_is_not_spoken_on_the_open_speaker(qtbot, speaker):
    speaker.say("张伟", personal=True)
    qtbot.wait(100)
    assert speaker.player.played == []


def test_slower_speech_is_longer_and_reset_restores_defaults(qtbot, speaker):
    speaker.set_rate(SpeechRate.FAST)
    speaker.set_volume(0.3)
    assert speaker.player.volume == 0.3
    say_and_wait(qtbot, speaker, "请把身份证放在读卡区。")
    fast = speaker.player.played[-1].duration_s
    speaker.reset()
    assert (speaker.rate, speaker.volume, speaker.player.volume) == (
        DEFAULT_RATE,
        DEFAULT_VOLUME,
        DEFAULT_VOLUME,
    )
    say_and_wait(qtbot, speaker, "请把身份证放在读卡区。")
    assert speaker.player.played[-1].duration_s > fast * 1.2


def test_volume_never_goes_silent(speaker):
    speaker.set_volume(0.0)
    assert speaker.volume == 0.2
    speaker.set_volume(3)
    assert speaker.volume == 1.0


def _voice_pack(root: Path, texts: dict[str, str]) -> Path:
    folder = root / "zh_CN"
    folder.mkdir(parents=True)
    for prompt_id in texts:
        subprocess.run(
            [
                "sox",
                "-n",
                "-r",
                "22050",
                "-c",
                "1",
                "-b",
                "16",
                str(folder / f"{prompt_id}.wav"),
                "synth",
                "0.4",
                "sine",
                "440",
            ],
            check=True,
            timeout=60,
        )
    (folder / "prompts.json").write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    return root


def test_a_voice_pack_recording_overrides_synthesis(qtbot, tmp_path):
    from accessibility.speech.cache import VoicePack

    root = _voice_pack(tmp_path / "pack", {"home.welcome": "欢迎使用自助服务终端。"})
    speaker = VoiceSpeaker(cache_dir=None, player=SilentPlayer(), voice_pack=VoicePack(root))
    say_and_wait(qtbot, speaker, "欢迎使用自助服务终端。")  # found by its text
    assert speaker.last_source == "voice-pack"
    recorded = read_wav(root / "zh_CN" / "home.welcome.wav")
    assert speaker.player.played[-1].pcm == recorded.pcm
    # The wording changed since the recording: the stale recording is not played.
    say_and_wait(qtbot, speaker, "欢迎使用政务服务自助终端。", prompt_id="home.welcome")
    assert speaker.last_source == "synthesised"
    speaker.close()


def test_without_a_synthesiser_the_failure_is_reported_and_cached_audio_still_plays(
    qtbot, tmp_path
):
    warm = VoiceSpeaker(cache_dir=tmp_path / "cache", player=SilentPlayer())
    say_and_wait(qtbot, warm, "请稍候。")
    warm.close()

    def broken():
        raise SpeechError("语音合成不可用", detail="test: no espeak-ng")

    speaker = VoiceSpeaker(cache_dir=tmp_path / "cache", player=SilentPlayer(), synthesizer=broken)
    with qtbot.waitSignal(speaker.failed, timeout=WAIT_MS) as blocker:
        speaker.say("这句话从没说过。")
    assert blocker.args == ["语音合成不可用"]
    say_and_wait(qtbot, speaker, "请稍候。")
    assert speaker.last_source == "cache"
    speaker.close()
