"""``kiosk demo --headless``: the tour through the real screens, photographed at each scale."""

from __future__ import annotations

import json
import logging
import struct

from kiosk.cli import main
from kiosk.flows.outcome import ScreenName


def _png_size(path: str) -> tuple[int, int]:
    with open(path, "rb") as handle:
        head = handle.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", head[16:24])


def test_headless_demo_photographs_every_screen_at_every_scale(tmp_path, capsys, caplog, qapp):
    caplog.set_level(logging.DEBUG)
    out = tmp_path / "out"
    code = main(["--data-dir", str(tmp_path / "data"), "demo", "--headless", "--out", str(out)])
    assert code == 0
    assert "截图" in capsys.readouterr().out
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))

    # Every screen of the registry is visited, and the dialogs drawn over them.
    visited = set(summary["screens"])
    assert {str(name) for name in ScreenName} <= visited
    assert {"idle", "help", "end"} <= visited
    assert summary["scales"] == ["标准", "大", "特大"]

    # A PNG of every screen at each font scale, at the reference kiosk's size.
    shots = summary["screenshots"]
    assert len(shots) == len(set(shots)) and len(shots) > len(summary["screens"])
    for scale in ("standard", "large", "xlarge"):
        screens_at = {
            name.split("-")[1]
            for name in (s.rsplit("/", 1)[-1] for s in shots)
            if name.endswith(f"-{scale}.png")
        }
        assert {str(name) for name in ScreenName} <= screens_at, scale
    assert all(_png_size(path) == (1920, 1080) for path in shots[::15])

    # Three applications queued offline with receipts; 容缺 and 材料复用 as scripted.
    apps = summary["applications"]
    assert [a["service"] for a in apps] == ["DEMO-MZ-001", "DEMO-RS-001", "DEMO-YJS-001"]
    assert all(a["receipt"] and a["state"] in ("queued", "accepted") for a in apps)
    assert apps[0]["materials_owed"] == ["hukou_booklet"]
    assert apps[2]["reused_materials"] == ["material_hukou_booklet"]

    # The printed receipt, and what was said.
    with open(summary["receipt_pdf"], "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    transcript = (out / "speech_transcript.txt").read_text(encoding="utf-8")
    assert "网络暂不可用，申请已保存在本机，恢复后自动提交" in transcript
    assert "您还在办理吗" in transcript
    # Personal data is never said on the open speaker.
    from ui.tour import demo_residents

    for resident in demo_residents():
        assert resident.facts.id_number not in transcript

    # Nor written to the log, at DEBUG, by any package the journey went through.
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert len(caplog.records) >= 20
    for resident in demo_residents():
        said = [resident.facts.name, resident.facts.id_number, resident.phone]
        said += [v for v in resident.answers.values() if isinstance(v, str) and len(v) >= 2]
        personal = [v for v in said if not v.isascii() or any(c.isdigit() for c in v)]
        assert [value for value in personal if value in logged] == []
