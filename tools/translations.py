"""Keeps the translation sources in step with the code: ``python -m tools.translations``.

``extract`` (the default) finds every ``tr("…")`` and ``N_("…")`` in ``kiosk/`` and ``ui/``
and rewrites ``accessibility/locale/kiosk_<lang>.ts`` (Qt Linguist XML): new texts are added
as unfinished, translations already made are kept, texts gone from the code are dropped.
``check`` exits 1 when a ``.ts`` file lacks a text of the code (or keeps one the code dropped)
or has an unfinished translation; where a text sits in the code (the ``<location>``) may lag.
``merge BASE OURS THEIRS`` is the git merge driver for the .ts files (set up by
``make setup``; see ``.gitattributes``). ``unmarked`` lists Chinese string literals outside
the markers (docstrings and log calls excluded): user-facing text still to mark.
"""

from __future__ import annotations

import ast
import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("kiosk", "ui")
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
    """Git merge driver for the .ts files: the union of both sides' texts, a finished
    translation winning over an unfinished one (ours first). Texts one side removed from the
    code may survive the union: `tools.translations check` then says to re-extract."""
    language = ET.parse(ours).getroot().get("language") or LANGUAGES[0]
    found = {m.source: m for m in _read_messages(ours)}
    for message in _read_messages(theirs):
        found.setdefault(message.source, message)
    known = _read(theirs)
    for source, (text, finished) in _read(ours).items():
        if finished or not known.get(source, ("", False))[1]:
            known[source] = (text, finished)
    ours.write_text(render(language, list(found.values()), known), encoding="utf-8")
    return 0


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
    for problem in problems:
        print(problem)
    return 1 if problems else 0


def _skipped(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    parent = parents.get(node)
    if isinstance(parent, ast.Expr):
        return True  # a docstring or a bare string
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
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for node in ast.walk(tree):
            text = node.value if isinstance(node, ast.Constant) else None
            if isinstance(text, str) and _HAN.search(text) and not _skipped(node, parents):
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
