"""The UI benchmarks run and report each figure beside its same-run baseline (no timing
asserted here: performance targets live in ``kiosk bench``)."""

from __future__ import annotations

import pytest

from bench import kiosk_start, screen_transition


def test_cold_start_benchmark_starts_the_real_kiosk_and_a_bare_window(tmp_path):
    result = kiosk_start.run(workdir=tmp_path, rounds=1)
    assert result["name"] == "cold_start_to_home"
    assert result["baseline"]["name"] == "bare_pyside6_window"
    assert result["p50_ms"] > 0 and result["baseline"]["p50_ms"] > 0
    # The ratio comes from unrounded times; the printed ones are rounded (8.458 vs 8.459).
    ratio = result["p50_ms"] / result["baseline"]["p50_ms"]
    assert result["ratio_p50"] == pytest.approx(ratio, rel=0.01)
    assert "cold_start_to_home" in result["text"]


def test_transition_benchmark_times_taps_to_the_next_screen(tmp_path, qapp):
    results = screen_transition.run(workdir=tmp_path, samples=10)
    assert [r["name"] for r in results] == ["transition_navigation", "transition_wizard_next"]
    for result in results:
        assert result["samples"] == 10 and result["p95_ms"] >= result["p50_ms"] > 0
        assert result["baseline"]["name"] == "bare_stacked_widget"
        assert "p95" in result["text"]
