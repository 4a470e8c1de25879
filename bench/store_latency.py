"""Answer-accepted-to-durable latency, beside a raw sqlite-utils upsert measured in the same run.

``Drafts.save_answer`` on the store as the kiosk runs it (SQLCipher-encrypted; check the draft
is open, touch it, upsert the answer, COMMIT with WAL + ``synchronous=FULL``) against the least
any durable answer write can cost: a sqlite-utils single-row upsert in its own transaction on a
plain WAL + FULL connection, so the ratio includes the price of encryption at rest. The two
alternate in small blocks so the VM's speed drift hits both alike; the ratio is the figure to
watch.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlite_utils import Database

from kiosk.storage.catalog_repo import CatalogVersions
from kiosk.storage.database import Store
from kiosk.storage.drafts_repo import Drafts
from kiosk.storage.encryption import StorageKey

_BLOCK = 50  # samples per block before switching to the other contender
_FIELDS = 40  # a form's worth of fields: a mix of first answers and changed answers


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _summary(samples_ns: list[int]) -> tuple[float, float]:
    ms = [ns / 1e6 for ns in samples_ns]
    return statistics.median(ms), _percentile(ms, 0.99)


def run(*, samples: int = 2000, workdir: Path) -> dict:
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)

    key = StorageKey(secrets.token_bytes(32), source="bench")
    store = Store.open(workdir / "bench-kiosk.db", key=key)
    CatalogVersions(store).install("bench", body="{}", source="bundled", activate=True)
    drafts = Drafts(store)
    draft_id = drafts.create(
        "BENCH", catalog_version="bench", form_hash="0" * 64, person_key="0" * 64, actor="bench"
    ).draft_id

    conn = sqlite3.connect(workdir / "bench-raw.db")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    raw = Database(conn)
    answers = raw["answers"]
    answers.create(
        {"draft_id": str, "field_id": str, "value": str, "updated_at": str},
        pk=("draft_id", "field_id"),
    )

    ours: list[int] = []
    baseline: list[int] = []
    value = {"text": "某县某镇某村", "n": 0}
    clock = time.perf_counter_ns
    try:
        for done in range(0, samples, _BLOCK):
            block = range(done, min(done + _BLOCK, samples))
            for i in block:
                value["n"] = i
                start = clock()
                drafts.save_answer(draft_id, f"f{i % _FIELDS}", value)
                ours.append(clock() - start)
            for i in block:
                value["n"] = i
                start = clock()
                answers.upsert(
                    {
                        "draft_id": draft_id,
                        "field_id": f"f{i % _FIELDS}",
                        "value": json.dumps(value, ensure_ascii=False),
                        "updated_at": "2026-11-22T08:00:00.000Z",
                    },
                    pk=("draft_id", "field_id"),
                )
                baseline.append(clock() - start)
    finally:
        store.close()
        conn.close()

    p50, p99 = _summary(ours)
    base_p50, base_p99 = _summary(baseline)
    return {
        "name": "answer_durable",
        "p50_ms": round(p50, 4),
        "p99_ms": round(p99, 4),
        "baseline": {
            "name": "raw_sqlite_utils_upsert",
            "p50_ms": round(base_p50, 4),
            "p99_ms": round(base_p99, 4),
        },
        "ratio_p50": round(p50 / base_p50, 3),
        "ratio_p99": round(p99 / base_p99, 3),
        "samples": samples,
    }


if __name__ == "__main__":
    with tempfile.TemporaryDirectory(prefix="store-latency-") as tmp:
        json.dump(run(workdir=Path(tmp)), sys.stdout, indent=2)
        print()
