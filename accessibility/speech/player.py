"""Playback on the GUI thread through QtMultimedia: starts at once, stops at once.

:class:`QtAudioPlayer` pushes a decoded clip to a :class:`QAudioSink` (no file opening or
decoding when the resident is waiting: the speech thread did that). With no audio device —
this development machine, a kiosk whose speaker is unplugged — :func:`open_player` returns a
:class:`SilentPlayer`, which keeps the same states and timing (a clip "plays" for its
duration) so the rest of the kiosk behaves the same and tests need no device.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QTimer, Signal
from PySide6.QtMultimedia import QAudioDevice, QAudioFormat, QAudioSink, QMediaDevices, QtAudio

from accessibility.speech.clip import Clip

log = logging.getLogger(__name__)


def perceived_to_linear(volume: float) -> float:
    """Volume buttons move in steps people hear as even; the sink wants a linear gain."""
    return QtAudio.convertVolume(
        volume, QtAudio.VolumeScale.LogarithmicVolumeScale, QtAudio.VolumeScale.LinearVolumeScale
    )


class SilentPlayer(QObject):
    """No audio device: nothing is heard, everything else happens (for the log and tests)."""

    started = Signal()
    finished = Signal()

    available = False

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.played: list[Clip] = []
        self.volume = 1.0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.finished)

    @property
    def is_playing(self) -> bool:
        return self._timer.isActive()

    def play(self, clip: Clip) -> None:
        self.stop()
        self.played.append(clip)
        self._timer.start(max(1, round(clip.duration_s * 1000)))
        self.started.emit()

    def stop(self) -> None:
        self._timer.stop()

    def set_volume(self, volume: float) -> None:
        self.volume = volume


class QtAudioPlayer(QObject):
    started = Signal()
    finished = Signal()

    available = True

    def __init__(self, device: QAudioDevice, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._device = device
        self._sink: QAudioSink | None = None
        self._format: tuple[int, int] | None = None
        self._buffer: QBuffer | None = None
        self.volume = 1.0

    @property
    def is_playing(self) -> bool:
        return self._sink is not None and self._sink.state() == QtAudio.State.ActiveState

    def play(self, clip: Clip) -> None:
        self.stop()
        sink = self._sink_for(clip)
        if sink is None:
            return
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(clip.pcm))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        sink.start(self._buffer)
        if sink.error() != QtAudio.Error.NoError:
            log.warning("audio: could not start playback (%s)", sink.error().name)
            return
        self.started.emit()

    def stop(self) -> None:
        if self._sink is not None and self._sink.state() != QtAudio.State.StoppedState:
            self._sink.stop()
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.deleteLater()
            self._buffer = None

    def set_volume(self, volume: float) -> None:
        self.volume = volume
        if self._sink is not None:
            self._sink.setVolume(perceived_to_linear(volume))

    def _sink_for(self, clip: Clip) -> QAudioSink | None:
        wanted = (clip.sample_rate, clip.channels)
        if self._sink is not None and self._format == wanted:
            return self._sink
        fmt = QAudioFormat()
        fmt.setSampleRate(clip.sample_rate)
        fmt.setChannelCount(clip.channels)
        fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        if not self._device.isFormatSupported(fmt):
            log.warning("audio: device refuses %d Hz × %d channels", *wanted)
            return None
        if self._sink is not None:
            self._sink.deleteLater()
        self._sink = QAudioSink(self._device, fmt, self)
        self._sink.setVolume(perceived_to_linear(self.volume))
        self._sink.stateChanged.connect(self._on_state)
        self._format = wanted
        return self._sink

    def _on_state(self, state: QtAudio.State) -> None:
        if state == QtAudio.State.IdleState:  # the whole clip has been played
            self.stop()
            self.finished.emit()


AudioPlayer = QtAudioPlayer | SilentPlayer


def open_player(parent: QObject | None = None) -> AudioPlayer:
    """The default audio output, or a :class:`SilentPlayer` when there is none."""
    device = QMediaDevices.defaultAudioOutput()
    if device.isNull():
        log.warning("audio: no output device; speech is synthesised but not heard")
        return SilentPlayer(parent)
    return QtAudioPlayer(device, parent)
