"""The FastAPI application: ``create_app(db_url)``, and the factory uvicorn workers call.

Processes keep no state of their own beyond caches and limits (nonces, upload progress,
idempotency records all live in the database; material bytes in the material directory,
which every process must share), so any number of them can serve one database behind a
reverse proxy. Migrations run when the app is created, before it serves.
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from sqlalchemy.exc import DBAPIError, OperationalError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware

from kiosk.protocol import CLOCK_SKEW_S, PROTOCOL_VERSION, ErrorCode, ErrorKind
from server import migrate, routes_admin, routes_device
from server.auth import Authenticator
from server.bodies import BodyMiddleware
from server.context import ServerContext
from server.database import make_engine, redact_url, utc_now
from server.devices import record_rejection
from server.errors import ApiError
from server.housekeeping import Housekeeper, Policy
from server.limits import DeviceRateLimiter, InFlightLimit
from server.material_files import (
    ENV_MATERIALS_DIR,
    MaterialFiles,
    MaterialStorageError,
    default_materials_dir,
)

log = logging.getLogger("server")

ENV_DB_URL = "KIOSK_SERVER_DB"
ENV_RATE_LIMIT = "KIOSK_SERVER_RATE_LIMIT"
ENV_MAX_IN_FLIGHT = "KIOSK_SERVER_MAX_IN_FLIGHT"
ENV_GC_INTERVAL_S = "KIOSK_SERVER_GC_INTERVAL_S"
ENV_UPLOAD_EXPIRY_DAYS = "KIOSK_SERVER_UPLOAD_EXPIRY_DAYS"
ENV_RETENTION_DAYS = "KIOSK_SERVER_RETENTION_DAYS"
ENV_ANSWERS_RETENTION_DAYS = "KIOSK_SERVER_ANSWERS_RETENTION_DAYS"

_DESCRIPTION = """\
参考受理服务器：终端登记、签名请求、事项目录、材料断点续传、幂等提交、状态回传、好差评与操作记录。
Reference intake server of the kiosk sync protocol; the full specification is
`docs/protocol.md`. Device requests are signed (HMAC-SHA256, headers X-Kiosk-*);
back-office requests carry `Authorization: Bearer <admin token>`.
"""


def create_app(
    db_url: str,
    *,
    run_migrations: bool = True,
    skew_s: int = CLOCK_SKEW_S,
    rate_limit: float = 50.0,
    rate_burst: int = 200,
    max_in_flight: int = 64,
    pool_size: int = 5,
    now: Callable[[], datetime] = utc_now,
    materials_dir: Path | None = None,
    housekeeping: Policy | None = None,
    housekeeping_every: timedelta | None = None,
) -> FastAPI:
    """The intake server on ``db_url`` (``sqlite:///path`` or ``postgresql://...``), keeping
    material files under ``materials_dir`` (default: ``default_materials_dir(db_url)``).

    ``rate_limit`` is requests per second per device in this process (0: no limit);
    ``max_in_flight`` caps concurrent requests in this process (0: no cap);
    ``housekeeping_every`` runs the upload GC and retention purge (``housekeeping``, default
    policy if None) at start and on that interval while serving (None: not in this process).
    """
    engine = make_engine(db_url, pool_size=pool_size)
    files = MaterialFiles(materials_dir or default_materials_dir(db_url))
    if run_migrations:
        migrate.upgrade(engine, materials_dir=files.root)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        log.info("intake server on %s, material files in %s", redact_url(db_url), files.root)
        keeper = None
        if housekeeping_every is not None:
            keeper = Housekeeper(
                engine, files, housekeeping or Policy(), interval=housekeeping_every, now=now
            )
            keeper.start()
        yield
        if keeper is not None:
            keeper.stop()
        engine.dispose()

    app = FastAPI(
        title="政务服务终端参考受理服务器 / kiosk intake server",
        version=f"{PROTOCOL_VERSION}.0",
        description=_DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.kiosk = ServerContext(
        engine=engine,
        auth=Authenticator(engine, skew_s=skew_s, now=now),
        rates=DeviceRateLimiter(rate=rate_limit, burst=rate_burst),
        now=now,
        files=files,
    )
    app.include_router(routes_device.router)
    app.include_router(routes_admin.router)
    _install_error_handlers(app)
    # Outermost last: shed load first, then compress responses, then read the body.
    app.add_middleware(BodyMiddleware)
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(InFlightLimit, limit=max_in_flight)
    return app


def app_from_environment() -> FastAPI:
    """For ``uvicorn --factory server.app:app_from_environment`` (each worker calls it).

    The parent (``kiosk-server``) has already migrated, so workers do not race to.
    """
    gc_interval_s = float(os.environ.get(ENV_GC_INTERVAL_S, "0"))
    return create_app(
        os.environ[ENV_DB_URL],
        run_migrations=False,
        rate_limit=float(os.environ.get(ENV_RATE_LIMIT, "50")),
        max_in_flight=int(os.environ.get(ENV_MAX_IN_FLIGHT, "64")),
        materials_dir=Path(os.environ[ENV_MATERIALS_DIR])
        if os.environ.get(ENV_MATERIALS_DIR)
        else None,
        housekeeping=Policy.from_days(
            float(os.environ.get(ENV_UPLOAD_EXPIRY_DAYS, "7")),
            float(os.environ.get(ENV_RETENTION_DAYS, "30")),
            float(os.environ.get(ENV_ANSWERS_RETENTION_DAYS, "180")),
        ),
        housekeeping_every=timedelta(seconds=gc_interval_s) if gc_interval_s > 0 else None,
    )


def _error(error: ApiError) -> JSONResponse:
    return JSONResponse(
        status_code=error.status,
        content=error.body().model_dump(exclude_none=True),
        headers=error.headers(),
    )


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, error: ApiError) -> JSONResponse:
        if error.status >= 500 or error.code in (ErrorCode.BAD_SIGNATURE, ErrorCode.REPLAYED):
            log.warning("refused: %s (%s)", error.code.value, error.detail)
        device = getattr(request.state, "device", None)
        if device is not None and error.kind is ErrorKind.REJECT:
            # A permanent refusal parks an item on the kiosk: show it to the operator too.
            await run_in_threadpool(_record_rejection, request, device.id, error.code.value)
        return _error(error)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, error: RequestValidationError) -> JSONResponse:
        # Where and what kind, never the offending input: it may be a resident's answer.
        problems = [
            {"loc": [str(part) for part in item.get("loc", ())], "type": item.get("type", "")}
            for item in error.errors()[:20]
        ]
        return _error(
            ApiError(
                ErrorCode.VALIDATION_ERROR,
                detail=f"{len(problems)} problem(s)",
                details={"problems": problems},
            )
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        code = {
            404: ErrorCode.NOT_FOUND,
            405: ErrorCode.METHOD_NOT_ALLOWED,
            413: ErrorCode.PAYLOAD_TOO_LARGE,
        }.get(error.status_code, ErrorCode.BAD_REQUEST)
        response = _error(ApiError(code, detail=f"http {error.status_code}"))
        for name, value in (error.headers or {}).items():
            response.headers[name] = value
        if error.status_code == 405:
            response.headers["Allow"] = ", ".join(_allowed_methods(request))
        return response

    @app.exception_handler(MaterialStorageError)
    async def storage_failed(_: Request, error: MaterialStorageError) -> JSONResponse:
        log.error("material storage: %s", error.detail)
        return _error(ApiError(ErrorCode.UNAVAILABLE, detail="material storage", retry_after=30))

    @app.exception_handler(OperationalError)
    async def database_down(_: Request, error: OperationalError) -> JSONResponse:
        log.error("database unavailable: %s", type(error.orig).__name__)
        return _error(ApiError(ErrorCode.UNAVAILABLE, detail="database", retry_after=5))

    @app.exception_handler(DBAPIError)
    async def database_error(_: Request, error: DBAPIError) -> JSONResponse:
        if error.connection_invalidated:
            return _error(ApiError(ErrorCode.UNAVAILABLE, detail="database", retry_after=5))
        log.exception("database error")
        return _error(ApiError(ErrorCode.INTERNAL_ERROR, detail="database error"))

    @app.exception_handler(Exception)
    async def crashed(_: Request, error: Exception) -> JSONResponse:
        log.exception("unhandled %s", type(error).__name__)
        return _error(ApiError(ErrorCode.INTERNAL_ERROR, detail=type(error).__name__))


def _record_rejection(request: Request, device_id: int, code: str) -> None:
    ctx: ServerContext = request.app.state.kiosk
    with ctx.engine.begin() as connection:
        record_rejection(connection, device_id, code, now=ctx.now())


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at this path (Starlette's own 405 names only the first
    route's, and each method here is its own route)."""
    path = request.scope["path"]
    methods: set[str] = set()
    for router in (routes_device.router, routes_admin.router):
        for route in router.routes:
            if isinstance(route, APIRoute) and route.path_regex.match(path):
                methods |= route.methods
    return sorted(methods)
