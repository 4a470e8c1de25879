"""Answers as the resident reads them back (请核对, receipts): labels, not codes; ID numbers
and bank accounts masked, since the screen can be seen by whoever stands behind."""

from __future__ import annotations

from datetime import date

from kiosk.domain.catalog import FieldType
from kiosk.domain.forms import Question
from kiosk.domain.identity import mask_id_number
from kiosk.domain.regions import RegionTable

NOT_ANSWERED = "（未填写）"


def chinese_date(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def answer_text(question: Question, value: object, *, regions: RegionTable) -> str:
    kind = question.field.type
    if value is None or value == "" or value == []:
        if kind == FieldType.MATERIAL:
            return "不提供"
        return NOT_ANSWERED
    if kind == FieldType.ID_NUMBER and isinstance(value, str):
        return mask_id_number(value)
    if kind == FieldType.BANK_ACCOUNT and isinstance(value, str):
        return f"尾号{value[-4:]}"
    if kind == FieldType.DATE and isinstance(value, str):
        try:
            return chinese_date(date.fromisoformat(value))
        except ValueError:
            return value
    if kind == FieldType.MONEY:
        return f"{value}元"
    if kind == FieldType.SINGLE_CHOICE:
        labels = {o.value: o.label for o in question.field.options or ()}
        return labels.get(str(value), str(value))
    if kind == FieldType.MULTI_CHOICE and isinstance(value, list):
        labels = {o.value: o.label for o in question.field.options or ()}
        return "、".join(labels.get(v, v) for v in value)
    if kind == FieldType.REGION and isinstance(value, dict):
        place = regions.full_name(str(value.get("code", "")))
        detail = value.get("detail")
        return f"{place} {detail}" if detail else place
    if kind == FieldType.MATERIAL and isinstance(value, dict):
        if value.get("later"):
            return "以后补交"
        return "使用以前提交的" if value.get("source") == "reused" else "已拍照"
    if kind == FieldType.SIGNATURE:
        if isinstance(value, dict) and value.get("kind") == "confirmed":
            return f"已确认（{value.get('statement', '')}）"
        return "已签名"
    if kind == FieldType.CONSENT:
        return "已同意"
    return str(value)
