"""The catalogue in use: install with validation, keep the last good one, resolve forms.

A catalogue arrives from the network or a USB stick; it is installed only after
:func:`~kiosk.domain.catalog_rules.load_catalog` accepts it, so a bad one never replaces the
catalogue in use. Old versions stay in the store because drafts stay pinned to theirs.
"""

from __future__ import annotations

import logging
from importlib import resources

from kiosk.domain.catalog_rules import CatalogError, LoadedCatalog, load_catalog
from kiosk.domain.forms import ResolvedForm, resolve_form
from kiosk.i18n import tr
from kiosk.storage.catalog_repo import CatalogSource, CatalogVersions
from kiosk.storage.database import Store

log = logging.getLogger(__name__)


def bundled_catalog_bytes() -> bytes:
    """The illustrative demo catalogue shipped inside the package."""
    return resources.files("kiosk").joinpath("data/demo_catalog.json").read_bytes()


class CatalogService:
    def __init__(self, store: Store) -> None:
        self._versions = CatalogVersions(store)
        self._cache: dict[str, LoadedCatalog] = {}

    def install(self, raw: bytes, *, source: CatalogSource, activate: bool = True) -> LoadedCatalog:
        """Validates and installs ``raw``; raises CatalogError (and changes nothing) if bad."""
        try:
            loaded = load_catalog(raw)
        except CatalogError as exc:
            active = self._versions.active()
            log.warning(
                "catalogue from %s rejected (%s); keeping %s",
                source,
                exc.detail,
                active.version if active else "none",
            )
            raise
        self._versions.install(
            loaded.catalog.version,
            body=raw.decode("utf-8"),
            source=source,
            checksum=loaded.checksum,
            activate=activate,
        )
        self._cache[loaded.catalog.version] = loaded
        log.info("catalogue %s installed from %s", loaded.catalog.version, source)
        return loaded

    def ensure_installed(self) -> LoadedCatalog:
        """The active catalogue, installing the bundled one on first start."""
        if self._versions.active() is None:
            return self.install(bundled_catalog_bytes(), source="bundled")
        return self.active()

    def active(self) -> LoadedCatalog:
        current = self._versions.active()
        if current is None:
            raise CatalogError(tr("还没有安装事项目录，请联系工作人员"), detail="no active catalog")
        return self.version(current.version)

    def version(self, version: str) -> LoadedCatalog:
        """An installed version (for resuming a draft pinned to it)."""
        if version not in self._cache:
            self._cache[version] = load_catalog(self._versions.body(version).encode("utf-8"))
        return self._cache[version]

    def form(self, code: str, *, version: str | None = None) -> ResolvedForm:
        loaded = self.version(version) if version else self.active()
        return resolve_form(loaded, code)

    def summary(self) -> list[dict]:
        """One row per service, then per bundle: what ``kiosk catalog`` prints."""
        loaded = self.active()
        items = [(s, None) for s in loaded.catalog.services]
        items += [(b, list(b.members)) for b in loaded.catalog.bundles]
        rows = []
        for item, members in items:
            form = resolve_form(loaded, item.code)
            rows.append(
                {
                    "code": item.code,
                    "name": item.name,
                    "department": item.department,
                    "fields": len(form.questions),
                    "materials": len(form.materials),
                    "bundle_of": members,
                }
            )
        return rows
