"""Benchmarks behind ``kiosk bench``.

Each benchmark reports its figure beside a baseline measured in the same run, interleaved,
because this VM's speed drifts: a ratio to a same-run baseline means something, an absolute
time from another day does not. Each module exposes ``run(*, workdir, samples) -> dict``.
"""

from __future__ import annotations

from pathlib import Path


def run_all(*, workdir: Path, samples: int = 2000, code_frames: int | None = None) -> list[dict]:
    from bench import capture_size, code_decoding, store_latency

    return [
        store_latency.run(samples=samples, workdir=workdir / "store"),
        code_decoding.run(frames=code_frames or code_decoding.DEFAULT_FRAMES),
        capture_size.run(),
    ]
