"""The decoding pipeline: cheap first, costly repairs only where a code is likely.

1. zxing-cpp on the whole frame (1-2 ms here). About 70 % of the benchmark's degraded frames
   end here, and so do most frames a resident shows to the camera.
2. Up to three regions that look like a code (:mod:`devices.codes.regions`, about 2 ms).
3. Cheap zxing-cpp retries on each region's crop, rescaled so a module is a few pixels wide:
   as is, adaptive threshold, unsharp mask, light flattening, Otsu.
4. Where a QR finder pattern shows in a region (none does on an empty frame of the benchmark):
   our own grid reader (:mod:`devices.codes.qr_grid`: fitted homography, soft module values,
   Reed-Solomon with erasures: glare and fingers), then pyzbar and a few more variants.
5. On the most code-like region of every frame: deconvolution of motion blur (its length and
   angle measured from the cepstrum) and of defocus, each read by zxing-cpp and the grid reader.

Work stops at the first read, or when ``budget_ms`` is spent (checked between steps, so a
frame may overrun by one step). Reads from repaired images are accepted only for symbologies
with Reed-Solomon error correction (QR, Data Matrix, Aztec, PDF417 ...): a 1-D code's one check
digit is too weak to trust after sharpening and thresholding. The order of the stages is what
rescued most frames per millisecond on the benchmark set (docs/devices.md has the numbers).
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
from devices.codes.qr_grid import decode_crop, find_finders
from devices.codes.regions import Region, find_code_regions, region_from_points

DEFAULT_FORMATS = ("QRCode",)
# Enough for every repair on the hardest frames of the benchmark on this 2-core machine; the
# scanner spends it on one frame in a few (devices.codes.scanner), never on every frame.
DEEP_BUDGET_MS = 300.0
_CROP_SIDE = 400  # pixels: a version-10 code at ~5 px a module, cheap for every repair
_MAX_UPSCALE = 3.0
_PAD = 0.2  # share of the region's side added around it: the quiet zone and a bit more
_ROTATION_FREE = frozenset({"QRCode", "MicroQRCode", "RMQRCode", "DataMatrix", "Aztec"})
_WIDE_PAD = 0.5  # for the grid reader: a texture region misses a code's glared or covered part


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
    patch: np.ndarray  # the same area at the frame's own resolution
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
    wide: bool = False  # works on the wider crop
    scope: str = "all"  # "all" regions, "finders" (regions showing finder patterns), "top"


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


def _deblur_motion(nsr: float) -> Callable[[_Crop], np.ndarray | None]:
    """Wiener deconvolution of a straight motion blur, measured and undone at frame scale."""

    def make(crop: _Crop) -> np.ndarray | None:
        if "motion" not in crop.cache:
            crop.cache["motion"] = preprocess.estimate_motion(  # type: ignore[assignment]
                crop.patch, shortest=3.0, longest=20.0
            )
        estimate = crop.cache["motion"]
        if estimate is None:
            return None
        length, angle = estimate  # type: ignore[misc]
        restored = preprocess.deconvolve(crop.patch, preprocess.motion_psf(length, angle), nsr=nsr)
        return preprocess.resample(restored, scale=crop.scale)

    return make


def _deblur_defocus(sigma_px: float) -> Callable[[_Crop], np.ndarray | None]:
    def make(crop: _Crop) -> np.ndarray:
        psf = preprocess.gaussian_psf(sigma_px)  # the blur is in frame pixels
        restored = preprocess.deconvolve(crop.patch, psf, nsr=0.005)
        return preprocess.resample(restored, scale=crop.scale)

    return make


def _shows_finders(crop: _Crop) -> bool:
    """Whether a QR finder pattern is visible in the (wide) crop: the gate for costly repairs.

    Measured on the benchmark set: no region of an empty frame shows one, while most regions
    with a code a plain read missed do (blurred codes do not: deblurring is tried on the most
    code-like region of every frame instead).
    """
    if "finders" not in crop.cache:
        crop.cache["finders"] = bool(find_finders(crop.image))  # type: ignore[assignment]
    return bool(crop.cache["finders"])


def _sharpened(crop: _Crop) -> np.ndarray:
    return _cached(crop, "sharpened", lambda: preprocess.sharpen(crop.image))


# Ordered by what each rescued per millisecond on the hard frames of the benchmark set (the
# frames zxing-cpp cannot read whole): cheap zxing-cpp retries first, then our grid reader,
# then deconvolution. See docs/devices.md for the measurement.
DEFAULT_STAGES: tuple[Stage, ...] = (
    Stage("crop", lambda c: c.image, ("zxing",)),
    Stage("threshold_mean", lambda c: preprocess.threshold_mean(c.image), ("zxing",)),
    Stage("sharpen", _sharpened, ("zxing",)),
    Stage("otsu", lambda c: preprocess.threshold_otsu(c.image), ("zxing",)),
    Stage("flatten", lambda c: preprocess.flatten_light(c.image), ("zxing",)),
    Stage(
        "threshold_mean_pyzbar",
        lambda c: preprocess.threshold_mean(c.image),
        ("pyzbar",),
        scope="finders",
    ),
    Stage("grid_equalize", _equalized, ("grid",), wide=True, scope="finders"),
    Stage("equalize", _equalized, ("zxing",), scope="finders"),
    Stage("deblur_defocus", _deblur_defocus(2.2), ("zxing", "grid"), scope="top"),
    Stage("deblur_motion", _deblur_motion(0.005), ("zxing", "grid"), scope="top"),
    Stage("deblur_defocus_mild", _deblur_defocus(1.4), ("zxing", "grid"), scope="top"),
    Stage("grid_sharpen", _sharpened, ("grid",), wide=True, scope="finders"),
    Stage("grid", lambda c: c.image, ("grid",), wide=True, scope="finders"),
    Stage("deblur_motion_strong", _deblur_motion(0.03), ("zxing", "grid"), scope="top"),
)


class GridDecoder(Decoder):
    """Our own QR reader (:mod:`devices.codes.qr_grid`): fitted grid, erasures for glare."""

    name = "grid"

    def __init__(self, *, pairs: bool = True) -> None:
        self._pairs = pairs

    @classmethod
    def is_usable(cls) -> bool:
        return True

    def decode(self, image: np.ndarray) -> list[DecodedCode]:
        read = decode_crop(image, pairs=self._pairs)
        if read is None:
            return []
        return [DecodedCode(read.symbol.text, "QRCode", read.corners, self.name)]  # type: ignore[arg-type]


class DecodePipeline:
    """Decodes one frame at a time; safe to share across threads only if not used at once."""

    def __init__(
        self,
        *,
        formats: Iterable[str] = DEFAULT_FORMATS,
        budget_ms: float = DEEP_BUDGET_MS,
        max_regions: int = 3,
        use_hints: bool = False,  # start from where zxing-cpp saw a symbol it could not read
        stages: Sequence[Stage] = DEFAULT_STAGES,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        self.formats = frozenset(formats)
        self.budget_ms = budget_ms
        self.max_regions = max_regions
        self.use_hints = use_hints
        self.stages = tuple(stages)
        self._clock = clock
        self._zxing = ZxingDecoder(formats=sorted(self.formats))
        self._decoders: dict[str, Decoder] = {"zxing": self._zxing}
        if "QRCode" in self.formats:
            self._decoders["grid"] = GridDecoder()
            self._decoders["grid3"] = GridDecoder(pairs=False)
        if PyzbarDecoder.is_usable():
            self._decoders["pyzbar"] = PyzbarDecoder(formats=sorted(self.formats))
        import zxingcpp

        self._zxing_lib = zxingcpp
        self._zxing_formats = zxingcpp.barcode_formats_from_str(",".join(sorted(self.formats)))

    def decode(self, image: np.ndarray, *, budget_ms: float | None = None) -> PipelineResult:
        """Every code the first successful stage found in ``image`` (2-D ``uint8``).

        ``budget_ms`` overrides the pipeline's budget for this frame (0: the plain read only).
        """
        start = self._clock()
        budget = self.budget_ms if budget_ms is None else budget_ms
        deadline = start + budget / 1000.0
        image = np.ascontiguousarray(image)
        codes, hints = self._plain(image)
        steps = 1
        if codes or budget <= 0:
            return self._result(codes, "plain" if codes else None, start, steps, 0)
        regions = self._regions(image, hints)
        crops: dict[tuple[int, bool], _Crop] = {}

        def crop_of(index: int, wide: bool) -> _Crop:
            crop = crops.get((index, wide))
            if crop is None:
                pad = _WIDE_PAD if wide else _PAD
                crop = crops[(index, wide)] = self._crop(image, regions[index], pad)
            return crop

        for stage in self.stages:
            for index in range(len(regions)):
                if self._clock() >= deadline:
                    return self._result((), None, start, steps, len(regions))
                if stage.scope == "top" and index > 0:
                    break
                if stage.scope == "finders" and not _shows_finders(crop_of(index, True)):
                    continue
                crop = crop_of(index, stage.wide)
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
        # First the quickest read zxing-cpp has (no inverted or downscaled retries: 195 of the
        # 209 benchmark frames a default read gets, at half its time), then the thorough one.
        # Rotated retries only for 1-D codes: finding a 2-D code does not depend on rotation.
        results = self._zxing_lib.read_barcodes(
            image,
            formats=self._zxing_formats,
            try_rotate=False,
            try_invert=False,
            try_downscale=False,
        )
        if not any(result.valid for result in results):
            results = self._zxing_lib.read_barcodes(
                image,
                formats=self._zxing_formats,
                try_rotate=not self.formats <= _ROTATION_FREE,
                return_errors=self.use_hints,
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
        chosen: list[Region] = []
        for region in [*hints, *find_code_regions(image, limit=self.max_regions)]:
            if region.width < 8 or region.height < 8:
                continue
            if any(region.overlap(other) > 0.6 for other in chosen):
                continue
            chosen.append(region)
            if len(chosen) == self.max_regions:
                break
        return chosen

    @staticmethod
    def _crop(image: np.ndarray, region: Region, pad: float) -> _Crop:
        height, width = image.shape
        region = region.padded(pad, width=width, height=height)
        patch = image[region.y0 : region.y1, region.x0 : region.x1]
        scale = min(_MAX_UPSCALE, _CROP_SIDE / max(patch.shape))
        return _Crop(region, preprocess.resample(patch, scale=scale), scale, patch)

    def _accept(self, found: list[DecodedCode], crop: _Crop) -> tuple[DecodedCode, ...]:
        return tuple(
            DecodedCode(code.text, code.format, crop.to_frame(code.corners), code.decoder)
            for code in found
            if code.format in self.formats and code.format in ECC_FORMATS
        )

    def _result(self, codes, stage, start, steps, regions) -> PipelineResult:
        elapsed = (self._clock() - start) * 1000.0
        return PipelineResult(tuple(codes), stage, elapsed, steps, regions)
