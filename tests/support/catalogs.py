"""Small catalogues built in code, so each test can break exactly one thing."""

from __future__ import annotations

import copy
import json


def _field(fid: str, ftype: str, label: str, **extra: object) -> dict:
    return {"id": fid, "type": ftype, "label": label, **extra}


_SEX = [{"value": "male", "label": "男"}, {"value": "female", "label": "女"}]


def mini_catalog() -> dict:
    common = {
        "category": "养老",
        "department": "示例县民政局",
        "legal_basis": ["《中华人民共和国老年人权益保障法》"],
        "eligibility": ["本县户籍居民"],
        "time_limit": {"promised_working_days": 10},
        "locations": ["示例县政务服务中心一楼综合窗口"],
        "phone": "0000-12345",
    }
    allowance = {
        **common,
        "code": "T-ALLOW",
        "name": "高龄津贴申领",
        "summary": "80周岁以上老年人按月领取津贴",
        "materials": [
            {"type": "HUKOU", "supply": "later"},
            {"type": "BANKCARD", "supply": "required"},
        ],
        "form": {
            "version": "1",
            "fields": [
                _field(
                    "applicant_name", "name", "您的姓名是？", title="姓名", prefill="identity.name"
                ),
                _field(
                    "applicant_id_number",
                    "id_number",
                    "您的身份证号码是？",
                    title="身份证号码",
                    prefill="identity.id_number",
                ),
                _field(
                    "applicant_birth_date",
                    "date",
                    "您的出生日期是？",
                    title="出生日期",
                    prefill="identity.birth_date",
                    date_range="past",
                    rules=[
                        {
                            "check": "age(applicant_birth_date) >= 80",
                            "message": "高龄津贴面向80周岁及以上老年人",
                        }
                    ],
                ),
                _field("applicant_phone", "phone", "您的手机号码是？", title="手机号码"),
                _field(
                    "living_alone",
                    "single_choice",
                    "您是一个人住吗？",
                    title="独居",
                    options=[{"value": "yes", "label": "是"}, {"value": "no", "label": "不是"}],
                ),
                _field(
                    "carer_phone",
                    "phone",
                    "照顾您的人的手机号码是？",
                    title="照顾人手机",
                    visible_if="living_alone == 'no'",
                    required=False,
                ),
                _field(
                    "material_hukou", "material", "请提供户口簿", title="户口簿", material="HUKOU"
                ),
                _field(
                    "consent",
                    "consent",
                    "同意授权查询",
                    title="授权",
                    consent_text="我同意工作人员为办理本事项查询我的户籍和社保信息。",
                ),
                _field("signature", "signature", "请签名", title="签名"),
            ],
        },
    }
    medical = {
        **common,
        "category": "医保",
        "department": "示例县医疗保障局",
        "code": "T-MED",
        "name": "城乡居民医保参保登记",
        "summary": "参加城乡居民基本医疗保险",
        "materials": [{"type": "HUKOU", "supply": "required"}],
        "form": {
            "version": "3",
            "fields": [
                _field(
                    "applicant_name", "name", "您的姓名是？", title="姓名", prefill="identity.name"
                ),
                _field("applicant_phone", "phone", "您的手机号码是？", title="手机号码"),
                _field(
                    "applicant_sex",
                    "single_choice",
                    "您的性别是？",
                    title="性别",
                    options=_SEX,
                    prefill="identity.sex",
                ),
                _field(
                    "monthly_income",
                    "money",
                    "家庭月收入是多少元？",
                    title="月收入",
                    required=False,
                ),
                _field(
                    "carer_phone",
                    "phone",
                    "照顾您的人的手机号码是？",
                    title="照顾人手机",
                    required=False,
                    visible_if="monthly_income < 1000",
                ),
                _field(
                    "consent",
                    "consent",
                    "同意授权查询",
                    title="授权",
                    consent_text="我同意工作人员为办理本事项查询我的户籍和社保信息。",
                ),
            ],
        },
    }
    return {
        "version": "t1",
        "published_at": "2026-11-01",
        "issuer": "测试",
        "material_types": [
            {"code": "HUKOU", "name": "户口簿", "valid_days": 365},
            {"code": "BANKCARD", "name": "银行卡或存折", "valid_days": 365},
            {"code": "BILL", "name": "医疗费用票据", "reusable": False},
        ],
        "services": [allowance, medical],
        "bundles": [
            {
                "code": "T-BUNDLE",
                "name": "测试一件事",
                "summary": "两件事一起办",
                "department": "示例县民政局",
                "members": ["T-ALLOW", "T-MED"],
            }
        ],
    }


def mini_catalog_bytes(mutate=None) -> bytes:
    data = copy.deepcopy(mini_catalog())
    if mutate is not None:
        mutate(data)
    return json.dumps(data, ensure_ascii=False).encode("utf-8")
