"""``kiosk audit`` over the real screen tour: the JSON contract and the exit status."""

from __future__ import annotations

import json

from kiosk.cli import main

FIELDS = {"screen", "language", "scale", "theme", "size", "kind", "widget", "detail"}
KINDS = {
    "clipped_text",
    "clipped_widget",
    "overlap",
    "no_accessible_name",
    "low_contrast",
    "small_target",
    "crowded_targets",
    "thin_focus",
    "no_spoken_prompt",
}


def test_one_combination_of_the_whole_journey(qapp, tmp_path, capsys):
    status = main(
        [
            "--data-dir",
            str(tmp_path / "data"),
            "audit",
            "--json",
            "--scales",
            "特大",
            "--themes",
            "high_contrast",
            "--sizes",
            "1920x1080",
            "--languages",
            "en",
        ]
    )
    report = json.loads(capsys.readouterr().out)
    keys = {"screens_checked", "scales", "themes", "sizes", "languages", "violations"}
    assert set(report) == keys
    assert (report["scales"], report["themes"], report["sizes"], report["languages"]) == (
        ["特大"],
        ["high_contrast"],
        ["1920x1080"],
        ["en"],
    )
    assert report["screens_checked"] >= 30  # every state of the demo journey, dialogs too
    for violation in report["violations"]:
        assert set(violation) == FIELDS
        assert violation["kind"] in KINDS
        assert "/" in violation["screen"]
        assert (violation["scale"], violation["theme"], violation["size"]) == (
            "特大",
            "high_contrast",
            "1920x1080",
        )
        assert violation["language"] == "en"
    assert status == (1 if report["violations"] else 0)


def test_an_unknown_scale_is_refused_in_plain_chinese(qapp, tmp_path, capsys):
    status = main(["--data-dir", str(tmp_path / "data"), "audit", "--scales", "巨大"])
    assert status == 1
    assert "不认识的字号" in capsys.readouterr().err
