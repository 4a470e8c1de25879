"""Cold start to an interactive home screen, beside a bare PySide6 window in the same run.

Each start is a new Python process running what ``kiosk run`` runs (:func:`kiosk.app.
start_kiosk`), timed from the parent (interpreter start-up, imports, opening the encrypted
store and the catalogue, the voice, the window, painting the home screen) until the child
says it is ready: its window is exposed, the home screen has been
painted and the event loop is idle, so a touch would be handled. The baseline is the least a
PySide6 kiosk can cost: a process that shows a QMainWindow with a few widgets the same way.
The two alternate, one start each, so the VM's drift hits both alike; the ratio is the figure
to watch. The data directory is prepared once (first-start catalogue install) before timing.

Run a child alone with ``python -m bench.kiosk_start kiosk DATA_DIR`` or ``... bare``.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROUNDS = 7
READY = "ready"


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def _start(kind: str, data_dir: Path) -> float:
    """Wall time (ms) from spawning the child to its ``ready`` line."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "bench.kiosk_start", kind, str(data_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=_child_env(),
        text=True,
    )
    assert child.stdout is not None
    line = child.stdout.readline().strip()
    elapsed = (time.perf_counter() - started) * 1000
    child.stdout.close()
    if child.wait(timeout=60) != 0 or line != READY:
        raise RuntimeError(f"{kind} start failed (said {line!r}, exit {child.returncode})")
    return elapsed


def run(*, workdir: Path, rounds: int = ROUNDS) -> dict:
    data_dir = Path(workdir) / "kiosk-data"
    _start("kiosk", data_dir)  # first start: installs the catalogue, makes the keys
    _start("bare", data_dir)
    kiosk: list[float] = []
    bare: list[float] = []
    for _ in range(rounds):
        kiosk.append(_start("kiosk", data_dir))
        bare.append(_start("bare", data_dir))
    p50, p95 = statistics.median(kiosk), _percentile(kiosk, 0.95)
    base50, base95 = statistics.median(bare), _percentile(bare, 0.95)
    result = {
        "name": "cold_start_to_home",
        "p50_ms": round(p50, 1),
        "p95_ms": round(p95, 1),
        "p99_ms": round(max(kiosk), 1),
        "baseline": {
            "name": "bare_pyside6_window",
            "p50_ms": round(base50, 1),
            "p95_ms": round(base95, 1),
            "p99_ms": round(max(bare), 1),
        },
        "ratio_p50": round(p50 / base50, 3),
        "ratio_p95": round(p95 / base95, 3),
        "samples": rounds,
    }
    result["text"] = (
        f"cold_start_to_home: p50 {p50:.0f} ms, p95 {p95:.0f} ms  | baseline "
        f"bare_pyside6_window: p50 {base50:.0f} ms, p95 {base95:.0f} ms  | ratio p50 "
        f"{result['ratio_p50']:.2f}×, p95 {result['ratio_p95']:.2f}× ({rounds} starts each)"
    )
    return result


# -- the children --------------------------------------------------------------------------------


def _ready_when_painted(app, window, painted) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtTest import QTest

    QTest.qWaitForWindowExposed(window, 10_000)

    def check() -> None:
        if painted():
            print(READY, flush=True)
            app.quit()
        else:
            QTimer.singleShot(1, check)

    QTimer.singleShot(0, check)  # runs once the event loop is idle
    return app.exec()


class _PaintSpy:
    def __init__(self) -> None:
        self.seen = False

    def install(self, widget) -> None:
        from PySide6.QtCore import QEvent, QObject

        spy = self

        class Filter(QObject):
            def eventFilter(self, watched, event):
                if event.type() == QEvent.Type.Paint:
                    spy.seen = True
                return False

        self._filter = Filter()
        widget.installEventFilter(self._filter)


def _kiosk_child(data_dir: Path) -> int:
    # Exactly what `kiosk run` does, in its order (the core opens before Qt is imported).
    from kiosk.app import open_kiosk, start_kiosk

    with open_kiosk(data_dir) as kiosk:
        running = start_kiosk(kiosk, demo=False, fullscreen=False)
        from kiosk.flows.outcome import ScreenName

        spy = _PaintSpy()
        spy.install(running.window.screen(ScreenName.HOME).popular)
        try:
            return _ready_when_painted(running.app, running.window, lambda: spy.seen)
        finally:
            running.stop()


def _bare_child() -> int:
    from PySide6.QtWidgets import (
        QApplication,
        QLabel,
        QMainWindow,
        QPushButton,
        QVBoxLayout,
        QWidget,
    )

    app = QApplication(["bare-bench"])
    window = QMainWindow()
    central = QWidget()
    layout = QVBoxLayout(central)
    label = QLabel("请选择您要办的事")
    layout.addWidget(label)
    for text in ("高龄津贴申领", "城乡居民医保", "继续上次的申请"):
        layout.addWidget(QPushButton(text))
    window.setCentralWidget(central)
    window.resize(1920, 1080)
    spy = _PaintSpy()
    spy.install(label)
    window.show()
    return _ready_when_painted(app, window, lambda: spy.seen)


if __name__ == "__main__":
    kind, data = sys.argv[1], Path(sys.argv[2])
    sys.exit(_kiosk_child(data) if kind == "kiosk" else _bare_child())
