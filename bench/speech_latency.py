"""Screen shown → first audio out, for a cached and an uncached prompt, each beside a baseline.

What is timed is what a screen does when it appears: show the page, ``speaker.say(prompt)``,
until the player starts (``started``: the clip is handed to the audio sink; on a machine with
no audio device the silent player stands in, so the sink's own start-up is not included).

* cached — the prompt's clip is in memory; baseline: handing that same clip to the player
  directly (the least any speaker can cost).
* uncached — a sentence never said before; baseline: synthesising the same sentence with the
  same synthesiser called directly on one thread (what the speech thread adds is the hop
  from the GUI thread and back, and the cache write).

The pairs alternate sample by sample so the VM's speed drift hits both alike.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import threading
import time
from pathlib import Path

from bench.store_latency import _percentile

PROMPT = "请选择要办理的事项。您也可以按帮助键，请工作人员帮忙。"
NUMERALS = "零一二三四五六七八九"
MAX_UNCACHED = 60


def _app():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def _sentence(i: int) -> str:
    digits = "".join(NUMERALS[int(d)] for d in str(i))
    return f"您的排队号是{digits}号，请到{NUMERALS[i % 10]}号窗口办理。"


def _summary(samples: list[float]) -> tuple[float, float]:
    return statistics.median(samples), _percentile(samples, 0.99)


def _result(name: str, samples: list[float], base_name: str, base: list[float]) -> dict:
    p50, p99 = _summary(samples)
    b50, b99 = _summary(base)
    return {
        "name": name,
        "p50_ms": round(p50, 3),
        "p99_ms": round(p99, 3),
        "baseline": {"name": base_name, "p50_ms": round(b50, 3), "p99_ms": round(b99, 3)},
        "ratio_p50": round(p50 / b50, 3) if b50 else None,
        "ratio_p99": round(p99 / b99, 3) if b99 else None,
        "samples": len(samples),
    }


def run(*, samples: int = 200, workdir: Path) -> list[dict]:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QLabel

    from accessibility.speech.cache import cache_key
    from accessibility.speech.player import SilentPlayer
    from accessibility.speech.speaker import VoiceSpeaker
    from accessibility.speech.synth import EspeakSynthesizer

    _app()
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    player = SilentPlayer()
    speaker = VoiceSpeaker(cache_dir=workdir / "speech-cache", player=player)
    page = QLabel(PROMPT)
    started_at: list[float] = []
    player.started.connect(lambda: started_at.append(time.perf_counter()))

    def until_started(action) -> float:
        started_at.clear()
        loop = QEventLoop()
        player.started.connect(loop.quit)
        QTimer.singleShot(10_000, loop.quit)
        t0 = time.perf_counter()
        action()
        if not started_at:
            loop.exec()
        player.started.disconnect(loop.quit)
        if not started_at:
            raise RuntimeError("speech did not start within 10 s")
        return (started_at[0] - t0) * 1000

    def show_and_say(text: str):
        def act():
            page.setText(text)
            page.show()
            speaker.say(text)

        return act

    until_started(show_and_say(PROMPT))  # warm: engine, pypinyin, the prompt into memory
    clip = speaker.cache.in_memory(cache_key(PROMPT, speaker.voice))

    cached, direct = [], []
    for _ in range(samples):
        cached.append(until_started(show_and_say(PROMPT)))
        direct.append(until_started(lambda: player.play(clip)))

    # The baseline synthesiser must live on its own thread, like the speech thread's.
    uncached, synthesis = [], []
    jobs: list[str] = []
    done = threading.Event()
    ready = threading.Event()
    times: list[float] = []

    def synth_thread() -> None:
        synth = EspeakSynthesizer()
        with tempfile.TemporaryDirectory() as scratch:
            while True:
                ready.wait()
                ready.clear()
                if not jobs:
                    break
                text = jobs.pop()
                t0 = time.perf_counter()
                synth.synthesize(text, voice=speaker.voice, directory=Path(scratch))
                times.append((time.perf_counter() - t0) * 1000)
                done.set()
        synth.close()

    worker = threading.Thread(target=synth_thread, name="bench-synth")
    worker.start()
    count = min(samples, MAX_UNCACHED)
    for i in range(count):
        uncached.append(until_started(show_and_say(_sentence(2 * i))))
        done.clear()
        jobs.append(_sentence(2 * i + 1))
        ready.set()
        done.wait(10)
        synthesis.append(times[-1])
    ready.set()  # no job: the thread ends
    worker.join(10)
    speaker.close()
    return [
        _result("speech_first_audio_cached", cached, "player_start_direct", direct),
        _result("speech_first_audio_uncached", uncached, "synthesis_direct", synthesis),
    ]
