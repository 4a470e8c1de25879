"""The sync protocol between a kiosk and an intake server: messages, errors, signing, bundles.

Shared by the client (``sync/``) and the reference server (``server/``), so both sides build
and check the same bytes. Only the standard library, pydantic and cryptography are used here,
so any other implementation (a provincial platform's adapter) can follow ``docs/protocol.md``
without reading Python.

Sections: constants and headers; error codes; messages; canonical JSON and digests; request
signing (HMAC-SHA256); enrolment codes (QR); offline bundles for USB transfer.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import hmac
import io
import json
import os
import re
import secrets
import struct
import tempfile
import time
import uuid
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import parse_qs, quote, urlsplit

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
)

from kiosk.errors import KioskError

# --------------------------------------------------------------------------- constants

PROTOCOL_VERSION = 1
API_PREFIX = "/v1"

HEADER_DEVICE = "X-Kiosk-Device"
HEADER_TIMESTAMP = "X-Kiosk-Timestamp"
HEADER_NONCE = "X-Kiosk-Nonce"
HEADER_SIGNATURE = "X-Kiosk-Signature"
HEADER_UPLOAD_OFFSET = "Upload-Offset"
HEADER_UPLOAD_LENGTH = "Upload-Length"
HEADER_MATERIAL_COMPLETE = "X-Material-Complete"
HEADER_CATALOG_VERSION = "X-Catalog-Version"

SIGNATURE_SCHEME = "KIOSK-HMAC-SHA256"
CLOCK_SKEW_S = 300
"""A signed request whose timestamp is further than this from the server's clock is refused."""

DEVICE_SECRET_BYTES = 32
MAX_CHUNK_BYTES = 4 * 1024 * 1024
MAX_MATERIAL_BYTES = 32 * 1024 * 1024
MAX_BODY_BYTES = 9 * 1024 * 1024
"""Largest request body, as sent and after gzip decoding (a catalogue may be 8 MiB)."""
MAX_BATCH_ITEMS = 100
MAX_MATERIAL_BATCH_FILES = 32
"""Whole materials in one ``POST /materials/batch`` (their bytes together at most a chunk)."""
MAX_AUDIT_BATCH = 500

SHA256_PATTERN = r"^[0-9a-f]{64}$"
UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
DEVICE_CODE_PATTERN = r"^[0-9A-Z]{2,8}$"
RECEIPT_PATTERN = r"^[0-9A-Z]{2,8}-[0-9]{8}-[0-9]{6,}-[0-9A-Z]$"
INSTANT_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$"
NONCE_PATTERN = r"^[A-Za-z0-9_-]{16,64}$"

_SHA256 = re.compile(SHA256_PATTERN)


def _real_instant(text: str) -> str:
    """The pattern checks the shape; this checks it is a real instant (no 30 February)."""
    datetime.fromisoformat(text.replace("Z", "+00:00"))
    return text


Instant = Annotated[str, Field(pattern=INSTANT_PATTERN), AfterValidator(_real_instant)]
"""Protocol time text, e.g. ``2026-11-22T08:13:05.042Z`` (kept as sent: it may be hashed)."""


def utc_text(instant: datetime | None = None) -> str:
    """An instant as protocol text: UTC, milliseconds, ``Z`` (``2026-11-22T08:13:05.042Z``)."""
    instant = instant or datetime.now(UTC)
    if instant.tzinfo is None:
        raise ValueError("naive datetime")
    utc = instant.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


# --------------------------------------------------------------------------- errors


class ErrorCode(StrEnum):
    """Every machine-readable error code the server answers with (see ``docs/protocol.md``)."""

    UNSIGNED = "unsigned"
    UNKNOWN_DEVICE = "unknown_device"
    DEVICE_REVOKED = "device_revoked"
    BAD_SIGNATURE = "bad_signature"
    CLOCK_SKEW = "clock_skew"
    REPLAYED = "replayed"
    ENROLMENT_TOKEN_INVALID = "enrolment_token_invalid"
    ADMIN_UNAUTHORIZED = "admin_unauthorized"
    BAD_REQUEST = "bad_request"
    VALIDATION_ERROR = "validation_error"
    NOT_FOUND = "not_found"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    PAYLOAD_TOO_LARGE = "payload_too_large"
    UNSUPPORTED_ENCODING = "unsupported_encoding"
    BAD_ENCODING = "bad_encoding"
    IDEMPOTENCY_CONFLICT = "idempotency_conflict"
    REVISION_CONFLICT = "revision_conflict"
    MATERIALS_MISSING = "materials_missing"
    OFFSET_MISMATCH = "offset_mismatch"
    MATERIAL_SIZE_MISMATCH = "material_size_mismatch"
    MATERIAL_HASH_MISMATCH = "material_hash_mismatch"
    MATERIAL_PURGED = "material_purged"
    APPLICATION_UNKNOWN = "application_unknown"
    RATING_CONFLICT = "rating_conflict"
    AUDIT_INVALID = "audit_invalid"
    AUDIT_CONFLICT = "audit_conflict"
    AUDIT_GAP = "audit_gap"
    SIGNATURE_INVALID = "signature_invalid"
    INVALID_TRANSITION = "invalid_transition"
    NO_CATALOG = "no_catalog"
    CATALOG_INVALID = "catalog_invalid"
    CATALOG_CONFLICT = "catalog_conflict"
    BUNDLE_INVALID = "bundle_invalid"
    RATE_LIMITED = "rate_limited"
    OVERLOADED = "overloaded"
    UNAVAILABLE = "unavailable"
    INTERNAL_ERROR = "internal_error"


class ErrorKind(StrEnum):
    """What a client does about an error: the three outcomes the sync worker tells apart."""

    RETRY = "retry"
    """Transient: keep the item, back off (honour ``Retry-After``) and send it again."""
    AUTH = "auth"
    """This device (or caller) is not admitted: stop the whole queue and tell staff."""
    REJECT = "reject"
    """This one request is refused for good: park the item with the message for staff; the
    rest of the queue goes on. Sending it unchanged again would be refused again."""


@dataclass(frozen=True)
class ErrorSpec:
    status: int
    kind: ErrorKind
    message: str
    """Default Chinese text; the server may say something more specific."""
    hint: str = ""
    """What a client does next, for docs/protocol.md (English, for implementers)."""

    @property
    def retryable(self) -> bool:
        return self.kind is ErrorKind.RETRY


_R, _A, _X = ErrorKind.RETRY, ErrorKind.AUTH, ErrorKind.REJECT

ERRORS: Mapping[ErrorCode, ErrorSpec] = {
    ErrorCode.UNSIGNED: ErrorSpec(
        401, _A, "请求没有签名，请先登记本设备。", "enrol, then sign every request"
    ),
    ErrorCode.UNKNOWN_DEVICE: ErrorSpec(
        401, _A, "服务器不认识本设备，请重新登记。", "re-enrol with a new token from staff"
    ),
    ErrorCode.DEVICE_REVOKED: ErrorSpec(
        403, _A, "本设备已被停用，请联系工作人员。", "stop; staff re-enrol the device"
    ),
    ErrorCode.BAD_SIGNATURE: ErrorSpec(
        401, _A, "请求签名不对，请联系工作人员。", "stop; the stored secret is wrong"
    ),
    ErrorCode.CLOCK_SKEW: ErrorSpec(
        401,
        _R,
        "本设备时间与服务器相差太多，请校准时间。",
        "take the clock offset from details.server_time, sign again",
    ),
    ErrorCode.REPLAYED: ErrorSpec(
        401, _R, "重复的请求已被拒绝。", "sign again with a fresh nonce (every attempt has one)"
    ),
    ErrorCode.ENROLMENT_TOKEN_INVALID: ErrorSpec(
        403,
        _A,
        "登记码无效、已过期或已被使用，请向工作人员索取新的登记码。",
        "ask staff for a new token",
    ),
    ErrorCode.ADMIN_UNAUTHORIZED: ErrorSpec(
        401, _A, "需要管理员口令。", "send the admin token as Authorization: Bearer"
    ),
    ErrorCode.BAD_REQUEST: ErrorSpec(400, _X, "请求格式不对。", "a client bug: park the item"),
    ErrorCode.VALIDATION_ERROR: ErrorSpec(
        422, _X, "请求内容有误。", "details.problems lists where (never the values)"
    ),
    ErrorCode.NOT_FOUND: ErrorSpec(404, _X, "找不到要访问的内容。"),
    ErrorCode.METHOD_NOT_ALLOWED: ErrorSpec(405, _X, "不支持这种请求方式。"),
    ErrorCode.PAYLOAD_TOO_LARGE: ErrorSpec(
        413, _X, "发送的内容太大。", "split the batch or send smaller chunks"
    ),
    ErrorCode.UNSUPPORTED_ENCODING: ErrorSpec(
        415, _X, "不支持这种压缩方式。", "send identity or gzip"
    ),
    ErrorCode.BAD_ENCODING: ErrorSpec(400, _X, "压缩数据已损坏。"),
    ErrorCode.IDEMPOTENCY_CONFLICT: ErrorSpec(
        409,
        _X,
        "同一编号的申请内容不一致，已拒绝，请联系工作人员。",
        "the key was stored with a different body: park for staff",
    ),
    ErrorCode.REVISION_CONFLICT: ErrorSpec(
        409,
        _X,
        "申请的修改版本不对，请联系工作人员。",
        "details.current_revision and details.state say what the server holds",
    ),
    ErrorCode.MATERIALS_MISSING: ErrorSpec(
        409,
        _R,
        "还有材料没有传完。",
        "upload the materials in details.missing, then submit again",
    ),
    ErrorCode.OFFSET_MISMATCH: ErrorSpec(
        409,
        _R,
        "上传位置不对，请从服务器已收到的位置继续。",
        "go on from details.received",
    ),
    ErrorCode.MATERIAL_SIZE_MISMATCH: ErrorSpec(
        409, _X, "材料大小与先前不一致。", "details.size is the size first declared"
    ),
    ErrorCode.MATERIAL_PURGED: ErrorSpec(
        410,
        _X,
        "这份材料已过保存期限，服务器已删除；如仍需要，请申请人重新提供。",
        "retention removed the bytes; the application record keeps its SHA-256 and size",
    ),
    ErrorCode.MATERIAL_HASH_MISMATCH: ErrorSpec(
        422,
        _X,
        "材料内容校验不通过，已丢弃。",
        "the bytes did not hash to the address; check the local file",
    ),
    ErrorCode.SIGNATURE_INVALID: ErrorSpec(
        422,
        _X,
        "申请中的签名方式无法识别（只收手写签名或一键确认），已退回，请联系工作人员。",
        "details.fields names the answers; a signature is {kind: drawn, sha256 of one of"
        " the materials} or {kind: confirmed, statement}",
    ),
    ErrorCode.APPLICATION_UNKNOWN: ErrorSpec(
        409,
        _R,
        "服务器还没有收到这件申请。",
        "submit the application first, then its rating",
    ),
    ErrorCode.RATING_CONFLICT: ErrorSpec(409, _X, "这件事已经有不同的评价。"),
    ErrorCode.AUDIT_INVALID: ErrorSpec(
        422, _X, "操作记录校验不通过。", "a record's hash does not match its content"
    ),
    ErrorCode.AUDIT_CONFLICT: ErrorSpec(
        409, _X, "操作记录与服务器已有的不一致。", "the chain differs from the one held"
    ),
    ErrorCode.AUDIT_GAP: ErrorSpec(
        409,
        _R,
        "操作记录不连续，请从服务器要求的序号补发。",
        "send the records from details.expected_seq on",
    ),
    ErrorCode.INVALID_TRANSITION: ErrorSpec(409, _X, "该申请当前状态不能这样变更。"),
    ErrorCode.NO_CATALOG: ErrorSpec(
        404, _R, "服务器还没有发布事项目录。", "keep the catalogue you have; ask later"
    ),
    ErrorCode.CATALOG_INVALID: ErrorSpec(422, _X, "事项目录有误，已拒绝。"),
    ErrorCode.CATALOG_CONFLICT: ErrorSpec(409, _X, "同一版本号已发布过不同的事项目录。"),
    ErrorCode.BUNDLE_INVALID: ErrorSpec(422, _X, "数据包无法读取：已损坏或不是本系统签发。"),
    ErrorCode.RATE_LIMITED: ErrorSpec(
        429, _R, "请求太频繁，请稍后再试。", "wait Retry-After seconds"
    ),
    ErrorCode.OVERLOADED: ErrorSpec(
        503, _R, "服务器正忙，请稍后再试。", "wait Retry-After seconds"
    ),
    ErrorCode.UNAVAILABLE: ErrorSpec(
        503, _R, "服务器暂时不可用，请稍后再试。", "wait Retry-After seconds"
    ),
    ErrorCode.INTERNAL_ERROR: ErrorSpec(
        500, _R, "服务器出错了，请稍后再试。", "back off and retry"
    ),
}


class ProtocolError(KioskError):
    """A protocol-level failure with its machine-readable code (client or server side)."""

    def __init__(
        self,
        code: ErrorCode,
        message: str | None = None,
        *,
        detail: str = "",
        details: Mapping[str, Any] | None = None,
    ) -> None:
        spec = ERRORS[code]
        super().__init__(message or spec.message, detail=detail or code.value)
        self.code = code
        self.status = spec.status
        self.kind = spec.kind
        self.retryable = spec.retryable
        self.details = dict(details or {})

    def body(self) -> ErrorBody:
        return ErrorBody.of(self.code, self.message, details=self.details)


class BundleError(ProtocolError):
    """A USB bundle that cannot be written or read."""

    def __init__(self, message: str, *, detail: str = "") -> None:
        super().__init__(ErrorCode.BUNDLE_INVALID, message, detail=detail)


# --------------------------------------------------------------------------- messages


class _Request(BaseModel):
    # Unknown fields are refused: a typo must not silently drop data or change a digest.
    # Strict: ``"size": false`` or ``"revision": "2"`` is an error, not quietly 0 or 2.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        # PostgreSQL text cannot hold NUL, and no form answer or code needs one. (Nested
        # values travel as JSON, which escapes it.)
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("text contains a NUL character")
        return value


class _Response(BaseModel):
    # Newer servers may add fields; older clients ignore them.
    model_config = ConfigDict(extra="ignore", frozen=True)


class ErrorBody(_Response):
    """The body of every error response."""

    code: str = Field(description="机器可读的错误码，见 ErrorCode")
    message: str = Field(description="给群众和工作人员看的中文说明")
    kind: ErrorKind = Field(
        description="retry：稍后重试；auth：本设备未获准，停止队列并告知工作人员；"
        "reject：此项被永久拒绝，搁置并交工作人员处理"
    )
    retryable: bool = Field(description="kind == retry 的简写")
    details: dict[str, Any] | None = None

    @classmethod
    def of(
        cls,
        code: ErrorCode,
        message: str | None = None,
        *,
        details: Mapping[str, Any] | None = None,
    ) -> ErrorBody:
        spec = ERRORS[code]
        return cls(
            code=code.value,
            message=message or spec.message,
            kind=spec.kind,
            retryable=spec.retryable,
            details=dict(details) if details else None,
        )


class ServerState(StrEnum):
    """The states an application can have on the server (a subset of ApplicationState)."""

    ACCEPTED = "accepted"
    IN_REVIEW = "in_review"
    NEEDS_CORRECTION = "needs_correction"
    APPROVED = "approved"
    REJECTED = "rejected"


class HealthResponse(_Response):
    ok: bool
    protocol: int = PROTOCOL_VERSION
    server_time: int = Field(description="服务器时间（Unix 秒），供终端校准签名时间")


class EnrolRequest(_Request):
    token: str = Field(min_length=8, max_length=64, description="一次性登记码")
    installation_id: str = Field(
        pattern=UUID_PATTERN,
        description="终端安装时生成的 UUID；同一安装重发同一登记码会得到同一结果",
    )
    device_name: str = Field(min_length=1, max_length=60)


class EnrolResponse(_Response):
    device_code: str = Field(pattern=DEVICE_CODE_PATTERN, description="设备编号，也是回执前缀")
    device_secret: str = Field(description="设备密钥（base64url，32 字节），只在此处发出")
    signature_scheme: str = SIGNATURE_SCHEME
    server_time: int
    clock_skew_s: int = CLOCK_SKEW_S


class MaterialRef(_Request):
    sha256: str = Field(pattern=SHA256_PATTERN)
    size: int = Field(ge=0, le=MAX_MATERIAL_BYTES)
    mime: str = Field(default="application/octet-stream", min_length=1, max_length=100)
    material_type: str | None = Field(default=None, max_length=64)
    field_id: str | None = Field(default=None, max_length=64)


class SubmitRequest(_Request):
    """One application (or one corrected revision of it), keyed by the client's UUID."""

    client_uuid: str = Field(pattern=UUID_PATTERN, description="幂等键：终端生成的申请 UUID")
    revision: int = Field(default=1, ge=1, le=1000, description="补正后重新提交时加 1")
    service_code: str = Field(min_length=1, max_length=64)
    receipt_no: str = Field(pattern=RECEIPT_PATTERN)
    catalog_version: str = Field(min_length=1, max_length=64)
    submitted_at: Instant
    payload: dict[str, Any] = Field(description="表单答案快照等（终端 outbox 的 payload）")
    materials: list[MaterialRef] = Field(default_factory=list, max_length=200)


class SubmitResult(_Response):
    server_id: str
    client_uuid: str
    revision: int
    state: ServerState
    accepted_at: str = Field(description="服务器首次收下此版本的时间")
    duplicate: bool = Field(description="true：这是重复提交，返回的是原来的结果")


class BatchSubmitRequest(_Request):
    applications: list[SubmitRequest] = Field(min_length=1, max_length=MAX_BATCH_ITEMS)


class BatchSubmitItem(_Response):
    client_uuid: str
    revision: int
    status: int = Field(description="此项单独提交时会得到的 HTTP 状态码")
    result: SubmitResult | None = None
    error: ErrorBody | None = None


class BatchSubmitResponse(_Response):
    results: list[BatchSubmitItem]


class ApplicationStatus(_Response):
    server_id: str
    client_uuid: str
    revision: int
    state: ServerState
    reason: str | None = Field(default=None, description="需补正的原因")
    materials_to_bring: list[str] = Field(default_factory=list, description="需补交的材料")
    result_text: str | None = Field(default=None, description="办结结果说明")
    updated_at: str


class MaterialStatus(_Response):
    sha256: str
    size: int | None = Field(description="声明的总字节数；服务器从未见过时为 null")
    received: int = Field(description="服务器已收到的字节数：从这里继续上传")
    complete: bool = Field(description="true：服务器已完整保存并校验，不必再传")


class MaterialBatchItem(MaterialStatus):
    error: ErrorBody | None = Field(
        default=None, description="此文件被拒（其余文件不受影响）；null：已完整保存"
    )


class MaterialBatchResponse(_Response):
    materials: list[MaterialBatchItem] = Field(description="与请求中的文件一一对应，顺序相同")


def material_batch_query(files: Sequence[tuple[str, int]]) -> str:
    """The ``files`` query value of ``POST /materials/batch``: ``sha256:size`` joined by commas."""
    return ",".join(f"{sha256}:{size}" for sha256, size in files)


def parse_material_batch_query(text: str) -> list[tuple[str, int]]:
    """``files`` back into ``(sha256, size)`` pairs; ValueError if it is not well formed."""
    files = []
    for part in text.split(","):
        sha256, _, size = part.partition(":")
        if not (_SHA256.match(sha256) and size.isdigit() and len(size) <= 9):
            raise ValueError("files: not sha256:size pairs")
        files.append((sha256, int(size)))
    if not 1 <= len(files) <= MAX_MATERIAL_BATCH_FILES:
        raise ValueError(f"files: 1 to {MAX_MATERIAL_BATCH_FILES} materials")
    return files


class MaterialQuery(_Request):
    sha256s: list[str] = Field(min_length=1, max_length=500)


class MaterialQueryResponse(_Response):
    materials: list[MaterialStatus]


class StatusUpdate(_Response):
    seq: int
    server_id: str
    client_uuid: str
    revision: int
    state: ServerState
    reason: str | None = None
    materials_to_bring: list[str] = Field(default_factory=list)
    result_text: str | None = None
    changed_at: str


class StatusPage(_Response):
    updates: list[StatusUpdate]
    cursor: str = Field(description="下次拉取时带上的游标")
    more: bool = Field(description="true：还有更多，立即再拉一次")
    reset: bool = Field(
        default=False,
        description="true：服务器的记录从头开始（从较早的备份恢复），这些更新从第一条起",
    )


class RatingItem(_Request):
    client_uuid: str = Field(pattern=UUID_PATTERN)
    level: int = Field(ge=1, le=5)
    reason: str | None = Field(default=None, max_length=500)
    created_at: Instant


class RatingsRequest(_Request):
    ratings: list[RatingItem] = Field(min_length=1, max_length=MAX_BATCH_ITEMS)


class ItemOutcome(_Response):
    key: str
    ok: bool
    duplicate: bool = False
    error: ErrorBody | None = None


class RatingsResponse(_Response):
    results: list[ItemOutcome]


class AuditRecordIn(_Request):
    """One record of the device's hash-chained audit log, exactly as the device stores it."""

    seq: int = Field(ge=1)
    at: Instant
    actor: str = Field(min_length=1, max_length=200)
    on_behalf_of: str | None = Field(default=None, max_length=200)
    action: str = Field(min_length=1, max_length=100)
    subject: str = Field(max_length=200)
    detail: dict[str, Any]
    prev_hash: str = Field(pattern=SHA256_PATTERN)
    hash: str = Field(pattern=SHA256_PATTERN)


class AuditBatch(_Request):
    records: list[AuditRecordIn] = Field(min_length=1, max_length=MAX_AUDIT_BATCH)


class AuditAck(_Response):
    head_seq: int = Field(description="服务器已确认的最后一条记录序号")
    head_hash: str
    accepted: int
    duplicates: int


# Back office (admin) messages.


class TokenRequest(_Request):
    ttl_hours: int = Field(default=24, ge=1, le=24 * 30)
    device_code: str | None = Field(
        default=None,
        pattern=DEVICE_CODE_PATTERN,
        description="指定设备编号；已存在时重新登记该设备（旧密钥作废）",
    )


class TokenResponse(_Response):
    token: str
    expires_at: str
    id: str = Field(
        default="", description="口令编号（口令摘要的前几位）：列出、作废时用它，不必保存口令本身"
    )


class EnrolmentTokenSummary(_Response):
    id: str = Field(description="口令编号（口令本身不在服务器上保存）")
    state: Literal["unused", "used", "expired", "revoked"]
    created_at: str
    expires_at: str
    device_code: str | None = Field(
        default=None, description="使用前：它要重新登记的设备；使用后：它登记的设备"
    )


class EnrolmentTokenList(_Response):
    tokens: list[EnrolmentTokenSummary]


class TokenRevokeRequest(_Request):
    token: str = Field(
        min_length=6, max_length=200, description="登记码本身，或列表中的编号（至少 6 位）"
    )


class TransitionRequest(_Request):
    state: ServerState = Field(strict=False)  # from JSON text; strict wants an enum instance
    reason: str | None = Field(default=None, max_length=1000)
    materials_to_bring: list[str] = Field(default_factory=list, max_length=50)
    result_text: str | None = Field(default=None, max_length=2000)


class AdminApplication(_Response):
    server_id: str
    client_uuid: str
    service: str
    state: ServerState
    revision: int
    device_code: str
    receipt_no: str
    source: str
    received_at: str
    updated_at: str
    signature_kinds: list[str] = Field(
        default_factory=list,
        description="申请人如何签名：drawn 手写，confirmed 一键确认（WCAG 2.5.7）；无签名项为空",
    )


class AdminApplicationDetail(AdminApplication):
    payload: dict[str, Any] = Field(
        description="表单答案快照；answers_purged_at 不为空时只剩签名方式（kind）"
    )
    answers_purged_at: str | None = Field(
        default=None, description="答案按保存期限清除的时间；为空表示答案仍在"
    )
    materials: list[MaterialRef]
    reason: str | None = None
    materials_to_bring: list[str] = Field(default_factory=list)
    result_text: str | None = None


class AdminApplicationList(_Response):
    applications: list[AdminApplication]
    next_after: str | None = None


class PublishResult(_Response):
    version: str
    etag: str
    published_at: str
    already_published: bool


class DeviceSummary(_Response):
    device_code: str
    name: str
    enrolled_at: str
    last_seen_at: str | None
    revoked: bool
    applications: int
    last_rejection: str | None = Field(description="最近一次被拒绝的错误码（如 clock_skew）")
    last_rejection_at: str | None
    audit_head_seq: int


class DeviceList(_Response):
    devices: list[DeviceSummary]


# --------------------------------------------------------------------------- digests


def canonical_json(value: Any) -> bytes:
    """Sorted keys, no spaces, UTF-8, no ASCII escapes, no NaN: the bytes that get hashed.

    The same rule as the kiosk store's audit chain, so the server can re-verify it.
    """
    return json.dumps(
        value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def submission_digest(request: SubmitRequest) -> str:
    """What the idempotency check compares: the request's canonical JSON, not its raw bytes,
    so a retry that is gzipped, reordered or carried on a USB stick still matches."""
    return sha256_hex(canonical_json(request.model_dump(mode="json")))


def rating_digest(item: RatingItem) -> str:
    return sha256_hex(canonical_json(item.model_dump(mode="json")))


GENESIS_HASH = "0" * 64


def audit_record_hash(prev_hash: str, fields: Mapping[str, Any]) -> str:
    """The kiosk audit chain rule: ``sha256(prev_hash + canonical_json(fields))``, where
    ``fields`` holds seq, at, actor, on_behalf_of, action, subject, detail."""
    return sha256_hex(prev_hash.encode("utf-8") + canonical_json(dict(fields)))


def audit_fields(record: AuditRecordIn) -> dict[str, Any]:
    return {
        "seq": record.seq,
        "at": record.at,
        "actor": record.actor,
        "on_behalf_of": record.on_behalf_of,
        "action": record.action,
        "subject": record.subject,
        "detail": record.detail,
    }


def gzip_body(data: bytes) -> bytes:
    """Compress a request body for ``Content-Encoding: gzip`` (sign the compressed bytes)."""
    return gzip.compress(data, compresslevel=6, mtime=0)


def format_server_id(row_id: int) -> str:
    return f"SV{row_id:08d}"


def parse_server_id(server_id: str) -> int | None:
    match = re.fullmatch(r"SV(\d{8,})", server_id)
    return int(match.group(1)) if match else None


# --------------------------------------------------------------------------- signing


def encode_secret(secret: bytes) -> str:
    return base64.urlsafe_b64encode(secret).rstrip(b"=").decode("ascii")


def decode_secret(text: str) -> bytes:
    padded = text + "=" * (-len(text) % 4)
    try:
        secret = base64.urlsafe_b64decode(padded.encode("ascii"))
    except (ValueError, UnicodeEncodeError) as error:
        raise ValueError("device secret is not base64url") from error
    if len(secret) != DEVICE_SECRET_BYTES:
        raise ValueError("device secret has the wrong length")
    return secret


def new_nonce() -> str:
    return secrets.token_urlsafe(18)


def canonical_request(
    method: str,
    target: str,
    *,
    device_code: str,
    timestamp: int,
    nonce: str,
    body_sha256: str,
) -> bytes:
    """The string that is signed, one item per line.

    ``target`` is the path and query exactly as sent on the wire (``/v1/materials/ab..?offset=0``);
    ``body_sha256`` is the hex SHA-256 of the body bytes as sent (after gzip, if gzipped; of
    the empty string when there is no body).
    """
    return "\n".join(
        [
            SIGNATURE_SCHEME,
            method.upper(),
            target,
            device_code,
            str(timestamp),
            nonce,
            body_sha256,
        ]
    ).encode("utf-8")


def compute_signature(secret: bytes, canonical: bytes) -> str:
    return hmac.new(secret, canonical, hashlib.sha256).hexdigest()


def sign_request(
    method: str,
    target: str,
    body: bytes,
    *,
    device_code: str,
    secret: bytes,
    timestamp: int | None = None,
    nonce: str | None = None,
) -> dict[str, str]:
    """The four headers that authenticate one request; sign every attempt afresh."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    nonce = nonce or new_nonce()
    canonical = canonical_request(
        method,
        target,
        device_code=device_code,
        timestamp=timestamp,
        nonce=nonce,
        body_sha256=sha256_hex(body),
    )
    return {
        HEADER_DEVICE: device_code,
        HEADER_TIMESTAMP: str(timestamp),
        HEADER_NONCE: nonce,
        HEADER_SIGNATURE: compute_signature(secret, canonical),
    }


def signature_matches(secret: bytes, canonical: bytes, signature: str) -> bool:
    return hmac.compare_digest(compute_signature(secret, canonical), signature.lower())


@dataclass(frozen=True)
class DeviceCredentials:
    """What a kiosk keeps after enrolment (the secret belongs in the data directory, 0600)."""

    server_url: str
    device_code: str
    secret: bytes

    def __repr__(self) -> str:  # never print the secret
        return (
            f"DeviceCredentials(server_url={self.server_url!r}, device_code={self.device_code!r})"
        )


# --------------------------------------------------------------------------- enrolment codes

ENROL_URI_SCHEME = "kiosk-enrol"


def normalize_token(token: str) -> str:
    """Tokens are typed from paper sometimes: drop spaces and dashes, fold case."""
    return "".join(ch for ch in token.upper() if ch.isalnum())


def enrolment_uri(server_url: str, token: str) -> str:
    """What the staff QR code carries: ``kiosk-enrol:?server=<url>&token=<token>``."""
    return f"{ENROL_URI_SCHEME}:?server={quote(server_url, safe='')}&token={quote(token, safe='')}"


def parse_enrolment_uri(text: str) -> tuple[str, str]:
    """``(server_url, token)`` from a scanned enrolment code; ValueError if it is not one."""
    parts = urlsplit(text.strip())
    if parts.scheme != ENROL_URI_SCHEME:
        raise ValueError("not an enrolment code")
    query = parse_qs(parts.query)
    try:
        server_url, token = query["server"][0], query["token"][0]
    except (KeyError, IndexError):
        raise ValueError("enrolment code lacks server or token") from None
    if not server_url.startswith(("http://", "https://")):
        raise ValueError("enrolment code has no http(s) server address")
    return server_url, token


# --------------------------------------------------------------------------- bundles

BUNDLE_MAGIC = b"KBUNDLE1"
BUNDLE_SUFFIX = ".kbundle"
BUNDLE_CIPHER = "AES-256-GCM-STREAM+HKDF-SHA256+HMAC-SHA256"
BUNDLE_SEGMENT_BYTES = 1024 * 1024
_NONCE_PREFIX_BYTES = 7
_TAG_BYTES = 16
_MAC_BYTES = 32
_MAX_HEADER_BYTES = 64 * 1024


class BundleHeader(_Request):
    """Unencrypted: tells the reader which device's key opens the bundle."""

    format: Literal[1] = 1
    bundle_id: str = Field(pattern=UUID_PATTERN)
    device_code: str = Field(pattern=DEVICE_CODE_PATTERN)
    created_at: Instant
    cipher: Literal["AES-256-GCM-STREAM+HKDF-SHA256+HMAC-SHA256"] = BUNDLE_CIPHER
    segment_bytes: int = Field(default=BUNDLE_SEGMENT_BYTES, ge=1024, le=16 * 1024 * 1024)
    nonce_prefix: str = Field(description="base64url of 7 random bytes")


class BundleMaterial(_Request):
    sha256: str = Field(pattern=SHA256_PATTERN)
    size: int = Field(ge=0, le=MAX_MATERIAL_BYTES)


class BundleManifest(_Request):
    """``manifest.json`` inside the encrypted zip: the same messages as online sync."""

    format: Literal[1] = 1
    bundle_id: str = Field(pattern=UUID_PATTERN)
    device_code: str = Field(pattern=DEVICE_CODE_PATTERN)
    created_at: Instant
    applications: list[SubmitRequest] = Field(default_factory=list)
    ratings: list[RatingItem] = Field(default_factory=list)
    audit: list[AuditRecordIn] = Field(default_factory=list)
    materials: list[BundleMaterial] = Field(default_factory=list)


def _bundle_keys(secret: bytes, bundle_id: str) -> tuple[bytes, bytes]:
    salt = uuid.UUID(bundle_id).bytes

    def derive(info: bytes) -> bytes:
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(secret)

    return derive(b"kiosk-bundle-v1 encrypt"), derive(b"kiosk-bundle-v1 sign")


def _segment_nonce(prefix: bytes, index: int, *, last: bool) -> bytes:
    # STREAM construction: a counter and a last-segment flag in each nonce, so segments cannot
    # be reordered, dropped or the stream cut short without the tag check failing.
    return prefix + struct.pack(">I", index) + (b"\x01" if last else b"\x00")


def write_bundle(
    directory: Path,
    *,
    device_code: str,
    secret: bytes,
    applications: Sequence[SubmitRequest],
    read_material: Callable[[str], bytes],
    ratings: Sequence[RatingItem] = (),
    audit: Sequence[AuditRecordIn] = (),
    created_at: datetime | None = None,
    bundle_id: str | None = None,
) -> Path:
    """Write queued work to ``directory`` as one signed, encrypted bundle; returns its path.

    Every material the applications name is read with ``read_material(sha256)`` and checked
    against its address before it goes in. The file appears under its final name only when
    complete and flushed to disk (a USB stick may be pulled at any moment).
    """
    if len(secret) != DEVICE_SECRET_BYTES:
        raise BundleError("设备密钥不对，无法导出。", detail="secret length")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    bundle_id = bundle_id or str(uuid.uuid4())
    created = utc_text(created_at)
    shas: dict[str, int] = {}
    for application in applications:
        for ref in application.materials:
            shas.setdefault(ref.sha256, ref.size)
    manifest = BundleManifest(
        bundle_id=bundle_id,
        device_code=device_code,
        created_at=created,
        applications=list(applications),
        ratings=list(ratings),
        audit=list(audit),
        materials=[BundleMaterial(sha256=sha, size=size) for sha, size in shas.items()],
    )
    header = BundleHeader(
        bundle_id=bundle_id,
        device_code=device_code,
        created_at=created,
        nonce_prefix=encode_secret(os.urandom(_NONCE_PREFIX_BYTES)),
    )
    with tempfile.TemporaryFile() as plain:
        with zipfile.ZipFile(plain, "w") as archive:
            archive.writestr(
                "manifest.json",
                json.dumps(manifest.model_dump(mode="json"), ensure_ascii=False),
                compress_type=zipfile.ZIP_DEFLATED,
            )
            for sha, size in shas.items():
                data = read_material(sha)
                if sha256_hex(data) != sha or len(data) != size:
                    raise BundleError(
                        "有材料文件已损坏，无法导出。", detail=f"material {sha[:12]} mismatch"
                    )
                # Photos are already compressed; deflating them again costs time for nothing.
                archive.writestr(f"materials/{sha}", data, compress_type=zipfile.ZIP_STORED)
        plain.seek(0)
        name = f"{device_code}-{created[:10].replace('-', '')}-{bundle_id[:8]}{BUNDLE_SUFFIX}"
        final = directory / name
        partial = directory / (name + ".part")
        try:
            with open(partial, "wb") as out:
                _encrypt_stream(plain, out, header=header, secret=secret)
                out.flush()
                os.fsync(out.fileno())
            os.replace(partial, final)
        finally:
            partial.unlink(missing_ok=True)
    _fsync_directory(directory)
    return final


def _encrypt_stream(plain: io.BufferedIOBase, out: Any, *, header: BundleHeader, secret: bytes):
    encrypt_key, sign_key = _bundle_keys(secret, header.bundle_id)
    header_bytes = json.dumps(header.model_dump(mode="json"), sort_keys=True).encode("utf-8")
    preamble = BUNDLE_MAGIC + struct.pack(">I", len(header_bytes)) + header_bytes
    mac = hmac.new(sign_key, digestmod=hashlib.sha256)
    aead = AESGCM(encrypt_key)
    prefix = base64.urlsafe_b64decode(header.nonce_prefix + "=" * (-len(header.nonce_prefix) % 4))

    def emit(data: bytes) -> None:
        out.write(data)
        mac.update(data)

    emit(preamble)
    index = 0
    block = plain.read(header.segment_bytes)
    while True:
        following = plain.read(header.segment_bytes)
        last = not following
        sealed = aead.encrypt(_segment_nonce(prefix, index, last=last), block, preamble)
        emit(struct.pack(">I", len(sealed)) + sealed)
        if last:
            break
        block, index = following, index + 1
    out.write(mac.digest())


class OpenBundle:
    """A verified, decrypted bundle: its header, manifest, and materials (checked on read)."""

    def __init__(self, header: BundleHeader, manifest: BundleManifest, archive: zipfile.ZipFile):
        self.header = header
        self.manifest = manifest
        self._archive = archive

    def read_material(self, sha256: str) -> bytes:
        try:
            data = self._archive.read(f"materials/{sha256}")
        except KeyError:
            raise BundleError("数据包缺少材料文件。", detail=f"material {sha256[:12]}") from None
        if sha256_hex(data) != sha256:
            raise BundleError("数据包中的材料已损坏。", detail=f"material {sha256[:12]}")
        return data


def read_bundle_header(path: Path) -> BundleHeader:
    """The unencrypted header (which device wrote it), without checking anything else."""
    with open(path, "rb") as source:
        return _read_preamble(source)[0]


@contextmanager
def read_bundle(path: Path, *, secret_for: Callable[[str], bytes | None]) -> Iterator[OpenBundle]:
    """Open a bundle: check its signature, decrypt it, parse its manifest.

    ``secret_for(device_code)`` returns that device's secret, or None when the device is
    unknown. Raises :class:`BundleError` (with a Chinese message) for anything wrong: not a
    bundle, unknown device, bad signature, damaged or truncated, bad manifest.
    """
    path = Path(path)
    size = path.stat().st_size
    with open(path, "rb") as source, tempfile.TemporaryFile() as plain:
        header, preamble = _read_preamble(source)
        secret = secret_for(header.device_code)
        if secret is None:
            raise BundleError(
                "数据包来自未登记的设备。", detail=f"unknown device {header.device_code}"
            )
        encrypt_key, sign_key = _bundle_keys(secret, header.bundle_id)
        if size < len(preamble) + _MAC_BYTES:
            raise BundleError("数据包不完整。", detail="too short")
        # Pass 1: the signature over everything, before any decryption.
        mac = hmac.new(sign_key, digestmod=hashlib.sha256)
        source.seek(0)
        remaining = size - _MAC_BYTES
        while remaining:
            piece = source.read(min(remaining, 1024 * 1024))
            if not piece:
                raise BundleError("数据包不完整。", detail="short read")
            mac.update(piece)
            remaining -= len(piece)
        if not hmac.compare_digest(mac.digest(), source.read(_MAC_BYTES)):
            raise BundleError(
                "数据包签名不对：已损坏、被改动，或不是这台设备导出的。", detail="bad signature"
            )
        # Pass 2: decrypt segment by segment into a temporary zip.
        source.seek(len(preamble))
        aead = AESGCM(encrypt_key)
        prefix = base64.urlsafe_b64decode(
            header.nonce_prefix + "=" * (-len(header.nonce_prefix) % 4)
        )
        end = size - _MAC_BYTES
        index = 0
        while True:
            length_bytes = source.read(4)
            if len(length_bytes) != 4:
                raise BundleError("数据包不完整。", detail="truncated segment header")
            (length,) = struct.unpack(">I", length_bytes)
            if length > header.segment_bytes + _TAG_BYTES or source.tell() + length > end:
                raise BundleError("数据包已损坏。", detail="segment length")
            sealed = source.read(length)
            last = source.tell() == end
            try:
                plain.write(
                    aead.decrypt(_segment_nonce(prefix, index, last=last), sealed, preamble)
                )
            except InvalidTag:
                raise BundleError("数据包已损坏，无法解密。", detail=f"segment {index}") from None
            if last:
                break
            index += 1
        plain.seek(0)
        try:
            archive = zipfile.ZipFile(plain)
            manifest = BundleManifest.model_validate_json(archive.read("manifest.json"))
        except (zipfile.BadZipFile, KeyError, ValidationError) as error:
            raise BundleError(
                "数据包内容格式不对。", detail=f"manifest: {type(error).__name__}"
            ) from None
        with archive:
            if (manifest.bundle_id, manifest.device_code) != (
                header.bundle_id,
                header.device_code,
            ):
                raise BundleError("数据包内容与包头不符。", detail="manifest/header mismatch")
            yield OpenBundle(header, manifest, archive)


def _read_preamble(source: Any) -> tuple[BundleHeader, bytes]:
    magic = source.read(len(BUNDLE_MAGIC))
    if magic != BUNDLE_MAGIC:
        raise BundleError("这不是终端导出的数据包。", detail="bad magic")
    length_bytes = source.read(4)
    if len(length_bytes) != 4:
        raise BundleError("数据包不完整。", detail="no header length")
    (length,) = struct.unpack(">I", length_bytes)
    if length > _MAX_HEADER_BYTES:
        raise BundleError("数据包已损坏。", detail="header too long")
    header_bytes = source.read(length)
    try:
        header = BundleHeader.model_validate_json(header_bytes)
    except ValidationError:
        raise BundleError("数据包包头格式不对。", detail="header invalid") from None
    return header, BUNDLE_MAGIC + length_bytes + header_bytes


def _fsync_directory(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return  # some filesystems (FAT on USB sticks) do not open directories; nothing to do
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
