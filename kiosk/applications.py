"""Applying for a service: draft, wizard, materials, submit — the glue between forms and store.

Screens and the scripted demo both go through here, so the rules hold the same way for both:
a draft is pinned to its catalogue version and form hash; each accepted answer is saved in
its own transaction before the wizard moves on; a material captured once is stored once
(content-addressed) and offered again (材料复用) while still valid; submitting queues the
application in the outbox and issues the receipt number at once, offline or not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from kiosk.catalogs import CatalogService
from kiosk.domain.answers import FieldError
from kiosk.domain.catalog import FieldType
from kiosk.domain.contact import normalize_person_name
from kiosk.domain.forms import (
    IdentityFacts,
    ResolvedForm,
    ReusableMaterial,
    material_offers,
    prefill_answers,
)
from kiosk.domain.identity import mask_id_number
from kiosk.domain.regions import RegionTable
from kiosk.errors import KioskError
from kiosk.flows.wizard import WizardFlow
from kiosk.i18n import tr
from kiosk.storage.cases_repo import Cases
from kiosk.storage.database import Store
from kiosk.storage.drafts_repo import Draft, Drafts
from kiosk.storage.keys import person_key
from kiosk.storage.materials_repo import MaterialStore
from kiosk.storage.outbox_repo import Application, Outbox
from kiosk.storage.timestamps import to_text

REMEMBERED_TYPES = frozenset(
    {FieldType.PHONE, FieldType.TEXT, FieldType.REGION, FieldType.BANK_ACCOUNT}
)


class IncompleteApplication(KioskError):
    """Submit was asked for while a visible question still lacks an acceptable answer."""

    def __init__(self, problems: list[FieldError]) -> None:
        first = problems[0]
        super().__init__(
            tr("还有 {n} 处需要填写或修改，第一处：{title}").format(
                n=len(problems), title=first.title
            ),
            detail=f"{len(problems)} problem(s); first field {first.field_id}",
        )
        self.problems = problems


@dataclass
class DraftSession:
    """One resident's draft while it is on screen: the flow plus what it is bound to."""

    draft: Draft
    form: ResolvedForm
    flow: WizardFlow


class _DraftSink:
    def __init__(self, drafts: Drafts, draft_id: str) -> None:
        self._drafts = drafts
        self._draft_id = draft_id

    def save_answer(self, field_id: str, value: object) -> None:
        self._drafts.save_answer(self._draft_id, field_id, value)

    def set_step(self, field_id: str) -> None:
        self._drafts.set_step(self._draft_id, field_id)


class ApplicationService:
    def __init__(
        self,
        store: Store,
        *,
        catalogs: CatalogService,
        device_secret: bytes,
        material_root: Path,
        device_code: str,
        regions: RegionTable | None = None,
    ) -> None:
        self._store = store
        self._catalogs = catalogs
        self._secret = device_secret
        self.drafts = Drafts(store)
        self.cases = Cases(store)
        self.outbox = Outbox(store, device_code=device_code)
        self.materials = MaterialStore(store, root=material_root)
        self._regions = regions

    def person_key(self, id_number: str) -> str:
        return person_key(self._secret, id_number)

    def start(
        self,
        code: str,
        *,
        applicant: IdentityFacts,
        today: date,
        actor: str,
        proxy: IdentityFacts | None = None,
        consent_method: str = "on_screen_confirmation",
    ) -> DraftSession:
        """A new draft for ``applicant``; ``proxy`` is the volunteer acting for them (帮办代办),
        whose case list gains the draft in the same transaction (``consent_method`` says how
        the applicant agreed)."""
        form = self._catalogs.form(code)
        key = self.person_key(applicant.id_number)
        helper_key = self.person_key(proxy.id_number) if proxy else None
        with self._store.transaction():
            draft = self.drafts.create(
                code,
                catalog_version=form.catalog_version,
                form_hash=form.form_hash,
                person_key=key,
                actor=actor,
                proxy_person_key=helper_key,
            )
            if helper_key is not None:
                self.cases.open(
                    draft.draft_id,
                    helper_key=helper_key,
                    applicant_name=normalize_person_name(applicant.name)
                    if applicant.name
                    else None,
                    applicant_id_masked=mask_id_number(applicant.id_number),
                    consent_method=consent_method,
                )
        return self._session(draft, form, applicant=applicant, today=today)

    def resume(self, draft: Draft, *, applicant: IdentityFacts, today: date) -> DraftSession:
        """The same draft on the form version it began on, at the question it stopped at."""
        form = self._catalogs.form(draft.service_code, version=draft.catalog_version)
        if form.form_hash != draft.form_hash:
            raise KioskError(
                tr("这份草稿对应的表格已无法恢复，请重新申请"),
                detail=f"draft {draft.draft_id}: form hash changed within version",
            )
        return self._session(draft, form, applicant=applicant, today=today)

    def _session(
        self, draft: Draft, form: ResolvedForm, *, applicant: IdentityFacts, today: date
    ) -> DraftSession:
        flow = WizardFlow(
            form,
            sink=_DraftSink(self.drafts, draft.draft_id),
            today=today,
            answers=self.drafts.answers(draft.draft_id),
            prefill=prefill_answers(form, applicant, today=today),
            remembered=self._remembered(draft.person_key, form),
            offers=material_offers(form, lambda t: self._reusable(draft.person_key, t, today)),
            regions=self._regions,
            start_at=draft.current_step,
        )
        return DraftSession(draft=draft, form=form, flow=flow)

    def _remembered(self, key: str, form: ResolvedForm) -> dict[str, object]:
        """数据多跑路: what this person answered before to the same questions (the catalogue's
        field ids are a shared vocabulary), newest application first; offered for
        confirmation, never taken silently. Only the person's own contact and account facts:
        phone, address, region, bank account (not other people's names or numbers)."""
        wanted = {q.id for q in form.questions if q.field.type in REMEMBERED_TYPES}
        found: dict[str, object] = {}
        for application in self.outbox.list_for(key):
            for field_id, value in application.payload.get("answers", {}).items():
                if field_id in wanted and field_id not in found:
                    found[field_id] = value
        return found

    def _reusable(self, key: str, material_type: str, today: date) -> ReusableMaterial | None:
        uses = self.materials.find_reusable(key, material_type, today=today)
        if not uses:
            return None
        use = uses[0]
        return ReusableMaterial(
            sha256=use.sha256,
            captured_at=to_text(use.captured_at),
            valid_until=use.valid_until.isoformat() if use.valid_until else None,
        )

    def capture_material(
        self, session: DraftSession, field_id: str, data: bytes, *, mime: str, today: date
    ) -> dict[str, str]:
        """Stores a captured document once and records it for reuse; returns the answer."""
        question = session.form.question(field_id)
        material_type = question.material_type
        if material_type is None:
            raise KioskError(
                tr("这一步不需要材料"), detail=f"{field_id} is not a material question"
            )
        sha256 = self.materials.put(data, mime=mime)
        valid_until = (
            today + timedelta(days=material_type.valid_days) if material_type.valid_days else None
        )
        if material_type.reusable:
            self.materials.record_use(
                sha256,
                person_key=session.draft.person_key,
                material_type=material_type.code,
                valid_until=valid_until,
                draft_id=session.draft.draft_id,
            )
        return {"sha256": sha256, "source": "captured"}

    def reuse_material(self, session: DraftSession, field_id: str) -> dict[str, str]:
        """The answer for 使用以前提交过的: the offered copy, linked to this draft too."""
        offer = session.flow.page.reuse if session.flow.page.question.id == field_id else None
        if offer is None:
            raise KioskError(tr("没有可以复用的材料"), detail=f"no reuse offer for {field_id}")
        material_type = session.form.question(field_id).material_type
        assert material_type is not None
        self.materials.record_use(
            offer.sha256,
            person_key=session.draft.person_key,
            material_type=material_type.code,
            valid_until=date.fromisoformat(offer.valid_until) if offer.valid_until else None,
            draft_id=session.draft.draft_id,
        )
        return {"sha256": offer.sha256, "source": "reused"}

    def submit(self, session: DraftSession, *, today: date, actor: str) -> Application:
        """提交申请: queues the application and issues its receipt number, network or not."""
        answers = self.drafts.answers(session.draft.draft_id)
        problems = session.form.problems(answers, today=today, regions=self._regions)
        if problems:
            raise IncompleteApplication(problems)
        payload = {
            "service_code": session.form.code,
            "services": list(session.form.services),
            "catalog_version": session.form.catalog_version,
            "form_hash": session.form.form_hash,
            "answers": session.form.submission(answers, today=today),
            "materials_owed": [m.type.code for m in session.form.materials_owed(answers)],
        }
        return self.outbox.enqueue(session.draft.draft_id, payload=payload, actor=actor)
