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


def _session(out: Path, width: int, height: int, *options: str) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", XDG_CONFIG_HOME=str(out / "config"))
    env.pop("QT_IM_MODULE", None)  # the kiosk's own set-up must choose the plugin
    command = [
        "xvfb-run", "--auto-servernum", f"--server-args=-screen 0 {width}x{height}x24",
        sys.executable, "-m", "tests.ui.keyboard_session", "--out", str(out), *options,
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


# A village address the Pinyin engine does not know as one word: its first guess for the
# letters is 网假装; the resident taps 王家, then 庄, and the engine would learn 王家庄.
VILLAGE = ("--pinyin", "wangjiazhuang", "--pick", "王家", "--pick", "庄", "--next-session")


def test_the_next_resident_is_not_offered_what_the_last_one_typed(tmp_path):
    result = _session(tmp_path, 1280, 800, *VILLAGE)
    assert result["first_candidate"] == "网假装"
    assert result["committed"] == result["saved"] == "王家庄"
    # The session ended: no keyboard data on disk, nothing learned in the running engine.
    assert result["user_data_after_session"] == []
    assert result["next_first_candidate"] == "网假装"
    assert result["next_committed"] == "王家庄"  # the keyboard still types
    assert not [p for p in (tmp_path / "config").rglob("*") if p.is_file()]  # nor at exit


def test_without_private_fields_the_engine_learns_across_sessions(tmp_path):
    """The control: it is the fields' ImhSensitiveData that keeps the engine from learning.

    Deleting the dictionary file at the session's end is not enough on its own: the engine
    holds what it learned in memory and suggests it to the next resident.
    """
    result = _session(tmp_path, 1280, 800, *VILLAGE, "--allow-learning")
    assert result["first_candidate"] == "网假装"
    assert result["user_data_after_session"] == []
    assert result["next_first_candidate"] == "王家庄"


def _user_dictionary(config: Path) -> Path:
    path = config / "qtvirtualkeyboard" / "pinyin" / "usr_dict.dat"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"learned words")
    return path


def test_forget_typing_deletes_the_keyboards_user_data(tmp_path, monkeypatch):
    from ui.virtual_keyboard import forget_typing

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.setenv("QT_IM_MODULE", "qtvirtualkeyboard")
    learned = _user_dictionary(tmp_path)
    assert forget_typing() == 1
    assert not learned.exists() and learned.parent.is_dir()  # Qt makes the directory once
    assert forget_typing() == 0


def test_forget_typing_leaves_another_input_methods_data_alone(tmp_path, monkeypatch):
    from ui.virtual_keyboard import forget_typing

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.delenv("QT_IM_MODULE", raising=False)
    learned = _user_dictionary(tmp_path)
    assert forget_typing() == 0
    assert learned.exists()


def test_the_kiosk_forgets_earlier_typing_at_start_up(tmp_path):
    learned = _user_dictionary(tmp_path)
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path))
    env.pop("QT_IM_MODULE", None)
    code = "from ui.virtual_keyboard import use_pinyin_keyboard; use_pinyin_keyboard()"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, timeout=60)
    assert not learned.exists()
