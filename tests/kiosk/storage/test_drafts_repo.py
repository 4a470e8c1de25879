from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from kiosk.storage.audit_repo import AuditLog
from kiosk.storage.database import Store
from kiosk.storage.drafts_repo import (
    PIN_LOCKOUT,
    PIN_MAX_FAILURES,
    Draft,
    Drafts,
    normalize_draft_code,
)
from kiosk.storage.errors import (
    DraftClosed,
    InvalidPin,
    NotFound,
    PinLocked,
    PinNotSet,
    StoreError,
)
from tests.kiosk.storage.fake_clock import FakeClock

NewDraft = Callable[..., Draft]


def test_create_pins_form_version_and_issues_a_code(
    new_draft: NewDraft, drafts: Drafts, catalog: str
) -> None:
    draft = new_draft()
    assert draft.catalog_version == catalog
    assert draft.status == "open" and not draft.has_pin
    assert len(draft.draft_code) == 10 and draft.display_code[5] == "-"
    assert drafts.get(draft.draft_id) == draft


def test_draft_needs_an_installed_catalogue(drafts: Drafts, catalog: str) -> None:
    with pytest.raises(StoreError):
        drafts.create(
            "S", catalog_version="missing", form_hash="h", person_key="pk", actor="citizen"
        )


def test_proxy_creation_is_audited_on_behalf_of_the_person(
    new_draft: NewDraft, store: Store
) -> None:
    draft = new_draft(person_key="resident", proxy_person_key="volunteer", actor="volunteer:7")
    (record,) = AuditLog(store).for_subject(draft.draft_id)
    assert (record.action, record.actor, record.on_behalf_of) == (
        "draft.created",
        "volunteer:7",
        "resident",
    )


def test_answers_round_trip_and_upsert(new_draft: NewDraft, drafts: Drafts) -> None:
    draft = new_draft()
    drafts.save_answer(draft.draft_id, "name", "张三")
    drafts.save_answer(draft.draft_id, "age", 80)
    drafts.save_answer(draft.draft_id, "address", {"county": "某县", "village": "某村"})
    drafts.save_answer(draft.draft_id, "age", 81)
    assert drafts.answers(draft.draft_id) == {
        "name": "张三",
        "age": 81,
        "address": {"county": "某县", "village": "某村"},
    }
    drafts.clear_answer(draft.draft_id, "age")
    assert "age" not in drafts.answers(draft.draft_id)


def test_save_answer_touches_updated_at(
    new_draft: NewDraft, drafts: Drafts, clock: FakeClock
) -> None:
    draft = new_draft()
    clock.advance(timedelta(minutes=3))
    drafts.save_answer(draft.draft_id, "name", "x")
    assert drafts.get(draft.draft_id).updated_at == clock.current


def test_closed_or_unknown_drafts_take_no_answers(new_draft: NewDraft, drafts: Drafts) -> None:
    draft = new_draft()
    drafts.abandon(draft.draft_id, actor="citizen")
    with pytest.raises(DraftClosed):
        drafts.save_answer(draft.draft_id, "name", "x")
    with pytest.raises(NotFound):
        drafts.save_answer("no-such-draft", "name", "x")
    with pytest.raises(NotFound):
        drafts.answers("no-such-draft")


def test_set_step(new_draft: NewDraft, drafts: Drafts) -> None:
    draft = new_draft()
    drafts.set_step(draft.draft_id, "address")
    assert drafts.get(draft.draft_id).current_step == "address"


def test_find_by_code_folds_what_people_type(new_draft: NewDraft, drafts: Drafts) -> None:
    draft = new_draft()
    typed = draft.display_code.lower().replace("0", "o").replace("1", "l")
    assert drafts.find_by_code(typed) == draft
    assert drafts.find_by_code(f" {draft.draft_code[:5]} {draft.draft_code[5:]} ") == draft
    assert drafts.find_by_code("ZZZZZZZZZZ") is None
    assert normalize_draft_code("ab-cd ｅf") == "ABCDEF"


def test_draft_codes_are_unique(new_draft: NewDraft) -> None:
    codes = {new_draft().draft_code for _ in range(200)}
    assert len(codes) == 200


def test_list_open_for_person_newest_first(
    new_draft: NewDraft, drafts: Drafts, clock: FakeClock
) -> None:
    older = new_draft(person_key="a")
    clock.advance(timedelta(seconds=1))
    newer = new_draft(person_key="a")
    closed = new_draft(person_key="a")
    drafts.abandon(closed.draft_id, actor="citizen")
    new_draft(person_key="b")
    assert [d.draft_id for d in drafts.list_open_for("a")] == [newer.draft_id, older.draft_id]
    clock.advance(timedelta(seconds=1))
    drafts.save_answer(older.draft_id, "x", 1)
    assert drafts.list_open_for("a")[0].draft_id == older.draft_id


def test_pin_is_hashed_and_checked(new_draft: NewDraft, drafts: Drafts, store: Store) -> None:
    draft = new_draft()
    with pytest.raises(PinNotSet):
        drafts.check_pin(draft.draft_id, "1234")
    drafts.set_pin(draft.draft_id, "1234")
    (stored,) = store.db.conn.execute("SELECT pin_hash FROM drafts").fetchone()
    scheme, _iterations, salt, digest = stored.split("$")
    assert (scheme, len(salt), len(digest)) == ("pbkdf2_sha256", 32, 64)
    assert drafts.check_pin(draft.draft_id, "1234")
    wrong = drafts.check_pin(draft.draft_id, "4321")
    assert not wrong and wrong.attempts_left == PIN_MAX_FAILURES - 1
    drafts.set_pin(draft.draft_id, "１２３４")  # full-width digits from an input method
    assert drafts.check_pin(draft.draft_id, "1234")
    for bad in ("123", "12345", "abcd", "١٢٣٤"):
        with pytest.raises(InvalidPin):
            drafts.set_pin(draft.draft_id, bad)


def test_pin_locks_after_five_failures_for_fifteen_minutes(
    new_draft: NewDraft, drafts: Drafts, clock: FakeClock
) -> None:
    draft = new_draft()
    drafts.set_pin(draft.draft_id, "2468")
    for left in range(PIN_MAX_FAILURES - 1, 0, -1):
        assert drafts.check_pin(draft.draft_id, "0000").attempts_left == left
    with pytest.raises(PinLocked) as raised:
        drafts.check_pin(draft.draft_id, "0000")
    assert raised.value.locked_until == clock.current + PIN_LOCKOUT
    assert drafts.get(draft.draft_id).pin_locked_until == clock.current + PIN_LOCKOUT

    clock.advance(PIN_LOCKOUT - timedelta(seconds=1))
    with pytest.raises(PinLocked):
        drafts.check_pin(draft.draft_id, "2468")  # even the right PIN waits

    clock.advance(timedelta(seconds=1))
    assert drafts.check_pin(draft.draft_id, "0000").attempts_left == PIN_MAX_FAILURES - 1
    assert drafts.check_pin(draft.draft_id, "2468")
    assert drafts.check_pin(draft.draft_id, "0000").attempts_left == PIN_MAX_FAILURES - 1


def test_success_resets_the_failure_count(new_draft: NewDraft, drafts: Drafts) -> None:
    draft = new_draft()
    drafts.set_pin(draft.draft_id, "2468")
    for _ in range(PIN_MAX_FAILURES - 1):
        drafts.check_pin(draft.draft_id, "0000")
    assert drafts.check_pin(draft.draft_id, "2468")
    assert drafts.check_pin(draft.draft_id, "0000").attempts_left == PIN_MAX_FAILURES - 1
