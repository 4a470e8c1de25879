"""The endpoints kiosks call: health, enrolment, catalogue, materials, applications, status,
ratings, audit. Everything but health, enrolment and the catalogue is signed."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Path, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from kiosk.protocol import (
    API_PREFIX,
    HEADER_CATALOG_VERSION,
    HEADER_MATERIAL_COMPLETE,
    HEADER_UPLOAD_LENGTH,
    HEADER_UPLOAD_OFFSET,
    MAX_CHUNK_BYTES,
    MAX_MATERIAL_BATCH_FILES,
    MAX_MATERIAL_BYTES,
    SHA256_PATTERN,
    UUID_PATTERN,
    ApplicationStatus,
    AuditAck,
    AuditBatch,
    BatchSubmitItem,
    BatchSubmitRequest,
    BatchSubmitResponse,
    EnrolRequest,
    EnrolResponse,
    ErrorCode,
    ErrorKind,
    HealthResponse,
    MaterialBatchItem,
    MaterialBatchResponse,
    MaterialQuery,
    MaterialQueryResponse,
    MaterialStatus,
    RatingsRequest,
    RatingsResponse,
    StatusPage,
    SubmitRequest,
    SubmitResult,
    parse_material_batch_query,
)
from server import catalogs, intake, status
from server import materials as material_store
from server.context import (
    ERROR_RESPONSES,
    Context,
    RawBody,
    SignedDevice,
    SignedLater,
    verify_signed,
)
from server.devices import enrol as enrol_device
from server.devices import record_rejection
from server.errors import ApiError
from server.paths import CLIENT_UUID, SHA256

router = APIRouter(prefix=API_PREFIX, responses=ERROR_RESPONSES)

Sha256 = Annotated[str, Path(pattern=SHA256_PATTERN, description="材料内容的 SHA-256（十六进制）")]


# The routes that take a material's raw bytes (the body is read as bytes, not parsed; this
# tells the OpenAPI document so).
_RAW_BYTES_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    }
}


@router.get("/health", response_model=HealthResponse, tags=["device"])
def health(ctx: Context) -> HealthResponse:
    """Cheap reachability probe (no signature); ``server_time`` lets a kiosk check its clock."""
    with ctx.engine.connect() as connection:
        connection.exec_driver_sql("SELECT 1")
    return HealthResponse(ok=True, server_time=int(ctx.now().timestamp()))


@router.post("/enrol", response_model=EnrolResponse, tags=["device"])
def enrol(request: EnrolRequest, ctx: Context) -> EnrolResponse:
    """Spend a one-time token (from staff, as a QR code) for a device code and secret."""
    with ctx.engine.begin() as connection:
        return enrol_device(connection, request, now=ctx.now())


_CATALOG_RESPONSES = {
    200: {
        "description": "当前事项目录（原样字节；ETag 为其 SHA-256）",
        "content": {"application/json": {"schema": {"type": "object"}}},
        "headers": {
            "ETag": {"schema": {"type": "string"}},
            HEADER_CATALOG_VERSION: {"schema": {"type": "string"}},
        },
    },
    304: {"description": "终端已有此版本（If-None-Match 相符）"},
}


@router.get(
    "/catalog",
    response_class=Response,
    responses=_CATALOG_RESPONSES,
    tags=["device"],
)
def catalog(
    ctx: Context,
    if_none_match: Annotated[str | None, Header(description="上次收到的 ETag")] = None,
) -> Response:
    """The current catalogue; 304 when the kiosk already has it."""
    with ctx.engine.connect() as connection:
        current = catalogs.current(connection)
    if current is None:
        raise ApiError(ErrorCode.NO_CATALOG)
    headers = {"ETag": current.etag, HEADER_CATALOG_VERSION: current.version}
    if catalogs.etag_matches(if_none_match, current.etag):
        return Response(status_code=304, headers=headers)
    return Response(content=current.body, media_type="application/json", headers=headers)


def _upload_headers(state: MaterialStatus) -> dict[str, str]:
    headers = {
        HEADER_UPLOAD_OFFSET: str(state.received),
        HEADER_MATERIAL_COMPLETE: "true" if state.complete else "false",
    }
    if state.size is not None:
        headers[HEADER_UPLOAD_LENGTH] = str(state.size)
    return headers


_UPLOAD_HEADERS = {
    HEADER_UPLOAD_OFFSET: {"description": "服务器已收到的字节数", "schema": {"type": "integer"}},
    HEADER_MATERIAL_COMPLETE: {"description": "true / false", "schema": {"type": "string"}},
    HEADER_UPLOAD_LENGTH: {"description": "声明的总字节数", "schema": {"type": "integer"}},
}


@router.head(
    f"/materials/{SHA256}",
    response_class=Response,
    responses={200: {"description": "上传进度在响应头里", "headers": _UPLOAD_HEADERS}},
    tags=["device"],
)
def material_head(sha256: Sha256, ctx: Context, device: SignedDevice) -> Response:
    """How many bytes of this material the server holds (headers only)."""
    with ctx.engine.connect() as connection:
        state = material_store.status(connection, ctx.files, sha256)
    return Response(status_code=200, headers=_upload_headers(state))


@router.get(
    f"/materials/{SHA256}",
    response_model=MaterialStatus,
    responses={200: {"headers": _UPLOAD_HEADERS}},
    tags=["device"],
)
def material_status(
    sha256: Sha256, ctx: Context, device: SignedDevice, response: Response
) -> MaterialStatus:
    """How many bytes of this material the server holds, and whether it is complete."""
    with ctx.engine.connect() as connection:
        state = material_store.status(connection, ctx.files, sha256)
    response.headers.update(_upload_headers(state))
    return state


@router.post("/materials/query", response_model=MaterialQueryResponse, tags=["device"])
def material_query(
    query: MaterialQuery, ctx: Context, device: SignedDevice
) -> MaterialQueryResponse:
    """Where many materials stand, in one round trip (which ones need sending at all)."""
    for sha in query.sha256s:
        if len(sha) != 64 or sha.strip("0123456789abcdef"):
            raise ApiError(ErrorCode.VALIDATION_ERROR, detail="sha256s: not lower-case hex")
    with ctx.engine.connect() as connection:
        return MaterialQueryResponse(
            materials=material_store.statuses(connection, ctx.files, query.sha256s)
        )


@router.patch(
    f"/materials/{SHA256}",
    response_model=MaterialStatus,
    responses={200: {"headers": _UPLOAD_HEADERS}},
    openapi_extra=_RAW_BYTES_BODY,
    tags=["device"],
)
async def material_chunk(
    sha256: Sha256,
    request: Request,
    ctx: Context,
    _signed: SignedLater,
    body: RawBody,
    offset: Annotated[int, Query(ge=0, le=MAX_MATERIAL_BYTES, description="本块的起始字节")],
    size: Annotated[int, Query(ge=0, le=MAX_MATERIAL_BYTES, description="材料总字节数")],
) -> Response:
    """Append bytes at ``offset``; the answer says how far the server has got."""

    def work() -> MaterialStatus:  # one trip to the thread pool for all of it
        verify_signed(request, ctx)
        if len(body) > MAX_CHUNK_BYTES:
            raise ApiError(ErrorCode.PAYLOAD_TOO_LARGE, detail=f"chunk of {len(body)} bytes")
        return material_store.append_chunk(
            ctx.engine, ctx.files, sha256, offset=offset, size=size, data=body, now=ctx.now()
        )

    state = await run_in_threadpool(work)
    return Response(
        state.model_dump_json(), media_type="application/json", headers=_upload_headers(state)
    )


@router.post(
    "/materials/batch",
    response_model=MaterialBatchResponse,
    openapi_extra=_RAW_BYTES_BODY,
    tags=["device"],
)
async def material_batch(
    request: Request,
    ctx: Context,
    _signed: SignedLater,
    body: RawBody,
    files: Annotated[
        str,
        Query(
            max_length=MAX_MATERIAL_BATCH_FILES * 75,
            description="sha256:字节数，逗号分隔，顺序即请求体中文件的顺序",
        ),
    ],
) -> Response:
    """Several whole materials in one request; each is checked and answered on its own.

    The body is their bytes one after another, in the order ``files`` names them."""

    def work() -> MaterialBatchResponse:  # one trip to the thread pool for all of it
        verify_signed(request, ctx)
        if len(body) > MAX_CHUNK_BYTES:
            raise ApiError(ErrorCode.PAYLOAD_TOO_LARGE, detail=f"batch of {len(body)} bytes")
        try:
            named = parse_material_batch_query(files)
        except ValueError as error:
            raise ApiError(ErrorCode.VALIDATION_ERROR, detail=str(error)) from None
        if sum(size for _, size in named) != len(body):
            raise ApiError(
                ErrorCode.VALIDATION_ERROR,
                "上传的内容与声明的文件大小不符。",
                detail=f"batch body {len(body)} bytes != sizes declared",
            )
        parts, offset = [], 0
        for sha256, size in named:
            parts.append((sha256, body[offset : offset + size]))
            offset += size
        answers = material_store.store_whole(ctx.engine, ctx.files, parts, now=ctx.now())
        refused = [a for a in answers if isinstance(a, ApiError) and a.kind is ErrorKind.REJECT]
        if refused:  # so an operator sees why a kiosk's queue is stuck
            with ctx.engine.begin() as connection:
                record_rejection(
                    connection, request.state.device.id, refused[-1].code.value, now=ctx.now()
                )
        items = []
        for (sha256, size), answer in zip(named, answers, strict=True):
            if isinstance(answer, ApiError):
                items.append(
                    MaterialBatchItem(
                        sha256=sha256,
                        size=size,
                        received=0,
                        complete=False,
                        error=answer.body(),
                    )
                )
            else:
                items.append(MaterialBatchItem(**answer.model_dump()))
        return MaterialBatchResponse(materials=items)

    answer = await run_in_threadpool(work)
    return Response(answer.model_dump_json(), media_type="application/json")


@router.post(
    "/applications",
    response_model=SubmitResult,
    status_code=201,
    responses={200: {"model": SubmitResult, "description": "重复提交：原来的结果"}},
    tags=["device"],
)
def submit(
    request: SubmitRequest, ctx: Context, device: SignedDevice, response: Response
) -> SubmitResult:
    """Submit one application (or a corrected revision) under its client UUID."""
    with ctx.engine.begin() as connection:
        result = intake.submit(
            connection, device.id, request, source="online", now=ctx.now(), files=ctx.files
        )
    response.status_code = 200 if result.duplicate else 201
    return result


@router.post("/applications/batch", response_model=BatchSubmitResponse, tags=["device"])
def submit_batch(
    batch: BatchSubmitRequest, ctx: Context, device: SignedDevice
) -> BatchSubmitResponse:
    """Several applications at once; each is answered as if it had been sent alone.

    One transaction for the batch, one savepoint per item: an item refused rolls back only
    its own savepoint, and the batch costs one durable commit instead of one per item.
    Nothing is answered before that commit."""
    results = []
    with ctx.engine.begin() as connection:
        for request in batch.applications:
            try:
                with connection.begin_nested():
                    result = intake.submit(
                        connection,
                        device.id,
                        request,
                        source="online",
                        now=ctx.now(),
                        files=ctx.files,
                    )
            except ApiError as error:
                if error.kind is ErrorKind.REJECT:
                    record_rejection(connection, device.id, error.code.value, now=ctx.now())
                results.append(
                    BatchSubmitItem(
                        client_uuid=request.client_uuid,
                        revision=request.revision,
                        status=error.status,
                        error=error.body(),
                    )
                )
                continue
            results.append(
                BatchSubmitItem(
                    client_uuid=request.client_uuid,
                    revision=request.revision,
                    status=200 if result.duplicate else 201,
                    result=result,
                )
            )
    return BatchSubmitResponse(results=results)


@router.get(f"/applications/{CLIENT_UUID}", response_model=ApplicationStatus, tags=["device"])
def application(
    client_uuid: Annotated[str, Path(pattern=UUID_PATTERN)], ctx: Context, device: SignedDevice
) -> ApplicationStatus:
    """Where one of this device's applications stands (404 if the server never got it)."""
    with ctx.engine.connect() as connection:
        found = status.application_status(connection, device.id, client_uuid)
    if found is None:
        raise ApiError(ErrorCode.NOT_FOUND, "服务器没有这件申请。", detail="application unknown")
    return found


@router.get("/status", response_model=StatusPage, tags=["device"])
def status_pull(
    ctx: Context,
    device: SignedDevice,
    cursor: Annotated[str | None, Query(max_length=20, description="上次返回的游标")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> StatusPage:
    """Status changes of this device's applications after ``cursor``, oldest first."""
    with ctx.engine.connect() as connection:
        return status.pull(connection, device.id, cursor=status.parse_cursor(cursor), limit=limit)


@router.post("/ratings", response_model=RatingsResponse, tags=["device"])
def ratings(batch: RatingsRequest, ctx: Context, device: SignedDevice) -> RatingsResponse:
    """好差评 for applications; one per application, repeats are harmless."""
    with ctx.engine.begin() as connection:
        outcomes = intake.record_ratings(connection, device.id, batch.ratings, now=ctx.now())
    return RatingsResponse(results=outcomes)


@router.post("/audit", response_model=AuditAck, tags=["device"])
def audit(batch: AuditBatch, ctx: Context, device: SignedDevice) -> AuditAck:
    """The device's hash-chained audit records, in order; the answer is the acknowledged head."""
    with ctx.engine.begin() as connection:
        return intake.record_audit(connection, device.id, batch.records, now=ctx.now())
