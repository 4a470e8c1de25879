from __future__ import annotations

from collections.abc import Callable

import pytest

from kiosk.storage.database import Store
from kiosk.storage.drafts_repo import Draft
from kiosk.storage.errors import AlreadyRated, NotFound
from kiosk.storage.outbox_repo import Outbox
from kiosk.storage.ratings_repo import Ratings
from tests.kiosk.storage.fake_clock import FakeClock


@pytest.fixture
def application_uuid(new_draft: Callable[..., Draft], store: Store) -> str:
    outbox = Outbox(store, device_code="KS01")
    return outbox.enqueue(new_draft().draft_id, payload={}, actor="citizen").client_uuid


def test_one_rating_per_application(store: Store, clock: FakeClock, application_uuid: str) -> None:
    ratings = Ratings(store, now=clock)
    rating = ratings.record(application_uuid, level=5, reason="服务很好")
    assert (rating.level, rating.reason, rating.synced) == (5, "服务很好", False)
    assert rating.created_at == clock.current
    with pytest.raises(AlreadyRated):
        ratings.record(application_uuid, level=1)
    assert ratings.get(application_uuid) == rating


def test_level_and_application_are_checked(store: Store, application_uuid: str) -> None:
    ratings = Ratings(store)
    for level in (0, 6):
        with pytest.raises(ValueError):
            ratings.record(application_uuid, level=level)
    with pytest.raises(NotFound):
        ratings.record("nope", level=3)


def test_unsynced_until_marked(store: Store, application_uuid: str) -> None:
    ratings = Ratings(store)
    ratings.record(application_uuid, level=4)
    assert [r.client_uuid for r in ratings.unsynced()] == [application_uuid]
    assert ratings.mark_synced([application_uuid]) == 1
    assert ratings.mark_synced([application_uuid]) == 0
    assert ratings.unsynced() == []
