from __future__ import annotations

from pathlib import Path

from bench.store_latency import run


def test_bench_reports_figure_beside_its_baseline(tmp_path: Path) -> None:
    result = run(samples=120, workdir=tmp_path)
    assert result["name"] == "answer_durable" and result["samples"] == 120
    assert result["baseline"]["name"] == "raw_sqlite_utils_upsert"
    for figures in (result, result["baseline"]):
        assert 0 < figures["p50_ms"] <= figures["p99_ms"]
    assert result["ratio_p50"] > 0 and result["ratio_p99"] > 0
