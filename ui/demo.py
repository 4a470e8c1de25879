"""The demo's stand-in devices, and the headless demo's screens: the tour, photographed.

:func:`demo_devices` gives a camera that plays synthetic photographs of documents (drawn by
``devices.capture.testpage``: nobody's real papers) through the real capture pipeline, and a
PDF receipt printer. :func:`photograph_tour` runs :func:`ui.tour.tour` on a window and saves
a PNG of every stop at every font scale.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtGui import QImage

from accessibility.scale import FontScale
from ui.context import Devices
from ui.tour import TourClock, settle, spoken_prompt, tour
from ui.window import KioskWindow

log = logging.getLogger(__name__)
DEMO_PHOTOS = 4


def demo_camera_folder(folder: Path) -> Path:
    """Writes the synthetic document photos the demo camera plays (once)."""
    import cv2

    from devices.capture.testpage import photograph, render_page

    folder.mkdir(parents=True, exist_ok=True)
    for seed in range(DEMO_PHOTOS):
        path = folder / f"document-{seed}.jpg"
        if not path.exists():
            photo = photograph(render_page(seed), seed=seed, frame_size=(1280, 960))
            cv2.imwrite(str(path), photo.frame, [cv2.IMWRITE_JPEG_QUALITY, 90])
    return folder


def demo_devices(data_dir: Path, *, receipts: Path | None = None) -> Devices:
    from devices.camera import FileCamera
    from devices.printer.pdf_printer import PdfPrinter

    camera = FileCamera(demo_camera_folder(data_dir / "demo-camera"), loop=True)
    printer = PdfPrinter(receipts or data_dir / "receipts")
    return Devices(camera=camera, printer=printer)


def _save(image: QImage, path: Path) -> None:
    if not image.save(str(path), "PNG"):
        raise OSError(f"could not write {path}")


def _kind(window: KioskWindow, screen: str, state: str) -> tuple[str, str]:
    """What makes a stop look different: a wizard page by its kind of answer control, any
    other stop by its state (a second resident's visit to it counts as the same)."""
    if screen == "wizard" and window.current is not None and ":" not in state:
        return screen, str(window.ui.visit.draft.page.question.field.type)
    return screen, state.split("#")[0]


def _slug(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z_.-]+", "-", text).strip("-") or "state"


@dataclass
class TourPhotos:
    screens: list[str] = field(default_factory=list)
    """Screen names in visit order (one per stop)."""
    stops: list[str] = field(default_factory=list)
    """``screen/state`` of each stop."""
    screenshots: list[str] = field(default_factory=list)
    transcript: list[str] = field(default_factory=list)
    receipts: list[str] = field(default_factory=list)
    scales: dict[str, int] = field(default_factory=dict)
    """Screenshots taken at each font scale (by its label)."""


def photograph_tour(
    window: KioskWindow,
    *,
    clock: TourClock,
    out: Path,
    scales: Iterable[FontScale] = tuple(FontScale),
    admin_pin: str | None = None,
    between: Callable[[], None] | None = None,
    residents=None,
    large_font_elder: bool = True,
    speaker=None,
) -> TourPhotos:
    """Every stop of the tour as ``out/NNN-screen-state-scale.png``: at the journey's own font
    scale, and at every one of ``scales`` the first time a kind of stop is seen (each screen
    state, each kind of wizard answer control) -- every screen at each scale without
    restyling the whole window three times at every one of ~85 stops."""
    out.mkdir(parents=True, exist_ok=True)
    scales = tuple(scales)
    photos = TourPhotos()
    base = window.scale
    # PNG encoding is the slowest part: it runs on two threads while the GUI thread restyles
    # for the next scale (QImage, unlike QPixmap, may be used off the GUI thread).
    pending: list[Future] = []
    kinds: set[tuple[str, str]] = set()
    heard = 0
    with ThreadPoolExecutor(2, thread_name_prefix="kiosk-png") as encoder:
        stops = tour(
            window,
            clock=clock,
            admin_pin=admin_pin,
            between=between,
            receipts=photos.receipts,
            residents=residents,
            large_font_elder=large_font_elder,
        )
        for index, (screen, state, widget) in enumerate(stops, start=1):
            photos.screens.append(screen)
            photos.stops.append(f"{screen}/{state}")
            if speaker is not None:  # what was really said since the last stop
                said = speaker.spoken[heard:]
                heard = len(speaker.spoken)
                photos.transcript.append(f"[{screen}/{state}] " + " / ".join(said))
            else:
                photos.transcript.append(f"[{screen}/{state}] {spoken_prompt(window)}")
            journey_scale = window.scale
            kind = _kind(window, screen, state)
            every = kind not in kinds
            kinds.add(kind)
            wanted = [s for s in scales if every or s is journey_scale] or [journey_scale]
            # Zig-zag (标准 大 特大, then 特大 大 标准): one restyle fewer per stop.
            order = wanted if index % 2 else list(reversed(wanted))
            for scale in order:
                if window.scale is not scale:
                    window.set_scale(scale)
                    settle()
                name = f"{index:03d}-{_slug(screen)}-{_slug(state)}-{scale.name.lower()}.png"
                path = out / name
                image = widget.grab().toImage()
                pending.append(encoder.submit(_save, image, path))
                photos.screenshots.append(str(path))
                photos.scales.setdefault(scale.label, 0)
                photos.scales[scale.label] += 1
            if window.scale is not journey_scale:
                window.set_scale(journey_scale)
                settle()
        for future in pending:
            future.result()
    if window.scale is not base:
        window.set_scale(base)
        settle()
    photos.screenshots.sort()
    log.info("tour: %d stops, %d screenshots", len(photos.stops), len(photos.screenshots))
    return photos
