"""Input to painted: from a tap to the next screen on glass, beside a bare QStackedWidget.

The real window (offscreen, the real task runner with its store thread) is driven by taps
(``QTest.mouseClick``, press and release), and each transition is timed from the tap until
the first paint of the screen it leads to:

* ``navigation`` — 首页 → a category's list (a tile tapped) and 返回 back home;
* ``wizard_next`` — 继续 on a question: the answer is checked, saved durably on the store
  thread (one SQLite transaction, ``synchronous=FULL``), and the next question is built and
  painted.

The baseline is the least any Qt screen change costs: a QStackedWidget of two small pages
whose buttons switch to each other, timed the same way. The contenders alternate in blocks of
ten so the VM's drift hits all alike; p95 is the figure to watch (a tap that feels slow).
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

BLOCK = 10
TIMEOUT_S = 10.0


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


class _FirstPaint:
    """Records the first paint, after ``arm()``, of any widget inside ``target()``."""

    def __init__(self, app) -> None:
        from PySide6.QtCore import QEvent, QObject

        spy = self
        self.at: float | None = None
        self.target = None

        class Filter(QObject):
            def eventFilter(self, watched, event):
                if spy.at is None and spy.target is not None and event.type() == QEvent.Type.Paint:
                    target = spy.target()
                    if target is not None and (watched is target or target.isAncestorOf(watched)):
                        spy.at = time.perf_counter()
                return False

        self._filter = Filter()
        app.installEventFilter(self._filter)
        self._app = app

    def time(self, tap, target) -> float:
        """Milliseconds from ``tap()`` to the first paint inside ``target()``."""
        from PySide6.QtCore import QEventLoop

        self.at, self.target = None, target
        started = time.perf_counter()
        tap()
        deadline = started + TIMEOUT_S
        while self.at is None:
            if time.perf_counter() > deadline:
                raise RuntimeError("the screen was never painted")
            self._app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        self.target = None
        return (self.at - started) * 1000

    def close(self) -> None:
        self._app.removeEventFilter(self._filter)


def _click(widget) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def _bare_stack():
    from PySide6.QtWidgets import QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

    stack = QStackedWidget()
    pages, buttons = [], []
    for text in ("请选择您要办的事", "养老"):
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(text))
        button = QPushButton("下一页")
        layout.addWidget(button)
        stack.addWidget(page)
        pages.append(page)
        buttons.append(button)
    buttons[0].clicked.connect(lambda: stack.setCurrentWidget(pages[1]))
    buttons[1].clicked.connect(lambda: stack.setCurrentWidget(pages[0]))
    stack.resize(1920, 1080)
    stack.show()
    return stack, pages, buttons


def run(*, workdir: Path, samples: int = 40) -> list[dict]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(["bench"])
    from kiosk.app import build_window, open_kiosk
    from kiosk.flows.identify import CardIdentity
    from kiosk.flows.outcome import ScreenName
    from ui.tour import demo_residents, settle

    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    spy = _FirstPaint(app)
    kiosk = open_kiosk(workdir / "transition-data")
    window = build_window(kiosk, today=lambda: date(2026, 11, 22))
    stack, pages, buttons = _bare_stack()
    times: dict[str, list[float]] = {"navigation": [], "wizard_next": [], "bare": []}
    try:
        window.resize(1920, 1080)
        window.show()
        window.show_screen(ScreenName.HOME)
        settle()
        rounds = max(1, samples // BLOCK)

        def showing(name):
            current = window.current
            return current if current is not None and current.name is name else None

        # The elder's draft, for the wizard: identified, started, PIN set.
        elder, _ = demo_residents()

        def open_wizard() -> None:
            window.end_session("bench")
            window.ui.visit.home.choose("DEMO-MZ-001")
            window.show_screen(ScreenName.IDENTIFY)
            window.current.card_read(CardIdentity(elder.facts.id_number, name=elder.facts.name))
            window.ui.visit.identify.confirm()
            window.ui.visit.guide.start()
            window.show_screen(ScreenName.WIZARD)
            settle()

        for _ in range(rounds):
            window.end_session("bench")
            settle()
            for _ in range(BLOCK // 2):
                tile = window.current.categories.tiles["养老"]
                times["navigation"].append(
                    spy.time(lambda t=tile: _click(t), lambda: showing(ScreenName.SERVICES))
                )
                back = window.current.nav.itemAt(0).widget()
                times["navigation"].append(
                    spy.time(lambda b=back: _click(b), lambda: showing(ScreenName.HOME))
                )
            open_wizard()
            for _ in range(BLOCK):
                wizard = window.current
                before = wizard.control
                # The next question's control, once it exists (not the pressed button's repaint).
                times["wizard_next"].append(
                    spy.time(
                        lambda w=wizard: _click(w.next_button),
                        lambda w=wizard, b=before: w.control if w.control is not b else None,
                    )
                )
                _click(window.current.back_button)
                settle()
            for index in range(BLOCK):
                button = buttons[index % 2]
                target = pages[(index + 1) % 2]
                times["bare"].append(spy.time(lambda b=button: _click(b), lambda t=target: t))
    finally:
        spy.close()
        stack.close()
        window.close()
        window.ui.tasks.shutdown()
        kiosk.close()
    base = times["bare"]
    results = []
    for name in ("navigation", "wizard_next"):
        ours = times[name]
        p50, p95, p99 = statistics.median(ours), _percentile(ours, 0.95), _percentile(ours, 0.99)
        b50, b95, b99 = statistics.median(base), _percentile(base, 0.95), _percentile(base, 0.99)
        result = {
            "name": f"transition_{name}",
            "p50_ms": round(p50, 2),
            "p95_ms": round(p95, 2),
            "p99_ms": round(p99, 2),
            "baseline": {
                "name": "bare_stacked_widget",
                "p50_ms": round(b50, 2),
                "p95_ms": round(b95, 2),
                "p99_ms": round(b99, 2),
            },
            "ratio_p50": round(p50 / b50, 2),
            "ratio_p95": round(p95 / b95, 2),
            "ratio_p99": round(p99 / b99, 2),
            "samples": len(ours),
        }
        result["text"] = (
            f"transition_{name} (tap to painted): p50 {p50:.1f} ms, p95 {p95:.1f} ms  | baseline "
            f"bare_stacked_widget: p50 {b50:.1f} ms, p95 {b95:.1f} ms  | ratio p95 "
            f"{result['ratio_p95']:.1f}× ({len(ours)} taps)"
        )
        results.append(result)
    return results


if __name__ == "__main__":
    import json
    import sys

    with tempfile.TemporaryDirectory(prefix="transition-") as tmp:
        json.dump(run(workdir=Path(tmp)), sys.stdout, indent=2, ensure_ascii=False)
        print()
