"""The home (attract) screen: most used services, categories, search.

Most used = the services applied for most often on this device; until there is history the
catalogue's own order stands in (the issuer lists the frequent services first).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from kiosk.catalogs import CatalogService
from kiosk.domain.catalog import Category
from kiosk.flows.outcome import Outcome, ScreenName, sentence
from kiosk.flows.session import Purpose, Session
from kiosk.i18n import N_, tr
from kiosk.search import BUNDLE_CATEGORY, SearchEntry, ServiceIndex
from kiosk.storage.database import Store

POPULAR_COUNT = 6
CATEGORY_ORDER = (
    Category.PENSION.value,
    Category.MEDICAL_INSURANCE.value,
    Category.SOCIAL_SECURITY.value,
    Category.SOCIAL_ASSISTANCE.value,
    Category.HOUSEHOLD_REGISTRATION.value,
    Category.DISABILITY.value,
    BUNDLE_CATEGORY,
    Category.OTHER.value,
)
PROMPT = N_("欢迎使用自助服务终端。请点您要办的事，也可以点“搜索”查找。")


@dataclass(frozen=True)
class Tile:
    code: str
    name: str
    note: str
    """One short line under the name: the category, or 一件事."""


@dataclass(frozen=True)
class CategoryTile:
    name: str
    count: int


@dataclass(frozen=True)
class ServiceList:
    title: str
    tiles: tuple[Tile, ...]
    speak: str
    message: str = ""


def usage_counts(store: Store) -> dict[str, int]:
    """How often each service or bundle was applied for on this device."""
    rows = store.db.conn.execute(
        "SELECT service_code, count(*) FROM applications GROUP BY service_code"
    )
    return dict(rows.fetchall())


def _tile(entry: SearchEntry) -> Tile:
    return Tile(entry.code, entry.name, tr(entry.category))


class HomeFlow:
    def __init__(
        self,
        catalogs: CatalogService,
        session: Session,
        *,
        usage: Callable[[], Mapping[str, int]] | None = None,
    ) -> None:
        self._catalogs = catalogs
        self._session = session
        self._usage = usage or dict
        self._index: ServiceIndex | None = None
        self._version: str | None = None
        self.listing: ServiceList | None = None
        """The category list the services screen shows."""

    @property
    def prompt(self) -> str:
        return tr(PROMPT)

    @property
    def index(self) -> ServiceIndex:
        loaded = self._catalogs.active()
        if self._index is None or self._version != loaded.catalog.version:
            self._index = ServiceIndex.from_catalog(loaded)
            self._version = loaded.catalog.version
        return self._index

    def popular(self, *, limit: int = POPULAR_COUNT) -> list[Tile]:
        counts = Counter(self._usage())
        entries = self.index.entries
        ranked = sorted(enumerate(entries), key=lambda pair: (-counts[pair[1].code], pair[0]))
        return [_tile(entry) for _, entry in ranked[:limit]]

    def categories(self) -> list[CategoryTile]:
        present = Counter(e.category for e in self.index.entries)
        return [CategoryTile(name, present[name]) for name in CATEGORY_ORDER if present[name]]

    def in_category(self, name: str) -> ServiceList:
        tiles = tuple(_tile(e) for e in self.index.in_category(name))
        return ServiceList(
            title=tr(name),
            tiles=tiles,
            speak=sentence(
                tr("{category}类共有{n}项服务").format(category=tr(name), n=len(tiles)),
                tr("请选择"),
            ),
        )

    def open_category(self, name: str) -> Outcome:
        self.listing = self.in_category(name)
        return Outcome(screen=ScreenName.SERVICES)

    def search(self, query: str) -> ServiceList:
        if not query.strip():
            return ServiceList(
                title=tr("搜索"), tiles=(), speak=tr("请输入要办的事，或拼音首字母。")
            )
        found = tuple(_tile(e) for e in self.index.search(query))
        if not found:
            message = tr("没有找到，请换个说法，或点“帮助”请工作人员帮忙。")
            return ServiceList(title=tr("搜索"), tiles=(), speak=message, message=message)
        return ServiceList(
            title=tr("搜索结果"),
            tiles=found,
            speak=sentence(
                tr("找到{n}项").format(n=len(found)),
                tr("第一项是{name}").format(name=found[0].name),
            ),
        )

    def choose(self, code: str) -> Outcome:
        """A service or bundle was tapped: identity first, then its guide (办事指南)."""
        entry = self.index.get(code)
        if entry is None:
            return Outcome(message=tr("这项服务暂时不能办理，请选择其他服务。"))
        self._session.purpose = Purpose.APPLY
        self._session.service_code = code
        return Outcome(screen=ScreenName.IDENTIFY)

    def resume(self) -> Outcome:
        """继续上次的申请."""
        self._session.purpose = Purpose.RESUME
        return Outcome(screen=ScreenName.RESUME)

    def cases(self) -> Outcome:
        """帮办代办: a volunteer's case list (their own identity first)."""
        self._session.purpose = Purpose.CASES
        return Outcome(screen=ScreenName.CASES)

    def progress(self) -> Outcome:
        """办件进度查询."""
        self._session.purpose = Purpose.PROGRESS
        return Outcome(screen=ScreenName.PROGRESS)
