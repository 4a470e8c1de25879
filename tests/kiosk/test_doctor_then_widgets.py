"""``kiosk doctor`` leaves no Qt application behind: a process that runs it and then shows
widgets (a test session, a kiosk checking itself before its window) works whatever the order.

It used to make a plain QCoreApplication for the headset check, which outlived the check;
the QApplication made after it was then a QCoreApplication and the first widget aborted the
process ("Cannot create a QWidget without QApplication"). Each run here is a fresh
interpreter, so the order is the one under test and not the test session's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCTOR_THEN_WIDGETS = """
import json, sys
from kiosk.cli import main
main(["--data-dir", sys.argv[1], "doctor", "--json"])
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QLabel
left = QCoreApplication.instance()
app = QApplication(["after-doctor"])
label = QLabel("正常")
label.show()
app.processEvents()
print(json.dumps({"left_behind": type(left).__name__ if left else None,
                  "app": type(app).__name__, "shown": label.isVisible()}))
"""


def test_widgets_can_be_made_after_doctor_in_the_same_process(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", DOCTOR_THEN_WIDGETS, str(tmp_path / "data")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    checks = {line["check"]: line for line in lines if "check" in line}
    assert checks["耳机"]["status"] == "ok"  # the child process answered the headset check
    assert "outputs:" in checks["耳机"]["detail"]
    assert lines[-1] == {"left_behind": None, "app": "QApplication", "shown": True}
