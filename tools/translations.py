"""Keeps the translation sources in step with the code: ``python -m tools.translations``.

``extract`` (the default) finds every ``tr("…")`` and ``N_("…")`` in ``kiosk/``, ``ui/`` and
``devices/`` and rewrites ``accessibility/locale/kiosk_<lang>.ts`` (Qt Linguist XML): new texts
are added as unfinished, translations already made are kept, texts gone from the code are dropped.
``check`` exits 1 when a ``.ts`` file lacks a text of the code (or keeps one the code dropped)
or has an unfinished translation; where a text sits in the code (the ``<location>``) may lag.
``merge BASE OURS THEIRS`` is the git merge driver for the .ts files (set up by
``make setup``; see ``.gitattributes``).
``unmarked`` lists Chinese string literals outside the markers: user-facing text still to mark.
Not text for residents, and so not listed: docstrings, log calls, schema ``description=``s,
a line with a ``# i18n: keep`` comment or below a comment starting with it (say why), and the
files of :data:`EXCLUDED`.
``check`` fails on those too, so a new Chinese string cannot land unmarked.
"""

from __future__ import annotations

import ast
import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("kiosk", "ui", "devices")
EXCLUDED = {
    "kiosk/cli.py": "the command line: staff read it, and its output formats are contracts",
    "kiosk/doctor.py": "kiosk doctor, for staff",
    "kiosk/config.py": "the settings file's descriptions and errors, for staff",
    "kiosk/bulk_entry.py": "kiosk submit (staff, command line) and its synthetic names",
    "kiosk/demo_journey.py": "the headless demo's synthetic residents and answers",
    "kiosk/protocol.py": "the server's reasons: wire text, shown to staff as received",
    "kiosk/domain/catalog_rules.py": "catalogue validation, read by the catalogue's authors",
    "kiosk/domain/expressions.py": "form-logic errors, read by the catalogue's authors",
    "devices/cardreader/nations.py": "民族 names as printed on the ID card (card data)",
    "kiosk/domain/addresses.py": "patterns that read the ID card's Chinese address",
    "ui/tour.py": "the screen tour's scripted answers (what a resident would enter)",
    "ui/demo.py": "the headless demo's scripted answers",
}
"""Files whose Chinese literals are not UI text (why), left out of ``unmarked``."""
KEEP = "# i18n: keep"
LOCALE = ROOT / "accessibility" / "locale"
LANGUAGES = ("en",)
CONTEXT = "kiosk"
MARKERS = {"tr", "N_"}
_HAN = re.compile(r"[\u3400-\u9fff]")
_NOT_TEXT = {"debug", "info", "warning", "error", "exception", "horizontalAdvance"}
"""Calls whose Chinese arguments are not shown to anyone: log lines, a glyph measured."""


@dataclass(frozen=True)
class Message:
    source: str
    location: str


def _python_files() -> list[Path]:
    return sorted(p for folder in SOURCES for p in (ROOT / folder).rglob("*.py"))


def _marker(call: ast.Call) -> bool:
    func = call.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
    return name in MARKERS


def messages() -> list[Message]:
    found: dict[str, Message] = {}
    for path in _python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _marker(node) and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    where = f"{path.relative_to(ROOT)}:{node.lineno}"
                    found.setdefault(first.value, Message(first.value, where))
    return list(found.values())


def _read(ts: Path) -> dict[str, tuple[str, bool]]:
    if not ts.exists():
        return {}
    done = {}
    for message in ET.parse(ts).getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        text = (translation.text or "") if translation is not None else ""
        finished = translation is not None and translation.get("type") is None and bool(text)
        done[source] = (text, finished)
    return done


def render(language: str, found: list[Message], known: dict[str, tuple[str, bool]]) -> str:
    root = ET.Element("TS", version="2.1", language=language, sourcelanguage="zh_CN")
    context = ET.SubElement(root, "context")
    ET.SubElement(context, "name").text = CONTEXT
    # In file order and without line numbers: adding a string adds one entry, and two people
    # adding strings in different files never touch the same lines.
    for message in sorted(found, key=_file_of):
        element = ET.SubElement(context, "message")
        ET.SubElement(element, "location", filename=f"../../{_file_of(message)}")
        ET.SubElement(element, "source").text = message.source
        text, finished = known.get(message.source, ("", False))
        translation = ET.SubElement(element, "translation")
        translation.text = text
        if not finished:
            translation.set("type", "unfinished")
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n"


def _placeholders(text: str) -> set[str]:
    """The ``{name}`` fields ``str.format`` fills (a translation missing one would raise)."""
    return set(re.findall(r"(?<!\{)\{(\w+)[^{}]*\}", text))


def _file_of(message: Message) -> str:
    return message.location.rsplit(":", 1)[0]


def _read_messages(ts: Path) -> list[Message]:
    out = []
    for message in ET.parse(ts).getroot().iter("message"):
        where = message.find("location")
        filename = where.get("filename", "") if where is not None else ""
        out.append(Message(message.findtext("source") or "", filename.removeprefix("../../")))
    return out


def merge(base: Path, ours: Path, theirs: Path) -> int:
    """Git merge driver for the .ts files, three-way per text: a text either side added is
    kept, one side removed (the other leaving it as it was) goes, and a translation takes the
    side that changed it from the base. Both sides translating one text differently is a
    real conflict: ours is written, marked unfinished, and git is told (exit 1)."""
    language = ET.parse(ours).getroot().get("language") or LANGUAGES[0]
    was = _read(base)
    mine, other = _read(ours), _read(theirs)
    found = {m.source: m for m in _read_messages(ours)}
    for message in _read_messages(theirs):
        found.setdefault(message.source, message)
    for source in list(found):
        removed_by = [side for side in (mine, other) if source not in side]
        kept = mine if source in mine else other
        if source in was and len(removed_by) == 1 and kept[source] == was[source]:
            del found[source]
    known, clashed = {}, False
    for source in found:
        old, a, b = was.get(source), mine.get(source), other.get(source)
        if a is None or b is None or a == b or b == old:
            known[source] = a or b
        elif a == old:
            known[source] = b
        elif a[1] != b[1]:
            known[source] = a if a[1] else b  # one side finished it: the finished one
        else:
            known[source], clashed = (a[0], False), True
    ours.write_text(render(language, list(found.values()), known), encoding="utf-8")
    return 1 if clashed else 0


def ts_path(language: str) -> Path:
    return LOCALE / f"{CONTEXT}_{language}.ts"


def extract() -> int:
    found = messages()
    for language in LANGUAGES:
        path = ts_path(language)
        path.write_text(render(language, found, _read(path)), encoding="utf-8")
        unfinished = sum(1 for m in found if not _read(path).get(m.source, ("", False))[1])
        print(f"{path.relative_to(ROOT)}: {len(found)} texts, {unfinished} to translate")
    return 0


def check() -> int:
    found = messages()
    problems = []
    for language in LANGUAGES:
        path = ts_path(language)
        known = _read(path)
        # Only the texts count, not where they are: a line added above a tr() call must not
        # fail the build of whoever added it.
        if not path.exists() or set(known) != {m.source for m in found}:
            problems.append(
                f"{path.relative_to(ROOT)} is out of date: run python -m tools.translations, "
                "then translate what it marks unfinished"
            )
        missing = [m for m in found if not known.get(m.source, ("", False))[1]]
        problems += [f"{path.name}: not translated: {m.source!r} ({m.location})" for m in missing]
    problems += [
        f"{ts_path(language).name}: the translation of {m.source!r} has other "
        f"{{placeholders}}: {text!r}"
        for language in LANGUAGES
        for m in found
        if (text := _read(ts_path(language)).get(m.source, ("", False))[0])
        and _placeholders(text) != _placeholders(m.source)
    ]
    problems += [
        f"not marked for translation (tr() / N_() from kiosk.i18n): {row}" for row in unmarked()
    ]
    for problem in problems:
        print(problem)
    return 1 if problems else 0


def _skipped(node: ast.AST, parents: dict[ast.AST, ast.AST], lines: list[str]) -> bool:
    parent = parents.get(node)
    if isinstance(parent, ast.Expr):
        return True  # a docstring or a bare string
    if isinstance(parent, ast.keyword) and parent.arg == "description":
        return True  # a schema's field description (docs/catalog.schema.json)
    above = lines[node.lineno - 2].strip() if node.lineno > 1 else ""
    if KEEP in lines[node.end_lineno - 1] or above.startswith(KEEP):
        return True
    while parent is not None:
        if isinstance(parent, ast.Call):
            func = parent.func
            name = getattr(func, "attr", None) or getattr(func, "id", None)
            if name in MARKERS or name in _NOT_TEXT:
                return True
        parent = parents.get(parent)
    return False


def unmarked() -> list[str]:
    out = []
    for path in _python_files():
        if path.relative_to(ROOT).as_posix() in EXCLUDED:
            continue
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source, str(path))
        lines = source.splitlines()
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for node in ast.walk(tree):
            text = node.value if isinstance(node, ast.Constant) else None
            if isinstance(text, str) and _HAN.search(text) and not _skipped(node, parents, lines):
                out.append(f"{path.relative_to(ROOT)}:{node.lineno}: {text[:40]!r}")
    return out


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "extract"
    if command == "extract":
        return extract()
    if command == "check":
        return check()
    if command == "merge" and len(argv) == 4:
        return merge(*(Path(arg) for arg in argv[1:]))
    if command == "unmarked":
        rows = unmarked()
        print("\n".join(rows))
        print(f"{len(rows)} Chinese literals outside tr()/N_()", file=sys.stderr)
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
