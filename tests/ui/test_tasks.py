"""The task runner with real threads: results and errors come back on the GUI thread."""

from __future__ import annotations

import threading

import pytest

from ui.tasks import ImmediateExecutor, TaskRunner


@pytest.fixture
def runner(qapp):
    tasks = TaskRunner()
    yield tasks
    tasks.shutdown()


def test_a_store_job_runs_off_the_gui_thread_and_answers_on_it(qtbot, runner):
    gui = threading.get_ident()
    seen = {}

    def job():
        seen["worker"] = threading.get_ident()
        return 42

    with qtbot.waitSignal(runner.idle, timeout=5000):
        runner.store(job, lambda result: seen.update(result=result, done=threading.get_ident()))
    assert seen["worker"] != gui
    assert seen["done"] == gui and seen["result"] == 42


def test_store_jobs_run_in_the_order_asked(qtbot, runner):
    order = []
    gate = threading.Event()
    runner.store(lambda: gate.wait(5), lambda _: None)  # hold the worker until all are queued
    for i in range(20):
        runner.store(lambda i=i: i, order.append)
    with qtbot.waitSignal(runner.idle, timeout=5000):
        gate.set()
    assert order == list(range(20))


def test_an_error_reaches_the_error_callback(qtbot, runner):
    errors = []

    def boom():
        raise ValueError("nope")

    with qtbot.waitSignal(runner.idle, timeout=5000):
        runner.io(boom, lambda _: None, errors.append)
    assert isinstance(errors[0], ValueError)


def test_the_immediate_runner_finishes_before_returning(qapp):
    runner = TaskRunner(store=ImmediateExecutor(), io=ImmediateExecutor())
    got = []
    runner.store(lambda: "saved", got.append)
    assert got == ["saved"] and runner.pending == 0


def test_a_screen_ignores_input_while_its_job_runs(qtbot, ui, clock):
    """With real threads, 继续 is not taken twice while the answer is being saved."""
    from kiosk.flows.outcome import ScreenName
    from ui.window import KioskWindow

    ui.tasks = TaskRunner()
    window = KioskWindow(ui, monotonic=clock)
    qtbot.addWidget(window)
    window.show()
    window.show_screen(ScreenName.HOME)
    screen = window.current
    gate = threading.Event()
    calls = []

    def slow():
        gate.wait(5)
        calls.append(1)

    screen.act_in_background(slow)
    assert screen.busy and not screen.navbar.isEnabled()
    screen.act_in_background(slow)  # a second tap while busy is ignored
    with qtbot.waitSignal(ui.tasks.idle, timeout=5000):
        gate.set()
    assert calls == [1] and not screen.busy
    ui.tasks.shutdown()
