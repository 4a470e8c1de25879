"""The server throughput benchmark runs end to end (on few submissions) and reports its figure
beside its baselines; the benchmark itself checks every submission was stored once."""

from __future__ import annotations

from bench import server_throughput


def test_the_server_benchmark_reports_submissions_beside_its_baselines(tmp_path):
    result = server_throughput.run(workdir=tmp_path, submissions=48)
    assert result["name"] == "server_submit_postgresql"
    assert result["samples"] == 48
    assert result["per_second"] > 0 and 0 < result["p50_ms"] <= result["p99_ms"]
    assert result["baseline"]["name"] == "signed_status_read"
    assert result["db_floor"]["name"] == "raw_insert"
    assert result["ratio_p99"] == round(result["p99_ms"] / result["baseline"]["p99_ms"], 3)
    assert "/s" in result["text"]
