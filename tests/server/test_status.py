"""Status pull-back with a cursor: every change, in order, once, paged."""

from __future__ import annotations

from tests.server.support import DeviceClient, submission


def _pull(device: DeviceClient, cursor: str | None = None, limit: int | None = None) -> dict:
    query = []
    if cursor is not None:
        query.append(f"cursor={cursor}")
    if limit is not None:
        query.append(f"limit={limit}")
    answer = device.get("/v1/status" + ("?" + "&".join(query) if query else ""))
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_an_empty_feed_keeps_the_cursor(device: DeviceClient):
    assert _pull(device) == {"updates": [], "cursor": "0", "more": False, "reset": False}


def test_the_whole_life_of_an_application_comes_back_in_order(device: DeviceClient, admin):
    request = submission(device_code=device.device_code)
    server_id = device.submit(request).json()["server_id"]
    assert admin.advance(server_id, "in_review").status_code == 200
    assert (
        admin.advance(
            server_id,
            "needs_correction",
            reason="户口簿照片不清楚",
            materials_to_bring=["户口簿"],
        ).status_code
        == 200
    )
    corrected = request.model_copy(update={"revision": 2})
    assert device.submit(corrected).status_code == 201
    assert admin.advance(server_id, "approved", result_text="准予发放高龄津贴").status_code == 200

    page = _pull(device)
    updates = page["updates"]
    assert [(u["seq"], u["state"], u["revision"]) for u in updates] == [
        (1, "accepted", 1),
        (2, "in_review", 1),
        (3, "needs_correction", 1),
        (4, "accepted", 2),
        (5, "approved", 2),
    ]
    assert updates[2]["reason"] == "户口簿照片不清楚"
    assert updates[2]["materials_to_bring"] == ["户口簿"]
    assert updates[4]["result_text"] == "准予发放高龄津贴"
    assert all(u["server_id"] == server_id for u in updates)
    assert all(u["client_uuid"] == request.client_uuid for u in updates)
    assert (page["cursor"], page["more"], page["reset"]) == ("5", False, False)
    assert _pull(device, page["cursor"])["updates"] == []


def test_pages_follow_the_cursor_without_gaps_or_repeats(device: DeviceClient):
    sent = [submission(device_code=device.device_code) for _ in range(7)]
    for request in sent:
        assert device.submit(request).status_code == 201
    seen, cursor, pages = [], None, 0
    while True:
        page = _pull(device, cursor, limit=3)
        pages += 1
        seen += [u["client_uuid"] for u in page["updates"]]
        cursor = page["cursor"]
        if not page["more"]:
            break
    assert pages == 3
    assert seen == [r.client_uuid for r in sent]


def test_a_feed_holds_only_this_devices_applications(device: DeviceClient, new_device):
    other = new_device()
    device.submit(submission(device_code=device.device_code))
    assert _pull(other)["updates"] == []


def test_a_rejection_says_why(device: DeviceClient, admin):
    server_id = device.submit(submission(device_code=device.device_code)).json()["server_id"]
    admin.advance(server_id, "rejected", result_text="年龄未满80周岁")
    last = _pull(device)["updates"][-1]
    assert (last["state"], last["result_text"]) == ("rejected", "年龄未满80周岁")
    status = device.get(f"/v1/applications/{last['client_uuid']}").json()
    assert (status["state"], status["result_text"]) == ("rejected", "年龄未满80周岁")


def test_a_garbled_cursor_starts_from_the_beginning(device: DeviceClient):
    device.submit(submission(device_code=device.device_code))
    assert len(_pull(device, "abc")["updates"]) == 1


def test_the_page_size_is_bounded(device: DeviceClient):
    assert device.get("/v1/status?limit=501").status_code == 422
    assert device.get("/v1/status?limit=0").status_code == 422


def test_a_cursor_beyond_the_feed_starts_again_marked_reset(device: DeviceClient):
    """The server was restored from an older backup: the kiosk's cursor (9) is ahead of every
    event the server still has. Staying silent until seq 10 would hide news; start over."""
    first = submission(device_code=device.device_code)
    device.submit(first)
    page = _pull(device, "9")
    assert page["reset"] is True
    assert [u["client_uuid"] for u in page["updates"]] == [first.client_uuid]
    assert (page["cursor"], _pull(device, page["cursor"])["reset"]) == ("1", False)


def test_an_item_refused_for_good_shows_on_the_device_list(device: DeviceClient, admin):
    request = submission(device_code=device.device_code)
    device.submit(request)
    device.submit(request.model_copy(update={"catalog_version": "other"}))
    listed = admin.request("GET", "/v1/admin/devices").json()["devices"]
    assert listed[0]["last_rejection"] == "idempotency_conflict"
