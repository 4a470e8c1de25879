"""Drafts and their autosaved answers.

:meth:`Drafts.save_answer` is the hot path behind "every answer autosaved": one upsert in its
own transaction, on disk (WAL, ``synchronous=FULL``) when the call returns.

A draft is resumable by its owner only: by person key plus a 4-digit PIN, or by the draft code
printed on a slip. A 4-digit PIN is guessable, so it locks after
:data:`PIN_MAX_FAILURES` wrong tries for :data:`PIN_LOCKOUT`.

The draft code is a bearer credential (50 random bits, so it cannot be guessed), and wrong codes
are bounded anyway: :data:`CODE_MAX_FAILURES` unknown codes within :data:`CODE_WINDOW` lock code
entry on this kiosk for :data:`CODE_LOCKOUT` (a wrong code names no draft, so the count is the
kiosk's, kept in the store so a restart does not reset it). Opening by code needs no ID card, so
the identity the draft was started with is kept beside its answers (:meth:`Drafts.save_identity`)
and goes with them when retention purges the answers.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlite_utils import Database

from kiosk.i18n import tr
from kiosk.storage import json_text
from kiosk.storage.audit_repo import AuditLog
from kiosk.storage.database import Store
from kiosk.storage.errors import (
    CodeLocked,
    DraftClosed,
    InvalidPin,
    MistypedDraftCode,
    NotFound,
    PinLocked,
    PinNotSet,
    UnknownDraftCode,
)
from kiosk.storage.receipt_numbers import CHINA_TZ
from kiosk.storage.timestamps import Clock, from_text, optional_from_text, to_text, utc_now

PIN_MAX_FAILURES = 5
PIN_LOCKOUT = timedelta(minutes=15)
CODE_MAX_FAILURES = 5
CODE_WINDOW = timedelta(minutes=15)
CODE_LOCKOUT = timedelta(minutes=15)
CODE_LENGTH = 10

# Crockford base32: no I, L, O or U, so a code read aloud or copied by hand survives.
_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CODE_LENGTH = CODE_LENGTH  # 9 random (45 bits: a bearer credential must not be guessable) + check
_CODE_FOLD = str.maketrans({"O": "0", "I": "1", "L": "1"})
_PIN = re.compile(r"[0-9]{4}")
_PBKDF2_ITERATIONS = 100_000
# Not a catalogue field id (those start with a letter): the identity row beside the answers.
_IDENTITY_FIELD = "@identity"
CODE_ALPHABET = _CODE_ALPHABET


@dataclass(frozen=True)
class Draft:
    draft_id: str
    service_code: str
    catalog_version: str
    form_hash: str
    person_key: str
    proxy_person_key: str | None
    draft_code: str
    current_step: str | None
    created_at: datetime
    updated_at: datetime
    status: str
    has_pin: bool
    pin_locked_until: datetime | None

    @property
    def display_code(self) -> str:
        """The draft code in two groups of five, as printed on the slip."""
        return f"{self.draft_code[:5]}-{self.draft_code[5:]}"


@dataclass(frozen=True)
class PinCheck:
    """Outcome of one PIN attempt; true when the PIN was right."""

    ok: bool
    attempts_left: int

    def __bool__(self) -> bool:
        return self.ok


def draft_code_check(body: str) -> str:
    """The check character that ends a draft code (Luhn mod 32 over the code alphabet).

    It catches every single wrong character and nearly every swap of two neighbours, the
    slips of someone copying a code off paper, so the kiosk can say "one character is wrong"
    at once instead of counting a typo as a guess towards the lock-out."""
    base = len(_CODE_ALPHABET)
    total = 0
    for position, char in enumerate(reversed(body)):
        value = _CODE_ALPHABET.index(char) * (2 if position % 2 == 0 else 1)
        total += value // base + value % base
    return _CODE_ALPHABET[-total % base]


def is_well_formed_draft_code(code: str) -> bool:
    """Ten characters of the alphabet whose last is the check of the other nine."""
    return (
        len(code) == _CODE_LENGTH
        and all(char in _CODE_ALPHABET for char in code)
        and draft_code_check(code[:-1]) == code[-1]
    )


def normalize_draft_code(text: str) -> str:
    """Fold what a person types: case, spaces, dashes, and the look-alikes O/0 and I/L/1."""
    folded = unicodedata.normalize("NFKC", text).upper().translate(_CODE_FOLD)
    return "".join(ch for ch in folded if ch.isalnum())


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    """Salted PBKDF2-SHA256, stored as ``pbkdf2_sha256$iterations$salt$hash`` (hex)."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, _PBKDF2_ITERATIONS)
    return f"pbkdf2_sha256${_PBKDF2_ITERATIONS}${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str) -> bool:
    scheme, iterations, salt, expected = stored.split("$")
    if scheme != "pbkdf2_sha256":
        raise ValueError(f"unknown PIN hash scheme {scheme!r}")
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), bytes.fromhex(salt), int(iterations))
    return hmac.compare_digest(digest.hex(), expected)


class Drafts:
    def __init__(self, store: Store, *, now: Clock = utc_now) -> None:
        self._store = store
        self._now = now
        self._audit = AuditLog(store, now=now)

    def create(
        self,
        service_code: str,
        *,
        catalog_version: str,
        form_hash: str,
        person_key: str,
        actor: str,
        proxy_person_key: str | None = None,
        current_step: str | None = None,
    ) -> Draft:
        """Start a draft pinned to ``catalog_version``/``form_hash``, with a fresh draft code.

        Audited; when a volunteer acts (``proxy_person_key``) the record names whose draft it is.
        """
        draft_id = str(uuid.uuid4())
        stamp = to_text(self._now())
        with self._store.transaction() as db:
            code = self._unused_code(db)
            db.conn.execute(
                "INSERT INTO drafts (draft_id, service_code, catalog_version, form_hash,"
                " person_key, proxy_person_key, draft_code, current_step, created_at, updated_at,"
                " status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open')",
                (
                    draft_id,
                    service_code,
                    catalog_version,
                    form_hash,
                    person_key,
                    proxy_person_key,
                    code,
                    current_step,
                    stamp,
                    stamp,
                ),
            )
            self._audit.append(
                "draft.created",
                actor=actor,
                subject=draft_id,
                on_behalf_of=person_key if proxy_person_key else None,
                detail={"service_code": service_code, "catalog_version": catalog_version},
            )
        return self.get(draft_id)

    @staticmethod
    def _unused_code(db: Database) -> str:
        while True:  # a repeat in 2**50 is a formality, but the column is UNIQUE anyway
            body = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_LENGTH - 1))
            code = body + draft_code_check(body)
            taken = db.conn.execute("SELECT 1 FROM drafts WHERE draft_code = ?", (code,)).fetchone()
            if taken is None:
                return code

    def save_answer(self, draft_id: str, field_id: str, value: Any) -> None:
        """Upsert one answer; durable when this returns. ``value`` must be JSON-serialisable."""
        text = json_text.dumps(value)
        stamp = to_text(self._now())
        with self._store.transaction() as db:
            self._touch_open(db, draft_id, stamp)
            db.conn.execute(
                "INSERT INTO answers (draft_id, field_id, value, updated_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (draft_id, field_id)"
                " DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                (draft_id, field_id, text, stamp),
            )

    def clear_answer(self, draft_id: str, field_id: str) -> None:
        """Forget one answer (a field that became hidden, or the citizen cleared it)."""
        stamp = to_text(self._now())
        with self._store.transaction() as db:
            self._touch_open(db, draft_id, stamp)
            db.conn.execute(
                "DELETE FROM answers WHERE draft_id = ? AND field_id = ?", (draft_id, field_id)
            )

    def _touch_open(self, db: Database, draft_id: str, stamp: str) -> None:
        """Bumps ``updated_at``; refuses a draft that is not open (submitted or abandoned)."""
        touched = db.conn.execute(
            "UPDATE drafts SET updated_at = ? WHERE draft_id = ? AND status = 'open'",
            (stamp, draft_id),
        ).rowcount
        if touched != 1:
            raise self._not_open(db, draft_id)

    def answers(self, draft_id: str) -> dict[str, Any]:
        """All saved answers of the draft, by field id."""
        self.get(draft_id)
        rows = self._store.db.conn.execute(
            "SELECT field_id, value FROM answers WHERE draft_id = ? AND field_id != ?",
            (draft_id, _IDENTITY_FIELD),
        )
        return {field_id: json_text.loads(value) for field_id, value in rows}

    def save_identity(self, draft_id: str, facts: Mapping[str, Any]) -> None:
        """What the identity step learned (ID number, name, ...), kept with the answers so the
        slip's code can open the draft without the card; purged with the answers."""
        self.save_answer(draft_id, _IDENTITY_FIELD, dict(facts))

    def forget_identity(self, draft_id: str) -> None:
        """Drop the kept identity (the draft was submitted or abandoned: no slip opens it any
        more, so the card's facts are not kept a day longer than the answers need)."""
        with self._store.transaction() as db:
            db.conn.execute(
                "DELETE FROM answers WHERE draft_id = ? AND field_id = ?",
                (draft_id, _IDENTITY_FIELD),
            )

    def identity(self, draft_id: str) -> dict[str, Any] | None:
        """The identity saved with the draft, or ``None`` (a draft from before it was kept)."""
        row = self._store.db.conn.execute(
            "SELECT value FROM answers WHERE draft_id = ? AND field_id = ?",
            (draft_id, _IDENTITY_FIELD),
        ).fetchone()
        return None if row is None else json_text.loads(row[0])

    def open_by_code(self, code: str) -> Draft:
        """The draft whose slip shows ``code`` (typed or scanned), whatever its status.

        Raises :class:`CodeLocked` while code entry is locked and on the wrong code that locks
        it, and :class:`UnknownDraftCode` (with the tries left) when no draft has the code.
        A code that is found does not clear the count: owning one slip must not buy guesses.
        A code that fails its check character (:class:`MistypedDraftCode`) is not counted: no
        slip ever carried it. (It is looked up first: slips printed before codes had a check
        still open.)
        """
        now = self._now()
        with self._store.transaction() as db:
            failures, window_text, locked_text = db.conn.execute(
                "SELECT failures, window_start, locked_until FROM draft_code_guard WHERE id = 1"
            ).fetchone()
            _raise_if_code_locked(optional_from_text(locked_text), now)
            found = self.find_by_code(code)
            if found is not None:
                return found
            window = optional_from_text(window_text)
            if window is None or now - window >= CODE_WINDOW:
                failures, window = 0, now
            if not is_well_formed_draft_code(normalize_draft_code(code)):
                raise MistypedDraftCode(
                    tr("草稿编号有一位不对。请对照凭条，一位一位核对后再按确定。"),
                    detail="draft code fails its check character (not counted)",
                    attempts_left=CODE_MAX_FAILURES - failures,
                )
            failures += 1
            locked = now + CODE_LOCKOUT if failures >= CODE_MAX_FAILURES else None
            db.conn.execute(
                "UPDATE draft_code_guard SET failures = ?, window_start = ?, locked_until = ?"
                " WHERE id = 1",
                (
                    0 if locked else failures,
                    None if locked else to_text(window),
                    None if locked is None else to_text(locked),
                ),
            )
        if locked is not None:
            _raise_if_code_locked(locked, now)
        left = CODE_MAX_FAILURES - failures
        raise UnknownDraftCode(
            tr("没有找到这个草稿编号，请核对凭条上的编号，还可以再试{n}次。").format(n=left),
            detail=f"unknown draft code ({failures} of {CODE_MAX_FAILURES} in the window)",
            attempts_left=left,
        )

    def set_step(self, draft_id: str, step: str) -> None:
        """Remember where the wizard is, so a resumed draft opens on the same question."""
        with self._store.transaction() as db:
            touched = db.conn.execute(
                "UPDATE drafts SET current_step = ?, updated_at = ?"
                " WHERE draft_id = ? AND status = 'open'",
                (step, to_text(self._now()), draft_id),
            ).rowcount
            if touched != 1:
                raise self._not_open(db, draft_id)

    def abandon(self, draft_id: str, *, actor: str) -> Draft:
        """Close an open draft without submitting it (audited; answers are kept until purge)."""
        with self._store.transaction() as db:
            touched = db.conn.execute(
                "UPDATE drafts SET status = 'abandoned', updated_at = ?"
                " WHERE draft_id = ? AND status = 'open'",
                (to_text(self._now()), draft_id),
            ).rowcount
            if touched != 1:
                raise self._not_open(db, draft_id)
            self.forget_identity(draft_id)
            draft = self.get(draft_id)
            self._audit.append(
                "draft.abandoned",
                actor=actor,
                subject=draft_id,
                on_behalf_of=draft.person_key if draft.proxy_person_key else None,
            )
        return draft

    def set_pin(self, draft_id: str, pin: str) -> None:
        """Set or replace the draft's 4-digit PIN; clears any failed attempts and lock."""
        pin = _normalize_pin(pin)
        if not _PIN.fullmatch(pin):
            raise InvalidPin(tr("请输入4位数字密码。"), detail="PIN is not 4 digits")
        stored = hash_pin(pin)
        with self._store.transaction() as db:
            touched = db.conn.execute(
                "UPDATE drafts SET pin_hash = ?, failed_pin_attempts = 0, pin_locked_until = NULL,"
                " updated_at = ? WHERE draft_id = ? AND status = 'open'",
                (stored, to_text(self._now()), draft_id),
            ).rowcount
            if touched != 1:
                raise self._not_open(db, draft_id)

    def check_pin(self, draft_id: str, pin: str) -> PinCheck:
        """Try a PIN. Raises :class:`PinLocked` while locked and on the attempt that locks."""
        row = self._store.db.conn.execute(
            "SELECT pin_hash, pin_locked_until FROM drafts WHERE draft_id = ?", (draft_id,)
        ).fetchone()
        if row is None:
            raise _draft_not_found(draft_id)
        stored, locked_until = row
        if stored is None:
            raise PinNotSet(tr("该草稿没有设置密码。"), detail=f"draft {draft_id}: no PIN set")
        now = self._now()
        self._raise_if_locked(draft_id, optional_from_text(locked_until), now)
        # Hash outside the write transaction: it takes tens of milliseconds.
        pin = _normalize_pin(pin)
        ok = bool(_PIN.fullmatch(pin)) and verify_pin(pin, stored)
        with self._store.transaction() as db:
            failures, locked_text = db.conn.execute(
                "SELECT failed_pin_attempts, pin_locked_until FROM drafts WHERE draft_id = ?",
                (draft_id,),
            ).fetchone()
            locked = optional_from_text(locked_text)
            self._raise_if_locked(draft_id, locked, now)  # another attempt may have locked it
            if locked is not None:  # an expired lock starts a fresh count
                failures = 0
            if ok:
                failures, new_lock = 0, None
            else:
                failures += 1
                new_lock = now + PIN_LOCKOUT if failures >= PIN_MAX_FAILURES else None
            db.conn.execute(
                "UPDATE drafts SET failed_pin_attempts = ?, pin_locked_until = ?"
                " WHERE draft_id = ?",
                (failures, None if new_lock is None else to_text(new_lock), draft_id),
            )
        if new_lock is not None:
            self._raise_if_locked(draft_id, new_lock, now)
        return PinCheck(ok=ok, attempts_left=PIN_MAX_FAILURES - failures)

    @staticmethod
    def _raise_if_locked(draft_id: str, locked_until: datetime | None, now: datetime) -> None:
        if locked_until is not None and now < locked_until:
            until = locked_until.astimezone(CHINA_TZ).strftime("%H:%M")
            raise PinLocked(
                tr("密码输错次数过多，请在{until}以后再试，或请工作人员帮助。").format(until=until),
                detail=f"draft {draft_id}: PIN locked",
                locked_until=locked_until,
            )

    def get(self, draft_id: str) -> Draft:
        rows = list(self._store.db.query("SELECT * FROM drafts WHERE draft_id = ?", [draft_id]))
        if not rows:
            raise _draft_not_found(draft_id)
        return _record(rows[0])

    def find_by_code(self, code: str) -> Draft | None:
        """The draft whose slip shows ``code`` (typed or scanned; see normalize_draft_code)."""
        rows = list(
            self._store.db.query(
                "SELECT * FROM drafts WHERE draft_code = ?", [normalize_draft_code(code)]
            )
        )
        return _record(rows[0]) if rows else None

    def expired(self, draft: Draft, *, retention: timedelta) -> bool:
        """Past its keeping: abandoned (retention does that to a draft left too long), or open
        and untouched for ``retention`` already (the next purge will abandon it)."""
        if draft.status == "abandoned":
            return True
        return draft.status == "open" and self._now() >= keep_until(draft, retention=retention)

    def list_open_for(self, person_key: str) -> list[Draft]:
        """The person's open drafts, most recently touched first."""
        return [
            _record(row)
            for row in self._store.db.query(
                "SELECT * FROM drafts WHERE person_key = ? AND status = 'open'"
                " ORDER BY updated_at DESC, draft_id",
                [person_key],
            )
        ]

    def _not_open(self, db: Database, draft_id: str) -> Exception:
        row = db.conn.execute(
            "SELECT status FROM drafts WHERE draft_id = ?", (draft_id,)
        ).fetchone()
        if row is None:
            return _draft_not_found(draft_id)
        return DraftClosed(
            tr("该草稿已提交或已放弃，不能再修改。"), detail=f"draft {draft_id} is {row[0]}"
        )


def keep_until(draft: Draft, *, retention: timedelta) -> datetime:
    """When retention will abandon the draft if nobody touches it again."""
    return draft.updated_at + retention


def _normalize_pin(pin: str) -> str:
    # An input method may send full-width digits; they mean the same PIN.
    return unicodedata.normalize("NFKC", pin).strip()


def _raise_if_code_locked(locked_until: datetime | None, now: datetime) -> None:
    if locked_until is not None and now < locked_until:
        until = locked_until.astimezone(CHINA_TZ).strftime("%H:%M")
        raise CodeLocked(
            tr("草稿编号输错次数过多，请在{until}以后再试，或请工作人员帮助。").format(until=until),
            detail="draft code entry locked",
            locked_until=locked_until,
        )


def _draft_not_found(draft_id: str) -> NotFound:
    return NotFound(tr("找不到该草稿。"), detail=f"draft {draft_id} not found")


def _record(row: Mapping[str, Any]) -> Draft:
    return Draft(
        draft_id=row["draft_id"],
        service_code=row["service_code"],
        catalog_version=row["catalog_version"],
        form_hash=row["form_hash"],
        person_key=row["person_key"],
        proxy_person_key=row["proxy_person_key"],
        draft_code=row["draft_code"],
        current_step=row["current_step"],
        created_at=from_text(row["created_at"]),
        updated_at=from_text(row["updated_at"]),
        status=row["status"],
        has_pin=row["pin_hash"] is not None,
        pin_locked_until=optional_from_text(row["pin_locked_until"]),
    )
