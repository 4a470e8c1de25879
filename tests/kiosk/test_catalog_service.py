"""Installing catalogues: last good stays, drafts' versions stay resolvable."""

from __future__ import annotations

import pytest

from kiosk.catalogs import CatalogService
from kiosk.domain.catalog_rules import CatalogError
from tests.support.catalogs import mini_catalog_bytes


def test_first_start_installs_the_bundled_catalogue(store):
    service = CatalogService(store)
    loaded = service.ensure_installed()
    assert len(loaded.catalog.services) >= 10
    assert service.ensure_installed().checksum == loaded.checksum


def test_a_rejected_catalogue_changes_nothing(store):
    service = CatalogService(store)
    service.install(mini_catalog_bytes(), source="network")

    def bump_and_break(data):
        data["version"] = "t2"
        data["bundles"][0]["members"] = ["T-ALLOW", "T-GONE"]

    with pytest.raises(CatalogError, match="T-GONE"):
        service.install(mini_catalog_bytes(bump_and_break), source="network")
    assert service.active().catalog.version == "t1"


def test_a_draft_resolves_against_the_version_it_began_on(store):
    service = CatalogService(store)
    service.install(mini_catalog_bytes(), source="bundled")
    pinned = service.form("T-ALLOW")

    def newer(data):
        data["version"] = "t2"
        data["services"][0]["form"]["fields"][3]["label"] = "手机号？"

    service.install(mini_catalog_bytes(newer), source="network")
    assert service.active().catalog.version == "t2"
    assert service.form("T-ALLOW").form_hash != pinned.form_hash
    again = CatalogService(store).form("T-ALLOW", version="t1")
    assert again.form_hash == pinned.form_hash
    assert again.question("applicant_phone").field.label == "您的手机号码是？"
