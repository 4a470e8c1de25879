"""The longest GUI-thread stall while speaking and while the camera scans (target ≤ 16 ms).

A precise 2 ms timer on the GUI thread records how late each tick is; a stall is the lateness
of a tick (a frame is 16 ms: a stall longer than that is a visible hitch, a missed key).
Three conditions, in interleaved windows of equal length:

* idle — the baseline: the same event loop doing nothing else;
* speaking — the voice speaker saying a new (uncached) sentence every 300 ms, so espeak-ng
  synthesises on the speech thread and clips start on the GUI thread;
* camera scan — the code scanner decoding degraded 1280×720 frames from a file camera at
  25 fps on its own thread, each result marshalled to the GUI thread by a Qt signal as the UI
  does.

Each figure is the median and the longest stall over all windows of its condition, beside
idle's, measured in the same run.
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

TICK_MS = 2
WINDOW_S = 1.0
ROUNDS = 3
TARGET_MS = 16.0
FRAMES = 24


def _app():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def _window(seconds: float) -> list[float]:
    """Lateness of each tick (ms) of a precise timer over ``seconds`` of the event loop."""
    from PySide6.QtCore import QEventLoop, Qt, QTimer

    late: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        late.append(max(0.0, (now - last[0]) * 1000 - TICK_MS))
        last[0] = now

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(TICK_MS)
    timer.timeout.connect(tick)
    loop = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    last[0] = time.perf_counter()
    timer.start()
    loop.exec()
    timer.stop()
    return late


def _frames(folder: Path) -> Path:
    import cv2

    from bench.code_frames import iter_empty_frames, iter_frames

    folder.mkdir(parents=True, exist_ok=True)
    for frame in iter_frames(FRAMES // 2):
        cv2.imwrite(str(folder / f"code-{frame.index:03d}.png"), frame.image)
    for frame in iter_empty_frames(FRAMES // 2):
        cv2.imwrite(str(folder / f"empty-{frame.index:03d}.png"), frame.image)
    return folder


class _Speaking:
    def __init__(self, workdir: Path) -> None:
        from PySide6.QtCore import QTimer

        from accessibility.speech.player import SilentPlayer
        from accessibility.speech.speaker import VoiceSpeaker

        self.speaker = VoiceSpeaker(cache_dir=workdir / "speech-cache", player=SilentPlayer())
        self.count = 0
        self.timer = QTimer()
        self.timer.setInterval(300)
        self.timer.timeout.connect(self._say)

    def _say(self) -> None:
        self.count += 1
        self.speaker.say(f"这是第{self.count}句话，请您仔细听，然后按确认键继续办理。")

    def start(self) -> None:
        self._say()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        self.speaker.stop()

    def close(self) -> None:
        self.speaker.close()


class _Scanning:
    def __init__(self, workdir: Path) -> None:
        from PySide6.QtCore import QObject, Signal

        from devices.camera import FileCamera

        class Bridge(QObject):
            frame = Signal(int)
            code = Signal(str)

        self.bridge = Bridge()
        self.frames_seen = 0
        self.codes = 0
        self.bridge.frame.connect(self._frame)
        self.bridge.code.connect(self._code)
        self.folder = _frames(workdir / "frames")
        self.camera = FileCamera(self.folder, loop=True, fps=25)
        self.scanner = None

    def _frame(self, _index: int) -> None:
        self.frames_seen += 1

    def _code(self, _text: str) -> None:
        self.codes += 1

    def start(self) -> None:
        from devices.codes.scanner import Scanner

        self.scanner = Scanner(
            self.camera,
            on_code=lambda code: self.bridge.code.emit(code.text),
            on_frame=lambda frame: self.bridge.frame.emit(frame.index),
            forget_after=0.0,
        )
        self.scanner.start()

    def stop(self) -> None:
        if self.scanner is not None:
            self.scanner.stop()
            self.scanner = None

    def close(self) -> None:
        self.stop()
        self.camera.close()


def _figure(name: str, late: list[list[float]], idle: list[list[float]], extra: dict) -> dict:
    worst = [max(w, default=0.0) for w in late]
    base = [max(w, default=0.0) for w in idle]
    flat, flat_idle = [x for w in late for x in w], [x for w in idle for x in w]
    p50, b50 = statistics.median(flat), statistics.median(flat_idle)
    longest, base_longest = max(worst), max(base)
    return {
        "name": name,
        "p50_ms": round(p50, 3),
        "p99_ms": round(sorted(flat)[int(0.99 * (len(flat) - 1))], 3),
        "max_ms": round(longest, 3),
        "target_ms": TARGET_MS,
        "within_target": longest <= TARGET_MS,
        "baseline": {
            "name": "idle_event_loop",
            "p50_ms": round(b50, 3),
            "p99_ms": round(sorted(flat_idle)[int(0.99 * (len(flat_idle) - 1))], 3),
            "max_ms": round(base_longest, 3),
        },
        "ratio_p50": round(p50 / b50, 3) if b50 else None,
        "ratio_p99": None,
        "ratio_max": round(longest / base_longest, 3) if base_longest else None,
        "windows": len(late),
        **extra,
    }


def run(*, samples: int = ROUNDS, workdir: Path) -> list[dict]:
    _app()
    workdir = Path(workdir)
    rounds = max(1, min(samples, ROUNDS))
    speaking, scanning = _Speaking(workdir), _Scanning(workdir)
    results: dict[str, list[list[float]]] = {"idle": [], "speaking": [], "scanning": []}
    _window(0.2)  # settle the timers
    try:
        for _ in range(rounds):
            results["idle"].append(_window(WINDOW_S))
            speaking.start()
            results["speaking"].append(_window(WINDOW_S))
            speaking.stop()
            scanning.start()
            results["scanning"].append(_window(WINDOW_S))
            scanning.stop()
    finally:
        speaking.close()
        scanning.close()
    return [
        _figure(
            "gui_stall_speaking",
            results["speaking"],
            results["idle"],
            {"utterances": speaking.count},
        ),
        _figure(
            "gui_stall_camera_scan",
            results["scanning"],
            results["idle"],
            {"frames": scanning.frames_seen, "codes": scanning.codes},
        ),
    ]
