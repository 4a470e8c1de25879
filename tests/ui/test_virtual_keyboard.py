"""The real Qt Virtual Keyboard (the plugin from the PySide6 wheels) types Chinese into the
wizard, and its panel leaves the question, the field and 继续 in view, at each kiosk size.

The test session's Qt is offscreen, where the plugin loads but its panel window takes the
focus when shown and so hides itself at once (ui/virtual_keyboard.py); each size therefore
runs in its own process on an X server (Xvfb, from packaging/apt-packages.txt) with the xcb
platform: tests/ui/keyboard_session.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[2]
SIZES = [(1920, 1080), (1280, 800), (800, 1280)]


def _session(out: Path, width: int, height: int) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", XDG_CONFIG_HOME=str(out / "config"))
    env.pop("QT_IM_MODULE", None)  # the kiosk's own set-up must choose the plugin
    command = [
        "xvfb-run", "--auto-servernum", f"--server-args=-screen 0 {width}x{height}x24",
        sys.executable, "-m", "tests.ui.keyboard_session", "--out", str(out),
    ]  # fmt: skip
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads((out / "result.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_pinyin_typed_on_the_real_keyboard_lands_in_the_field_it_does_not_cover(
    tmp_path, width, height
):
    result = _session(tmp_path, width, height)
    assert result["platform"] == "xcb"
    assert result["im_module"] == "qtvirtualkeyboard"
    assert result["locale"] == "zh_CN"  # Pinyin, whatever the machine's locale
    # The Pinyin engine composed the taps into syllables, then committed the chosen word.
    assert result["composed"][:5] == ["n", "ni", "ni h", "ni ha", "ni hao"]
    assert result["committed"] == "你好"
    assert result["saved"] == "你好"  # on disk, and the wizard went on
    assert result["next_question"] != "residence_address"

    _, ky, kw, kh = result["keyboard"]
    assert result["window"] == [width, height]
    assert kw == width and kh > 0 and ky + kh == height  # the panel at the screen's bottom
    # The question's heading and the whole field in the page's visible part, which ends above
    # the action bar and the keyboard; on landscape (the keyboard takes 55-61 % of the height)
    # the help lines and then the top bar give way while it is up, and come back after.
    _, vy, _, vh = result["viewport"]
    assert vy + vh <= ky
    for part in ("heading", "field"):
        _, y, _, h = result[part]
        assert vy <= y and y + h <= vy + vh, f"the {part} {result[part]} is out of view"
    assert result["heading_text"] == "您现在住在哪里？"
    _, y, _, h = result["next_button"]
    assert vy + vh <= y and y + h <= ky, f"继续 {result['next_button']} is not above the keys"
    assert result["topbar_shown"] is (height > width)  # kept on the portrait tablet
    assert result["topbar_shown_after"] and result["hint_shown_after"]
    shot = QImage(result["screenshot"])
    assert (shot.width(), shot.height()) == (width, height)
