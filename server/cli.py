"""``kiosk-server``: run the reference intake server, and its back-office commands.

Output contracts (checks and operators rely on them; see docs/operations.md):

* ``kiosk-server --db URL --host H --port P [--workers N]`` — migrates, then serves.
* ``kiosk-server token --db URL`` — prints one new one-time enrolment token on stdout.
* ``kiosk-server list --db URL --json`` — one JSON object per stored application and line,
  with at least ``server_id``, ``client_uuid``, ``service``, ``state``.
* ``kiosk-server import BUNDLE --db URL`` — ingests a USB bundle; importing again is harmless.
* ``kiosk-server advance --db URL SERVER_ID STATE [--note TEXT]`` — back-office transition.
* ``kiosk-server publish --db URL CATALOG.json`` — validates and publishes a catalogue.
* ``kiosk-server devices --db URL [--json]`` — enrolled devices, last contact, last refusal.
* ``kiosk-server revoke-device --db URL CODE`` (also ``revoke``) — stops a device at once.
* ``kiosk-server tokens --db URL [--all] [--json]`` — enrolment tokens that can still enrol
  (``--all``: used, expired and revoked too), by id (the token itself is never stored).
* ``kiosk-server revoke-token --db URL ID|TOKEN`` — withdraws an unused enrolment token.
* ``kiosk-server admin-tokens --db URL [--json]``, ``revoke-admin-token --db URL ID|TOKEN``.
* ``kiosk-server gc --db URL [--upload-expiry-days 7] [--retention-days 30]
  [--answers-retention-days 180] [--json]`` —
  removes abandoned uploads, the material bytes of long-decided applications and, later,
  their answers (the server also does this every ``--gc-interval-hours``).

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
    serving.add_argument(
        "--gc-interval-hours",
        type=float,
        default=6.0,
        help="每隔几小时清理一次过期上传和到期材料（0 不清理）/ housekeeping interval",
    )
    policy = argparse.ArgumentParser(add_help=False)
    policy.add_argument(
        "--upload-expiry-days",
        type=float,
        default=7.0,
        help="没有申请认领的上传，最后一块到达后保留几天（0 不清理）/ abandoned upload expiry",
    )
    policy.add_argument(
        "--retention-days",
        type=float,
        default=30.0,
        help="申请办结（通过/不通过）后材料文件保留几天（0 一直保留）/ material retention",
    )
    policy.add_argument(
        "--answers-retention-days",
        type=float,
        default=180.0,
        help="申请办结后答案（姓名、身份证号等）保留几天（0 一直保留）/ answers retention",
    )

    parser = argparse.ArgumentParser(
        prog="kiosk-server",
        description="参考受理服务器 / reference intake server of the kiosk sync protocol",
        parents=[common, serving, policy],
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    commands.add_parser("serve", parents=[common, serving, policy], help="运行服务器（默认）/ run")
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

    revoke = commands.add_parser(
        "revoke-device",
        aliases=["revoke"],
        parents=[common],
        help="停用设备（丢失、被盗）/ revoke a device",
    )
    revoke.add_argument("device_code", metavar="DEVICE_CODE")

    tokens = commands.add_parser(
        "tokens", parents=[common], help="列出还能用的登记码 / unused enrolment tokens"
    )
    tokens.add_argument("--all", action="store_true", help="也列出已用、过期、已作废的")
    tokens.add_argument("--json", action="store_true", help="每行一个 JSON 对象")
    revoke_token = commands.add_parser(
        "revoke-token", parents=[common], help="作废未用的登记码 / withdraw an enrolment token"
    )
    revoke_token.add_argument("token", metavar="ID|TOKEN")

    admin_tokens = commands.add_parser(
        "admin-tokens", parents=[common], help="列出后台管理口令 / back-office tokens"
    )
    admin_tokens.add_argument("--json", action="store_true", help="每行一个 JSON 对象")
    revoke_admin = commands.add_parser(
        "revoke-admin-token", parents=[common], help="作废后台管理口令 / revoke an admin token"
    )
    revoke_admin.add_argument("token", metavar="ID|TOKEN")

    gc = commands.add_parser(
        "gc",
        parents=[common, policy],
        help="清理过期上传、删除到期材料 / collect abandoned uploads, purge old materials",
    )
    gc.add_argument("--json", action="store_true", help="输出一行 JSON 摘要")
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

    from server.app import (
        ENV_ANSWERS_RETENTION_DAYS,
        ENV_DB_URL,
        ENV_GC_INTERVAL_S,
        ENV_MAX_IN_FLIGHT,
        ENV_RATE_LIMIT,
        ENV_RETENTION_DAYS,
        ENV_UPLOAD_EXPIRY_DAYS,
    )
    from server.material_files import ENV_MATERIALS_DIR
    from server.serving import PROTOCOL

    # Migrate once here, so the workers (each builds its own app) do not race to.
    _engine(db_url, args).dispose()
    os.environ[ENV_DB_URL] = db_url
    # Absolute: every worker (and its working directory) must agree on it.
    os.environ[ENV_MATERIALS_DIR] = str(_materials(args, db_url).absolute())
    os.environ[ENV_RATE_LIMIT] = str(args.rate_limit)
    os.environ[ENV_MAX_IN_FLIGHT] = str(args.max_in_flight)
    os.environ[ENV_GC_INTERVAL_S] = str(max(0.0, args.gc_interval_hours) * 3600)
    os.environ[ENV_UPLOAD_EXPIRY_DAYS] = str(args.upload_expiry_days)
    os.environ[ENV_RETENTION_DAYS] = str(args.retention_days)
    os.environ[ENV_ANSWERS_RETENTION_DAYS] = str(args.answers_retention_days)
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
                f" {row.receipt_no}  {row.received_at}  {'+'.join(row.signature_kinds) or '-'}"
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


def _print_tokens(rows, *, as_json: bool) -> None:
    labels = {
        "unused": "可用",
        "active": "在用",
        "used": "已用",
        "expired": "已过期",
        "revoked": "已作废",
    }
    if not rows and not as_json:
        print("（没有）")
    for row in rows:
        if as_json:
            print(json.dumps(row.as_dict(), ensure_ascii=False))
            continue
        extra = []
        if row.expires_at:
            extra.append(f"有效至 {row.expires_at}")
        if row.device_code:
            extra.append(f"设备 {row.device_code}")
        if row.note:
            extra.append(f"备注 {row.note}")
        state = labels[row.state.value]
        print(f"{row.id}  {state:<4} 生成于 {row.created_at}  " + "  ".join(extra))


def _tokens(args: argparse.Namespace, db_url: str) -> int:
    from server.database import utc_now
    from server.devices import enrolment_token_summaries

    engine = _engine(db_url, args)
    with engine.connect() as connection:
        rows = enrolment_token_summaries(connection, now=utc_now(), include_spent=args.all)
    engine.dispose()
    _print_tokens(rows, as_json=args.json)
    return 0


def _admin_tokens(args: argparse.Namespace, db_url: str) -> int:
    from server.devices import admin_token_summaries

    engine = _engine(db_url, args)
    with engine.connect() as connection:
        rows = admin_token_summaries(connection)
    engine.dispose()
    _print_tokens(rows, as_json=args.json)
    return 0


def _revoke_token(args: argparse.Namespace, db_url: str) -> int:
    from server.database import utc_now
    from server.devices import revoke_admin_token, revoke_enrolment_token

    admin = args.command == "revoke-admin-token"
    revoke = revoke_admin_token if admin else revoke_enrolment_token
    engine = _engine(db_url, args)
    try:
        with engine.begin() as connection:
            done = revoke(connection, args.token, now=utc_now())
    finally:
        engine.dispose()
    if not done:
        why = "已作废" if admin else "已用过、已过期或已作废；已登记的设备请用 revoke-device 停用"
        print(f"这个口令{why}。", file=sys.stderr)
        return 1
    print("口令已作废" if admin else "登记码已作废")
    return 0


def _gc(args: argparse.Namespace, db_url: str) -> int:
    from server.housekeeping import Policy, run
    from server.material_files import MaterialFiles

    engine = _engine(db_url, args)
    files = MaterialFiles(_materials(args, db_url))
    try:
        policy = Policy.from_days(
            args.upload_expiry_days, args.retention_days, args.answers_retention_days
        )
        report = run(engine, files, policy)
    finally:
        engine.dispose()
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False))
    elif report.skipped:
        print("另一个服务器进程正在清理，本次跳过。")
    else:
        uploads, kept = report.uploads, report.retention
        print(
            f"过期上传：未完成 {uploads.abandoned} 个，无人认领 {uploads.unclaimed} 个，"
            f"残留 {uploads.stray} 个，补登记 {uploads.adopted} 个，"
            f"释放 {uploads.bytes_freed} 字节；"
            f"到期材料：{kept.materials} 个，释放 {kept.bytes_freed} 字节，"
            f"涉及申请 {kept.applications} 件；清除到期答案 {kept.answers} 件"
        )
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
    "revoke-device": _revoke,
    "tokens": _tokens,
    "revoke-token": _revoke_token,
    "admin-tokens": _admin_tokens,
    "revoke-admin-token": _revoke_token,
    "gc": _gc,
}


if __name__ == "__main__":
    sys.exit(main())
