"""``kiosk run`` without a display, and ``kiosk admin-pin``."""

from __future__ import annotations

import io

from kiosk.cli import main
from kiosk.config import load_settings
from kiosk.storage.drafts_repo import verify_pin


def test_run_without_a_display_says_what_to_do_instead(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert main(["--data-dir", str(tmp_path), "run", "--demo"]) == 2
    assert "kiosk demo --headless" in capsys.readouterr().err


def test_admin_pin_is_stored_hashed_and_opens_the_staff_screen(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("24681357\n"))
    assert main(["--data-dir", str(tmp_path), "admin-pin", "--stdin"]) == 0
    stored = load_settings(tmp_path).admin_pin_hash
    assert stored and "24681357" not in stored and verify_pin("24681357", stored)


def test_a_short_admin_pin_is_refused_and_nothing_changes(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("1234\n"))
    assert main(["--data-dir", str(tmp_path), "admin-pin", "--stdin"]) == 1
    assert "6到8位" in capsys.readouterr().err
    assert load_settings(tmp_path).admin_pin_hash is None
