"""The service catalogue (事项目录) as data: pydantic models and the published JSON Schema.

A catalogue comes from the network or a USB stick, so it is untrusted input. These models
only describe its *shape*; the cross-references (bundle members exist, expressions name real
fields, materials are declared ...) are checked in :mod:`kiosk.domain.catalog_rules`, and
:func:`kiosk.domain.catalog_rules.load_catalog` turns any failure into one Chinese message
that names the item and the field.

Field ids are a shared vocabulary (数据元) across the whole catalogue: two services that both
ask ``applicant_phone`` ask the same question, which is what lets a bundle (一件事) ask it once
(一表申请) and lets later applications prefill it.
"""

from __future__ import annotations

import json
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from kiosk.i18n import N_

SCHEMA_VERSION = 1

Code = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"),
    Field(description="编码：字母、数字、下划线、点或连字符，最长 64 位"),
]
FieldId = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,47}$"),
    Field(description="字段标识（数据元）：小写字母开头，小写字母、数字、下划线"),
]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
Sentence = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
ExpressionText = Annotated[
    str,
    StringConstraints(min_length=1, max_length=2000),
    Field(description="条件表达式，语法见 docs/expressions.md"),
]


class _Model(BaseModel):
    # Unknown keys are an error: a typo such as "requird" must not silently make a field optional.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Category(StrEnum):
    """Home-screen tiles group services by these (the names residents use)."""

    PENSION = N_("养老")
    MEDICAL_INSURANCE = N_("医保")
    SOCIAL_SECURITY = N_("社保")
    SOCIAL_ASSISTANCE = N_("民政救助")
    HOUSEHOLD_REGISTRATION = N_("户籍")
    DISABILITY = N_("残疾人")
    OTHER = N_("其他")


class FieldType(StrEnum):
    TEXT = "text"
    ID_NUMBER = "id_number"
    NAME = "name"
    PHONE = "phone"
    DATE = "date"
    NUMBER = "number"
    MONEY = "money"
    SINGLE_CHOICE = "single_choice"
    MULTI_CHOICE = "multi_choice"
    REGION = "region"
    BANK_ACCOUNT = "bank_account"
    MATERIAL = "material"
    SIGNATURE = "signature"
    CONSENT = "consent"


class Prefill(StrEnum):
    """Facts the kiosk knows from the identity step (ID card, QR code or typed number)."""

    NAME = "identity.name"
    ID_NUMBER = "identity.id_number"
    SEX = "identity.sex"
    BIRTH_DATE = "identity.birth_date"
    AGE = "identity.age"
    REGION = "identity.region"
    ADDRESS = "identity.address"


class Supply(StrEnum):
    """How a material must be supplied."""

    REQUIRED = "required"
    """Needed before the application can be submitted."""
    OPTIONAL = "optional"
    """Helps the case; the application is complete without it."""
    LATER = "later"
    """容缺受理: the application is accepted now and the material may follow later."""


class DateRange(StrEnum):
    ANY = "any"
    PAST = "past"
    FUTURE = "future"


class Option(_Model):
    value: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    label: ShortText


class Rule(_Model):
    """A cross-field check: when ``check`` is false the answer is refused with ``message``."""

    check: ExpressionText
    message: Sentence


class FormField(_Model):
    id: FieldId
    type: FieldType
    label: Annotated[ShortText, Field(description="问题（每页的大标题）")]
    title: ShortText | None = Field(
        default=None, description="简短名称，用于核对页和错误提示（不填则用问题）"
    )
    hint: Sentence | None = Field(default=None, description="一行提示")
    group: ShortText | None = Field(default=None, description="核对页上的分组")
    required: bool = True
    required_if: ExpressionText | None = None
    visible_if: ExpressionText | None = None
    prefill: Prefill | None = None
    options: list[Option] | None = Field(default=None, max_length=60)
    min_length: int | None = Field(default=None, ge=0, le=500)
    max_length: int | None = Field(default=None, ge=1, le=500)
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    decimals: int | None = Field(default=None, ge=0, le=4, description="小数位数（number）")
    date_range: DateRange = DateRange.ANY
    region_depth: int | None = Field(
        default=None, ge=1, le=5, description="地区选到第几级：1 省 2 市 3 县 4 乡镇 5 村"
    )
    material: Code | None = Field(default=None, description="material 字段对应的材料编码")
    consent_text: Sentence | None = Field(default=None, description="consent 字段的同意声明")
    rules: list[Rule] = Field(default_factory=list, max_length=10)


class Form(_Model):
    version: Annotated[str, StringConstraints(min_length=1, max_length=32)]
    fields: list[FormField] = Field(min_length=1, max_length=200)


class MaterialType(_Model):
    """A kind of document, shared across services so that one copy can be reused (材料复用)."""

    code: Code
    name: ShortText
    reusable: bool = Field(default=True, description="可否在以后的申请中复用")
    valid_days: int | None = Field(
        default=None, ge=1, le=36500, description="复用有效期（天）；不填为长期有效"
    )


class MaterialRequirement(_Model):
    type: Code = Field(description="材料类型编码（material_types 中的 code）")
    supply: Supply = Supply.REQUIRED
    copies: int = Field(default=1, ge=1, le=20)
    note: Sentence | None = None


class Fee(_Model):
    amount: Decimal = Field(default=Decimal(0), ge=0)
    note: ShortText = "不收费"  # i18n: keep


class TimeLimit(_Model):
    promised_working_days: int = Field(ge=0, le=3650, description="承诺时限（工作日），0 为即办")
    legal_working_days: int | None = Field(default=None, ge=0, le=3650, description="法定时限")


class Service(_Model):
    """One service item (事项) with the standard elements of a 办事指南."""

    code: Code = Field(description="事项编码")
    name: ShortText = Field(description="事项名称")
    category: Category
    department: ShortText = Field(description="实施主体")
    legal_basis: list[Sentence] = Field(min_length=1, max_length=20, description="设定依据")
    summary: Sentence = Field(description="一句话说明这件事办什么")
    eligibility: list[Sentence] = Field(min_length=1, max_length=20, description="谁可以申请")
    materials: list[MaterialRequirement] = Field(default_factory=list, max_length=40)
    time_limit: TimeLimit
    fee: Fee = Field(default_factory=Fee)
    locations: list[Sentence] = Field(min_length=1, max_length=20, description="办理地点")
    phone: Annotated[str, StringConstraints(pattern=r"^[0-9-]{3,20}$")] = Field(
        description="咨询电话"
    )
    keywords: list[ShortText] = Field(default_factory=list, max_length=20)
    proxy_allowed: bool = Field(default=True, description="可否帮办代办")
    form: Form


class Bundle(_Model):
    """一件事: several services applied for with one merged form (一表申请)."""

    code: Code
    name: ShortText
    summary: Sentence
    department: ShortText = Field(description="牵头部门")
    members: list[Code] = Field(min_length=2, max_length=20, description="包含的事项编码")
    keywords: list[ShortText] = Field(default_factory=list, max_length=20)


class Catalog(_Model):
    schema_version: Literal[1] = SCHEMA_VERSION
    version: Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z._-]{1,40}$")]
    published_at: Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$")]
    issuer: ShortText
    material_types: list[MaterialType] = Field(default_factory=list, max_length=500)
    services: list[Service] = Field(min_length=1, max_length=2000)
    bundles: list[Bundle] = Field(default_factory=list, max_length=200)


def catalog_json_schema() -> dict:
    """The schema published as ``docs/catalog.schema.json`` (a test keeps the file current)."""
    schema = Catalog.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "urn:zhengwu-kiosk:catalog-schema:1"
    schema["title"] = "政务服务事项目录 (service catalogue)"  # i18n: keep
    return schema


def render_json_schema() -> str:
    return json.dumps(catalog_json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
