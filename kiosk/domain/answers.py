"""Checking and normalising one answer to one form field.

An answer arrives from the screen as loosely typed input (text typed on the keypad, a choice
tapped, a date picked) and leaves as the canonical JSON value that is saved, synced and
shown on the review page:

========================  ===========================================================
type                      stored value
========================  ===========================================================
text, name, phone,        normalised ``str`` (mobile as 11 digits, ID as 18 characters,
id_number, bank_account   bank account digits only)
date                      ``"YYYY-MM-DD"``
number, money             decimal ``str`` (``"1200.50"``): exact, never a float
single_choice             the option's ``value``
multi_choice              ``list`` of option values, in the catalogue's order
region                    ``{"code": "110105", "detail": "…"}`` (detail: 乡镇/村 below county)
material                  ``{"sha256": "…", "source": "captured"|"reused"}`` or
                          ``{"later": true}`` (容缺) when the catalogue allows it
signature                 ``{"kind": "drawn", "sha256": "…"}`` (the image is a stored
                          material; an old draft's ``{"sha256": "…"}`` reads as drawn) or
                          ``{"kind": "confirmed", "statement": "我确认以上内容属实"}``
                          (confirmed by one action instead of drawing)
consent                   ``true``
========================  ===========================================================

Messages name the field by its short title so the error summary can say which one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from kiosk.domain.catalog import DateRange, FieldType, FormField, Supply
from kiosk.domain.contact import (
    normalize_mobile,
    normalize_person_name,
    validate_mobile,
    validate_person_name,
)
from kiosk.domain.identity import check_id_number
from kiosk.domain.regions import RegionTable
from kiosk.i18n import tr

TEXT_MAX_DEFAULT = 200
REGION_DETAIL_MAX = 100
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class SignatureKind(StrEnum):
    DRAWN = "drawn"
    """Drawn on the pad with a finger; the image is a stored material."""
    CONFIRMED = "confirmed"
    """A statement (我确认以上内容属实) confirmed by one action: keypad or blind residents."""


# i18n: keep (stored with the application as what was confirmed; the screen shows it translated)
CONFIRMED_STATEMENT = "我确认以上内容属实"
_MONEY_MAX = Decimal("100000000")  # 1亿: no kiosk form asks for more; stops absurd input.


@dataclass(frozen=True)
class FieldError:
    field_id: str
    title: str
    message: str
    """Plain Chinese, names the field: shown beside it and in the error summary, and spoken."""


@dataclass(frozen=True)
class Accepted:
    value: object
    """The canonical value to store; ``None`` means "no answer" (allowed when optional)."""


def field_title(form_field: FormField) -> str:
    return form_field.title or form_field.label


def is_empty(raw: object) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return raw.strip() == ""
    if isinstance(raw, list | tuple | dict | set):
        return len(raw) == 0
    return False


def check_answer(
    form_field: FormField,
    raw: object,
    *,
    required: bool,
    today: date,
    supply: Supply | None = None,
    regions: RegionTable | None = None,
) -> Accepted | FieldError:
    """Validates ``raw`` for ``form_field``; returns the value to store or a field error."""
    title = field_title(form_field)

    def error(message: str) -> FieldError:
        return FieldError(form_field.id, title, message)

    if is_empty(raw):
        if form_field.type == FieldType.CONSENT and required:
            return error(tr("请阅读并勾选“{title}”后再继续").format(title=title))
        if required:
            if form_field.type in (FieldType.MATERIAL, FieldType.SIGNATURE):
                return error(tr("请提供{title}").format(title=title))
            if form_field.type in _PICKED_TYPES:
                return error(tr("请选择{title}").format(title=title))
            return error(tr("请填写{title}").format(title=title))
        return Accepted(None)
    checker = _CHECKERS[form_field.type]
    try:
        return Accepted(checker(form_field, raw, today=today, supply=supply, regions=regions))
    except _Refused as refused:
        return error(refused.message)


class _Refused(Exception):
    def __init__(self, message: str) -> None:
        self.message = message


_PICKED_TYPES = frozenset(
    {
        FieldType.DATE,
        FieldType.SINGLE_CHOICE,
        FieldType.MULTI_CHOICE,
        FieldType.REGION,
    }
)


def clean_text(text: str) -> str:
    """NFC, control characters removed, runs of whitespace collapsed (input may be pasted)."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch in "\t\n ")
    return re.sub(r"\s+", " ", text).strip()


def _text(form_field: FormField, raw: object, **_: object) -> object:
    if not isinstance(raw, str):
        raise _Refused(tr("请输入文字"))
    text = clean_text(raw)
    low = form_field.min_length or 0
    high = form_field.max_length or TEXT_MAX_DEFAULT
    if len(text) < low:
        raise _Refused(
            tr("{title}至少要 {low} 个字").format(title=field_title(form_field), low=low)
        )
    if len(text) > high:
        raise _Refused(
            tr("{title}最多 {high} 个字，现在是 {n} 个").format(
                title=field_title(form_field), high=high, n=len(text)
            )
        )
    return text


def _id_number(form_field: FormField, raw: object, *, today: date, **_: object) -> object:
    if not isinstance(raw, str):
        raise _Refused(tr("请输入身份证号码"))
    check = check_id_number(raw, today=today)
    if not check.valid:
        raise _Refused(
            tr("{title}不正确：{reason}").format(
                title=field_title(form_field), reason=tr(check.reason)
            )
        )
    return check.normalized


def _name(form_field: FormField, raw: object, **_: object) -> object:
    if not isinstance(raw, str):
        raise _Refused(tr("请输入姓名"))
    problem = validate_person_name(raw)
    if problem:
        raise _Refused(
            tr("{title}：{problem}").format(title=field_title(form_field), problem=tr(problem))
        )
    return normalize_person_name(raw)


def _phone(form_field: FormField, raw: object, **_: object) -> object:
    if not isinstance(raw, str):
        raise _Refused(tr("请输入手机号码"))
    problem = validate_mobile(raw)
    if problem:
        raise _Refused(
            tr("{title}：{problem}").format(title=field_title(form_field), problem=tr(problem))
        )
    return normalize_mobile(raw)


def _date(form_field: FormField, raw: object, *, today: date, **_: object) -> object:
    if isinstance(raw, date):
        value = raw
    elif isinstance(raw, str):
        try:
            value = date.fromisoformat(raw.strip())
        except ValueError:
            raise _Refused(
                tr("{title}不是有效的日期").format(title=field_title(form_field))
            ) from None
    else:
        raise _Refused(tr("{title}不是有效的日期").format(title=field_title(form_field)))
    if value.year < 1900:
        raise _Refused(tr("{title}不能早于1900年").format(title=field_title(form_field)))
    if form_field.date_range == DateRange.PAST and value > today:
        raise _Refused(tr("{title}不能晚于今天").format(title=field_title(form_field)))
    if form_field.date_range == DateRange.FUTURE and value < today:
        raise _Refused(tr("{title}不能早于今天").format(title=field_title(form_field)))
    return value.isoformat()


def _decimal(raw: object) -> Decimal | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | Decimal):
        value = Decimal(raw)
    elif isinstance(raw, str):
        text = unicodedata.normalize("NFKC", raw).replace(",", "").replace("，", "").strip()
        if not re.fullmatch(r"-?\d{1,12}(\.\d{1,6})?", text):
            return None
        try:
            value = Decimal(text)
        except InvalidOperation:
            return None
    else:
        # Floats are refused on purpose: 0.1 + 0.2 is not money.
        return None
    # Bounded so that quantize() can never overflow the decimal context.
    return value if value.is_finite() and abs(value) < Decimal(10) ** 12 else None


def _number(form_field: FormField, raw: object, **_: object) -> object:
    value = _decimal(raw)
    title = field_title(form_field)
    if value is None:
        raise _Refused(tr("{title}请输入数字").format(title=title))
    places = form_field.decimals or 0
    if value != value.quantize(Decimal(1).scaleb(-places)):
        raise _Refused(
            tr("{title}请输入整数").format(title=title)
            if places == 0
            else tr("{title}最多保留 {places} 位小数").format(title=title, places=places)
        )
    return _bounded(form_field, value, places=places)


def _money(form_field: FormField, raw: object, **_: object) -> object:
    value = _decimal(raw)
    title = field_title(form_field)
    if value is None:
        raise _Refused(tr("{title}请输入金额，例如 1200.50").format(title=title))
    if value != value.quantize(Decimal("0.01")):
        raise _Refused(tr("{title}最多到分（两位小数）").format(title=title))
    if value < 0 and (form_field.minimum is None or form_field.minimum >= 0):
        raise _Refused(tr("{title}不能是负数").format(title=title))
    if abs(value) > _MONEY_MAX:
        raise _Refused(tr("{title}数额太大，请核对").format(title=title))
    return _bounded(form_field, value, places=2)


def _bounded(form_field: FormField, value: Decimal, *, places: int) -> object:
    title = field_title(form_field)
    if form_field.minimum is not None and value < form_field.minimum:
        raise _Refused(
            tr("{title}不能小于 {minimum}").format(title=title, minimum=form_field.minimum)
        )
    if form_field.maximum is not None and value > form_field.maximum:
        raise _Refused(
            tr("{title}不能大于 {maximum}").format(title=title, maximum=form_field.maximum)
        )
    return f"{value.quantize(Decimal(1).scaleb(-places)):f}"


def _single_choice(form_field: FormField, raw: object, **_: object) -> object:
    values = [o.value for o in form_field.options or ()]
    if raw not in values:
        raise _Refused(tr("请从给出的选项中选择{title}").format(title=field_title(form_field)))
    return raw


def _multi_choice(form_field: FormField, raw: object, **_: object) -> object:
    values = [o.value for o in form_field.options or ()]
    if not isinstance(raw, list | tuple | set) or any(v not in values for v in raw):
        raise _Refused(tr("请从给出的选项中选择{title}").format(title=field_title(form_field)))
    chosen = set(raw)
    return [v for v in values if v in chosen]


def _region(
    form_field: FormField, raw: object, *, regions: RegionTable | None = None, **_: object
) -> object:
    title = field_title(form_field)
    if isinstance(raw, str):
        raw = {"code": raw}
    if not isinstance(raw, dict) or not isinstance(raw.get("code"), str):
        raise _Refused(tr("请选择{title}").format(title=title))
    table = regions or RegionTable.load_default()
    region = table.get(raw["code"])
    if region is None or region.retired:
        raise _Refused(tr("{title}：请从列表中选择现在的地区").format(title=title))
    depth = form_field.region_depth or 3
    if region.level < min(depth, 3):
        raise _Refused(tr("{title}：请继续选到下一级").format(title=title))
    detail = raw.get("detail")
    if detail is not None and not isinstance(detail, str):
        raise _Refused(tr("{title}：请填写乡镇（街道）和村（社区）").format(title=title))
    detail = clean_text(detail or "")
    # The shipped table ends at county level; below it the kiosk's local list or the
    # resident's words name the township and village.
    if depth > 3 and not detail:
        raise _Refused(tr("{title}：请填写乡镇（街道）和村（社区）").format(title=title))
    if len(detail) > REGION_DETAIL_MAX:
        raise _Refused(
            tr("{title}：地址太长，最多 {n} 个字").format(title=title, n=REGION_DETAIL_MAX)
        )
    value: dict[str, str] = {"code": region.code}
    if detail:
        value["detail"] = detail
    return value


def _bank_account(form_field: FormField, raw: object, **_: object) -> object:
    if not isinstance(raw, str):
        raise _Refused(tr("请输入银行账号"))
    digits = re.sub(r"[\s-]", "", unicodedata.normalize("NFKC", raw))
    # No Luhn check: passbook (存折) and rural credit cooperative accounts often fail it.
    if not re.fullmatch(r"\d{10,30}", digits):
        raise _Refused(tr("{title}应为10到30位数字").format(title=field_title(form_field)))
    return digits


def _material(
    form_field: FormField, raw: object, *, supply: Supply | None = None, **_: object
) -> object:
    title = field_title(form_field)
    if not isinstance(raw, dict):
        raise _Refused(tr("请提供{title}").format(title=title))
    if raw.get("later") is True and set(raw) == {"later"}:
        if supply == Supply.LATER:
            return {"later": True}
        raise _Refused(tr("{title}需要现在提供，不能以后补交").format(title=title))
    sha = raw.get("sha256")
    source = raw.get("source", "captured")
    if not isinstance(sha, str) or not _SHA256.match(sha) or source not in ("captured", "reused"):
        raise _Refused(tr("请重新拍摄{title}").format(title=title))
    return {"sha256": sha, "source": source}


def _signature(form_field: FormField, raw: object, **_: object) -> object:
    # Confirmed by one action (a keypad's Enter) instead of drawn: WCAG 2.5.7 / 2.5.1, and
    # a blind resident cannot find the pad. Kept apart so the server and staff can tell.
    if isinstance(raw, dict) and raw.get("kind") == SignatureKind.CONFIRMED:
        statement = raw.get("statement")
        if (
            not isinstance(statement, str)
            or not statement.strip()
            or set(raw)
            != {
                "kind",
                "statement",
            }
        ):
            raise _Refused(tr("请确认以上内容属实"))
        return {"kind": SignatureKind.CONFIRMED.value, "statement": clean_text(statement)}
    sha = raw.get("sha256") if isinstance(raw, dict) else None
    kind = raw.get("kind", SignatureKind.DRAWN) if isinstance(raw, dict) else None
    if not isinstance(sha, str) or not _SHA256.match(sha) or kind != SignatureKind.DRAWN:
        raise _Refused(tr("请在框内签名"))
    return {"kind": SignatureKind.DRAWN.value, "sha256": sha}


def _consent(form_field: FormField, raw: object, **_: object) -> object:
    if raw is not True:
        raise _Refused(tr("请阅读并勾选“{title}”后再继续").format(title=field_title(form_field)))
    return True


_CHECKERS = {
    FieldType.TEXT: _text,
    FieldType.ID_NUMBER: _id_number,
    FieldType.NAME: _name,
    FieldType.PHONE: _phone,
    FieldType.DATE: _date,
    FieldType.NUMBER: _number,
    FieldType.MONEY: _money,
    FieldType.SINGLE_CHOICE: _single_choice,
    FieldType.MULTI_CHOICE: _multi_choice,
    FieldType.REGION: _region,
    FieldType.BANK_ACCOUNT: _bank_account,
    FieldType.MATERIAL: _material,
    FieldType.SIGNATURE: _signature,
    FieldType.CONSENT: _consent,
}
