"""The scripted journey behind ``kiosk demo --headless``, driven through the real flows and store.

Two synthetic residents at a village kiosk with no network:

1. an 86-year-old applies for 高龄津贴 (his 户口簿 may follow later: 容缺) and gets a receipt
   number at once;
2. a young mother, who supplied her 户口簿 for an earlier application, applies for
   新生儿出生一件事: the bundle asks shared questions once and offers her 户口簿 again (材料复用).

Every answer goes through :class:`~kiosk.flows.wizard.WizardFlow` and is saved durably before
the next question; what each page would speak is written to the transcript. The screens,
screenshots, printed receipt and the sync stage join this journey as those capabilities land.
"""

from __future__ import annotations

import json
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kiosk.app import Kiosk
from kiosk.applications import ApplicationService, DraftSession
from kiosk.domain.catalog import FieldType, Supply
from kiosk.domain.forms import IdentityFacts
from kiosk.domain.identity import Sex, check_id_number, compose_id_number
from kiosk.flows.wizard import ReviewReady, WizardPage
from kiosk.storage.keys import load_or_create_device_secret

ACTOR = "kiosk:demo"
MAX_PAGES = 200


@dataclass
class Resident:
    facts: IdentityFacts
    phone: str
    answers: dict[str, object] = field(default_factory=dict)
    """Scripted answers for questions the generic answers below would get wrong."""
    later: frozenset[str] = frozenset()
    """Material questions answered 以后补交 (容缺) when the catalogue allows it."""


def _resident(region: str, born: date, sequence: int, name: str, phone: str) -> Resident:
    number = compose_id_number(region, birth_date=born, sequence=sequence)
    check = check_id_number(number)
    facts = IdentityFacts(
        id_number=number,
        name=name,
        sex=check.sex,
        birth_date=check.birth_date,
        region_code=region,
        address="示例县示例镇示例村1组",
    )
    return Resident(facts=facts, phone=phone)


def synthetic_png(label: int, *, size: int = 64) -> bytes:
    """A small grey PNG standing in for a document photo until the camera stand-in lands."""
    shade = 60 + (label * 37) % 160
    rows = b"".join(b"\x00" + bytes([shade, shade, shade]) * size for _ in range(size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


class _Journey:
    def __init__(self, kiosk: Kiosk, out: Path, today: date) -> None:
        self.today = today
        self.service = ApplicationService(
            kiosk.store,
            catalogs=kiosk.catalogs,
            device_secret=load_or_create_device_secret(kiosk.data_dir),
            material_root=kiosk.data_dir / "materials",
            device_code=kiosk.settings.receipt_prefix,
        )
        self.screens: list[str] = []
        self.transcript: list[str] = []
        self.applications: list[dict] = []
        self.sync: dict | None = None
        """What the sync stage did (None: the demo stayed offline)."""
        self._photos = 0

    def apply(self, code: str, resident: Resident) -> dict:
        session = self.service.start(code, applicant=resident.facts, today=self.today, actor=ACTOR)
        self._see("guide", f"{session.form.name}。请按提示一步一步填写。")
        page: WizardPage | ReviewReady = session.flow.page
        for _ in range(MAX_PAGES):
            if isinstance(page, ReviewReady):
                break
            self._see(f"wizard:{page.question.id}", page.prompt)
            page = self._answer(session, page, resident)
        else:
            raise RuntimeError(f"{code}: the scripted answers never reached the review page")
        if page.problems:
            raise RuntimeError(
                f"{code}: review has problems: {[p.field_id for p in page.problems]}"
            )
        self._see("review", "请核对您填写的内容，没有问题请点提交申请。")
        application = self.service.submit(session, today=self.today, actor=ACTOR)
        owed = session.form.materials_owed(self.service.drafts.answers(session.draft.draft_id))
        owed_text = "、".join(m.type.name for m in owed)
        self._see(
            "receipt",
            f"申请已提交。回执编号 {application.receipt_no}。"
            "网络暂不可用，申请已保存在本机，恢复后自动提交。"
            + (f"还需要补交：{owed_text}。" if owed_text else ""),
        )
        row = {
            "service": code,
            "receipt": application.receipt_no,
            "state": application.state.value,
            "server_id": application.server_id,
            "materials_owed": [m.type.code for m in owed],
            "reused_materials": sorted(
                qid
                for qid, value in application.payload["answers"].items()
                if isinstance(value, dict) and value.get("source") == "reused"
            ),
        }
        self.applications.append(row)
        return row

    def _answer(
        self, session: DraftSession, page: WizardPage, resident: Resident
    ) -> WizardPage | ReviewReady:
        question = page.question
        kind = question.field.type
        if question.id in resident.answers:
            return session.flow.answer(resident.answers[question.id])
        if kind == FieldType.MATERIAL:
            if page.reuse is not None:
                return session.flow.answer(self.service.reuse_material(session, question.id))
            if question.id in resident.later and question.supply == Supply.LATER:
                return session.flow.answer({"later": True})
            self._photos += 1
            value = self.service.capture_material(
                session,
                question.id,
                synthetic_png(self._photos),
                mime="image/png",
                today=self.today,
            )
            return session.flow.answer(value)
        if kind == FieldType.SIGNATURE:
            self._photos += 1
            sha = self.service.materials.put(synthetic_png(self._photos), mime="image/png")
            return session.flow.answer({"sha256": sha})
        if page.prefilled:
            value = page.value
            if kind == FieldType.REGION and isinstance(value, dict):
                value = {**value, "detail": "示例镇示例村"}
            return session.flow.answer(value)
        for candidate in self._candidates(question.field, resident):
            result = session.flow.answer(candidate)
            if isinstance(result, ReviewReady) or not result.errors:
                return result
        raise RuntimeError(f"no scripted answer accepted for {question.id}")

    def _candidates(self, form_field, resident: Resident) -> list[object]:
        kind = form_field.type
        facts = resident.facts
        if kind in (FieldType.SINGLE_CHOICE,):
            return [o.value for o in form_field.options or ()]
        if kind == FieldType.MULTI_CHOICE:
            return [[o.value] for o in form_field.options or ()]
        if kind == FieldType.PHONE:
            return [resident.phone]
        if kind == FieldType.NAME:
            return [facts.name]
        if kind == FieldType.ID_NUMBER:
            return [facts.id_number]
        if kind == FieldType.DATE:
            return [facts.birth_date.isoformat() if facts.birth_date else "1950-01-01"]
        if kind == FieldType.NUMBER:
            low = int(form_field.minimum) if form_field.minimum is not None else 1
            return [str(max(low, 1))]
        if kind == FieldType.MONEY:
            return ["800.00"]
        if kind == FieldType.REGION:
            return [{"code": facts.region_code, "detail": "示例镇示例村"}]
        if kind == FieldType.BANK_ACCOUNT:
            return ["6217000010001234567"]
        if kind == FieldType.CONSENT:
            return [True]
        return ["示例"]

    def _see(self, screen: str, speech: str) -> None:
        self.screens.append(screen)
        self.transcript.append(f"[{screen}] {speech}")


ScreenJourney = Callable[..., dict]
"""Drives the real screens through the journey (``kiosk.app.demo_screens``); called as
``screens(kiosk, out=..., today=..., between=...)``, returns ``{"screens", "scales",
"screenshots", "transcript", "receipts", "receipt_pdf"}``. ``between()`` runs after the
residents have submitted and before the progress query."""


SyncStage = Callable[[Kiosk], dict]
"""The link comes back (``sync.demo.DemoSyncStage``, given by ``kiosk.cli``: the core does
not import sync): enrol, drain the queue, bring status news back; returns what happened."""


def _between_submissions_and_queries(
    kiosk: Kiosk, journey: _Journey, sync_stage: SyncStage | None
) -> None:
    """What happens after the submissions and before the progress query (the sync stage)."""
    if sync_stage is not None:
        journey.sync = sync_stage(kiosk)


def _application_row(journey: _Journey, receipt: str) -> dict:
    application = journey.service.outbox.find_by_receipt(receipt)
    if application is None:
        raise RuntimeError(f"receipt {receipt} is not in the outbox")
    answers = application.payload["answers"]
    return {
        "service": application.service_code,
        "receipt": application.receipt_no,
        "state": application.state.value,
        "server_id": application.server_id,
        "materials_owed": list(application.payload.get("materials_owed", [])),
        "reused_materials": sorted(
            qid
            for qid, value in answers.items()
            if isinstance(value, dict) and value.get("source") == "reused"
        ),
    }


def run_demo(
    kiosk: Kiosk,
    *,
    out: Path,
    today: date,
    screens: ScreenJourney | None = None,
    sync_stage: SyncStage | None = None,
) -> dict:
    """Runs the scripted journey; writes ``summary.json`` and the transcript into ``out``.

    With ``screens`` the residents go through the real screens (offscreen), photographed at
    each font scale; without, through the flows alone (no Qt). With ``sync_stage`` the link
    comes back before the progress query; without, everything stays queued (offline)."""
    out.mkdir(parents=True, exist_ok=True)
    journey = _Journey(kiosk, out, today)
    if screens is not None:
        shots = screens(
            kiosk,
            out=out,
            today=today,
            between=lambda: _between_submissions_and_queries(kiosk, journey, sync_stage),
        )
        return _write_summary(
            out,
            screens=shots["screens"],
            scales=shots["scales"],
            screenshots=shots["screenshots"],
            applications=[_application_row(journey, r) for r in shots["receipts"]],
            transcript=shots["transcript"],
            receipt_pdf=shots["receipt_pdf"],
            sync=journey.sync,
        )

    elder = _resident("110105", date(1940, 5, 6), 31, "张秀英", "13800000001")
    elder.later = frozenset({"material_hukou_booklet"})
    journey.apply("DEMO-MZ-001", elder)

    mother = _resident("110105", date(1996, 8, 9), 42, "李娜", "13800000002")
    # Her 户口簿, supplied with an earlier application, is offered again in the bundle.
    journey.apply("DEMO-RS-001", mother)
    baby_birth = date(2026, 11, 10)
    mother.answers = {
        "guardian_relation": "mother",
        "mother_name": mother.facts.name,
        "mother_id_number": mother.facts.id_number,
        "father_name": "王强",
        "father_id_number": compose_id_number("110105", birth_date=date(1994, 3, 2), sequence=17),
        "baby_name": "王小满",
        "baby_sex": Sex.FEMALE.value,
        "baby_birth_date": baby_birth.isoformat(),
        "baby_id_number": compose_id_number("110105", birth_date=baby_birth, sequence=24),
        "settle_with": "mother",
        "beneficiary": "newborn",
    }
    journey.apply("DEMO-YJS-001", mother)
    _between_submissions_and_queries(kiosk, journey, sync_stage)
    return _write_summary(
        out,
        screens=journey.screens,
        scales=[],
        screenshots=[],
        applications=[_application_row(journey, a["receipt"]) for a in journey.applications],
        transcript=journey.transcript,
        receipt_pdf=None,
        sync=journey.sync,
    )


def _write_summary(
    out: Path,
    *,
    screens: list[str],
    scales: list[str],
    screenshots: list[str],
    applications: list[dict],
    transcript: list[str],
    receipt_pdf: str | None,
    sync: dict | None = None,
) -> dict:
    transcript_path = out / "speech_transcript.txt"
    transcript_path.write_text("\n".join(transcript) + "\n", encoding="utf-8")
    summary = {
        "screens": screens,
        "scales": scales,
        "screenshots": screenshots,
        "applications": applications,
        "speech_transcript": str(transcript_path),
        "receipt_pdf": receipt_pdf,
        "sync": sync,
    }
    (out / "summary.json").write_text(
        json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return summary
