from __future__ import annotations

from kiosk.storage.database import Store
from kiosk.storage.sync_state_repo import SyncState


def test_values_round_trip_and_replace(store: Store) -> None:
    state = SyncState(store)
    assert state.get("cursor") is None
    assert state.get("cursor", 0) == 0
    state.set("cursor", 41)
    state.set("cursor", 42)
    state.set("audit_head", {"seq": 3, "hash": "ab"})
    assert state.get("cursor") == 42
    assert state.items() == {"audit_head": {"seq": 3, "hash": "ab"}, "cursor": 42}
    assert state.delete("cursor") is True
    assert state.delete("cursor") is False
    assert state.get("cursor") is None
