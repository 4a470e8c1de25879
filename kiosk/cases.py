"""The volunteer's case list (帮办代办): whom I am helping, and what is still to do for each.

A community volunteer works offline for days on their own tablet, for many residents. After
identifying themselves they see every case they opened on this device: whose it is (masked),
which service, where it stands, and the next thing to do — finish the form, bring a material
that was allowed to follow later (容缺), make a correction the department asked for — with
the most urgent first. Everything here reads the store; nothing needs the network.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import IntEnum

from kiosk.catalogs import CatalogService
from kiosk.domain.catalog_rules import CatalogError
from kiosk.domain.contact import mask_person_name
from kiosk.domain.states import ApplicationState
from kiosk.i18n import tr
from kiosk.storage.cases_repo import CaseRecord, Cases
from kiosk.storage.database import Store
from kiosk.storage.drafts_repo import Drafts
from kiosk.storage.outbox_repo import Application, Outbox


class Urgency(IntEnum):
    """Sort order of the list: what the volunteer must act on comes first."""

    ACT = 0
    """Something to do: finish the form, bring a material, make a correction."""
    WAIT = 1
    """Nothing to do: waiting for the network or for the department."""
    DONE = 2
    """Finished (办结, 未通过, withdrawn or abandoned)."""


_DONE_STATES = {ApplicationState.APPROVED, ApplicationState.REJECTED, ApplicationState.CANCELLED}


@dataclass(frozen=True)
class CaseEntry:
    draft_id: str
    applicant: str
    """Masked name and masked ID number, e.g. ``王*国 110105********1234``."""
    service_code: str
    service_name: str
    state: ApplicationState
    state_label: str
    receipt_no: str | None
    updated_at: datetime
    todo: tuple[str, ...]
    """Plain-Chinese next steps, most important first; empty when nothing is to be done."""
    urgency: Urgency
    consent_at: datetime
    consent_method: str
    """How the applicant agreed (``on_screen_confirmation`` ...)."""


class CaseBook:
    def __init__(self, store: Store, *, catalogs: CatalogService, device_code: str) -> None:
        self._cases = Cases(store)
        self._drafts = Drafts(store)
        self._outbox = Outbox(store, device_code=device_code)
        self._catalogs = catalogs

    def for_helper(self, helper_key: str, *, today: date) -> list[CaseEntry]:
        """Every case of this helper, most urgent first, then most recently changed."""
        entries = [
            self._entry(record, today=today) for record in self._cases.for_helper(helper_key)
        ]
        entries.sort(key=lambda e: (e.urgency, -e.updated_at.timestamp(), e.draft_id))
        return entries

    def _entry(self, record: CaseRecord, *, today: date) -> CaseEntry:
        draft = self._drafts.get(record.draft_id)
        form = self._form(draft.service_code, draft.catalog_version)
        name = form.name if form else draft.service_code
        who = " ".join(
            part
            for part in (
                mask_person_name(record.applicant_name) if record.applicant_name else None,
                record.applicant_id_masked,
            )
            if part
        )
        common = {
            "draft_id": record.draft_id,
            "applicant": who,
            "service_code": draft.service_code,
            "service_name": name,
            "consent_at": record.consent_at,
            "consent_method": record.consent_method,
        }
        if draft.status == "open":
            todo: tuple[str, ...] = (tr("继续填写"),)
            if form is not None:
                left = len(form.problems(self._drafts.answers(draft.draft_id), today=today))
                todo = (
                    (tr("还有 {left} 项要填写").format(left=left),) if left else (tr("可以提交了"),)
                )
            return CaseEntry(
                **common,
                state=ApplicationState.DRAFT,
                state_label=tr("草稿"),
                receipt_no=None,
                updated_at=draft.updated_at,
                todo=todo,
                urgency=Urgency.ACT,
            )
        application = self._application(draft.person_key, draft.draft_id)
        if application is None:  # abandoned (or expired) without submitting
            return CaseEntry(
                **common,
                state=ApplicationState.CANCELLED,
                state_label=tr("已放弃"),
                receipt_no=None,
                updated_at=draft.updated_at,
                todo=(),
                urgency=Urgency.DONE,
            )
        todo_list: list[str] = []
        if application.state is ApplicationState.NEEDS_CORRECTION:
            note = application.status_note or tr("请按部门要求补正")
            todo_list.append(tr("需补正：{note}").format(note=note))
        if application.state not in _DONE_STATES:
            owed = self._owed_names(application, form)
            if owed:
                todo_list.append(tr("需补交：{names}").format(names=tr("、").join(owed)))
        if todo_list:
            urgency = Urgency.ACT
        elif application.state in _DONE_STATES:
            urgency = Urgency.DONE
        else:
            urgency = Urgency.WAIT
        return CaseEntry(
            **common,
            state=application.state,
            state_label=tr(application.state.label_zh),
            receipt_no=application.receipt_no,
            updated_at=application.status_updated_at,
            todo=tuple(todo_list),
            urgency=urgency,
        )

    def _application(self, person_key: str, draft_id: str) -> Application | None:
        return next((a for a in self._outbox.list_for(person_key) if a.draft_id == draft_id), None)

    def _form(self, code: str, version: str):
        try:
            return self._catalogs.form(code, version=version)
        except CatalogError:
            return None  # a version no longer installed: the list still shows the case

    @staticmethod
    def _owed_names(application: Application, form) -> list[str]:
        codes = application.payload.get("materials_owed") or []
        if form is None:
            return list(codes)
        names = {m.type.code: m.type.name for m in form.materials}
        return [names.get(code, code) for code in codes]
