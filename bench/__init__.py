"""Benchmarks behind ``kiosk bench``.

Each benchmark reports its figure beside a baseline measured in the same run, interleaved,
because this VM's speed drifts: a ratio to a same-run baseline means something, an absolute
time from another day does not. Each module exposes ``run(*, workdir, samples) -> dict``.
"""

from __future__ import annotations

from pathlib import Path


def run_all(
    *,
    workdir: Path,
    samples: int = 2000,
    code_frames: int | None = None,
    sync_applications: int = 40,
) -> list[dict]:
    from bench import (
        capture_size,
        code_decoding,
        gui_stall,
        speech_latency,
        store_latency,
        sync_transfer,
    )

    results = [store_latency.run(samples=samples, workdir=workdir / "store")]
    results += speech_latency.run(samples=min(samples, 200), workdir=workdir / "speech")
    results += gui_stall.run(workdir=workdir / "stall")
    results.append(code_decoding.run(frames=code_frames or code_decoding.DEFAULT_FRAMES))
    results.append(capture_size.run())
    results += sync_transfer.run(workdir=workdir / "sync", applications=sync_applications)
    from bench import kiosk_start, screen_transition

    results.append(kiosk_start.run(workdir=workdir / "start"))
    results += screen_transition.run(workdir=workdir / "transition")
    return results
