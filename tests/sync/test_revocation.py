"""An operator revokes a kiosk with ``kiosk-server revoke-device``: the kiosk's next request is
refused with the machine-readable ``device_revoked``, and the kiosk stops and tells staff
(``kiosk sync --once`` and the worker's snapshot), keeping every queued application. A real
``kiosk-server`` process on loopback, SQLite and PostgreSQL."""

from __future__ import annotations

from kiosk import cli as kiosk_cli
from kiosk.domain.states import ApplicationState
from server import cli as server_cli
from sync.worker import SyncWorker, WorkerState
from tests.sync.conftest import Client

DEADLINE_S = 30


def test_a_revoked_kiosk_stops_and_tells_staff(client: Client, live_server, proxy, capsys):
    code = client.engine.credentials().device_code
    first = client.submit("DEMO-YB-001")
    assert client.engine.run_pass().ok

    assert server_cli.main(["revoke-device", "--db", live_server.db_url, code]) == 0
    assert capsys.readouterr().out.strip() == f"{code} 已停用"
    queued = client.submit("DEMO-YB-001")
    sent_before = len(proxy.stats.exchanges)

    status = kiosk_cli.main(["--data-dir", str(client.data_dir), "sync", "--once"])
    out, err = capsys.readouterr()
    assert status == 1
    assert "同步未完成" in err and "停用" in err, err
    assert "待提交 1 件" in out
    refused = proxy.stats.exchanges[sent_before:]
    assert refused and all(e.status == 403 for e in refused), [e.status for e in refused]
    assert len(refused) == 1, "the first refusal stops the pass"

    worker = SyncWorker(client.engine)
    worker.start()
    try:
        assert worker.wait_for(lambda s: s.state is WorkerState.STOPPED, DEADLINE_S)
        snap = worker.snapshot()
    finally:
        worker.stop()
    assert (snap.error_code, snap.pending) == ("device_revoked", 1)
    assert "停用" in snap.message and "工作人员" in WorkerState.STOPPED.label_zh
    assert client.engine.outbox.get(queued.client_uuid).state is ApplicationState.QUEUED
    assert client.engine.outbox.get(first.client_uuid).state is ApplicationState.ACCEPTED
