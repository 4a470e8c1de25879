"""Opening a draft by the code on its slip: found whatever its status; unknown codes counted
for the whole kiosk, locking code entry for a while; the identity row beside the answers."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kiosk.storage.database import Store
from kiosk.storage.drafts_repo import (
    CODE_ALPHABET,
    CODE_LOCKOUT,
    CODE_MAX_FAILURES,
    CODE_WINDOW,
    Drafts,
    draft_code_check,
    is_well_formed_draft_code,
)
from kiosk.storage.errors import CodeLocked, MistypedDraftCode, UnknownDraftCode
from tests.kiosk.storage.fake_clock import FakeClock


def _wrong(draft_code: str) -> str:
    """Another well-formed code (its own check character): a guess, not a typo."""
    body = ("0" if draft_code[0] != "0" else "1") + draft_code[1:-1]
    return body + draft_code_check(body)


def test_a_typed_code_is_folded_and_found(drafts: Drafts, new_draft) -> None:
    draft = new_draft()
    typed = f"{draft.draft_code[:5].lower()} - {draft.draft_code[5:]}"
    assert drafts.open_by_code(typed).draft_id == draft.draft_id


def test_unknown_codes_lock_code_entry_for_the_kiosk(
    drafts: Drafts, new_draft, clock: FakeClock, store: Store
) -> None:
    draft = new_draft()
    lefts = []
    for _ in range(CODE_MAX_FAILURES - 1):
        with pytest.raises(UnknownDraftCode) as caught:
            drafts.open_by_code(_wrong(draft.draft_code))
        lefts.append(caught.value.attempts_left)
    assert lefts == [4, 3, 2, 1]
    assert "还可以再试1次" in caught.value.message
    # A right code does not clear the count (one slip must not buy more guesses).
    assert drafts.open_by_code(draft.draft_code).draft_id == draft.draft_id
    with pytest.raises(CodeLocked) as locked:
        drafts.open_by_code(_wrong(draft.draft_code))
    assert "过多" in locked.value.message and "16:15" in locked.value.message  # China time
    # Locked: even the right code, and the count survives a new repository (a restart).
    with pytest.raises(CodeLocked):
        Drafts(store, now=clock).open_by_code(draft.draft_code)
    clock.advance(CODE_LOCKOUT)
    assert drafts.open_by_code(draft.draft_code).draft_id == draft.draft_id
    with pytest.raises(UnknownDraftCode) as fresh:
        drafts.open_by_code(_wrong(draft.draft_code))
    assert fresh.value.attempts_left == CODE_MAX_FAILURES - 1


def test_wrong_codes_spread_out_do_not_lock(drafts: Drafts, new_draft, clock: FakeClock) -> None:
    draft = new_draft()
    for _ in range(CODE_MAX_FAILURES * 2):
        with pytest.raises(UnknownDraftCode):
            drafts.open_by_code(_wrong(draft.draft_code))
        clock.advance(CODE_WINDOW / 2)
        # two per window at most: the window restarts before the fifth


def test_identity_is_kept_beside_the_answers_not_among_them(drafts: Drafts, new_draft) -> None:
    draft = new_draft()
    drafts.save_answer(draft.draft_id, "applicant_phone", "13800000001")
    drafts.save_identity(draft.draft_id, {"id_number": "11010519491231002X", "name": "王小满"})
    assert drafts.answers(draft.draft_id) == {"applicant_phone": "13800000001"}
    assert drafts.identity(draft.draft_id)["name"] == "王小满"
    drafts.abandon(draft.draft_id, actor="t")  # no slip opens it now: the identity goes
    assert drafts.identity(draft.draft_id) is None
    assert drafts.answers(draft.draft_id) == {"applicant_phone": "13800000001"}


def test_a_draft_left_too_long_is_expired(drafts: Drafts, new_draft, clock: FakeClock) -> None:
    draft = new_draft()
    keep = timedelta(days=30)
    clock.advance(keep - timedelta(seconds=1))
    assert not drafts.expired(drafts.get(draft.draft_id), retention=keep)
    clock.advance(timedelta(seconds=1))
    assert drafts.expired(drafts.get(draft.draft_id), retention=keep)
    drafts.abandon(draft.draft_id, actor="t")
    assert drafts.expired(drafts.get(draft.draft_id), retention=timedelta(days=365))


def test_retention_deletes_the_identity_with_the_answers(
    drafts: Drafts, new_draft, clock: FakeClock, store: Store, tmp_path
) -> None:
    from kiosk.storage.retention import Retention

    draft = new_draft()
    drafts.save_identity(draft.draft_id, {"id_number": "11010519491231002X", "name": "王小满"})
    clock.advance(timedelta(days=31))
    report = Retention(store, material_root=tmp_path / "m", now=clock).purge(
        draft_retention=timedelta(days=30), after_ack=timedelta(days=7), actor="t"
    )
    assert report.drafts_expired == 1
    assert drafts.identity(draft.draft_id) is None
    assert drafts.expired(drafts.get(draft.draft_id), retention=timedelta(days=30))


def test_every_code_carries_a_check_and_one_wrong_character_is_caught(new_draft) -> None:
    codes = [new_draft().draft_code for _ in range(50)]
    assert all(is_well_formed_draft_code(code) for code in codes)
    for code in codes:
        for position in range(len(code)):
            for char in CODE_ALPHABET.replace(code[position], ""):
                typo = code[:position] + char + code[position + 1 :]
                assert not is_well_formed_draft_code(typo), (position, char)


def test_a_typo_is_told_at_once_and_not_counted(drafts: Drafts, new_draft) -> None:
    draft = new_draft()
    typo = (
        draft.draft_code[:3] + ("0" if draft.draft_code[3] != "0" else "1") + draft.draft_code[4:]
    )
    for _ in range(CODE_MAX_FAILURES * 2):  # never locks: no slip ever carried it
        with pytest.raises(MistypedDraftCode) as caught:
            drafts.open_by_code(typo)
    assert "有一位不对" in caught.value.message
    assert caught.value.attempts_left == CODE_MAX_FAILURES
    with pytest.raises(UnknownDraftCode) as guessed:
        drafts.open_by_code(_wrong(draft.draft_code))
    assert not isinstance(guessed.value, MistypedDraftCode)
    assert guessed.value.attempts_left == CODE_MAX_FAILURES - 1


def test_a_slip_printed_before_codes_had_a_check_still_opens(
    drafts: Drafts, new_draft, store: Store
) -> None:
    draft = new_draft()
    old = draft.draft_code[:-1] + ("0" if draft.draft_code[-1] != "0" else "1")
    assert not is_well_formed_draft_code(old)
    with store.transaction() as db:
        db.conn.execute(
            "UPDATE drafts SET draft_code = ? WHERE draft_id = ?", (old, draft.draft_id)
        )
    assert drafts.open_by_code(old).draft_id == draft.draft_id
