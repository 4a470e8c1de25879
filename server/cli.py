"""``kiosk-server``: run the reference intake server, and its back-office commands.

Output contracts (checks and operators rely on them; see docs/operations.md):

* ``kiosk-server --db URL --host H --port P [--workers N]`` — migrates, then serves.
* ``kiosk-server token --db URL`` — prints one new one-time enrolment token on stdout.
* ``kiosk-server list --db URL --json`` — one JSON object per stored application and line,
  with at least ``server_id``, ``client_uuid``, ``service``, ``state``.
* ``kiosk-server import BUNDLE --db URL`` — ingests a USB bundle; importing again is harmless.
* ``kiosk-server advance --db URL SERVER_ID STATE [--note TEXT]`` — back-office transition.
* ``kiosk-server publish --db URL CATALOG.json`` — validates and publishes a catalogue.

``--db`` defaults to ``$KIOSK_SERVER_DB``, else ``sqlite:///kiosk-server.db``. ``--materials
DIR`` (material files; every app process of one database must see the same directory)
defaults to ``$KIOSK_SERVER_MATERIALS``, else beside a SQLite file (``NAME-materials/``), else
``kiosk-server-materials/``. Exit status: 0
done, 1 refused (bad catalogue, bad bundle, transition not allowed ...), 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

DEFAULT_DB = "sqlite:///kiosk-server.db"
DEFAULT_PORT = 8470

_STATES = ("in_review", "needs_correction", "approved", "rejected")


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        default=argparse.SUPPRESS,
        metavar="URL",
        help="数据库 / database: sqlite:///PATH or postgresql://... (default $KIOSK_SERVER_DB)",
    )
    common.add_argument(
        "--materials",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="DIR",
        help="材料文件目录，多个进程须共用同一目录 / material files, shared by every process"
        " (default $KIOSK_SERVER_MATERIALS, else NAME-materials/ beside a SQLite file)",
    )
    serving = argparse.ArgumentParser(add_help=False)
    serving.add_argument("--host", default="127.0.0.1", help="监听地址 (default 127.0.0.1)")
    serving.add_argument("--port", type=int, default=DEFAULT_PORT, help="端口 (default 8470)")
    serving.add_argument("--workers", type=int, default=1, help="工作进程数 / uvicorn workers")
    serving.add_argument(
        "--rate-limit",
        type=float,
        default=50.0,
        help="每台设备每秒请求数上限（每进程；0 不限）/ per-device requests per second",
    )
    serving.add_argument(
        "--max-in-flight",
        type=int,
        default=64,
        help="每进程同时处理的请求上限，超出回 503 / concurrent requests per process",
    )
    serving.add_argument(
        "--forwarded-allow-ips",
        default=None,
        help="信任其 X-Forwarded-* 头的反向代理地址 / trusted reverse proxies",
    )
    serving.add_argument("--log-level", default="info")

    parser = argparse.ArgumentParser(
        prog="kiosk-server",
        description="参考受理服务器 / reference intake server of the kiosk sync protocol",
        parents=[common, serving],
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    commands.add_parser("serve", parents=[common, serving], help="运行服务器（默认）/ run")
    migrate = commands.add_parser(
        "migrate", parents=[common], help="只升级数据库结构 / migrate only"
    )
    migrate.add_argument(
        "--downgrade",
        metavar="REVISION",
        default=None,
        help="退回到某个版本（base：清空）；先备份！/ step back to REVISION (back up first)",
    )

    token = commands.add_parser(
        "token", parents=[common], help="生成一次性登记码 / new one-time enrolment token"
    )
    token.add_argument("--ttl-hours", type=int, default=24, help="有效小时数 (default 24)")
    token.add_argument(
        "--device-code", default=None, help="指定设备编号（重新登记该设备）/ re-enrol this code"
    )
    token.add_argument(
        "--server-url", default=None, help="终端访问本服务器的地址（写入二维码）/ for the QR"
    )
    token.add_argument(
        "--qr", type=Path, default=None, metavar="FILE", help="把登记二维码写入 FILE (.svg/.png)"
    )

    admin = commands.add_parser(
        "admin-token", parents=[common], help="生成后台管理口令 / new back-office bearer token"
    )
    admin.add_argument("--note", default=None, help="备注（给谁用）")

    listing = commands.add_parser(
        "list", parents=[common], help="列出已收到的申请 / stored applications"
    )
    listing.add_argument("--json", action="store_true", help="每行一个 JSON 对象")
    listing.add_argument("--state", choices=("accepted", *_STATES), default=None)

    advance = commands.add_parser(
        "advance", parents=[common], help="变更申请状态（后台）/ move an application on"
    )
    advance.add_argument("server_id", metavar="SERVER_ID")
    advance.add_argument("state", metavar="STATE", choices=_STATES, help=" | ".join(_STATES))
    advance.add_argument(
        "--note",
        default=None,
        help="需补正：原因；通过/不通过：结果说明 / reason or result text",
    )
    advance.add_argument(
        "--bring",
        action="append",
        default=[],
        metavar="MATERIAL",
        help="需补交的材料（可重复）/ material to bring (repeatable)",
    )

    publish = commands.add_parser(
        "publish", parents=[common], help="校验并发布事项目录 / validate and publish a catalogue"
    )
    publish.add_argument("catalog", type=Path, metavar="CATALOG.json")

    importing = commands.add_parser(
        "import", parents=[common], help="导入终端 U 盘数据包 / ingest USB bundles"
    )
    importing.add_argument("bundles", nargs="+", type=Path, metavar="BUNDLE")
    importing.add_argument("--json", action="store_true", help="每个数据包一行 JSON 摘要")

    devices = commands.add_parser(
        "devices", parents=[common], help="列出已登记设备 / enrolled devices"
    )
    devices.add_argument("--json", action="store_true", help="每行一个 JSON 对象")

    revoke = commands.add_parser("revoke", parents=[common], help="停用设备 / revoke a device")
    revoke.add_argument("device_code", metavar="DEVICE_CODE")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    db_url = getattr(args, "db", None) or os.environ.get("KIOSK_SERVER_DB") or DEFAULT_DB
    command = args.command or "serve"
    # Imported here so `kiosk-server --help` stays quick and a usage error needs no database.
    from sqlalchemy.exc import OperationalError

    from kiosk.errors import KioskError
    from server.database import redact_url
    from server.errors import ServerError

    try:
        return _COMMANDS[command](args, db_url)
    except (ServerError, KioskError) as error:
        print(error.message, file=sys.stderr)
        logging.getLogger("server").debug("refused: %s", getattr(error, "detail", ""))
        return 1
    except OperationalError as error:
        print(f"连不上数据库 {redact_url(db_url)}：请检查地址和数据库是否在运行。", file=sys.stderr)
        logging.getLogger("server").debug("database: %s", type(error.orig).__name__)
        return 1


def _materials(args: argparse.Namespace, db_url: str) -> Path:
    from server.material_files import ENV_MATERIALS_DIR, default_materials_dir

    given = getattr(args, "materials", None) or os.environ.get(ENV_MATERIALS_DIR)
    return Path(given) if given else default_materials_dir(db_url)


def _engine(db_url: str, args: argparse.Namespace):
    from server.database import make_engine
    from server.migrate import upgrade

    engine = make_engine(db_url)
    upgrade(engine, materials_dir=_materials(args, db_url))
    return engine


def _serve(args: argparse.Namespace, db_url: str) -> int:
    import uvicorn

    from server.app import ENV_DB_URL, ENV_MAX_IN_FLIGHT, ENV_RATE_LIMIT
    from server.material_files import ENV_MATERIALS_DIR
    from server.serving import PROTOCOL

    # Migrate once here, so the workers (each builds its own app) do not race to.
    _engine(db_url, args).dispose()
    os.environ[ENV_DB_URL] = db_url
    # Absolute: every worker (and its working directory) must agree on it.
    os.environ[ENV_MATERIALS_DIR] = str(_materials(args, db_url).absolute())
    os.environ[ENV_RATE_LIMIT] = str(args.rate_limit)
    os.environ[ENV_MAX_IN_FLIGHT] = str(args.max_in_flight)
    options = {}
    if args.forwarded_allow_ips:
        options = {"proxy_headers": True, "forwarded_allow_ips": args.forwarded_allow_ips}
    uvicorn.run(
        "server.app:app_from_environment",
        factory=True,
        host=args.host,
        port=args.port,
        workers=max(1, args.workers),
        http=PROTOCOL,
        log_level=args.log_level,
        **options,
    )
    return 0


def _migrate(args: argparse.Namespace, db_url: str) -> int:
    from server.database import make_engine, redact_url
    from server.migrate import current_revision, downgrade

    if args.downgrade:
        engine = make_engine(db_url)
        downgrade(engine, args.downgrade, materials_dir=_materials(args, db_url))
    else:
        engine = _engine(db_url, args)
    print(f"{redact_url(db_url)}: {current_revision(engine)}")
    engine.dispose()
    return 0


def _token(args: argparse.Namespace, db_url: str) -> int:
    from kiosk.protocol import enrolment_uri
    from server.database import utc_now
    from server.devices import create_enrolment_token

    engine = _engine(db_url, args)
    with engine.begin() as connection:
        token, expires_at = create_enrolment_token(
            connection,
            now=utc_now(),
            ttl=timedelta(hours=args.ttl_hours),
            device_code=args.device_code,
        )
    engine.dispose()
    print(token)
    if args.qr is not None:
        import segno

        if not args.server_url:
            print("生成二维码需要 --server-url", file=sys.stderr)
            return 2
        segno.make(enrolment_uri(args.server_url, token), error="m").save(args.qr, scale=8)
        print(f"二维码已写入 {args.qr}（{expires_at:%Y-%m-%d %H:%M} UTC 前有效）", file=sys.stderr)
    return 0


def _admin_token(args: argparse.Namespace, db_url: str) -> int:
    from server.database import utc_now
    from server.devices import create_admin_token

    engine = _engine(db_url, args)
    with engine.begin() as connection:
        token = create_admin_token(connection, now=utc_now(), note=args.note)
    engine.dispose()
    print(token)
    return 0


def _list(args: argparse.Namespace, db_url: str) -> int:
    from kiosk.protocol import ServerState
    from server.backoffice import list_applications

    engine = _engine(db_url, args)
    state = ServerState(args.state) if args.state else None
    with engine.connect() as connection:
        rows = list_applications(connection, state=state)
    engine.dispose()
    for row in rows:
        if args.json:
            print(json.dumps(row.model_dump(mode="json"), ensure_ascii=False))
        else:
            print(
                f"{row.server_id}  {row.state.value:<16} {row.service:<16} {row.device_code:<8}"
                f" {row.receipt_no}  {row.received_at}"
            )
    return 0


def _advance(args: argparse.Namespace, db_url: str) -> int:
    from kiosk.protocol import ServerState, TransitionRequest
    from server.backoffice import advance
    from server.database import utc_now

    state = ServerState(args.state)
    request = TransitionRequest(
        state=state,
        reason=args.note if state is ServerState.NEEDS_CORRECTION else None,
        materials_to_bring=args.bring,
        result_text=args.note if state in (ServerState.APPROVED, ServerState.REJECTED) else None,
    )
    engine = _engine(db_url, args)
    with engine.begin() as connection:
        detail = advance(
            connection, args.server_id, request, actor="back-office-cli", now=utc_now()
        )
    engine.dispose()
    print(f"{detail.server_id} {detail.state.value}")
    return 0


def _publish(args: argparse.Namespace, db_url: str) -> int:
    from server.catalogs import publish
    from server.database import utc_now

    try:
        body = args.catalog.read_bytes()
    except OSError as error:
        print(f"读不到文件 {args.catalog}：{error.strerror}", file=sys.stderr)
        return 1
    engine = _engine(db_url, args)
    with engine.begin() as connection:
        result = publish(connection, body, now=utc_now())
    engine.dispose()
    note = "（已发布过，现设为当前版本）" if result.already_published else ""
    print(f"{result.version} {result.etag}{note}")
    return 0


def _import(args: argparse.Namespace, db_url: str) -> int:
    from kiosk.protocol import BundleError
    from server.bundles import import_bundle
    from server.database import utc_now
    from server.material_files import MaterialFiles

    engine = _engine(db_url, args)
    files = MaterialFiles(_materials(args, db_url))
    status = 0
    try:
        for path in args.bundles:
            if not path.is_file():
                print(f"{path}：找不到文件", file=sys.stderr)
                status = 1
                continue
            try:
                summary = import_bundle(engine, files, path, now=utc_now())
            except BundleError as error:  # one bad stick must not stop the others
                print(f"{path}：{error.message}", file=sys.stderr)
                status = 1
                continue
            if args.json:
                print(json.dumps({"bundle": str(path), **summary.as_dict()}, ensure_ascii=False))
            else:
                print(
                    f"{path.name}: 设备 {summary.device_code}，新申请 {summary.applications_new}，"
                    f"重复 {summary.applications_duplicate}，新材料 {summary.materials_new}，"
                    f"评价 {summary.ratings_new}，操作记录 {summary.audit_new}，"
                    f"第 {summary.times_imported} 次导入"
                )
                for problem in summary.problems:
                    print(
                        f"  未收下 {problem['item']}：{problem['message']}（{problem['code']}）",
                        file=sys.stderr,
                    )
    finally:
        engine.dispose()
    return status


def _devices(args: argparse.Namespace, db_url: str) -> int:
    from server.devices import device_summaries

    engine = _engine(db_url, args)
    with engine.connect() as connection:
        rows = device_summaries(connection)
    engine.dispose()
    for row in rows:
        if args.json:
            print(json.dumps(row.model_dump(mode="json"), ensure_ascii=False))
        else:
            state = "已停用" if row.revoked else "在用"
            rejection = (
                f"  最近拒绝 {row.last_rejection} @ {row.last_rejection_at}"
                if row.last_rejection
                else ""
            )
            print(
                f"{row.device_code:<8} {state}  {row.name}  申请 {row.applications}"
                f"  最近联系 {row.last_seen_at or '从未'}{rejection}"
            )
    return 0


def _revoke(args: argparse.Namespace, db_url: str) -> int:
    from server.database import utc_now
    from server.devices import revoke

    engine = _engine(db_url, args)
    with engine.begin() as connection:
        done = revoke(connection, args.device_code, now=utc_now())
    engine.dispose()
    if not done:
        print(f"没有在用的设备 {args.device_code}", file=sys.stderr)
        return 1
    print(f"{args.device_code} 已停用")
    return 0


_COMMANDS = {
    "serve": _serve,
    "migrate": _migrate,
    "token": _token,
    "admin-token": _admin_token,
    "list": _list,
    "advance": _advance,
    "publish": _publish,
    "import": _import,
    "devices": _devices,
    "revoke": _revoke,
}


if __name__ == "__main__":
    sys.exit(main())
