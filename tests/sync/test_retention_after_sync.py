"""Retention runs after every completed sync pass, through the composition root's engine
(``kiosk.app.sync_engine``): in the worker and in ``kiosk sync --once``, against the real
server. An application the server acknowledged longer ago than ``purge_after_ack_days``
loses its personal data from the real SQLite file; one acknowledged just now keeps it."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from kiosk import cli
from kiosk.app import open_kiosk, sync_engine
from kiosk.storage.outbox_repo import Application
from kiosk.storage.timestamps import to_text, utc_now
from sync.worker import SyncWorker, WorkerState
from tests.sync.conftest import FAST, Client

DEADLINE_S = 30


@pytest.fixture
def kiosk_client(client: Client) -> Client:
    """The client, with the engine the app itself builds (retention after each pass)."""
    client.engine.close()
    client.engine = sync_engine(client.kiosk, config=FAST)
    return client


def _personal_text(app: Application, baseline: str) -> list[str]:
    """The application's answer texts that the store did not hold before it (so option codes
    from the catalogue, such as ``male``, do not count): names, ID numbers, addresses."""
    answers = app.payload["answers"]
    return [
        value
        for value in answers.values()
        if isinstance(value, str) and len(value) >= 2 and value not in baseline
    ]


def _row(data_dir, client_uuid: str) -> dict:
    """The application as the SQLite file holds it, read through a fresh open of the file."""
    with open_kiosk(data_dir) as reopened:
        conn = reopened.store.db.conn
        row = conn.execute(
            "SELECT payload, purged_at, draft_id, state FROM applications WHERE client_uuid = ?",
            (client_uuid,),
        ).fetchone()
        answers = conn.execute("SELECT COUNT(*) FROM answers WHERE draft_id = ?", (row[2],))
        uses = conn.execute(
            "SELECT COUNT(*) FROM material_uses WHERE application_uuid = ?", (client_uuid,)
        )
        return {
            "payload": json.loads(row[0]),
            "purged_at": row[1],
            "state": row[3],
            "answers": answers.fetchone()[0],
            "material_uses": uses.fetchone()[0],
        }


def _everything(data_dir) -> str:
    """Every text value in every table of the store, to look for personal data in."""
    with open_kiosk(data_dir) as reopened:
        conn = reopened.store.db.conn
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return "\n".join(
            str(value)
            for table in tables
            for row in conn.execute(f'SELECT * FROM "{table}"')
            for value in row
            if isinstance(value, str)
        )


def _acknowledged_days_ago(client: Client, client_uuid: str, days: int) -> None:
    """As if it had been captured, sent and acknowledged ``days`` ago (retention leaves a
    material stored within the last hour alone: its answer may be about to be saved)."""
    then = to_text(utc_now() - timedelta(days=days))
    with client.kiosk.store.transaction() as db:
        db.conn.execute(
            "UPDATE applications SET acknowledged_at = ? WHERE client_uuid = ?",
            (then, client_uuid),
        )
        db.conn.execute(
            "UPDATE materials SET created_at = ? WHERE sha256 IN"
            " (SELECT sha256 FROM material_uses WHERE application_uuid = ?)",
            (then, client_uuid),
        )


def _material_files(client: Client, app: Application) -> list:
    root = client.data_dir / "materials"
    uses = client.engine.materials.uses_for_application(app.client_uuid)
    return [root / use.sha256[:2] / use.sha256[2:] for use in uses]


def test_the_worker_purges_what_the_server_acknowledged_long_enough_ago(
    kiosk_client: Client, photos
):
    client = kiosk_client
    baseline = _everything(client.data_dir)
    old = client.submit("DEMO-MZ-001", images=photos[:1])
    files = _material_files(client, old)
    assert files and all(path.is_file() for path in files)
    secrets = _personal_text(old, baseline)
    assert len(secrets) >= 2, secrets
    worker = SyncWorker(client.engine)
    worker.start()
    try:
        assert worker.wait_for(lambda s: s.pending == 0 and s.state is WorkerState.IDLE, 30)
        first = worker.snapshot().passes
        # Acknowledged just now: nothing is due yet.
        assert _row(client.data_dir, old.client_uuid)["payload"] == old.payload
        assert all(path.is_file() for path in files)

        days = client.kiosk.settings.purge_after_ack_days
        _acknowledged_days_ago(client, old.client_uuid, days + 1)
        fresh = client.submit("DEMO-YB-001")
        worker.poke()
        assert worker.wait_for(
            lambda s: s.passes > first and s.pending == 0 and s.state is WorkerState.IDLE,
            DEADLINE_S,
        ), worker.snapshot()
    finally:
        worker.stop()

    row = _row(client.data_dir, old.client_uuid)
    assert row["payload"] == {} and row["purged_at"] is not None
    assert (row["answers"], row["material_uses"]) == (0, 0)
    assert row["state"] == "accepted", "the receipt still means something"
    assert not any(path.exists() for path in files), "the photo left the disk"
    stored = _everything(client.data_dir)
    assert not [text for text in secrets if text in stored]
    # The application acknowledged in the same pass keeps everything for its 7 days.
    assert _row(client.data_dir, fresh.client_uuid)["payload"] == fresh.payload


def test_kiosk_sync_once_purges_after_its_pass(kiosk_client: Client, capsys):
    client = kiosk_client
    app = client.submit("DEMO-YB-001")
    assert client.engine.run_pass().ok
    _acknowledged_days_ago(client, app.client_uuid, client.kiosk.settings.purge_after_ack_days)
    before = _row(client.data_dir, app.client_uuid)
    assert before["payload"] == app.payload and before["purged_at"] is None

    code = cli.main(["--data-dir", str(client.data_dir), "sync", "--once"])
    assert code == 0, capsys.readouterr().err

    row = _row(client.data_dir, app.client_uuid)
    assert row["payload"] == {} and row["purged_at"] is not None


def test_a_failing_after_pass_step_does_not_fail_the_pass(client: Client):
    from sync.factory import build_engine

    def broken(_result) -> None:
        raise RuntimeError("disk full")

    engine = build_engine(
        store=client.kiosk.store,
        data_dir=client.data_dir,
        catalogs=client.kiosk.catalogs,
        settings=client.kiosk.settings,
        config=FAST,
        after_pass=broken,
    )
    app = client.submit("DEMO-YB-001")
    try:
        result = engine.run_pass()
    finally:
        engine.close()
    assert result.ok and result.accepted == [app.client_uuid]
