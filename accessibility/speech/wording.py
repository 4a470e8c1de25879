"""Instructions worded for how the resident is working the kiosk: touch or keypad.

The screens' prompts are written for touch (请点“继续”). A resident driving the kiosk from
the keypad (a blind resident, in the EZ Access manner) cannot "点" anything: he hears
选到“继续”再按确认键 instead. :class:`WordedSpeaker` wraps the real speaker and rewords every
utterance while :attr:`WordedSpeaker.mode` is :attr:`InputMode.KEYPAD`; the keypad navigator
switches it on at the first key it handles, a touch switches it back, and the session's end
(``reset``) returns to touch. What the screen shows follows too: a function given to
:meth:`WordedSpeaker.on_mode_change` hears every switch (the window rewords its labels with
:func:`for_keypad`, so the resident reads what he hears).

:func:`for_keypad` is a small ordered table of rewrites, not a grammar: it covers the
instruction patterns the screens and the catalogue use (tests/accessibility/test_wording.py
holds them); a new pattern in a prompt needs a line here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from accessibility.language import Language


class InputMode(StrEnum):
    TOUCH = "touch"
    KEYPAD = "keypad"


_ZH_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        # The signature pad cannot be reached from the keypad: only the one-action way is.
        (r"在框内签名，或", ""),
        (r"用手指写您的名字；写不了字可以按手印。", "选到“我确认以上内容属实”再按确认键。"),
        (r"请勾选同意", "请选到“同意”再按确认键"),
        (r"点一下", "按确认键"),
        (r"点击?这里", "按确认键"),
        # not 间隔点“·” (the dot in a name); 点击 is how catalogue texts often put it
        (r"(?<!间隔)点击?“([^”]+)”", r"选到“\1”再按确认键"),
        (r"点击", "选择"),
        (r"点您要办的事", "按上下键选您要办的事，再按确认键"),
        (r"点字母", "选字母"),
        (r"请点", "请按确认键"),
    )
)
_EN_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"\b[Tt]ap “([^”]+)”", r"choose “\1” and press Enter"),
        (r"\b[Tt]ap \"([^\"]+)\"", r'choose "\1" and press Enter'),
        (r"\b[Tt]ap (here|once)\b", "press Enter"),
        (r"\b[Tt]ap for\b", "press Enter for"),
        (r"\b[Tt]ap (one|what you want to do)\b", r"choose \1 with Up and Down, then press Enter"),
        # A button named in title case: tap Search, tap Help, tap Continue.
        (r"\b[Tt]ap ([A-Z]\w*(?: [A-Z]\w*)*)", r"choose \1 and press Enter"),
        (r"\b[Tt]ap\b", "choose"),
    )
)


def for_keypad(text: str, *, language: Language = Language.ZH_CN) -> str:
    """``text`` with touch instructions (点“继续”) reworded for the keypad (按确认键)."""
    if language is not Language.EN:
        for pattern, replacement in _ZH_RULES:
            text = pattern.sub(replacement, text)
        return text
    for pattern, replacement in _EN_RULES:
        text = pattern.sub(lambda match, r=replacement: _same_case(match, r), text)
    return text


def _same_case(match: re.Match[str], replacement: str) -> str:
    """Tap → Choose at the start of a sentence, tap → choose inside one."""
    words = match.expand(replacement)
    return words[:1].upper() + words[1:] if match.group(0)[:1].isupper() else words


_FORWARDED = frozenset({"headset", "rate", "volume", "language"})


class WordedSpeaker:
    """A :class:`~accessibility.speech.base.Speaker` that rewords for the keypad.

    Everything but ``say`` and ``reset`` goes to the wrapped speaker (its attributes too:
    ``headset`` set here is set there).
    """

    def __init__(self, inner: Any) -> None:
        object.__setattr__(self, "inner", inner)
        object.__setattr__(self, "mode", InputMode.TOUCH)
        object.__setattr__(self, "_listeners", [])

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _FORWARDED:
            setattr(self.inner, name, value)
            return
        changed = name == "mode" and value is not self.mode
        object.__setattr__(self, name, value)
        if changed:
            for listener in list(self._listeners):
                listener(value)

    def on_mode_change(self, listener: Callable[[InputMode], None]) -> None:
        """``listener(mode)`` is called at every switch between touch and keypad."""
        self._listeners.append(listener)

    def say(
        self,
        text: str,
        *,
        masked: str | None = None,
        personal: bool = False,
        prompt_id: str | None = None,
    ) -> None:
        if self.mode is InputMode.KEYPAD:
            language = getattr(self.inner, "language", Language.ZH_CN)
            worded = for_keypad(text, language=language)
            if masked is not None:
                masked = for_keypad(masked, language=language)
            if worded != text and prompt_id is not None:
                prompt_id = f"{prompt_id}.keypad"  # a voice pack records both wordings
            text = worded
        self.inner.say(text, masked=masked, personal=personal, prompt_id=prompt_id)

    def reset(self) -> None:
        """Session end: back to touch wording, default speed and volume."""
        self.mode = InputMode.TOUCH
        self.inner.reset()
