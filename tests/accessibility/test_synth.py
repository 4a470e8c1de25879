"""Real audio from espeak-ng through pyttsx3, measured with sox."""

from __future__ import annotations

import threading

import pytest

from accessibility.errors import SpeechError
from accessibility.language import Language
from accessibility.speech.clip import write_wav
from accessibility.speech.synth import EspeakSynthesizer
from accessibility.speech.voice import SpeechRate, VoiceSettings
from tests.accessibility.audio import sox_stats

ZH = Language.ZH_CN
PROMPT = "欢迎使用自助服务终端。请把身份证放在读卡区。"
SYLLABLES = 22


@pytest.fixture(scope="module")
def synthesizer():
    # Created and used on one thread, as in production: pytest runs tests on this thread.
    made = EspeakSynthesizer()
    yield made
    made.close()


def test_mandarin_prompt_is_non_silent_and_plausibly_long(synthesizer, tmp_path):
    clip = synthesizer.synthesize(
        PROMPT, voice=VoiceSettings.of(ZH, SpeechRate.SLOW), directory=tmp_path
    )
    write_wav(clip, tmp_path / "prompt.wav")
    stats = sox_stats(tmp_path / "prompt.wav")
    assert stats["rms"] > 0.02
    assert stats["peak"] > 0.3
    # Slow Mandarin for 长辈 is about 3 syllables a second; tone digits read out as English
    # words ("huan one") would make it far longer, a cut-off far shorter.
    assert SYLLABLES / 5.0 < stats["seconds"] < SYLLABLES / 1.8
    assert [p.name for p in tmp_path.iterdir()] == ["prompt.wav"]  # no temporary files left


def test_rate_is_honoured_when_voice_and_rate_change_every_time(synthesizer, tmp_path):
    # pyttsx3's stop() used to cancel the queued rate change: a third came out at the old rate.
    lengths: dict[tuple[Language, SpeechRate], set[float]] = {}
    order = [
        (ZH, SpeechRate.SLOW),
        (Language.EN, SpeechRate.FAST),
        (ZH, SpeechRate.FAST),
        (ZH, SpeechRate.SLOW),
        (Language.EN, SpeechRate.SLOW),
        (ZH, SpeechRate.NORMAL),
    ] * 3
    for language, rate in order:
        text = "欢迎使用自助服务终端" if language is ZH else "Welcome to the kiosk"
        clip = synthesizer.synthesize(
            text, voice=VoiceSettings.of(language, rate), directory=tmp_path
        )
        lengths.setdefault((language, rate), set()).add(round(clip.duration_s, 1))
    assert all(len(seen) == 1 for seen in lengths.values()), lengths
    slow, normal, fast = (lengths[(ZH, r)].pop() for r in SpeechRate)
    assert slow > normal > fast


def test_nothing_is_printed_on_stdout(synthesizer, tmp_path, capfd):
    synthesizer.synthesize("好", voice=VoiceSettings.of(ZH, SpeechRate.SLOW), directory=tmp_path)
    assert capfd.readouterr().out == ""


def test_english_voice_speaks_english(synthesizer, tmp_path):
    clip = synthesizer.synthesize(
        "Please insert your ID card.",
        voice=VoiceSettings.of(Language.EN, SpeechRate.NORMAL),
        directory=tmp_path,
    )
    assert 1.0 < clip.duration_s < 4.0


def test_empty_text_is_refused(synthesizer, tmp_path):
    with pytest.raises(SpeechError):
        synthesizer.synthesize(
            "  ", voice=VoiceSettings.of(ZH, SpeechRate.SLOW), directory=tmp_path
        )


def test_another_thread_may_not_use_it(synthesizer, tmp_path):
    errors = []

    def use():
        try:
            synthesizer.synthesize(
                "好", voice=VoiceSettings.of(ZH, SpeechRate.SLOW), directory=tmp_path
            )
        except RuntimeError as exc:
            errors.append(exc)

    worker = threading.Thread(target=use)
    worker.start()
    worker.join()
    assert errors
