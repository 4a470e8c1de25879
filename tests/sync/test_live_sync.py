"""The client against the real server over loopback: the ordinary path, end to end."""

from __future__ import annotations

from kiosk.domain.states import ApplicationState, OutboxStage
from sync.engine import PassOutcome
from tests.sync.conftest import Client
from tests.sync.live_server import LiveServer


def server_rows(server: LiveServer, client: Client) -> dict[str, dict]:
    code = client.engine.credentials().device_code
    return {row["client_uuid"]: row for row in server.applications(code)}


def test_queued_applications_arrive_once_with_their_materials(client, live_server, photos):
    first = client.submit("DEMO-MZ-001", images=photos)
    second = client.submit("DEMO-YJS-001")

    result = client.engine.run_pass()

    assert result.outcome is PassOutcome.DONE, result.error
    assert sorted(result.accepted) == sorted([first.client_uuid, second.client_uuid])
    rows = server_rows(live_server, client)
    assert set(rows) == {first.client_uuid, second.client_uuid}
    for local in (first, second):
        now = client.engine.outbox.get(local.client_uuid)
        assert now.state is ApplicationState.ACCEPTED
        assert now.stage is OutboxStage.DONE
        assert now.server_id == rows[local.client_uuid]["server_id"]
        assert rows[local.client_uuid]["receipt_no"] == local.receipt_no
    assert client.engine.outbox_empty()
    # A second pass finds nothing to send and changes nothing on the server.
    again = client.engine.run_pass()
    assert again.accepted == []
    assert len(server_rows(live_server, client)) == 2
