"""``kiosk run`` start-up: retention runs before the first resident can touch the screen."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from kiosk.app import open_kiosk, start_kiosk
from kiosk.storage.drafts_repo import Drafts


def test_start_up_expires_drafts_past_their_retention(tmp_path, qapp):
    with open_kiosk(tmp_path / "data") as kiosk:
        form = kiosk.catalogs.form("DEMO-MZ-001")
        pinned = {"catalog_version": form.catalog_version, "form_hash": form.form_hash}
        days = kiosk.settings.draft_retention_days
        long_ago = datetime.now(UTC) - timedelta(days=days + 1)
        old = Drafts(kiosk.store, now=lambda: long_ago)
        stale = old.create("DEMO-MZ-001", **pinned, person_key="p1", actor="test")
        old.save_answer(stale.draft_id, "applicant_phone", "13800000009")
        drafts = Drafts(kiosk.store)
        fresh = drafts.create("DEMO-MZ-001", **pinned, person_key="p2", actor="test")
        running = start_kiosk(kiosk, demo=False, fullscreen=False)
        try:
            assert drafts.get(stale.draft_id).status == "abandoned"
            assert drafts.answers(stale.draft_id) == {}
            assert drafts.get(fresh.draft_id).status == "open"
        finally:
            running.window.close()
            running.stop()
