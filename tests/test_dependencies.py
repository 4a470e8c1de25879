"""Regression tests for dependency traps measured on the target machine (shared/MEASURED.md)."""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
import textwrap

VOID_CALLS = 20_000


def test_pyside6_survives_twenty_thousand_void_qt_calls():
    # PySide6 6.12.0 on CPython 3.11 drops a reference to None on every void call and aborts
    # with "Fatal Python error: none_dealloc" after ~5,000: the pin in pyproject.toml avoids it.
    script = textwrap.dedent(
        f"""
        from PySide6.QtWidgets import QApplication, QLabel
        app = QApplication([])
        label = QLabel()
        for i in range({VOID_CALLS}):
            label.setText(str(i))
            label.setVisible(i % 2 == 0)
            app.processEvents()
        print("survived", label.text())
        """
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == f"survived {VOID_CALLS - 1}"


def test_only_the_headless_opencv_wheel_is_installed():
    installed = {d.metadata["Name"].lower() for d in importlib.metadata.distributions()}
    assert "opencv-python-headless" in installed
    # The full wheel bundles Qt 5 plugins and rewrites QT_* variables for the whole process.
    assert "opencv-python" not in installed
    assert "opencv-contrib-python" not in installed


def test_importing_cv2_leaves_qt_environment_alone():
    script = (
        "import os, cv2; "
        "print(sorted(k for k in os.environ if k.startswith('QT_') and k != 'QT_QPA_PLATFORM'))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("QT_")}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_zbar_and_espeak_libraries_load():
    # pyzbar needs Debian libzbar0 and pyttsx3 needs libespeak-ng1: installed by `make`.
    from pyzbar import pyzbar

    assert pyzbar.decode is not None
    import ctypes.util

    assert ctypes.util.find_library("espeak-ng"), "install espeak-ng (make setup does)"


def test_a_simplified_chinese_font_is_installed():
    done = subprocess.run(
        ["fc-list", ":lang=zh-cn", "family"], capture_output=True, text=True, timeout=60
    )
    assert "Noto Sans CJK SC" in done.stdout or "WenQuanYi Micro Hei" in done.stdout
