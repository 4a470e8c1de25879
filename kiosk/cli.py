"""The ``kiosk`` command (composition root for the command line).

Output contracts (relied on by operators and checks; see README):

* ``kiosk idcheck NUMBER...`` — one JSON object per input, in order; exit 0 once all were
  checked (validity is in the output), 2 on a usage error.
* ``kiosk catalog [--json]`` — the installed catalogue, services before bundles; with
  ``--json`` one object per line: code, name, department, fields, materials, bundle_of.
* ``kiosk catalog --schema`` — the published JSON Schema of the catalogue format.
* ``kiosk catalog --install FILE`` — validates and installs a catalogue; a bad one is refused
  with the reason and the last good one stays in use.
* ``kiosk demo --headless --out DIR [--scales 标准,大,特大]`` — the scripted journey through
  the real screens (offscreen), photographed at each font scale; writes ``DIR/summary.json``.
* ``kiosk run [--demo] [--windowed]`` — the kiosk window (full screen); exit 2 without a
  display.
* ``kiosk admin-pin [--stdin]`` — sets the staff PIN of the admin screen (6–8 digits).
* ``kiosk bench [--json]`` — benchmarks, each beside a baseline measured in the same run.
* ``kiosk scan IMAGE...`` — decodes the codes in image files: one JSON object per file, in
  order, ``{"file": <path as given>, "codes": [{"format", "text"}], "ms": <decode ms>}``;
  exit 0 when every file could be read as an image (found codes or not), else 1.
* ``kiosk doctor [--json]`` — checks cameras, scanner, card reader, printer, audio output,
  fonts, store and server: OK or what to fix in Chinese, the technical detail on a second
  line (with ``--json`` one object per check); exit 0 when all are OK, else 1.
* ``kiosk audit [--json]`` — accessibility audit of every screen state of the demo journey at
  every font scale, theme and window size; exit 0 only with no violation.
* ``kiosk enrol --server URL --token T`` — enrols this device; prints its device code.
* ``kiosk submit --service CODE (--answers FILE.json | --demo-answers) [--material [TYPE=]IMAGE
  ...]`` — queues an application without the UI; prints its receipt number (only that).
* ``kiosk sync --once [--server URL]`` — one sync pass; exit 0 only when the outbox is empty
  afterwards (nothing unacknowledged, nothing parked, no unsent rating), else 1.
* ``kiosk export --to DIR`` — writes everything queued to a signed, encrypted bundle.

Every command accepts ``--data-dir DIR`` (default ``$KIOSK_DATA_DIR`` or
``~/.local/share/zhengwu-kiosk``).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from kiosk import logsafe
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
    demo.add_argument(
        "--scales",
        default="标准,大,特大",
        help="截图的字号，逗号分隔（默认 标准,大,特大）/ font scales of the screenshots",
    )
    demo.add_argument(
        "--no-screens", action="store_true", help="只走流程，不显示界面、不截图（最快）"
    )
    demo.add_argument(
        "--offline",
        action="store_true",
        help="不启动参考服务器：申请留在本机待提交 / skip the sync stage",
    )

    run = commands.add_parser("run", parents=[common], help="启动自助终端界面 / start the kiosk")
    run.add_argument("--demo", action="store_true", help="示例事项和模拟设备 / demo devices")
    run.add_argument("--windowed", action="store_true", help="窗口模式（不全屏）")

    admin_pin = commands.add_parser(
        "admin-pin", parents=[common], help="设置工作人员管理密码 / set the staff PIN"
    )
    admin_pin.add_argument(
        "--stdin", action="store_true", help="从标准输入读取密码（一行）/ read the PIN from stdin"
    )

    enrol = commands.add_parser(
        "enrol", parents=[common], help="登记本设备到服务器 / enrol this device with a server"
    )
    enrol.add_argument("--server", metavar="URL", help="服务器地址 / server address")
    enrol.add_argument(
        "--token", required=True, metavar="T", help="一次性登记码（或扫到的登记二维码内容）"
    )
    enrol.add_argument("--name", default=None, help="设备名称（默认取设置中的名称）")

    submit = commands.add_parser(
        "submit", parents=[common], help="不经界面提交一件申请 / queue an application"
    )
    submit.add_argument("--service", required=True, metavar="CODE", help="事项编码")
    source = submit.add_mutually_exclusive_group(required=True)
    source.add_argument("--answers", type=Path, metavar="FILE.json", help="答案文件")
    source.add_argument(
        "--demo-answers", action="store_true", help="用合成的示例数据填写每一项（演示、压测）"
    )
    submit.add_argument(
        "--material",
        action="extend",
        nargs="+",
        default=[],
        metavar="[TYPE=]IMAGE",
        help="材料图片；不写 TYPE 时依次填入表格的材料项",
    )
    submit.add_argument("--seed", type=int, default=None, help="合成数据的随机种子")

    sync_cmd = commands.add_parser(
        "sync", parents=[common], help="同步：提交申请、取回进度 / sync with the server"
    )
    sync_cmd.add_argument("--once", action="store_true", help="只同步一轮就退出")
    sync_cmd.add_argument("--server", metavar="URL", default=None, help="临时改用这个服务器地址")

    export = commands.add_parser(
        "export", parents=[common], help="导出待提交的数据到 U 盘 / export queued work"
    )
    export.add_argument("--to", required=True, type=Path, metavar="DIR", help="目标目录")

    scan = commands.add_parser(
        "scan", parents=[common], help="识别图片中的二维码 / decode codes in image files"
    )
    scan.add_argument("images", nargs="+", metavar="IMAGE")

    doctor = commands.add_parser(
        "doctor", parents=[common], help="检查设备和运行环境 / check devices and set-up"
    )
    doctor.add_argument("--json", action="store_true", help="每行一个 JSON 对象")
    audit = commands.add_parser(
        "audit", parents=[common], help="无障碍检查（每个界面）/ accessibility audit"
    )
    audit.add_argument("--json", action="store_true", help="输出 JSON")
    audit.add_argument("--scales", help="只查这些字号（逗号分隔：标准,大,特大）")
    audit.add_argument("--themes", help="只查这些主题（逗号分隔：standard,high_contrast）")
    audit.add_argument("--sizes", help="只查这些窗口尺寸（逗号分隔：1920x1080,1280x800,800x1280）")
    audit.add_argument(
        "--languages",
        help="只查这些界面语言（逗号分隔：zh_CN,en；英文默认只查标准主题）",
    )

    bench = commands.add_parser("bench", parents=[common], help="性能基准 / benchmarks")
    bench.add_argument("--json", action="store_true", help="输出 JSON")
    bench.add_argument("--samples", type=int, default=2000, help="每项采样次数")
    bench.add_argument(
        "--code-frames", type=int, default=None, help="扫码基准的帧数 (默认 100，全套 300)"
    )
    bench.add_argument(
        "--sync-applications",
        type=int,
        default=40,
        metavar="N",
        help="同步基准排队的申请数（完整测量用 1000）/ applications drained (full run: 1000)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logsafe.install()
    data_dir: Path = getattr(args, "data_dir", None) or default_data_dir()
    try:
        if args.command == "idcheck":
            return _idcheck(args.numbers)
        if args.command == "catalog":
            return _catalog(data_dir, as_json=args.json, schema=args.schema, install=args.install)
        if args.command == "demo":
            return _demo(
                data_dir,
                headless=args.headless,
                out=args.out,
                scales=args.scales,
                screens=not args.no_screens,
                offline=args.offline,
            )
        if args.command == "run":
            return _run(data_dir, demo=args.demo, windowed=args.windowed)
        if args.command == "admin-pin":
            return _admin_pin(data_dir, from_stdin=args.stdin)
        if args.command == "scan":
            return _scan(args.images)
        if args.command == "doctor":
            from kiosk.doctor import run_doctor

            return run_doctor(data_dir, as_json=args.json)
        if args.command == "audit":
            return _audit(
                data_dir,
                as_json=args.json,
                scales=args.scales,
                themes=args.themes,
                sizes=args.sizes,
                languages=args.languages,
            )
        if args.command == "bench":
            return _bench(
                as_json=args.json,
                samples=args.samples,
                code_frames=args.code_frames,
                sync_applications=args.sync_applications,
            )
        if args.command == "enrol":
            return _enrol(data_dir, server=args.server, token=args.token, name=args.name)
        if args.command == "submit":
            return _submit(data_dir, args)
        if args.command == "sync":
            return _sync(data_dir, once=args.once, server=args.server)
        if args.command == "export":
            return _export(data_dir, to=args.to)
    except KioskError as exc:
        log.error("%s", exc.detail)
        print(exc.message, file=sys.stderr)
        return 1
    except BrokenPipeError:
        # `kiosk catalog --json | head`: the reader left; stop quietly, as Unix tools do. The
        # dup2 keeps the interpreter's final flush from raising again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 128 + signal.SIGPIPE
    _parser().print_help()
    return 2


def _print_json(obj: object) -> None:
    print(json.dumps(obj, ensure_ascii=False), flush=True)


def _idcheck(numbers: Sequence[str]) -> int:
    from kiosk.domain.identity import check_id_number

    for number in numbers:
        _print_json(check_id_number(number).to_json())
    return 0


def _scan(images: Sequence[str]) -> int:
    import time

    import cv2
    import numpy as np

    from devices.codes.pipeline import DecodePipeline

    pipeline = DecodePipeline()
    failed = 0
    for number, name in enumerate(images, start=1):
        try:
            data = np.fromfile(name, dtype=np.uint8)
            image = cv2.imdecode(data, cv2.IMREAD_GRAYSCALE) if data.size else None
        except OSError as exc:
            image, reason = None, f"{type(exc).__name__}"
        else:
            reason = "not an image OpenCV can decode"
        if image is None:
            failed += 1
            log.info("scan: input %d: %s", number, reason)  # no file name: it may name a person
            print(f"无法读取图片：{name}", file=sys.stderr)
            _print_json({"file": name, "codes": [], "ms": 0.0})
            continue
        start = time.perf_counter()
        result = pipeline.decode(image)
        elapsed = (time.perf_counter() - start) * 1000.0
        codes = [{"format": code.format, "text": code.text} for code in result.codes]
        _print_json({"file": name, "codes": codes, "ms": round(elapsed, 1)})
    return 1 if failed else 0


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


def _demo(
    data_dir: Path, *, headless: bool, out: Path, scales: str, screens: bool, offline: bool = False
) -> int:
    from datetime import date

    from kiosk.app import demo_screens, open_kiosk
    from kiosk.demo_journey import run_demo

    if not headless:
        print("带界面的演示请用 kiosk run --demo；这里请加 --headless", file=sys.stderr)
        return 2
    chosen = _font_scales(scales) if screens else None
    if screens:
        # No screen: Qt draws offscreen, whatever display this shell may have.
        import os

        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    with open_kiosk(data_dir) as kiosk:
        stage = None if offline else _demo_sync_stage(out / "server")

        def shoot(kiosk, **kw):  # the staff screen follows the stage's sync worker
            return demo_screens(kiosk, scales=chosen, sync=stage, **kw)

        summary = run_demo(
            kiosk,
            out=out,
            today=date.today(),
            screens=shoot if screens else None,
            sync_stage=stage,
        )
    for row in summary["applications"]:
        print(f"{row['service']}\t回执 {row['receipt']}\t{row['state']}\t{row['server_id'] or ''}")
    if summary.get("sync"):
        stage = summary["sync"]
        print(f"已同步到参考服务器 {stage['server']}（设备 {stage['device_code']}）")
    if summary["screenshots"]:
        print(f"截图 {len(summary['screenshots'])} 张：{out / 'screens'}")
    print(f"summary: {out / 'summary.json'}")
    return 0


def _demo_sync_stage(directory: Path):
    """The demo's sync stage against a throwaway reference server (a real process on a free
    loopback port, its database in ``directory``)."""
    import shutil

    from bench.live_server import LiveServer
    from sync.demo import DemoSyncStage

    def start() -> LiveServer:
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True)
        server = LiveServer(f"sqlite:///{directory / 'server.db'}", log_dir=directory)
        server.start()
        return server

    return DemoSyncStage(start_server=start)


def _audit(
    data_dir: Path,
    *,
    as_json: bool,
    scales: str | None = None,
    themes: str | None = None,
    sizes: str | None = None,
    languages: str | None = None,
) -> int:
    """The demo journey's screen tour, audited; the journey runs in a scratch store that holds
    a copy of this kiosk's active catalogue (a long service name is data, and is checked).

    Each UI language is a tour of its own (a fresh scratch store, the window in that language
    from the first screen to the last). English runs at every size and scale but in the
    standard theme only unless themes are given: a theme changes colours alone (the same
    fonts, borders and paddings: ``ui/style.py``), so it cannot clip, overlap or shrink
    anything, and the colours of the text are the same whatever the language; the 中文 pass
    checks both themes."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from accessibility.audit.runner import SIZES
    from accessibility.language import Language
    from accessibility.scale import FontScale
    from accessibility.theme import THEMES
    from kiosk.app import open_kiosk
    from kiosk.storage.catalog_repo import CatalogVersions

    def pick(text: str | None, known: dict, what: str) -> list:
        if not text:
            return list(known.values())
        chosen = [known.get(part.strip()) for part in text.split(",")]
        if None in chosen:
            raise KioskError(f"不认识的{what}：{text}", detail=f"unknown {what}: {text}")
        return chosen

    chosen_scales = pick(scales, {s.label: s for s in FontScale}, "字号")
    chosen_themes = pick(themes, dict(THEMES.items()), "主题")
    chosen_sizes = pick(sizes, {f"{w}x{h}": (w, h) for w, h in SIZES}, "窗口尺寸")
    chosen_languages = pick(languages, {lang.value: lang for lang in Language}, "界面语言")
    app = QApplication.instance() or QApplication([])
    with open_kiosk(data_dir) as kiosk:
        versions = CatalogVersions(kiosk.store)
        active = versions.active()
        catalogue = versions.body(active.version).encode("utf-8") if active else None
    reports = []
    for language, here in audit_themes(chosen_languages, chosen_themes, given=bool(themes)):
        reports.append(
            _audit_language(
                language, catalogue, scales=chosen_scales, themes=here, sizes=chosen_sizes
            )
        )
    report = {
        "screens_checked": max(r["screens_checked"] for r in reports),
        "scales": reports[0]["scales"],
        "themes": reports[0]["themes"],
        "sizes": [f"{w}x{h}" for w, h in chosen_sizes],
        "languages": [language.value for language in chosen_languages],
        "violations": [v for r in reports for v in r["violations"]],
    }
    app.processEvents()
    if as_json:
        _print_json(report)
    else:
        for v in report["violations"]:
            print(
                f"{v['screen']}\t{v['language']}\t{v['scale']}\t{v['theme']}\t{v['size']}\t"
                f"{v['kind']}\t{v['widget']}\t{v['detail']}"
            )
        passes = "；".join(
            f"{language.value}：{len(r['scales'])} 种字号 × {len(r['themes'])} 种主题 × "
            f"{len(r['sizes'])} 种窗口尺寸"
            for language, r in zip(chosen_languages, reports, strict=True)
        )
        print(
            f"检查了 {report['screens_checked']} 个界面状态（{passes}）："
            f"{len(report['violations'])} 处问题"
        )
    return 0 if not report["violations"] else 1


def audit_themes(languages, themes, *, given: bool) -> list[tuple]:
    """Each language's pass and its themes: every theme for 中文, the standard theme only
    for another language unless ``--themes`` was given (see :func:`_audit`)."""
    from accessibility.language import DEFAULT_LANGUAGE
    from accessibility.theme import STANDARD

    return [
        (language, list(themes) if given or language is DEFAULT_LANGUAGE else [STANDARD])
        for language in languages
    ]


def _audit_language(language, catalogue: bytes | None, *, scales, themes, sizes) -> dict:
    """One language's tour of a fresh scratch store, audited (see :func:`_audit`)."""
    import tempfile
    from datetime import date

    from accessibility.audit.runner import run_audit
    from accessibility.language import DEFAULT_LANGUAGE
    from accessibility.speech.wording import InputMode, for_keypad
    from kiosk.app import DEMO_ADMIN_PIN, build_window, open_kiosk
    from ui.tour import TourClock, spoken_prompt, tour
    from ui.widgets.text import TextLabel

    with (
        tempfile.TemporaryDirectory(prefix="kiosk-audit-") as scratch,
        open_kiosk(Path(scratch) / "data") as sandbox,
    ):
        if catalogue is not None:
            sandbox.catalogs.install(catalogue, source="usb")
        clock = TourClock()
        window = build_window(sandbox, demo=True, today=date.today, immediate=True, monotonic=clock)
        window.session_language = language  # every visit of the tour starts in it
        window.set_language(language)
        base_scale, base_theme, base_size = window.scale, window.theme, (1280, 800)
        window.resize(*base_size)
        window.show()

        def style(win, scale, theme) -> None:
            if (win.scale, win.theme) != (scale, theme):  # restyling every widget is slow
                win.set_scale(scale, theme=theme)

        def word(win, mode) -> None:
            win.ui.speaker.mode = mode  # the window rewords its labels (按确认键 / 请点)

        def apply(widget, combo) -> None:
            style(widget.window(), combo.scale, combo.theme)
            word(widget.window(), InputMode.KEYPAD if combo.keypad else InputMode.TOUCH)

        def restore(widget) -> None:
            win = widget.window()
            style(win, base_scale, base_theme)
            word(win, InputMode.TOUCH)
            win.setFixedSize(*base_size)

        def keypad_differs(widget) -> bool:
            return any(
                label.isVisible()
                and for_keypad(label.written(), language=language) != label.written()
                for label in widget.window().findChildren(TextLabel)
            )

        stops = (
            (screen, state, widget, spoken_prompt(window))
            for screen, state, widget in tour(window, clock=clock, admin_pin=DEMO_ADMIN_PIN)
        )
        report = run_audit(
            stops,
            apply=apply,
            restore=restore,
            keypad=keypad_differs,
            scales=scales,
            themes=themes,
            sizes=sizes,
        )
        window.set_language(DEFAULT_LANGUAGE)
        window.close()
    for violation in report["violations"]:
        violation["language"] = language.value
    return report


def _font_scales(text: str) -> list:
    from accessibility.scale import FontScale

    by_label = {scale.label: scale for scale in FontScale}
    by_label.update({scale.name.lower(): scale for scale in FontScale})
    chosen = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        if part not in by_label:
            raise KioskError(
                f"没有“{part}”这个字号，可选：标准、大、特大", detail=f"unknown scale {part!r}"
            )
        chosen.append(by_label[part])
    return chosen


def _has_display() -> bool:
    import os

    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and platform not in ("xcb", "wayland", "eglfs", "linuxfb"):
        return False
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) or platform in (
        "eglfs",
        "linuxfb",
    )


def _run(data_dir: Path, *, demo: bool, windowed: bool) -> int:
    from kiosk.app import open_kiosk, run_kiosk

    if not _has_display():
        print(
            "没有可用的显示器（未设置 DISPLAY 或 WAYLAND_DISPLAY）。"
            "无界面演示请用：kiosk demo --headless --out DIR",
            file=sys.stderr,
        )
        return 2
    with open_kiosk(data_dir) as kiosk:
        return run_kiosk(kiosk, demo=demo, fullscreen=not windowed)


def _admin_pin(data_dir: Path, *, from_stdin: bool) -> int:
    import getpass

    from kiosk.config import load_settings, save_settings
    from kiosk.storage.drafts_repo import hash_pin

    if from_stdin:
        pin = sys.stdin.readline().strip()
    else:
        pin = getpass.getpass("新的管理密码（6到8位数字）：")
        if getpass.getpass("再输入一次：") != pin:
            print("两次输入不一样，没有修改。", file=sys.stderr)
            return 1
    if not (pin.isdigit() and pin.isascii() and 6 <= len(pin) <= 8):
        print("管理密码应为6到8位数字，没有修改。", file=sys.stderr)
        return 1
    settings = load_settings(data_dir)
    save_settings(data_dir, settings.model_copy(update={"admin_pin_hash": hash_pin(pin)}))
    print("管理密码已设置。")
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


def _bench(
    *, as_json: bool, samples: int, code_frames: int | None = None, sync_applications: int = 40
) -> int:
    import tempfile

    from bench import run_all

    with tempfile.TemporaryDirectory(prefix="kiosk-bench-") as workdir:
        results = run_all(
            workdir=Path(workdir),
            samples=samples,
            code_frames=code_frames,
            sync_applications=sync_applications,
        )
    if as_json:
        _print_json({"benchmarks": results})
        return 0
    for result in results:
        if "text" in result:  # a benchmark that says its figures in its own line
            print(result["text"])
            continue
        base = result["baseline"]
        print(
            f"{result['name']}: p50 {result['p50_ms']:.3f} ms, p99 {result['p99_ms']:.3f} ms  "
            f"| baseline {base['name']}: p50 {base['p50_ms']:.3f} ms, p99 {base['p99_ms']:.3f} ms"
            + _ratios(result)
        )
    return 0


def _enrol(data_dir: Path, *, server: str | None, token: str, name: str | None) -> int:
    from sync.enrolment import CLOCK_WARNING_S, enrol, split_token

    server_url, token = split_token(token, server)
    data_dir.mkdir(parents=True, exist_ok=True)
    result = enrol(data_dir, server_url=server_url, token=token, device_name=name)
    print(f"已登记：设备编号 {result.device_code}（服务器 {result.server_url}）")
    if abs(result.clock_offset_s) > CLOCK_WARNING_S:
        print(
            f"注意：本机时间与服务器相差约 {result.clock_offset_s:+.0f} 秒，请校准。",
            file=sys.stderr,
        )
    return 0


def _submit(data_dir: Path, args: argparse.Namespace) -> int:
    import random
    from datetime import date

    from kiosk.app import open_kiosk
    from kiosk.applications import ApplicationService
    from kiosk.bulk_entry import EntryError, parse_material, submit_application
    from kiosk.storage.keys import load_or_create_device_secret

    answers = None
    if args.answers is not None:
        try:
            answers = json.loads(args.answers.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise EntryError(
                f"答案文件 {args.answers} 无法读取或不是 JSON", detail=type(exc).__name__
            ) from None
        if not isinstance(answers, dict):
            raise EntryError("答案文件应是一个 JSON 对象（字段编号: 答案）", detail="not an object")
    with open_kiosk(data_dir) as kiosk:
        service = ApplicationService(
            kiosk.store,
            catalogs=kiosk.catalogs,
            device_secret=load_or_create_device_secret(kiosk.data_dir),
            material_root=kiosk.data_dir / "materials",
            device_code=kiosk.settings.receipt_prefix,
        )
        application = submit_application(
            service,
            kiosk.catalogs,
            args.service,
            today=date.today(),
            actor="cli:submit",
            answers=answers,
            materials=[parse_material(text) for text in args.material],
            rng=random.Random(args.seed),
            base_dir=args.answers.parent if args.answers else Path("."),
        )
    print(application.receipt_no)
    return 0


def _sync(data_dir: Path, *, once: bool, server: str | None) -> int:
    from kiosk.app import open_kiosk, sync_engine
    from sync.lock import SyncLock

    with open_kiosk(data_dir) as kiosk:
        engine = sync_engine(kiosk, server_url=server)
        try:
            if not once:
                return _sync_forever(engine)
            with SyncLock(kiosk.data_dir):
                engine.recover()
                result = engine.run_pass(force=True)
            return _sync_report(engine, result)
        finally:
            engine.close()


def _sync_report(engine, result) -> int:
    print(
        f"本轮提交 {len(result.accepted)} 件；状态更新 {result.status_updates} 条；"
        f"评价 {result.ratings_sent} 条；操作记录 {result.audit_sent} 条"
    )
    if result.catalog_installed:
        print(f"已更新事项目录 {result.catalog_installed}")
    if result.catalog_refused:
        print(f"服务器的事项目录未采用：{result.catalog_refused}", file=sys.stderr)
    if result.error is not None:
        print(f"同步未完成：{result.error.message}", file=sys.stderr)
    parked = engine.outbox.parked()
    for item in parked:
        print(
            f"需工作人员处理：{item.receipt_no}  {item.parked_reason}（{item.parked_code}）",
            file=sys.stderr,
        )
    waiting = len(engine.outbox.unacknowledged())
    unsent = engine.ratings.unsynced_count()
    print(f"待提交 {waiting} 件；需工作人员处理 {len(parked)} 件；待发送评价 {unsent} 条")
    return 0 if engine.outbox_empty() else 1


def _sync_forever(engine) -> int:
    import signal
    import threading

    from sync.worker import SyncWorker

    done = threading.Event()
    last: list[str] = []

    def show(snapshot) -> None:
        line = (
            f"{snapshot.state.label_zh}：待提交 {snapshot.pending} 件，"
            f"剩余 {snapshot.bytes_left // 1024} KB"
            + (f"；{snapshot.message}" if snapshot.message else "")
        )
        if last[-1:] != [line]:
            last.append(line)
            print(line, flush=True)

    worker = SyncWorker(engine, on_change=show)
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    worker.start()
    try:
        done.wait()
    except KeyboardInterrupt:
        pass
    finally:
        worker.stop()
    return 0


def _export(data_dir: Path, *, to: Path) -> int:
    from kiosk.app import open_kiosk
    from sync.export import export_bundle
    from sync.factory import build_engine

    with open_kiosk(data_dir) as kiosk:
        engine = build_engine(
            store=kiosk.store,
            data_dir=kiosk.data_dir,
            catalogs=kiosk.catalogs,
            settings=kiosk.settings,
        )
        result = export_bundle(engine, to)
    print(
        f"已导出 {result.applications} 件申请、{result.ratings} 条评价、"
        f"{result.audit} 条操作记录：{result.path}"
    )
    for receipt in result.skipped:
        print(f"未能导出（材料文件损坏，请工作人员处理）：{receipt}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
