"""The client against the real server over loopback: the ordinary path, end to end."""

from __future__ import annotations

from bench.live_server import LiveServer
from kiosk.domain.states import ApplicationState, OutboxStage
from sync.engine import PassOutcome
from tests.sync.conftest import Client


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


def test_status_news_comes_back_and_is_kept_for_offline_progress(client, live_server, proxy):
    app = client.submit("DEMO-MZ-001")
    other = client.submit("DEMO-YB-001")
    assert client.engine.run_pass().ok
    server_id = client.engine.outbox.get(app.client_uuid).server_id
    live_server.advance(server_id, "in_review")
    live_server.advance(server_id, "needs_correction", "户口簿照片看不清，请带原件")

    result = client.engine.run_pass()

    assert result.ok and result.status_updates == 2
    now = client.engine.outbox.get(app.client_uuid)
    assert now.state is ApplicationState.NEEDS_CORRECTION
    assert now.status_note == "户口簿照片看不清，请带原件"
    assert now.server_changed_at is not None and now.status_learned_at is not None
    assert now.status_learned_at >= now.server_changed_at
    assert client.engine.outbox.get(other.client_uuid).state is ApplicationState.ACCEPTED
    # Offline, the kiosk still knows (nothing is asked of the server to show progress).
    proxy.set_down()
    assert client.engine.outbox.find_by_receipt(app.receipt_no).status_note.startswith("户口簿")
    proxy.set_up()
    # The cursor was kept: the next pass pulls nothing new.
    assert client.engine.run_pass().status_updates == 0


def test_ratings_and_the_audit_log_go_up_once(client, live_server):
    from kiosk.storage.ratings_repo import Ratings
    from server.devices import device_summaries

    app = client.submit("DEMO-YB-001")
    Ratings(client.kiosk.store).record(app.client_uuid, level=5, reason="工作人员很耐心")
    first = client.engine.run_pass()
    assert first.ok and first.ratings_sent == 1
    assert client.engine.ratings.unsynced_count() == 0
    head_seq, _ = client.engine.audit.head()
    code = client.engine.credentials().device_code
    with live_server._db().connect() as connection:
        (device,) = [d for d in device_summaries(connection) if d.device_code == code]
    assert device.audit_head_seq == head_seq  # every local record, chain re-checked
    again = client.engine.run_pass()
    assert again.ratings_sent == 0 and again.audit_sent == 0


def test_catalogue_pull_uses_the_etag_and_refuses_a_bad_catalogue(client, live_server):
    import json

    from kiosk.catalogs import bundled_catalog_bytes
    from kiosk.protocol import sha256_hex
    from server.catalogs import publish
    from server.database import utc_now
    from server.schema import catalogs

    body = json.loads(bundled_catalog_bytes())
    body["version"] = f"2099.{client.rng.randrange(1 << 30)}"
    good = json.dumps(body, ensure_ascii=False).encode("utf-8")
    with live_server._db().begin() as connection:
        publish(connection, good, now=utc_now())

    first = client.engine.run_pass()
    assert first.catalog_installed == body["version"]
    assert client.kiosk.catalogs.active().catalog.version == body["version"]
    assert client.engine.run_pass().catalog_installed is None  # 304: not downloaded again

    # A broken catalogue on the server (a bad deploy): refused, the last good one stays.
    bad = good.replace(b'"services"', b'"servicez"')
    with live_server._db().begin() as connection:
        connection.execute(catalogs.update().values(is_current=False))
        connection.execute(
            catalogs.insert().values(
                version=f"{body['version']}.bad",
                checksum=sha256_hex(bad),
                body=bad,
                published_at=utc_now(),
                is_current=True,
            )
        )
    refused = client.engine.run_pass()
    assert refused.ok and refused.catalog_refused
    assert client.kiosk.catalogs.active().catalog.version == body["version"]
    assert client.engine.run_pass().catalog_refused is None  # not fetched again
    with live_server._db().begin() as connection:  # leave the shared server as it was
        connection.execute(catalogs.delete().where(catalogs.c.version.like("2099.%")))


def test_a_file_two_applications_share_is_sent_once(client, live_server, proxy, photos):
    import hashlib

    # 材料复用: the same document (same bytes, same address) supplied for two applications.
    first = client.submit("DEMO-MZ-001", images=photos[:1])
    second = client.submit("DEMO-MZ-001", images=photos[:1])
    assert client.engine.run_pass().ok
    data = photos[0].read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    sent = [e for e in proxy.stats.exchanges if e.method == "PATCH" and sha in e.target]
    assert sum(e.request_body for e in sent) == len(data)  # every byte once, none twice
    code = client.engine.credentials().device_code
    assert {first.client_uuid, second.client_uuid} == {
        row["client_uuid"] for row in live_server.applications(code)
    }


def test_the_sync_benchmark_reports_its_figures(tmp_path, shared_server):
    from bench import sync_transfer

    drain, resume = sync_transfer.run(
        workdir=tmp_path, applications=2, server=shared_server("sqlite")
    )
    assert drain["applications"] == 3 and drain["wire_bytes"] > drain["photo_bytes"] > 0
    assert drain["baseline"]["s"] > 0 and drain["time_ratio"] > 0
    assert 0 <= resume["resent_bytes"] <= sync_transfer.CUT_MATERIAL_BYTES


def test_on_a_fast_link_the_next_file_goes_while_the_server_is_busy_with_one(
    tmp_path, live_server, proxy
):
    """The server's answer to one photo is held back (as if it were slow to sync it to
    disk): on a link that has proved fast, another photo goes up and is answered meanwhile.
    Sent one after another, nothing else could move until the held answer came."""
    import dataclasses
    import hashlib
    import time
    from urllib.parse import unquote

    from bench.fault_proxy import Fault, Rule
    from kiosk.protocol import parse_material_batch_query
    from tests.sync.conftest import FAST, make_client, make_photos

    config = dataclasses.replace(
        FAST,
        transport=dataclasses.replace(FAST.transport, read_timeout_s=15.0),
        max_chunk_bytes=4 * 1024 * 1024,  # a fast link: chunks grow, files go in parallel
        upload_parallel=3,
    )
    client = make_client(tmp_path / "kiosk", proxy.url, live_server.token(), config=config)
    try:
        photos = make_photos(tmp_path / "photos", 4, seed=9_100)
        apps = [client.submit("DEMO-MZ-001", images=[photo]) for photo in photos]
        held = hashlib.sha256(photos[2].read_bytes()).hexdigest()
        overtaken: list[bool] = []

        def uploads() -> list:
            return [
                e
                for e in proxy.stats.exchanges
                if e.method == "PATCH" or e.target.startswith("/v1/materials/batch")
            ]

        def hold_until_another_photo_is_answered() -> None:
            before = uploads()
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                if any(held not in e.target for e in uploads()[len(before) :]):
                    overtaken.append(True)
                    return
                time.sleep(0.01)  # polling a condition with a deadline
            overtaken.append(False)

        # Whether the held photo goes alone (PATCH) or with others (a batch names it in its
        # query), its request is the one held.
        upload_path = rf"^/v1/materials/({held}\?|batch\?files=.*{held})"
        proxy.add(Rule(Fault.HOOK, path=upload_path, hook=hold_until_another_photo_is_answered))
        result = client.engine.run_pass()
        assert result.ok, result.error
        assert overtaken == [True]
        assert sorted(result.accepted) == sorted(app.client_uuid for app in apps)
        # Each photo's bytes crossed once, in chunks of its own or as part of a batch.
        for photo in photos:
            sha = hashlib.sha256(photo.read_bytes()).hexdigest()
            sent = sum(e.request_body for e in uploads() if e.method == "PATCH" and sha in e.target)
            for e in uploads():
                if e.method == "POST":
                    named = parse_material_batch_query(unquote(e.target.split("files=", 1)[1]))
                    sent += sum(size for name, size in named if name == sha)
            assert sent == photo.stat().st_size
    finally:
        client.close()
