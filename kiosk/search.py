"""Finding a service by what residents type: Chinese words, pinyin, or pinyin initials.

On a kiosk the quickest way to type is often the initials of the syllables ("gljt" for
高龄津贴) on a big A–Z pad, so every service name and keyword is indexed three ways: as
written, as full pinyin without tones ("gaolingjintie") and as initials ("gljt"). pypinyin
picks readings by phrase (银行 → yinhang), which is what people type.

pypinyin's phrase dictionary takes about half a second to load, so it is imported, and the
pinyin computed, on the first search that needs it, or ahead of time by :meth:`warm` (the
kiosk calls it on a background thread once the home screen is up).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from kiosk.domain.catalog_rules import LoadedCatalog
from kiosk.i18n import N_

BUNDLE_CATEGORY = N_("一件事")
_ASCII_LETTERS = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class SearchEntry:
    code: str
    name: str
    category: str
    """The home-screen category (养老, 医保 ...), or 一件事 for a bundle."""
    summary: str
    is_bundle: bool
    terms: tuple[str, ...]
    """Name first, then keywords: what a query is matched against."""


@dataclass(frozen=True)
class _Pinyin:
    initials: tuple[str, ...]
    spelled: tuple[str, ...]


def _letters(text: str, *, initials: bool) -> str:
    from pypinyin import Style, lazy_pinyin

    style = Style.FIRST_LETTER if initials else Style.NORMAL
    syllables = lazy_pinyin(text, style=style, errors="ignore")
    return "".join(s for s in syllables if s.isascii()).lower()


def _fold(query: str) -> str:
    return unicodedata.normalize("NFKC", query).strip().lower().replace(" ", "")


class ServiceIndex:
    def __init__(self, entries: list[SearchEntry]) -> None:
        self.entries = entries
        self._pinyin: list[_Pinyin] | None = None

    def warm(self) -> None:
        """Computes the pinyin of every entry now (it is otherwise done by the first search)."""
        if self._pinyin is None:
            self._pinyin = [
                _Pinyin(
                    initials=tuple(_letters(t, initials=True) for t in entry.terms),
                    spelled=tuple(_letters(t, initials=False) for t in entry.terms),
                )
                for entry in self.entries
            ]

    @classmethod
    def from_catalog(cls, loaded: LoadedCatalog) -> ServiceIndex:
        entries = []
        items = [(s, s.category.value, False) for s in loaded.catalog.services]
        items += [(b, BUNDLE_CATEGORY, True) for b in loaded.catalog.bundles]
        for item, category, is_bundle in items:
            terms = (item.name, *item.keywords)
            entries.append(
                SearchEntry(
                    code=item.code,
                    name=item.name,
                    category=category,
                    summary=item.summary,
                    is_bundle=is_bundle,
                    terms=terms,
                )
            )
        return cls(entries)

    def search(self, query: str, *, limit: int = 12) -> list[SearchEntry]:
        """Best matches first: name, then keywords, then initials, then full pinyin, then
        the one-line summary. An empty query finds nothing."""
        text = _fold(query)
        if not text:
            return []
        pinyin_query = text if _ASCII_LETTERS.fullmatch(text) else None
        if pinyin_query is not None:
            self.warm()
        scored = []
        for position, entry in enumerate(self.entries):
            pinyin = self._pinyin[position] if pinyin_query is not None and self._pinyin else None
            score = self._score(entry, text, pinyin_query, pinyin)
            if score is not None:
                scored.append((score, position, entry))
        scored.sort(key=lambda row: (row[0], row[1]))
        return [entry for _, _, entry in scored[:limit]]

    @staticmethod
    def _score(
        entry: SearchEntry, text: str, pinyin_query: str | None, pinyin: _Pinyin | None
    ) -> int | None:
        name = entry.name.lower()
        if name.startswith(text):
            return 0
        if text in name:
            return 1
        if any(text in term.lower() for term in entry.terms[1:]):
            return 2
        if pinyin_query is not None and pinyin is not None:
            if any(i.startswith(pinyin_query) for i in pinyin.initials):
                return 3
            if any(pinyin_query in i for i in pinyin.initials):
                return 4
            if any(pinyin_query in s for s in pinyin.spelled):
                return 5
        if text in entry.summary.lower():
            return 6
        return None

    def in_category(self, category: str) -> list[SearchEntry]:
        return [e for e in self.entries if e.category == category]

    def get(self, code: str) -> SearchEntry | None:
        return next((e for e in self.entries if e.code == code), None)
