"""The reference server as a real process on a free loopback port, for sync tests and benches.

``kiosk-server`` is started exactly as an operator starts it; the helpers below call its
back-office commands (``token``, ``list --json``, ``advance``, ``import``) the same way.
Waiting is always on a condition with a deadline (the health endpoint answering, the process
having exited), never a fixed sleep.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import requests

BIN = Path(sys.executable).parent
START_TIMEOUT_S = 60.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition: Callable[[], bool], *, timeout_s: float, what: str) -> None:
    """Poll ``condition`` until it holds; fail with ``what`` after ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    pause = 0.01
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        time.sleep(pause)  # a poll interval, not a wait for something to happen
        pause = min(pause * 1.5, 0.2)


class LiveServer:
    def __init__(
        self,
        db_url: str,
        *,
        log_dir: Path,
        port: int | None = None,
        materials_dir: Path | None = None,
    ) -> None:
        self.db_url = db_url
        self.port = port or free_port()
        self.log_dir = log_dir
        self.materials_dir = materials_dir or log_dir / "server-materials"
        """Kept across restarts, as an operator's would be."""
        self.process: subprocess.Popen | None = None
        self.starts = 0
        self._engine = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self, *args: str) -> list[str]:
        return [
            str(BIN / "kiosk-server"),
            "--db",
            self.db_url,
            "--materials",
            str(self.materials_dir),
            *args,
        ]

    def start(self) -> None:
        self.starts += 1
        log = open(self.log_dir / f"server-{self.port}-{self.starts}.log", "wb")  # noqa: SIM115
        self.process = subprocess.Popen(
            self.command(
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--rate-limit",
                "0",
                "--log-level",
                "warning",
            ),
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        log.close()
        wait_until(self._ready, timeout_s=START_TIMEOUT_S, what=f"server on {self.port}")

    def _ready(self) -> bool:
        if self.process is not None and self.process.poll() is not None:
            raise RuntimeError(
                f"kiosk-server exited with {self.process.returncode}; see {self.log_dir}"
            )
        try:
            return requests.get(self.url + "/v1/health", timeout=1).status_code == 200
        except requests.RequestException:
            return False

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def kill(self) -> None:
        """SIGKILL: a crash, with whatever was committed committed and nothing else."""
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None

    def restart(self, *, crash: bool = False) -> None:
        self.kill() if crash else self.stop()
        self.start()

    # ------------------------------------------------------------------ back office

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run(self.command(*args), capture_output=True, text=True, check=False)
        if check and result.returncode != 0:
            raise AssertionError(f"kiosk-server {args[0]} failed: {result.stderr}")
        return result

    def token_cli(self) -> str:
        return self.run("token").stdout.strip()

    def applications_cli(self) -> list[dict]:
        """``kiosk-server list --json``: every stored application, one object per line."""
        out = self.run("list", "--json").stdout
        return [json.loads(line) for line in out.splitlines() if line.strip()]

    def advance_cli(self, server_id: str, state: str, *extra: str) -> None:
        self.run("advance", server_id, state, *extra)

    # The same back-office operations in this process, on the server's own database: each
    # CLI call costs a second or two of start-up, too slow for tests that need many.

    def _db(self):
        if self._engine is None:
            from server.database import make_engine

            self._engine = make_engine(self.db_url)
        return self._engine

    def token(self) -> str:
        from server.database import utc_now
        from server.devices import create_enrolment_token

        with self._db().begin() as connection:
            return create_enrolment_token(connection, now=utc_now())[0]

    def applications(self, device_code: str | None = None) -> list[dict]:
        """What ``list --json`` prints, read from the server's database."""
        from server.backoffice import list_applications

        with self._db().connect() as connection:
            rows = list_applications(connection)
        return [
            row.model_dump(mode="json")
            for row in rows
            if device_code is None or row.device_code == device_code
        ]

    def advance(self, server_id: str, state: str, note: str | None = None) -> None:
        from kiosk.protocol import ServerState, TransitionRequest
        from server.backoffice import advance
        from server.database import utc_now

        target = ServerState(state)
        request = TransitionRequest(
            state=target,
            reason=note if target is ServerState.NEEDS_CORRECTION else None,
            result_text=note if target in (ServerState.APPROVED, ServerState.REJECTED) else None,
        )
        with self._db().begin() as connection:
            advance(connection, server_id, request, actor="test", now=utc_now())

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def import_bundles(self, paths: Sequence[Path]) -> list[dict]:
        out = self.run("import", "--json", *map(str, paths)).stdout
        return [json.loads(line) for line in out.splitlines() if line.strip()]
