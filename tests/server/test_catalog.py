"""Catalogue publishing and pull: checked with the kiosk's own rules before it is published,
served with an ETag, and a kiosk that has the current one gets a 304."""

from __future__ import annotations

from importlib.resources import files

import requests

from kiosk.domain.catalog_rules import load_catalog
from tests.support.catalogs import mini_catalog_bytes


def _versioned(version: str):
    def mutate(data: dict) -> None:
        data["version"] = version

    return mutate


def _publish(admin, body: bytes) -> requests.Response:
    return admin.request(
        "POST", "/v1/admin/catalogs", data=body, headers={"Content-Type": "application/json"}
    )


def test_before_any_catalogue_the_pull_says_so_and_is_retryable(server):
    answer = requests.get(server.url + "/v1/catalog", timeout=30)
    assert answer.status_code == 404
    assert (answer.json()["code"], answer.json()["kind"]) == ("no_catalog", "retry")


def test_a_published_catalogue_is_served_byte_for_byte_with_its_etag(server, admin):
    body = mini_catalog_bytes(_versioned("2026.12"))
    published = _publish(admin, body)
    assert published.status_code == 200, published.text
    checksum = load_catalog(body).checksum
    assert published.json()["etag"] == f'"{checksum}"'
    assert published.json()["already_published"] is False

    pulled = requests.get(server.url + "/v1/catalog", timeout=30)
    assert pulled.status_code == 200
    assert pulled.content == body
    assert pulled.headers["ETag"] == f'"{checksum}"'
    assert pulled.headers["X-Catalog-Version"] == "2026.12"


def test_a_kiosk_holding_the_current_catalogue_gets_304(server, admin):
    _publish(admin, mini_catalog_bytes(_versioned("2026.12")))
    etag = requests.get(server.url + "/v1/catalog", timeout=30).headers["ETag"]
    for header in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        again = requests.get(
            server.url + "/v1/catalog", headers={"If-None-Match": header}, timeout=30
        )
        assert again.status_code == 304, header
        assert again.content == b""
        assert again.headers["ETag"] == etag


def test_a_kiosk_holding_an_older_catalogue_gets_the_new_one(server, admin):
    _publish(admin, mini_catalog_bytes(_versioned("2026.12")))
    old = requests.get(server.url + "/v1/catalog", timeout=30).headers["ETag"]
    newer = mini_catalog_bytes(_versioned("2027.01"))
    _publish(admin, newer)
    pulled = requests.get(server.url + "/v1/catalog", headers={"If-None-Match": old}, timeout=30)
    assert pulled.status_code == 200 and pulled.content == newer


def test_a_bad_catalogue_is_refused_with_the_kiosks_reason_and_the_last_good_one_stays(
    server, admin
):
    good = mini_catalog_bytes(_versioned("2026.12"))
    _publish(admin, good)

    def break_it(data: dict) -> None:
        data["version"] = "2027.01"
        data["services"][0]["form"]["fields"][0]["visible_if"] = "no_such_field == 1"

    answer = _publish(admin, mini_catalog_bytes(break_it))
    assert answer.status_code == 422
    body = answer.json()
    assert (body["code"], body["kind"]) == ("catalog_invalid", "reject")
    assert "事项目录有误" in body["message"] and "no_such_field" in body["message"]
    assert requests.get(server.url + "/v1/catalog", timeout=30).content == good


def test_a_catalogue_that_is_not_json_is_refused(admin):
    answer = _publish(admin, b"\xff\xfe not json")
    assert answer.status_code == 422
    assert answer.json()["code"] == "catalog_invalid"


def test_the_same_version_with_other_content_is_refused(admin):
    _publish(admin, mini_catalog_bytes(_versioned("2026.12")))

    def renamed(data: dict) -> None:
        data["version"] = "2026.12"
        data["services"][0]["name"] = "改过的名称"

    answer = _publish(admin, mini_catalog_bytes(renamed))
    assert answer.status_code == 409
    assert answer.json()["code"] == "catalog_conflict"


def test_republishing_an_earlier_version_makes_it_current_again(server, admin):
    first = mini_catalog_bytes(_versioned("2026.12"))
    _publish(admin, first)
    _publish(admin, mini_catalog_bytes(_versioned("2027.01")))
    again = _publish(admin, first)
    assert again.json()["already_published"] is True
    assert requests.get(server.url + "/v1/catalog", timeout=30).content == first


def test_the_bundled_demo_catalogue_publishes(admin):
    body = files("kiosk").joinpath("data/demo_catalog.json").read_bytes()
    assert _publish(admin, body).status_code == 200


def test_publishing_needs_the_admin_token(server):
    answer = requests.post(server.url + "/v1/admin/catalogs", data=mini_catalog_bytes(), timeout=30)
    assert answer.status_code == 401
    assert (answer.json()["code"], answer.json()["kind"]) == ("admin_unauthorized", "auth")
