"""Is a headset in use? Personal data is spoken only into one (EN 301 549 §5.1.3.8, ADA §707.4).

The decision (:func:`decide_headset`) is plain data in, plain data out: the setting
``audio.headset`` (``auto`` | ``yes`` | ``no``) and the audio outputs Qt reports. With
``auto``, the default output counts as a headset when its description or id says so
(headset, headphone, earphone, 耳机 ...: what USB headsets and Bluetooth headsets report);
anything else — a speaker, an unnamed sound card, no output at all — counts as the open
speaker, so names and ID numbers are masked. Unknown is never taken for a headset.

:class:`HeadsetMonitor` asks ``QMediaDevices`` at start and again on every
``audioOutputsChanged`` (a headset plugged in or out), sets ``speaker.headset`` and tells the
staff screen. Limits (docs/accessibility.md): a 3.5 mm jack on the built-in sound card
changes the card's *port*, not the device, so Qt does not see it; kiosks with a jack-only
handset set ``audio.headset = yes``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QObject, Signal

from accessibility.language import Language

log = logging.getLogger(__name__)


class HeadsetSetting(StrEnum):
    AUTO = "auto"
    """Detect it from the audio output's name (the default)."""
    YES = "yes"
    """Always a headset (a handset on the jack Qt cannot see)."""
    NO = "no"
    """Never: everything personal is masked."""


HEADSET_HINTS = (
    "headset",
    "headphone",
    "earphone",
    "earbud",
    "earpiece",
    "handset",
    "hands-free",
    "handsfree",
    "headset_head_unit",  # PulseAudio/PipeWire Bluetooth headset profile
    "耳机",
    "耳麦",
)


@dataclass(frozen=True)
class AudioOutput:
    description: str
    id: str
    default: bool = False


@dataclass(frozen=True)
class HeadsetState:
    headset: bool
    reason: str
    """For staff (admin screen, ``kiosk doctor``), in Chinese."""
    output: str | None = None
    """The output the decision was about (its description), if any."""


def looks_like_headset(output: AudioOutput) -> bool:
    text = f"{output.description} {output.id}".lower()
    return any(hint in text for hint in HEADSET_HINTS)


def decide_headset(setting: HeadsetSetting | str, outputs: Sequence[AudioOutput]) -> HeadsetState:
    setting = HeadsetSetting(setting)
    if setting is HeadsetSetting.YES:
        return HeadsetState(True, "设置为使用耳机（audio.headset = yes）：个人信息会读出")
    if setting is HeadsetSetting.NO:
        return HeadsetState(False, "设置为外放（audio.headset = no）：个人信息不读出")
    chosen = next((o for o in outputs if o.default), outputs[0] if outputs else None)
    if chosen is None:
        return HeadsetState(False, "没有音频输出设备：按外放处理，个人信息不读出")
    if looks_like_headset(chosen):
        return HeadsetState(True, f"检测到耳机：{chosen.description}", chosen.description)
    return HeadsetState(
        False,
        f"未检测到耳机（{chosen.description}）：按外放处理，个人信息不读出",
        chosen.description,
    )


def qt_audio_outputs() -> list[AudioOutput]:
    """What QtMultimedia reports (empty where it cannot load or there is no device)."""
    try:
        from PySide6.QtMultimedia import QMediaDevices
    except ImportError:  # libpulse0 missing: QtMultimedia does not load
        return []
    default = QMediaDevices.defaultAudioOutput()
    default_id = bytes(default.id().data()) if not default.isNull() else b""
    outputs = []
    for device in QMediaDevices.audioOutputs():
        raw_id = bytes(device.id().data())
        outputs.append(
            AudioOutput(
                description=device.description(),
                id=raw_id.decode("utf-8", errors="replace"),
                default=bool(default_id) and raw_id == default_id,
            )
        )
    return outputs


class HeadsetMonitor(QObject):
    """Keeps ``speaker.headset`` in step with the audio outputs (and the setting)."""

    changed = Signal(object)
    """The new :class:`HeadsetState` when the decision changes."""

    def __init__(
        self,
        speaker: object,
        *,
        setting: HeadsetSetting | str = HeadsetSetting.AUTO,
        outputs: Callable[[], Sequence[AudioOutput]] = qt_audio_outputs,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.speaker = speaker
        self.setting = HeadsetSetting(setting)
        self._outputs = outputs
        self.devices = None
        try:
            from PySide6.QtMultimedia import QMediaDevices

            self.devices = QMediaDevices(self)
            self.devices.audioOutputsChanged.connect(self.refresh)
        except ImportError:
            log.warning("QtMultimedia unavailable: no headset detection, personal data masked")
        self.state = HeadsetState(False, "尚未检测")
        self._started = False
        self.refresh()
        self._started = True

    def refresh(self) -> HeadsetState:
        state = decide_headset(self.setting, list(self._outputs()))
        self.speaker.headset = state.headset
        if state != self.state:
            was = self.state.headset
            self.state = state
            # The device's name only: no personal data here.
            log.info("headset: %s (%s)", state.headset, state.output or self.setting.value)
            if self._started and state.headset != was:
                # A blind resident must know what he will hear, and what he will not.
                english = getattr(self.speaker, "language", None) is Language.EN
                words = (HEADSET_ON_EN, HEADSET_OFF_EN) if english else (HEADSET_ON, HEADSET_OFF)
                self.speaker.say(words[0] if state.headset else words[1])
            self.changed.emit(state)
        return state


HEADSET_ON = "已接上耳机。您的姓名和证件号码会在耳机里读出。"
HEADSET_OFF = "耳机已拔下。您的姓名和证件号码不再读出。"
HEADSET_ON_EN = "Headset connected. Your name and ID number will be read out in the headset."
HEADSET_OFF_EN = "Headset unplugged. Your name and ID number will no longer be read out."
