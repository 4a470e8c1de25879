"""Intake server throughput on PostgreSQL on this machine: submissions per second, p50/p99.

A real ``kiosk-server --workers 2`` on a free loopback port, on a throwaway PostgreSQL with
fsync on (commits cost what they cost in production), and ``CLIENTS`` kiosks at once, each its
own enrolled device on its own kept-alive connection, each submitting signed applications
(a synthetic person's answers, ~1.5 KB) as fast as it is answered.

Two baselines, measured in the same run and interleaved with the submissions round by round so
the VM's speed drift hits all alike:

* ``signed_status_read``: the same kiosks, connections and signing, ``GET /v1/status`` (which
  also commits: the nonce). The ratio to it is the price of intake itself (the idempotency
  record, the application, the status event, one transaction).
* ``raw_insert``: the rows an accepted submission stores, inserted with plain psycopg from as
  many connections, one transaction each: the database's own floor. The ratio to it is
  everything above the database (HTTP, signing, validation, the app, uvicorn).

The load generator shares the machine's two cores with the server and the database, so the
absolute figures understate a real server; the ratios are the figures to watch.
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path

CLIENTS = 8
ROUNDS = 3
DEFAULT_SUBMISSIONS = 480
"""Total submissions (and as many of each baseline): ~10 s on this machine with start-up."""


def run(*, workdir: Path, submissions: int = DEFAULT_SUBMISSIONS, workers: int = 2) -> dict:
    from server import pgtest

    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    per_phase = max(1, submissions // (ROUNDS * CLIENTS))
    with pgtest.running_postgres(durable=True) as postgres:
        url = pgtest.create_database(postgres, "kiosk_bench")
        with _ServerProcess(url, workdir=workdir, workers=workers) as base_url:
            kiosks = _enrol(url, base_url, CLIENTS)
            raw = _RawInsert(postgres.conninfo("kiosk_bench"), kiosks, CLIENTS)
            try:
                phases: dict[str, list[float]] = {"submit": [], "read": [], "raw": []}
                walls: dict[str, float] = dict.fromkeys(phases, 0.0)
                for _ in range(ROUNDS):
                    for name, work in (
                        ("submit", lambda i, k: k.submit()),
                        ("read", lambda i, k: k.read()),
                        ("raw", lambda i, k: raw.insert(i, k)),
                    ):
                        latencies, wall = _phase(kiosks, per_phase, work)
                        phases[name] += latencies
                        walls[name] += wall
            finally:
                raw.close()
            stored = _count_applications(url)
    expected = per_phase * CLIENTS * ROUNDS
    if stored != expected:
        raise RuntimeError(f"server stored {stored} applications, {expected} were sent")
    return _result(phases, walls, workers=workers, clients=CLIENTS)


# --------------------------------------------------------------------------- the server


class _ServerProcess:
    """``kiosk-server --workers N`` as a real process; yields its base URL."""

    def __init__(self, url: str, *, workdir: Path, workers: int) -> None:
        self.url, self.workdir, self.workers = url, workdir, workers

    def __enter__(self) -> str:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.log = open(self.workdir / "server.log", "wb")  # closed in __exit__
        command = [sys.executable, "-m", "server.cli", "--db", self.url, "--port", str(port)]
        command += ["--workers", str(self.workers), "--rate-limit", "0", "--max-in-flight", "0"]
        self.process = subprocess.Popen(
            [*command, "--log-level", "warning"], stdout=self.log, stderr=subprocess.STDOUT
        )
        base = f"http://127.0.0.1:{port}"
        _wait_until_up(base, self.process)
        return base

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def _wait_until_up(base: str, process: subprocess.Popen, *, deadline_s: float = 90) -> None:
    import requests

    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        if process.poll() is not None:
            raise RuntimeError("kiosk-server exited during start-up (see server.log)")
        try:
            if requests.get(base + "/v1/health", timeout=2).ok:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    raise RuntimeError("kiosk-server did not start")


# --------------------------------------------------------------------------- the kiosks


class _Kiosk:
    def __init__(self, base: str, code: str, secret: bytes, device_id: int) -> None:
        import requests

        self.base, self.code, self.secret, self.device_id = base, code, secret, device_id
        self.session = requests.Session()
        self.sequence = 0

    def _send(self, method: str, target: str, body: bytes = b"") -> None:
        from kiosk.protocol import sign_request

        headers = sign_request(method, target, body, device_code=self.code, secret=self.secret)
        if body:
            headers["Content-Type"] = "application/json"
        answer = self.session.request(
            method, self.base + target, data=body, headers=headers, timeout=60
        )
        if answer.status_code >= 300:
            raise RuntimeError(f"{method} {target}: {answer.status_code} {answer.text[:200]}")

    def submit(self) -> None:
        self._send("POST", "/v1/applications", json.dumps(self.application()).encode("utf-8"))

    def read(self) -> None:
        self._send("GET", "/v1/status?limit=1")

    def application(self) -> dict:
        from kiosk.domain.identity import compose_id_number
        from kiosk.protocol import utc_text

        self.sequence += 1
        number = compose_id_number(
            "110105", birth_date=date(1940, 1, 1), sequence=self.sequence % 1000
        )
        return {
            "client_uuid": str(uuid.uuid4()),
            "service_code": "DEMO-MZ-001",
            "receipt_no": f"{self.code}-20261201-{self.sequence:06d}-A",
            "catalog_version": "2026.11.1",
            "submitted_at": utc_text(),
            "payload": {
                "form_version": "1",
                "answers": {
                    "applicant_name": "测试老人",
                    "id_number": number,
                    "phone": "13800000000",
                    "address": "示例县示例镇示例村一组 12 号",
                    "living_alone": True,
                    "bank": "示例县农村商业银行",
                    "account": "6210" + "0" * 15,
                    "notes": "由帮办员代为填写，本人已确认。" * 20,
                },
            },
        }


def _enrol(url: str, base: str, count: int) -> list[_Kiosk]:
    import requests
    from sqlalchemy import select

    from kiosk.protocol import decode_secret
    from server.database import make_engine, utc_now
    from server.devices import create_enrolment_token
    from server.schema import devices

    engine = make_engine(url)
    kiosks = []
    try:
        for _ in range(count):
            with engine.begin() as connection:
                token, _ = create_enrolment_token(connection, now=utc_now())
            answer = requests.post(
                base + "/v1/enrol",
                json={"token": token, "installation_id": str(uuid.uuid4()), "device_name": "b"},
                timeout=30,
            ).json()
            code = answer["device_code"]
            with engine.connect() as connection:
                device_id = connection.execute(
                    select(devices.c.id).where(devices.c.device_code == code)
                ).scalar_one()
            kiosks.append(_Kiosk(base, code, decode_secret(answer["device_secret"]), device_id))
    finally:
        engine.dispose()
    return kiosks


class _RawInsert:
    """The database floor: the idempotency record and the application row, one transaction."""

    def __init__(self, conninfo: str, kiosks: list[_Kiosk], count: int) -> None:
        import psycopg

        self.connections = [psycopg.connect(conninfo) for _ in range(count)]
        self.index = {id(kiosk): n for n, kiosk in enumerate(kiosks)}

    def insert(self, _: int, kiosk: _Kiosk) -> None:
        from datetime import UTC, datetime

        connection = self.connections[self.index[id(kiosk)]]
        body = kiosk.application()
        now = datetime.now(UTC)
        with connection.transaction():
            connection.execute(
                "INSERT INTO submissions (client_uuid, revision, device_id, body_sha256,"
                " accepted_at, source) VALUES (%s, 1, %s, %s, %s, 'raw')",
                (body["client_uuid"], kiosk.device_id, "0" * 64, now),
            )
            connection.execute(
                "INSERT INTO applications (client_uuid, device_id, service_code, receipt_no,"
                " catalog_version, state, revision, payload, materials, source, received_at,"
                " updated_at) VALUES (%s, %s, %s, %s, %s, 'accepted', 1, %s, '[]', 'raw', %s, %s)",
                (
                    body["client_uuid"],
                    kiosk.device_id,
                    body["service_code"],
                    body["receipt_no"],
                    body["catalog_version"],
                    json.dumps(body["payload"], ensure_ascii=False),
                    now,
                    now,
                ),
            )

    def close(self) -> None:
        for connection in self.connections:
            connection.close()


def _count_applications(url: str) -> int:
    from sqlalchemy import text

    from server.database import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(
                text("SELECT count(*) FROM applications WHERE source = 'online'")
            ).scalar_one()
    finally:
        engine.dispose()


# --------------------------------------------------------------------------- measuring


def _phase(
    kiosks: list[_Kiosk], per_kiosk: int, work: Callable[[int, _Kiosk], None]
) -> tuple[list[float], float]:
    """Every kiosk does ``per_kiosk`` operations back to back, all kiosks at once."""
    start = threading.Barrier(len(kiosks) + 1)
    latencies: list[list[float]] = [[] for _ in kiosks]
    failures: list[BaseException] = []

    def drive(n: int, kiosk: _Kiosk) -> None:
        start.wait()
        try:
            for i in range(per_kiosk):
                began = time.perf_counter()
                work(i, kiosk)
                latencies[n].append((time.perf_counter() - began) * 1000)
        except BaseException as error:  # reported after the phase, not lost in a thread
            failures.append(error)

    threads = [threading.Thread(target=drive, args=(n, k)) for n, k in enumerate(kiosks)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    if failures:
        raise failures[0]
    return [ms for per in latencies for ms in per], wall


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _figures(samples: list[float], wall: float) -> dict:
    return {
        "per_second": round(len(samples) / wall, 1),
        "p50_ms": round(statistics.median(samples), 3),
        "p99_ms": round(_percentile(samples, 0.99), 3),
    }


def _result(phases: dict, walls: dict, *, workers: int, clients: int) -> dict:
    submit = _figures(phases["submit"], walls["submit"])
    read = _figures(phases["read"], walls["read"])
    raw = _figures(phases["raw"], walls["raw"])
    result = {
        "name": "server_submit_postgresql",
        **submit,
        "baseline": {"name": "signed_status_read", **read},
        "db_floor": {"name": "raw_insert", **raw},
        "ratio_p50": round(submit["p50_ms"] / read["p50_ms"], 3),
        "ratio_p99": round(submit["p99_ms"] / read["p99_ms"], 3),
        "ratio_throughput": round(submit["per_second"] / read["per_second"], 3),
        "ratio_throughput_vs_db": round(submit["per_second"] / raw["per_second"], 3),
        "samples": len(phases["submit"]),
        "workers": workers,
        "clients": clients,
    }
    result["text"] = (
        f"server_submit_postgresql ({workers} workers, {clients} kiosks): "
        f"{submit['per_second']:.0f}/s, p50 {submit['p50_ms']:.1f} ms, p99 "
        f"{submit['p99_ms']:.1f} ms  | baseline signed_status_read: {read['per_second']:.0f}/s, "
        f"p50 {read['p50_ms']:.1f} ms, p99 {read['p99_ms']:.1f} ms  | ratio p50 "
        f"{result['ratio_p50']:.2f}×, p99 {result['ratio_p99']:.2f}×, throughput "
        f"{result['ratio_throughput']:.2f}×  | db floor raw_insert: {raw['per_second']:.0f}/s, "
        f"p99 {raw['p99_ms']:.1f} ms (submit reaches {result['ratio_throughput_vs_db']:.2f}× of it)"
    )
    return result


if __name__ == "__main__":
    with tempfile.TemporaryDirectory(prefix="server-throughput-") as tmp:
        submissions = int(os.environ.get("KIOSK_BENCH_SUBMISSIONS", DEFAULT_SUBMISSIONS))
        json.dump(run(workdir=Path(tmp), submissions=submissions), sys.stdout, indent=2)
        print()
