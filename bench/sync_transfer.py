"""Sync over loopback: draining the outbox, and resuming a cut material upload.

Two figures, each against the reference server started as a process (``kiosk-server``,
SQLite database) on a free port, with a counting proxy between client and server, so bytes
are counted where they cross the "link":

* **drain** — queued applications with two ~300 KB JPEG photos each are sent by the real
  sync engine. Reported: the time, and bytes on the wire (both directions, headers
  included) against the payload bytes (photo bytes plus each request's JSON before
  compression); target ≤ 1.1×. Beside it, in the same run and interleaved round by round, a
  plain upload of the same photo bytes (one POST per file, keep-alive, to a sink that writes
  each file and fsyncs it, as any durable upload must); target: the drain takes ≤ 2× its
  time.
* **resume after a cut** — the link is cut (connection reset) when 50 % of a material's bytes
  have passed; after resuming, the bytes that crossed the link twice are counted; target ≤
  one chunk.
"""

from __future__ import annotations

import http.server
import os
import random
import threading
import time
from datetime import date
from pathlib import Path

import requests

from bench.fault_proxy import Fault, FaultProxy, Rule
from bench.live_server import LiveServer

PHOTOS_PER_APPLICATION = 2
ROUNDS = 4
WIRE_TARGET = 1.1
TIME_TARGET = 2.0
NAME_DRAIN = "sync_drain"
NAME_RESUME = "sync_resume_after_cut"
CUT_MATERIAL_BYTES = 4_000_000
"""Not a multiple of any chunk size: the cut at 50 % lands inside a chunk."""


def _photo(rng: random.Random, seed: int) -> bytes:
    """A real JPEG of about 300 KB (camera noise does not compress), made with OpenCV."""
    import cv2
    import numpy as np

    pixels = np.random.default_rng(seed).integers(0, 255, size=(480, 680, 3), dtype=np.uint8)
    ok, encoded = cv2.imencode(".jpg", pixels, [cv2.IMWRITE_JPEG_QUALITY, 90])
    assert ok
    return encoded.tobytes()


class _Sink(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    directory: Path

    def do_POST(self) -> None:
        data = self.rfile.read(int(self.headers["Content-Length"]))
        path = self.directory / f"{threading.get_ident()}-{time.perf_counter_ns()}"
        with open(path, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        self.send_response(201)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *_: object) -> None:
        pass


class _SinkServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass  # the counting proxy resets its connections when it closes


def _sink(directory: Path) -> http.server.ThreadingHTTPServer:
    directory.mkdir(parents=True, exist_ok=True)
    handler = type("Sink", (_Sink,), {"directory": directory})
    server = _SinkServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class _Kiosk:
    """A kiosk data directory with queued applications, and its sync engine."""

    def __init__(self, data_dir: Path, server_url: str, token: str, config) -> None:
        from kiosk.app import open_kiosk
        from kiosk.applications import ApplicationService
        from kiosk.storage.keys import load_or_create_device_secret
        from sync.enrolment import enrol
        from sync.factory import build_engine

        data_dir.mkdir(parents=True, exist_ok=True)
        enrol(data_dir, server_url=server_url, token=token)
        self.kiosk = open_kiosk(data_dir)
        self.service = ApplicationService(
            self.kiosk.store,
            catalogs=self.kiosk.catalogs,
            device_secret=load_or_create_device_secret(data_dir),
            material_root=data_dir / "materials",
            device_code=self.kiosk.settings.receipt_prefix,
        )
        self.engine = build_engine(
            store=self.kiosk.store,
            data_dir=data_dir,
            catalogs=self.kiosk.catalogs,
            settings=self.kiosk.settings,
            config=config,
        )
        self._template: dict | None = None
        self._photo_fields: list[str] = []

    def queue(self, photos: list[bytes], rng: random.Random) -> None:
        """Queue one application naming ``photos``: the first through the real wizard
        (synthetic resident), the rest as copies of its answers with the new photos, so a
        thousand can be queued in seconds rather than minutes."""
        from kiosk.bulk_entry import submit_application

        if self._template is None:
            first = submit_application(
                self.service,
                self.kiosk.catalogs,
                "DEMO-MZ-002",
                today=date.today(),
                actor="bench",
                rng=rng,
            )
            payload = dict(first.payload)
            answers = payload["answers"]
            self._photo_fields = [
                field
                for field, value in answers.items()
                if isinstance(value, dict) and value.get("source") == "captured"
            ][:PHOTOS_PER_APPLICATION]
            self._template = payload
            # That one goes too, with its own (small synthetic) files.
        answers = dict(self._template["answers"])
        for field, data in zip(self._photo_fields, photos, strict=False):
            answers[field] = {
                "sha256": self.service.materials.put(data, mime="image/jpeg"),
                "source": "captured",
            }
        draft = self.service.drafts.create(
            "DEMO-MZ-002",
            catalog_version=self._template["catalog_version"],
            form_hash=self._template["form_hash"],
            person_key=self.service.person_key(f"bench-{rng.random()}"),
            actor="bench",
        )
        self.service.outbox.enqueue(
            draft.draft_id, payload={**self._template, "answers": answers}, actor="bench"
        )

    def payload_bytes(self) -> int:
        """Photo bytes plus each pending request's JSON, uncompressed (what must arrive)."""
        from kiosk.protocol import canonical_json
        from sync.outbox_runner import frozen_request

        total = 0
        for application in self.engine.outbox.unacknowledged():
            request = frozen_request(self.engine.outbox, self.engine.materials, application)
            total += len(canonical_json(request.model_dump(mode="json")))
            total += sum(ref.size for ref in request.materials)
        return total

    def close(self) -> None:
        self.engine.close()
        self.kiosk.close()


def run(*, workdir: Path, applications: int = 40, server: LiveServer | None = None) -> list[dict]:
    """Both figures; against ``server`` if given (tests), else a fresh one of its own."""
    from sync.config import SyncConfig

    workdir.mkdir(parents=True, exist_ok=True)
    own = server is None
    if server is None:
        server = LiveServer(f"sqlite:///{workdir / 'server.db'}", log_dir=workdir)
        server.start()
    try:
        return [
            _drain(server, workdir / "drain", applications, SyncConfig()),
            _resume(server, workdir / "resume", SyncConfig()),
        ]
    finally:
        if own:
            server.stop()
            server.dispose()


def _drain(server: LiveServer, workdir: Path, applications: int, config) -> dict:
    rng = random.Random(6)
    proxy = FaultProxy(server.port)
    sink = _sink(workdir / "sink")
    sink_proxy = FaultProxy(sink.server_address[1])
    kiosk = _Kiosk(workdir / "kiosk", proxy.url, server.token(), config)
    session = requests.Session()
    drain_s = plain_s = 0.0
    payload = wire = plain_wire = photo_bytes = 0
    seed = 0
    try:
        per_round = max(1, applications // ROUNDS)
        done = 0
        for round_index in range(ROUNDS):
            count = per_round if round_index < ROUNDS - 1 else applications - done
            if count <= 0:
                break
            photos = []
            for _ in range(count):
                pair = [_photo(rng, seed + k) for k in range(PHOTOS_PER_APPLICATION)]
                seed += PHOTOS_PER_APPLICATION
                kiosk.queue(pair, rng)
                photos += pair
            done += count
            photo_bytes += sum(map(len, photos))
            payload += kiosk.payload_bytes()

            sink_proxy.reset_stats()
            start = time.perf_counter()
            for data in photos:
                answer = session.post(
                    sink_proxy.url + "/upload",
                    data=data,
                    headers={"Content-Type": "image/jpeg"},
                    timeout=60,
                )
                answer.raise_for_status()
            plain_s += time.perf_counter() - start
            plain_wire += sink_proxy.stats.bytes_from_client + sink_proxy.stats.bytes_to_client

            proxy.reset_stats()
            start = time.perf_counter()
            result = kiosk.engine.run_pass(force=True)
            drain_s += time.perf_counter() - start
            wire += proxy.stats.bytes_from_client + proxy.stats.bytes_to_client
            if not result.ok or kiosk.engine.outbox.unacknowledged():
                raise RuntimeError(f"drain did not complete: {result.error}")
    finally:
        kiosk.close()
        proxy.close()
        sink_proxy.close()
        sink.shutdown()
        session.close()
    wire_ratio = wire / payload
    time_ratio = drain_s / plain_s
    total = applications + 1  # the template application went too
    return {
        "name": NAME_DRAIN,
        "applications": total,
        "photos_per_application": PHOTOS_PER_APPLICATION,
        "photo_bytes": photo_bytes,
        "payload_bytes": payload,
        "wire_bytes": wire,
        "wire_ratio": round(wire_ratio, 4),
        "drain_s": round(drain_s, 3),
        "applications_per_s": round(total / drain_s, 1),
        "baseline": {"name": "plain_upload", "s": round(plain_s, 3), "wire_bytes": plain_wire},
        "time_ratio": round(time_ratio, 3),
        "targets": {"wire_ratio": WIRE_TARGET, "time_ratio": TIME_TARGET},
        "within_target": wire_ratio <= WIRE_TARGET and time_ratio <= TIME_TARGET,
        "text": f"{NAME_DRAIN}: "
        + (
            f"{total} applications ({photo_bytes / 1e6:.0f} MB of photos) in {drain_s:.2f} s"
            f" = {total / drain_s:.1f}/s; wire {wire_ratio:.3f}× payload (target ≤ {WIRE_TARGET})"
            f" | baseline plain upload of the same photos {plain_s:.2f} s;"
            f" ratio {time_ratio:.2f}× (target ≤ {TIME_TARGET})"
        ),
    }


def _resume(server: LiveServer, workdir: Path, config) -> dict:
    rng = random.Random(9)
    proxy = FaultProxy(server.port)
    kiosk = _Kiosk(workdir / "kiosk", proxy.url, server.token(), config)
    try:
        size = CUT_MATERIAL_BYTES
        kiosk.queue([_photo(rng, 1)], rng)
        if not kiosk.engine.run_pass(force=True).ok:  # the wizard-made template goes first
            raise RuntimeError("the first upload failed")
        # A large scan (random bytes: nothing to compress), cut when half of it has passed.
        kiosk.queue([os.urandom(size)], rng)
        proxy.reset_stats()
        proxy.add(Rule(Fault.RESET_REQUEST, method="PATCH", cut_at_stream=size // 2))
        cut = kiosk.engine.run_pass(force=True)
        resumed = kiosk.engine.run_pass(force=True)
        if cut.ok or not resumed.ok:
            raise RuntimeError("the cut did not happen or the upload did not resume")
        patches = [e for e in proxy.stats.exchanges if e.method == "PATCH"]
        at = next(i for i, e in enumerate(patches) if e.fault is Fault.RESET_REQUEST)
        after = sum(e.request_body for e in patches[at + 1 :])
        # size // 2 bytes crossed before the reset; everything after it crossed again or new.
        resent = size // 2 + after - size
    finally:
        kiosk.close()
        proxy.close()
    chunk = config.chunk_bytes
    return {
        "name": NAME_RESUME,
        "material_bytes": size,
        "chunk_bytes": chunk,
        "cut_at_bytes": size // 2,
        "resent_bytes": resent,
        "target_bytes": chunk,
        "within_target": 0 <= resent <= chunk,
        "text": f"{NAME_RESUME}: "
        + (
            f"link cut at {size // 2 // 1024} KiB of a {size // 1024} KiB material: "
            f"{resent // 1024} KiB sent again after resuming (target ≤ one chunk,"
            f" {chunk // 1024} KiB)"
        ),
    }
