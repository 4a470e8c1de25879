"""The ``kiosk`` command (composition root for the command line).

Output contracts (relied on by operators and checks; see README):

* ``kiosk idcheck NUMBER...`` — one JSON object per input, in order; exit 0 once all were
  checked (validity is in the output), 2 on a usage error.
* ``kiosk catalog [--json]`` — the installed catalogue, services before bundles; with
  ``--json`` one object per line: code, name, department, fields, materials, bundle_of.
* ``kiosk catalog --schema`` — the published JSON Schema of the catalogue format.
* ``kiosk catalog --install FILE`` — validates and installs a catalogue; a bad one is refused
  with the reason and the last good one stays in use.
* ``kiosk demo --headless --out DIR`` — the scripted journey; writes ``DIR/summary.json``.
* ``kiosk bench [--json]`` — benchmarks, each beside a baseline measured in the same run.

Every command accepts ``--data-dir DIR`` (default ``$KIOSK_DATA_DIR`` or
``~/.local/share/zhengwu-kiosk``).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from kiosk.config import default_data_dir
from kiosk.errors import KioskError

log = logging.getLogger("kiosk")


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        type=Path,
        default=argparse.SUPPRESS,
        help="数据目录（存储、材料、设置）/ data directory",
    )
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="政务服务自助终端 / government-services self-service kiosk",
        parents=[common],
    )
    parser.add_argument("--verbose", action="store_true", help="更详细的日志 / verbose log")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    idcheck = commands.add_parser(
        "idcheck", parents=[common], help="校验居民身份证号码 / validate resident ID numbers"
    )
    idcheck.add_argument("numbers", nargs="+", metavar="NUMBER")

    catalog = commands.add_parser(
        "catalog", parents=[common], help="列出已安装的事项目录 / list the installed catalogue"
    )
    catalog.add_argument("--json", action="store_true", help="每行一个 JSON 对象")
    catalog.add_argument("--schema", action="store_true", help="输出事项目录的 JSON Schema")
    catalog.add_argument("--install", type=Path, metavar="FILE", help="校验并安装一个事项目录文件")

    demo = commands.add_parser(
        "demo", parents=[common], help="演示：脚本化的办事流程 / scripted demo journey"
    )
    demo.add_argument("--headless", action="store_true", help="不显示界面 / no screen")
    demo.add_argument("--out", type=Path, default=Path("out/demo"), help="输出目录")

    bench = commands.add_parser("bench", parents=[common], help="性能基准 / benchmarks")
    bench.add_argument("--json", action="store_true", help="输出 JSON")
    bench.add_argument("--samples", type=int, default=2000, help="每项采样次数")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    data_dir: Path = getattr(args, "data_dir", None) or default_data_dir()
    try:
        if args.command == "idcheck":
            return _idcheck(args.numbers)
        if args.command == "catalog":
            return _catalog(data_dir, as_json=args.json, schema=args.schema, install=args.install)
        if args.command == "demo":
            return _demo(data_dir, headless=args.headless, out=args.out)
        if args.command == "bench":
            return _bench(as_json=args.json, samples=args.samples)
    except KioskError as exc:
        log.error("%s", exc.detail)
        print(exc.message, file=sys.stderr)
        return 1
    _parser().print_help()
    return 2


def _print_json(obj: object) -> None:
    print(json.dumps(obj, ensure_ascii=False), flush=True)


def _idcheck(numbers: Sequence[str]) -> int:
    from kiosk.domain.identity import check_id_number

    for number in numbers:
        _print_json(check_id_number(number).to_json())
    return 0


def _catalog(data_dir: Path, *, as_json: bool, schema: bool, install: Path | None) -> int:
    if schema:
        from kiosk.domain.catalog import render_json_schema

        sys.stdout.write(render_json_schema())
        return 0
    from kiosk.app import open_kiosk

    with open_kiosk(data_dir) as kiosk:
        if install is not None:
            try:
                raw = install.read_bytes()
            except OSError as exc:
                raise KioskError("无法读取事项目录文件", detail=f"{install}: {exc}") from exc
            loaded = kiosk.catalogs.install(raw, source="usb")
            count = len(loaded.catalog.services)
            print(f"已安装事项目录 {loaded.catalog.version}（{count} 项服务）")
            return 0
        for row in kiosk.catalogs.summary():
            if as_json:
                _print_json(row)
            else:
                kind = f"一件事（{'、'.join(row['bundle_of'])}）" if row["bundle_of"] else ""
                print(
                    f"{row['code']}\t{row['name']}\t{row['department']}\t"
                    f"{row['fields']} 个问题\t{row['materials']} 项材料\t{kind}".rstrip()
                )
    return 0


def _demo(data_dir: Path, *, headless: bool, out: Path) -> int:
    from datetime import date

    from kiosk.app import open_kiosk
    from kiosk.demo_journey import run_demo

    if not headless:
        print("带界面的演示尚未提供，请使用 --headless", file=sys.stderr)
        return 2
    with open_kiosk(data_dir) as kiosk:
        summary = run_demo(kiosk, out=out, today=date.today())
    for row in summary["applications"]:
        print(f"{row['service']}\t回执 {row['receipt']}\t{row['state']}")
    print(f"summary: {out / 'summary.json'}")
    return 0


def _ratios(result: dict) -> str:
    text = "".join(
        f", {name} {result[f'ratio_{name}']:.2f}×"
        for name in ("p50", "p99", "max")
        if result.get(f"ratio_{name}") is not None
    )
    if "max_ms" in result:
        verdict = "ok" if result.get("within_target") else "OVER"
        text += (
            f"  | longest {result['max_ms']:.1f} ms (target ≤ {result['target_ms']:.0f}: {verdict})"
        )
    return f"  | ratio{text[1:]}"


def _bench(*, as_json: bool, samples: int) -> int:
    import tempfile

    from bench import run_all

    with tempfile.TemporaryDirectory(prefix="kiosk-bench-") as workdir:
        results = run_all(workdir=Path(workdir), samples=samples)
    if as_json:
        _print_json({"benchmarks": results})
        return 0
    for result in results:
        base = result["baseline"]
        print(
            f"{result['name']}: p50 {result['p50_ms']:.3f} ms, p99 {result['p99_ms']:.3f} ms  "
            f"| baseline {base['name']}: p50 {base['p50_ms']:.3f} ms, p99 {base['p99_ms']:.3f} ms"
            + _ratios(result)
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
