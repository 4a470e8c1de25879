"""Answers as the resident reads them back (请核对, receipts): labels, not codes; ID numbers
and bank accounts masked, since the screen can be seen by whoever stands behind."""

from __future__ import annotations

from datetime import date

from kiosk.domain.catalog import FieldType
from kiosk.domain.forms import Question
from kiosk.domain.identity import mask_id_number
from kiosk.domain.regions import RegionTable
from kiosk.i18n import N_, tr

NOT_ANSWERED = N_("（未填写）")


def chinese_date(value: date) -> str:
    """The date as the UI language writes it (2026年11月22日, 22/11/2026)."""
    return tr("{y}年{m}月{d}日").format(y=value.year, m=value.month, d=value.day)


def answer_text(question: Question, value: object, *, regions: RegionTable) -> str:
    kind = question.field.type
    if value is None or value == "" or value == []:
        if kind == FieldType.MATERIAL:
            return tr("不提供")
        return tr(NOT_ANSWERED)
    if kind == FieldType.ID_NUMBER and isinstance(value, str):
        return mask_id_number(value)
    if kind == FieldType.BANK_ACCOUNT and isinstance(value, str):
        return tr("尾号{digits}").format(digits=value[-4:])
    if kind == FieldType.DATE and isinstance(value, str):
        try:
            return chinese_date(date.fromisoformat(value))
        except ValueError:
            return value
    if kind == FieldType.MONEY:
        return tr("{amount}元").format(amount=value)
    if kind == FieldType.SINGLE_CHOICE:
        labels = {o.value: o.label for o in question.field.options or ()}
        return labels.get(str(value), str(value))
    if kind == FieldType.MULTI_CHOICE and isinstance(value, list):
        labels = {o.value: o.label for o in question.field.options or ()}
        return tr("、").join(labels.get(v, v) for v in value)
    if kind == FieldType.REGION and isinstance(value, dict):
        place = regions.full_name(str(value.get("code", "")))
        detail = value.get("detail")
        return f"{place} {detail}" if detail else place
    if kind == FieldType.MATERIAL and isinstance(value, dict):
        if value.get("later"):
            return tr("以后补交")
        return tr("使用以前提交的") if value.get("source") == "reused" else tr("已拍照")
    if kind == FieldType.SIGNATURE:
        if isinstance(value, dict) and value.get("kind") == "confirmed":
            return tr("已确认（{statement}）").format(statement=value.get("statement", ""))
        return tr("已签名")
    if kind == FieldType.CONSENT:
        return tr("已同意")
    return str(value)
