"""The languages the kiosk speaks and shows: 简体中文 by default, and English.

The UI language decides the speech language too (the voice and the wording of spoken
numbers), so one value travels from the language button to both.
"""

from __future__ import annotations

from enum import StrEnum


class Language(StrEnum):
    ZH_CN = "zh_CN"
    EN = "en"

    @property
    def label(self) -> str:
        """The button text, in the language itself (a reader must recognise their own)."""
        return {Language.ZH_CN: "中文", Language.EN: "English"}[self]

    @property
    def switch_name(self) -> str:
        """The language button's accessible name: in both languages, since the reader who
        wants it may not read the current one."""
        return {
            Language.ZH_CN: "中文：切换为中文 (Chinese)",
            Language.EN: "English：切换为英文 (English)",
        }[self]


DEFAULT_LANGUAGE = Language.ZH_CN
