"""Queueing an application without the screens: ``kiosk submit`` (staff bulk entry, demos,
load tests).

Answers go through the same :class:`~kiosk.flows.wizard.WizardFlow` and store as at the
kiosk, page by page, so every rule of the form holds: a bulk-entered application is checked
exactly like one typed by a resident, and gets its receipt number the same way.

Two sources of answers:

- an answers file: ``{"field_id": value, ...}``; the applicant is the person whose ID number
  is the answer to the field prefilled from the ID card; a material or signature field may
  name a file (``{"file": "scan.jpg"}``);
- synthetic answers (``--demo-answers``): a made-up person with a valid ID number (never a
  real one) and a valid answer for every question, for demos and load tests.

Images given with ``--material [TYPE=]IMAGE`` fill the material question of that catalogue
type, or without a type the material questions in form order.
"""

from __future__ import annotations

import random
import struct
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from kiosk.applications import ApplicationService, DraftSession
from kiosk.catalogs import CatalogService
from kiosk.domain.catalog import FieldType, Prefill, Supply
from kiosk.domain.forms import IdentityFacts, ResolvedForm
from kiosk.domain.identity import check_id_number, compose_id_number
from kiosk.errors import KioskError
from kiosk.flows.wizard import ReviewReady, WizardPage
from kiosk.storage.outbox_repo import Application

MAX_PAGES = 300
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国文辉玉萍红"
# Synthetic people live in real, current counties so region checks pass.
REGIONS = ("110105", "320106", "330106", "420106", "510104", "610113")
AGES = (86, 66, 45, 31, 24)
"""Tried in turn: forms have age rules (高龄津贴 wants 80+, 退休 wants retirement age)."""


class EntryError(KioskError):
    """An answers file, an image or an answer that cannot be used (message names which)."""


@dataclass(frozen=True)
class MaterialFile:
    type_code: str | None
    path: Path


def parse_material(text: str) -> MaterialFile:
    """``TYPE=IMAGE`` or ``IMAGE``."""
    type_code, sep, path = text.partition("=")
    if sep and type_code and "/" not in type_code:
        return MaterialFile(type_code=type_code, path=Path(path))
    return MaterialFile(type_code=None, path=Path(text))


def image_mime(data: bytes) -> str | None:
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    return None


def read_image(path: Path) -> tuple[bytes, str]:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise EntryError(
            f"读不到材料文件 {path}", detail=f"material file: {error.strerror}"
        ) from None
    mime = image_mime(data)
    if mime is None:
        raise EntryError(
            f"材料文件 {path} 不是 JPEG 或 PNG 图片", detail="material file: not an image"
        )
    return data, mime


def synthetic_png(label: int, *, size: int = 64) -> bytes:
    """A small grey PNG standing in for a document photo or a signature."""
    shade = 60 + (label * 37) % 160
    rows = b"".join(
        b"\x00" + bytes([shade, (shade + label) % 256, shade]) * size for _ in range(size)
    )

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


def synthetic_person(rng: random.Random, *, age: int, today: date) -> tuple[IdentityFacts, str]:
    """A made-up resident of ``age`` with a valid ID number, and a phone number."""
    region = rng.choice(REGIONS)
    born = date(today.year - age, 1, 1) + timedelta(days=rng.randrange(0, 300))
    if born > today - timedelta(days=365 * age):
        born = born.replace(year=born.year - 1)
    number = compose_id_number(region, birth_date=born, sequence=rng.randrange(1000))
    check = check_id_number(number)
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    phone = "13" + "".join(str(rng.randrange(10)) for _ in range(9))
    facts = IdentityFacts(
        id_number=number,
        name=name,
        sex=check.sex,
        birth_date=check.birth_date,
        region_code=region,
        address="示例县示例镇示例村1组",
    )
    return facts, phone


class _Filler:
    """Answers one form page by page; raises EntryError naming the field it cannot answer."""

    def __init__(
        self,
        service: ApplicationService,
        session: DraftSession,
        *,
        answers: Mapping[str, object] | None,
        materials: Sequence[tuple[MaterialFile, bytes, str]],
        facts: IdentityFacts,
        phone: str,
        today: date,
        rng: random.Random,
        base_dir: Path,
    ) -> None:
        self.service = service
        self.session = session
        self.answers = answers
        self.typed = {m.type_code: (data, mime) for m, data, mime in materials if m.type_code}
        self.untyped = [(data, mime) for m, data, mime in materials if not m.type_code]
        self.facts = facts
        self.phone = phone
        self.today = today
        self.rng = rng
        self.base_dir = base_dir

    def fill(self) -> None:
        page: WizardPage | ReviewReady = self.session.flow.page
        for _ in range(MAX_PAGES):
            if isinstance(page, ReviewReady):
                if page.problems:
                    first = page.problems[0]
                    raise EntryError(
                        f"{first.title}：{first.message}", detail=f"review: {first.field_id}"
                    )
                return
            page = self._answer(page)
        raise EntryError("表格填写没有结束", detail="too many pages")

    def _answer(self, page: WizardPage) -> WizardPage | ReviewReady:
        question = page.question
        kind = question.field.type
        flow = self.session.flow
        if kind in (FieldType.MATERIAL, FieldType.SIGNATURE):
            return flow.answer(self._material(page))
        if self.answers is not None and question.id in self.answers:
            return self._checked(page, flow.answer(self.answers[question.id]))
        if page.prefilled:
            value = page.value
            if kind == FieldType.REGION and isinstance(value, dict):
                value = {**value, "detail": "示例镇示例村"}
            return self._checked(page, flow.answer(value))
        if self.answers is not None and question.required:
            raise EntryError(
                f"答案文件缺少「{question.title}」（{question.id}）",
                detail=f"answers file lacks {question.id}",
            )
        result: WizardPage | ReviewReady = page
        for candidate in self._candidates(question.field):
            result = flow.answer(candidate)
            if isinstance(result, ReviewReady) or not result.errors:
                return result
        return self._checked(page, result)

    def _checked(self, page: WizardPage, result: WizardPage | ReviewReady) -> object:
        if isinstance(result, WizardPage) and result.errors:
            error = result.errors[0]
            raise EntryError(f"{error.title}：{error.message}", detail=f"field {error.field_id}")
        return result

    def _material(self, page: WizardPage) -> object:
        question = page.question
        material_type = question.material_type
        given = self.answers.get(question.id) if self.answers is not None else None
        if isinstance(given, Mapping) and "file" in given:
            data, mime = read_image(self.base_dir / str(given["file"]))
        elif material_type is not None and material_type.code in self.typed:
            data, mime = self.typed.pop(material_type.code)
        elif material_type is not None and self.untyped:
            data, mime = self.untyped.pop(0)
        elif given is not None:
            return given
        elif material_type is not None and page.reuse is not None:
            return self.service.reuse_material(self.session, question.id)
        elif question.supply == Supply.LATER:
            return {"later": True}
        elif self.answers is not None and question.required:
            raise EntryError(
                f"缺少材料「{question.title}」，请用 --material 给出图片",
                detail=f"no image for {question.id}",
            )
        else:
            data, mime = synthetic_png(self.rng.randrange(1 << 16)), "image/png"
        if question.field.type == FieldType.SIGNATURE:
            return {"sha256": self.service.materials.put(data, mime=mime)}
        return self.service.capture_material(
            self.session, question.id, data, mime=mime, today=self.today
        )

    def _candidates(self, form_field) -> list[object]:
        kind = form_field.type
        facts = self.facts
        if kind == FieldType.SINGLE_CHOICE:
            return [o.value for o in form_field.options or ()]
        if kind == FieldType.MULTI_CHOICE:
            return [[o.value] for o in form_field.options or ()]
        if kind == FieldType.PHONE:
            return [self.phone]
        if kind == FieldType.NAME:
            return [facts.name, "王小满"]
        if kind == FieldType.ID_NUMBER:
            relatives = [
                compose_id_number(facts.region_code or "110105", birth_date=born, sequence=n)
                for born, n in (
                    (self.today - timedelta(days=20), 24),
                    (date(1994, 3, 2), 17),
                    (date(1960, 6, 1), 33),
                )
            ]
            return [facts.id_number, *relatives]
        if kind == FieldType.DATE:
            return [
                (facts.birth_date or date(1950, 1, 1)).isoformat(),
                (self.today - timedelta(days=20)).isoformat(),
                (self.today - timedelta(days=400)).isoformat(),
                self.today.isoformat(),
                (self.today + timedelta(days=30)).isoformat(),
            ]
        if kind == FieldType.NUMBER:
            low = int(form_field.minimum) if form_field.minimum is not None else 1
            return [str(max(low, 1)), str(low), "0", "3"]
        if kind == FieldType.MONEY:
            return ["800.00", "0.00", "1.00"]
        if kind == FieldType.REGION:
            return [{"code": facts.region_code, "detail": "示例镇示例村"}]
        if kind == FieldType.BANK_ACCOUNT:
            return ["6217000010001234567"]
        if kind == FieldType.CONSENT:
            return [True]
        return ["示例", "示例镇示例村1组1号"]


def submit_application(
    service: ApplicationService,
    catalogs: CatalogService,
    code: str,
    *,
    today: date,
    actor: str,
    answers: Mapping[str, object] | None = None,
    materials: Sequence[MaterialFile] = (),
    rng: random.Random | None = None,
    base_dir: Path = Path("."),
) -> Application:
    """Queue one application for ``code``: from ``answers`` (a file's contents), or with
    synthetic answers when ``answers`` is None. Returns it, with its receipt number."""
    rng = rng or random.Random()
    images = [(m, *read_image(m.path)) for m in materials]
    if answers is not None:
        people = [(_applicant_from(catalogs.form(code), answers), "")]
    else:
        people = [synthetic_person(rng, age=age, today=today) for age in AGES]
    last_error: EntryError | None = None
    for facts, phone in people:
        session = service.start(code, applicant=facts, today=today, actor=actor)
        try:
            _Filler(
                service,
                session,
                answers=answers,
                materials=images,
                facts=facts,
                phone=phone,
                today=today,
                rng=rng,
                base_dir=base_dir,
            ).fill()
        except EntryError as error:
            service.drafts.abandon(session.draft.draft_id, actor=actor)
            last_error = error
            if answers is not None:
                break
            continue
        return service.submit(session, today=today, actor=actor)
    assert last_error is not None
    raise last_error


def _applicant_from(form: ResolvedForm, answers: Mapping[str, object]) -> IdentityFacts:
    for question in form.questions:
        if question.field.prefill == Prefill.ID_NUMBER:
            number = answers.get(question.id)
            check = check_id_number(str(number)) if isinstance(number, str) else None
            if check is None or not check.valid:
                raise EntryError(
                    f"答案文件中「{question.title}」（{question.id}）不是有效的身份证号码",
                    detail=f"answers file: {question.id} invalid",
                )
            return IdentityFacts(
                id_number=check.normalized or str(number),
                sex=check.sex,
                birth_date=check.birth_date,
                region_code=check.region_code,
            )
    raise EntryError(
        "这项服务的表格没有申请人身份证号码一栏，无法确定申请人",
        detail=f"{form.code}: no id_number prefill field",
    )
