"""Translatable text for code without Qt (the flows): mark it here, the UI resolves it.

``tr("请选择要办理的事项")`` returns the text in the current UI language: the source (简体中文)
until the composition root installs a translator (Qt's ``QCoreApplication.translate``), then
whatever the loaded translation says. ``N_("…")`` only marks a module-level constant for the
extractor; translate it where it is used, ``tr(PROMPT)``, so a language switch applies.
Text with values keeps the values out of the translated source: ``tr("共{n}项").format(n=3)``.
The extractor (``python -m tools.translations``) finds both markers in ``kiosk/`` and ``ui/``.
"""

from __future__ import annotations

from collections.abc import Callable

CONTEXT = "kiosk"
_translate: Callable[[str, str], str] | None = None


def install(translate: Callable[[str, str], str] | None) -> None:
    """Sets how text is translated (``None``: back to the source text)."""
    global _translate
    _translate = translate


def tr(text: str) -> str:
    return _translate(CONTEXT, text) if _translate is not None else text


def N_(text: str) -> str:
    return text
