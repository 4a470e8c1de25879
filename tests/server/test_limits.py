"""Back-pressure: a device over its request rate gets 429, a process over its in-flight cap
503, both retryable with Retry-After, so well-behaved kiosks wait instead of hammering."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

import pytest
import requests

from server.app import create_app
from server.database import utc_now
from server.devices import create_admin_token
from tests.server.support import AdminClient, enrol, serve_in_thread

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


def _admin(live) -> AdminClient:
    with live.engine.begin() as connection:
        return AdminClient(live.url, create_admin_token(connection, now=utc_now()))


def test_a_device_over_its_rate_is_told_to_wait(fresh_db):
    app = create_app(fresh_db(), run_migrations=False, rate_limit=0.5, rate_burst=2)
    with serve_in_thread(app) as live:
        device = enrol(live.url, _admin(live).new_token())
        answers = [device.get("/v1/status") for _ in range(3)]
        assert [a.status_code for a in answers] == [200, 200, 429]
        body = answers[2].json()
        assert (body["code"], body["kind"], body["retryable"]) == ("rate_limited", "retry", True)
        assert int(answers[2].headers["Retry-After"]) >= 1
        # Other devices have their own allowance.
        assert enrol(live.url, _admin(live).new_token()).get("/v1/status").status_code == 200


def test_a_process_over_its_in_flight_cap_sheds_load(fresh_db):
    app = create_app(fresh_db(), run_migrations=False, rate_limit=0, max_in_flight=1)
    with serve_in_thread(app) as live:
        host, port = urlsplit(live.url).hostname, urlsplit(live.url).port
        with socket.create_connection((host, port)) as slow:
            # A request whose body has not all arrived yet is in flight.
            slow.sendall(
                b"POST /v1/enrol HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b"Content-Length: 100\r\n\r\n{"
            )
            # In flight from the moment the app starts reading its body (the cap is counted
            # outside that).
            live.wait_receiving("POST", "/v1/enrol?")
            shed = requests.get(live.url + "/v1/health", timeout=30)
            assert shed.status_code == 503
            body = shed.json()
            assert (body["code"], body["kind"]) == ("overloaded", "retry")
            assert int(shed.headers["Retry-After"]) >= 1
        live.wait_finished("POST", "/v1/enrol?")
        assert requests.get(live.url + "/v1/health", timeout=30).status_code == 200
