"""Headset detection: personal data is spoken only into a headset, masked when unknown."""

from __future__ import annotations

from datetime import date

import pytest

from accessibility.speech.base import RecordingSpeaker
from accessibility.speech.headset import (
    HEADSET_OFF,
    HEADSET_ON,
    AudioOutput,
    HeadsetMonitor,
    HeadsetSetting,
    decide_headset,
)
from accessibility.speech.player import SilentPlayer
from accessibility.speech.speaker import VoiceSpeaker

BUILT_IN = AudioOutput("Built-in Audio Analog Stereo", "alsa_output.pci-0000_00_1f.3.analog-stereo")
USB_HEADSET = AudioOutput(
    "Jabra EVOLVE 20 MS Analog Stereo",
    "alsa_output.usb-GN_Netcom_A_S_Jabra_EVOLVE_20_MS-00.analog-stereo-headset",
)
BT_HEADSET = AudioOutput("WH-1000XM4", "bluez_output.14_3F_A6_28_DC_51.headset_head_unit")
HEADPHONES = AudioOutput("USB Headphones", "alsa_output.usb-C-Media_USB_Headphone_Set-00")
CN_HEADSET = AudioOutput("USB 耳机", "usb-audio-1")
HDMI = AudioOutput("HDA NVidia Digital Stereo (HDMI)", "alsa_output.pci-0000_01_00.1.hdmi-stereo")


def default(output: AudioOutput) -> AudioOutput:
    return AudioOutput(output.description, output.id, default=True)


@pytest.mark.parametrize(
    ("outputs", "headset"),
    [
        ([default(USB_HEADSET), BUILT_IN], True),
        ([default(BT_HEADSET)], True),
        ([default(HEADPHONES)], True),
        ([default(CN_HEADSET)], True),
        ([default(BUILT_IN)], False),
        ([default(HDMI)], False),
        # A headset present but not where the sound goes: the open speaker speaks.
        ([default(BUILT_IN), USB_HEADSET], False),
        ([USB_HEADSET], True),  # no default named: the first (the only) one
        ([], False),  # no device at all (this machine): unknown is the open speaker
    ],
)
def test_auto_decides_from_the_default_outputs_name(outputs, headset):
    state = decide_headset("auto", outputs)
    assert state.headset is headset
    assert state.reason.startswith("检测到耳机") is headset
    if not headset:
        assert "个人信息不读出" in state.reason


def test_the_setting_overrides_detection_both_ways():
    assert decide_headset(HeadsetSetting.YES, []).headset is True
    assert decide_headset("yes", [default(BUILT_IN)]).headset is True
    assert decide_headset("no", [default(USB_HEADSET)]).headset is False
    assert "audio.headset = no" in decide_headset("no", []).reason
    with pytest.raises(ValueError):
        decide_headset("maybe", [])


class Outputs:
    """What QMediaDevices would report; the test plugs and unplugs."""

    def __init__(self, *outputs: AudioOutput) -> None:
        self.now = list(outputs)

    def __call__(self) -> list[AudioOutput]:
        return list(self.now)


def test_the_monitor_follows_plugging_in_and_out_on_audio_outputs_changed(qtbot):
    speaker = RecordingSpeaker(headset=True)  # whatever it was: the monitor decides at once
    outputs = Outputs(default(BUILT_IN))
    monitor = HeadsetMonitor(speaker, outputs=outputs)
    assert speaker.headset is False and monitor.state.output == BUILT_IN.description
    assert speaker.spoken == []  # the state at start is not announced
    assert monitor.devices is not None  # QMediaDevices is watched
    outputs.now = [default(USB_HEADSET), BUILT_IN]
    with qtbot.waitSignal(monitor.changed, timeout=1000) as changed:
        monitor.devices.audioOutputsChanged.emit()  # as Qt does when a device comes or goes
    assert changed.args[0].headset is True and speaker.headset is True
    assert speaker.last == HEADSET_ON  # said, so a blind resident knows
    outputs.now = [default(BUILT_IN)]
    monitor.devices.audioOutputsChanged.emit()
    assert speaker.headset is False and speaker.last == HEADSET_OFF
    said = len(speaker.spoken)
    monitor.devices.audioOutputsChanged.emit()  # nothing changed: nothing said
    assert len(speaker.spoken) == said


def test_no_means_never_even_with_a_headset_plugged_in():
    speaker = RecordingSpeaker()
    monitor = HeadsetMonitor(speaker, setting="no", outputs=Outputs(default(USB_HEADSET)))
    monitor.refresh()
    assert speaker.headset is False


WAIT_MS = 10_000


def test_real_speech_says_the_number_only_into_the_detected_headset(qtbot, tmp_path):
    speaker = VoiceSpeaker(cache_dir=tmp_path / "cache", player=SilentPlayer())
    outputs = Outputs(default(BUILT_IN))
    monitor = HeadsetMonitor(speaker, outputs=outputs)
    full = "张秀英，身份证号码一一零一零五，一九四零零五零六，零三一叉"
    masked = "张某某，尾号零三一叉的身份证"
    try:
        with qtbot.waitSignal(speaker.spoken, timeout=WAIT_MS) as heard:
            speaker.say(full, masked=masked, personal=True)
        assert heard.args[0] == masked
        outputs.now = [default(USB_HEADSET)]
        with qtbot.waitSignal(speaker.spoken, timeout=WAIT_MS) as heard:
            monitor.devices.audioOutputsChanged.emit()
        assert heard.args[0] == HEADSET_ON
        with qtbot.waitSignal(speaker.spoken, timeout=WAIT_MS) as heard:
            speaker.say(full, masked=masked, personal=True)
        assert heard.args[0] == full
        outputs.now = []  # unplugged, nothing left: back to masked
        with qtbot.waitSignal(speaker.spoken, timeout=WAIT_MS) as heard:
            monitor.devices.audioOutputsChanged.emit()
        assert heard.args[0] == HEADSET_OFF
        with qtbot.waitSignal(speaker.spoken, timeout=WAIT_MS) as heard:
            speaker.say(full, masked=masked, personal=True)
        assert heard.args[0] == masked
    finally:
        speaker.close()


def test_the_staff_screen_shows_the_headset_state(qtbot, tmp_path):
    from kiosk.app import build_window, open_kiosk

    with open_kiosk(tmp_path / "data") as kiosk:
        window = build_window(kiosk, today=lambda: date(2026, 11, 22), immediate=True)
        qtbot.addWidget(window)
        lines = {line.name: line for line in window.ui.admin._devices()}
        assert lines["耳机"].state == window.headset.state.reason
        assert window.ui.speaker.headset is False  # no audio device here: masked
        window.ui.tasks.shutdown()
