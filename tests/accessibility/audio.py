"""Measuring audio the way a listener would notice: with sox (installed by set-up)."""

from __future__ import annotations

import subprocess
from pathlib import Path


def sox_stats(path: Path) -> dict[str, float]:
    """``sox FILE -n stat``: length in seconds, RMS and maximum amplitude (0..1)."""
    done = subprocess.run(
        ["sox", str(path), "-n", "stat"], capture_output=True, text=True, timeout=60, check=True
    )
    values = {}
    for line in done.stderr.splitlines():
        name, _, value = line.partition(":")
        try:
            values[name.strip()] = float(value)
        except ValueError:
            continue
    return {
        "seconds": values["Length (seconds)"],
        "rms": values["RMS     amplitude"],
        "peak": values["Maximum amplitude"],
    }
