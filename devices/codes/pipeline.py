"""The decoding pipeline: cheap first, repairs only while they are cheap, stop at first success.

1. zxing-cpp on the whole frame (about 1 ms). Most frames end here. Asked to report failed
   symbols too, it says where a code it could not read is: the best place to look next.
2. Regions that look like a code (:mod:`devices.codes.regions`, about 2 ms), after the ones
   zxing-cpp pointed at.
3. On each region's crop, scaled so a module is a few pixels wide, repairs in order of cost:
   contrast equalisation, adaptive binarisation, pyzbar, de-glare, light flattening,
   sharpening, Sauvola, deconvolution of defocus and of motion blur (its length and angle
   estimated from the cepstrum). Each stage runs on every region before the next stage runs.

A frame's work stops at the first read, or when ``budget_ms`` is spent (checked between
steps, so a frame may overrun by one step). Reads from repaired images are accepted only for
symbologies with Reed-Solomon error correction (QR, Data Matrix, Aztec, PDF417 ...): a 1-D
code's one check digit is too weak to trust after sharpening and thresholding.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from devices.codes import preprocess
from devices.codes.decoders import (
    ECC_FORMATS,
    Corners,
    DecodedCode,
    Decoder,
    PyzbarDecoder,
    ZxingDecoder,
)
from devices.codes.regions import Region, find_code_regions, region_from_points

DEFAULT_FORMATS = ("QRCode",)
_CROP_SIDE = 400  # pixels: a version-10 code at ~5 px a module, cheap for every repair
_MAX_UPSCALE = 3.0
_PAD = 0.2  # share of the region's side added around it: the quiet zone and a bit more


@dataclass(frozen=True)
class PipelineResult:
    """What one frame gave: the codes (empty when none), which stage read them, the cost."""

    codes: tuple[DecodedCode, ...]
    stage: str | None
    elapsed_ms: float
    steps: int
    regions: int = 0

    def __bool__(self) -> bool:
        return bool(self.codes)


@dataclass
class _Crop:
    """A region cut out and rescaled; ``to_frame`` maps its pixels back to the frame."""

    region: Region
    image: np.ndarray
    scale: float
    cache: dict[str, np.ndarray] = field(default_factory=dict)

    def to_frame(self, corners: Corners) -> Corners:
        x0, y0, s = self.region.x0, self.region.y0, self.scale
        return tuple((x / s + x0, y / s + y0) for x, y in corners)  # type: ignore[return-value]


@dataclass(frozen=True)
class Stage:
    """One repair: how to make the image from a crop, which decoders read it, when to try."""

    name: str
    make: Callable[[_Crop], np.ndarray | None]
    decoders: tuple[str, ...]


def _cached(crop: _Crop, key: str, make: Callable[[], np.ndarray]) -> np.ndarray:
    image = crop.cache.get(key)
    if image is None:
        image = crop.cache[key] = make()
    return image


def _equalized(crop: _Crop) -> np.ndarray:
    return _cached(crop, "equalized", lambda: preprocess.equalize(crop.image))


def _deglared(crop: _Crop) -> np.ndarray | None:
    if preprocess.glare_share(crop.image) < 0.002:
        return None  # no highlight: nothing to repair, and the stage costs nothing
    return _cached(crop, "deglared", lambda: preprocess.remove_glare(crop.image))


def _deglared_threshold(crop: _Crop) -> np.ndarray | None:
    deglared = _deglared(crop)
    return None if deglared is None else preprocess.threshold_mean(deglared)


def _motion_candidates(crop: _Crop) -> list[np.ndarray]:
    estimate = preprocess.estimate_motion(crop.image)
    if estimate is None:
        return []
    length, angle = estimate
    psf = preprocess.motion_psf(length, angle)
    return [preprocess.deconvolve(crop.image, psf, nsr=nsr) for nsr in (0.01, 0.03)]


def _deblur_motion(index: int) -> Callable[[_Crop], np.ndarray | None]:
    def make(crop: _Crop) -> np.ndarray | None:
        key = "motion"
        if key not in crop.cache:
            crop.cache[key] = _motion_candidates(crop)  # type: ignore[assignment]
        candidates = crop.cache[key]
        return candidates[index] if index < len(candidates) else None

    return make


def _deblur_gaussian(sigma_px: float) -> Callable[[_Crop], np.ndarray | None]:
    def make(crop: _Crop) -> np.ndarray:
        sigma = sigma_px * crop.scale  # the blur was in frame pixels; the crop is rescaled
        return preprocess.deconvolve(crop.image, preprocess.gaussian_psf(sigma), nsr=0.005)

    return make


DEFAULT_STAGES: tuple[Stage, ...] = (
    Stage("crop", lambda c: c.image, ("zxing",)),
    Stage("equalize", _equalized, ("zxing",)),
    Stage("threshold_mean", lambda c: preprocess.threshold_mean(c.image), ("zxing", "pyzbar")),
    Stage("deglare", _deglared, ("zxing", "pyzbar")),
    Stage("deglare_threshold", _deglared_threshold, ("zxing", "pyzbar")),
    Stage("crop_pyzbar", lambda c: c.image, ("pyzbar",)),
    Stage("flatten", lambda c: preprocess.flatten_light(c.image), ("zxing", "pyzbar")),
    Stage("sharpen", lambda c: preprocess.sharpen(c.image), ("zxing", "pyzbar")),
    Stage("sauvola", lambda c: preprocess.threshold_sauvola(c.image), ("zxing", "pyzbar")),
    Stage("equalize_threshold", lambda c: preprocess.threshold_mean(_equalized(c)), ("pyzbar",)),
    Stage("deblur_motion", _deblur_motion(0), ("zxing", "pyzbar")),
    Stage("deblur_motion_strong", _deblur_motion(1), ("zxing", "pyzbar")),
    Stage("deblur_defocus", _deblur_gaussian(1.6), ("zxing", "pyzbar")),
    Stage("deblur_defocus_strong", _deblur_gaussian(2.6), ("zxing", "pyzbar")),
    Stage("otsu", lambda c: preprocess.threshold_otsu(c.image), ("zxing", "pyzbar")),
)


class DecodePipeline:
    """Decodes one frame at a time; safe to share across threads only if not used at once."""

    def __init__(
        self,
        *,
        formats: Iterable[str] = DEFAULT_FORMATS,
        budget_ms: float = 60.0,
        max_regions: int = 3,
        stages: Sequence[Stage] = DEFAULT_STAGES,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        self.formats = frozenset(formats)
        self.budget_ms = budget_ms
        self.max_regions = max_regions
        self.stages = tuple(stages)
        self._clock = clock
        self._zxing = ZxingDecoder(formats=sorted(self.formats))
        self._decoders: dict[str, Decoder] = {"zxing": self._zxing}
        if PyzbarDecoder.is_usable():
            self._decoders["pyzbar"] = PyzbarDecoder(formats=sorted(self.formats))
        import zxingcpp

        self._zxing_lib = zxingcpp
        self._zxing_formats = zxingcpp.barcode_formats_from_str(",".join(sorted(self.formats)))

    def decode(self, image: np.ndarray) -> PipelineResult:
        """Every code the first successful stage found in ``image`` (2-D ``uint8``)."""
        start = self._clock()
        deadline = start + self.budget_ms / 1000.0
        image = np.ascontiguousarray(image)
        codes, hints = self._plain(image)
        steps = 1
        if codes:
            return self._result(codes, "plain", start, steps, 0)
        regions = self._regions(image, hints)
        crops: list[_Crop | None] = [None] * len(regions)
        for stage in self.stages:
            for index, region in enumerate(regions):
                if self._clock() >= deadline:
                    return self._result((), None, start, steps, len(regions))
                crop = crops[index]
                if crop is None:
                    crop = crops[index] = self._crop(image, region)
                prepared = stage.make(crop)
                if prepared is None:
                    continue
                for name in stage.decoders:
                    decoder = self._decoders.get(name)
                    if decoder is None:
                        continue
                    steps += 1
                    found = self._accept(decoder.decode(prepared), crop)
                    if found:
                        return self._result(found, stage.name, start, steps, len(regions))
        return self._result((), None, start, steps, len(regions))

    def _plain(self, image: np.ndarray) -> tuple[tuple[DecodedCode, ...], list[Region]]:
        results = self._zxing_lib.read_barcodes(
            image, formats=self._zxing_formats, return_errors=True
        )
        codes: list[DecodedCode] = []
        hints: list[Region] = []
        for result in results:
            position = result.position
            corners = tuple(
                (float(p.x), float(p.y))
                for p in (
                    position.top_left,
                    position.top_right,
                    position.bottom_right,
                    position.bottom_left,
                )
            )
            if result.valid:
                codes.append(DecodedCode(result.text, result.format.name, corners, "zxing-cpp"))
            elif any(x or y for x, y in corners):
                hints.append(region_from_points(corners, score=1.0, source="zxing"))
        return tuple(codes), hints

    def _regions(self, image: np.ndarray, hints: list[Region]) -> list[Region]:
        height, width = image.shape
        chosen: list[Region] = []
        for region in [*hints, *find_code_regions(image, limit=self.max_regions)]:
            if region.width < 8 or region.height < 8:
                continue
            if any(region.overlap(other) > 0.6 for other in chosen):
                continue
            chosen.append(region)
            if len(chosen) == self.max_regions:
                break
        return [region.padded(_PAD, width=width, height=height) for region in chosen]

    @staticmethod
    def _crop(image: np.ndarray, region: Region) -> _Crop:
        patch = image[region.y0 : region.y1, region.x0 : region.x1]
        scale = min(_MAX_UPSCALE, _CROP_SIDE / max(patch.shape))
        return _Crop(region, preprocess.resample(patch, scale=scale), scale)

    def _accept(self, found: list[DecodedCode], crop: _Crop) -> tuple[DecodedCode, ...]:
        return tuple(
            DecodedCode(code.text, code.format, crop.to_frame(code.corners), code.decoder)
            for code in found
            if code.format in self.formats and code.format in ECC_FORMATS
        )

    def _result(self, codes, stage, start, steps, regions) -> PipelineResult:
        elapsed = (self._clock() - start) * 1000.0
        return PipelineResult(tuple(codes), stage, elapsed, steps, regions)
