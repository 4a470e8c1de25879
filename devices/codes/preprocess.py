"""Image repairs tried on a code's neighbourhood when the plain decoders fail.

Each function takes and returns a grey ``uint8`` image and is cheap on a ~400x400 crop (a few
milliseconds at most on this machine). What each one rescues, measured, is in
``docs/scanning.md``.
"""

from __future__ import annotations

import functools
import math

import cv2
import numpy as np

GLARE_LEVEL = 248  # grey level from which a pixel is treated as a saturated highlight


def resample(image: np.ndarray, *, scale: float) -> np.ndarray:
    if abs(scale - 1.0) < 1e-3:
        return image
    interpolation = cv2.INTER_CUBIC if scale > 1.0 else cv2.INTER_AREA
    return cv2.resize(image, None, fx=scale, fy=scale, interpolation=interpolation)


def equalize(image: np.ndarray, *, clip: float = 3.0, grid: int = 8) -> np.ndarray:
    """CLAHE: stretches a faint or unevenly lit code without blowing up flat areas."""
    return cv2.createCLAHE(clipLimit=clip, tileGridSize=(grid, grid)).apply(image)


def sharpen(image: np.ndarray, *, sigma: float = 2.0, amount: float = 1.5) -> np.ndarray:
    """Unsharp mask: restores module edges a little defocus has rounded off."""
    blurred = cv2.GaussianBlur(image, (0, 0), sigma)
    return cv2.addWeighted(image, 1.0 + amount, blurred, -amount, 0)


def _window(image: np.ndarray, fraction: float) -> int:
    return max(15, int(min(image.shape) * fraction) | 1)


def threshold_mean(image: np.ndarray, *, fraction: float = 0.125, offset: int = 2) -> np.ndarray:
    """Adaptive mean threshold over a window of ``fraction`` of the crop (a few modules)."""
    block = _window(image, fraction)
    return cv2.adaptiveThreshold(
        image, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, block, offset
    )


def threshold_otsu(image: np.ndarray) -> np.ndarray:
    smoothed = cv2.GaussianBlur(image, (3, 3), 0)
    _, binary = cv2.threshold(smoothed, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return binary


def threshold_sauvola(
    image: np.ndarray, *, fraction: float = 0.125, k: float = 0.2, dynamic: float = 128.0
) -> np.ndarray:
    """Sauvola: the threshold follows local mean and spread, so faint and noisy areas differ."""
    window = _window(image, fraction)
    values = image.astype(np.float32)
    mean = cv2.boxFilter(values, -1, (window, window))
    mean_sq = cv2.boxFilter(values * values, -1, (window, window))
    spread = np.sqrt(np.maximum(mean_sq - mean * mean, 0.0))
    threshold = mean * (1.0 + k * (spread / dynamic - 1.0))
    return np.where(values > threshold, 255, 0).astype(np.uint8)


def flatten_light(image: np.ndarray, *, fraction: float = 0.18) -> np.ndarray:
    """Divides by the paper's brightness (a morphological closing): uneven light and veiling glare.

    The closing runs at a quarter resolution: the background varies slowly, and a full-size
    closing with a kernel this big costs ten times more.
    """
    small = cv2.resize(image, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    size = max(5, int(min(small.shape) * fraction) | 1)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size))
    background = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel)
    background = cv2.GaussianBlur(background, (0, 0), size / 4)
    background = cv2.resize(background, (image.shape[1], image.shape[0]))
    return cv2.divide(image, np.maximum(background, 1), scale=255)


def glare_share(image: np.ndarray) -> float:
    """The fraction of saturated pixels: zero means de-glaring has nothing to do."""
    return float(np.count_nonzero(image >= GLARE_LEVEL)) / image.size


def remove_glare(image: np.ndarray) -> np.ndarray:
    """Paints saturated highlights (and their bloom) from their surroundings.

    A highlight destroys the modules under it; filled with local grey, they become ordinary
    errors that the code's error correction can absorb, instead of a white blob that breaks
    the binariser's idea of "white" for everything around it.
    """
    mask = np.where(image >= GLARE_LEVEL, 255, 0).astype(np.uint8)
    if not mask.any():
        return image
    mask = cv2.dilate(mask, np.ones((7, 7), np.uint8))
    # The code's own paper is bright too: only keep blobs, not thin white gaps between modules.
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((9, 9), np.uint8))
    if not mask.any():
        return image
    return cv2.inpaint(image, mask, 3, cv2.INPAINT_TELEA)


def clip_glare(image: np.ndarray) -> np.ndarray:
    """Replaces saturated pixels by the median grey: the cheap cousin of :func:`remove_glare`."""
    mask = image >= GLARE_LEVEL
    if not mask.any():
        return image
    out = image.copy()
    out[mask] = int(np.median(image[~mask])) if (~mask).any() else 128
    return out


def gaussian_psf(sigma: float) -> np.ndarray:
    size = math.ceil(sigma * 3) * 2 + 1
    kernel = cv2.getGaussianKernel(size, sigma)
    return (kernel @ kernel.T).astype(np.float32)


def motion_psf(length: float, angle_deg: float) -> np.ndarray:
    """A straight-line blur of ``length`` pixels at ``angle_deg`` (image axes, y down)."""
    size = math.ceil(length) | 1
    kernel = np.zeros((size, size), dtype=np.float32)
    centre = size // 2
    dx, dy = math.cos(math.radians(angle_deg)), math.sin(math.radians(angle_deg))
    for t in np.linspace(-length / 2, length / 2, int(length * 4) + 1):
        kernel[round(centre + t * dy), round(centre + t * dx)] += 1.0
    return kernel / kernel.sum()


def _spectrum(values: np.ndarray) -> np.ndarray:
    return cv2.dft(values, flags=cv2.DFT_COMPLEX_OUTPUT)


def deconvolve(image: np.ndarray, psf: np.ndarray, *, nsr: float = 0.01) -> np.ndarray:
    """Wiener deconvolution by ``psf`` with noise-to-signal ratio ``nsr`` (float32 FFTs)."""
    pad = max(psf.shape)
    values = image.astype(np.float32) * np.float32(1.0 / 255.0)
    height = cv2.getOptimalDFTSize(image.shape[0] + 2 * pad)
    width = cv2.getOptimalDFTSize(image.shape[1] + 2 * pad)
    padded = cv2.copyMakeBorder(
        values,
        pad,
        height - image.shape[0] - pad,
        pad,
        width - image.shape[1] - pad,
        cv2.BORDER_REPLICATE,
    )
    h = _psf_spectrum(psf.tobytes(), psf.shape, height, width)
    g = cv2.dft(padded, flags=cv2.DFT_COMPLEX_OUTPUT)
    # G * conj(H) / (|H|^2 + nsr)
    numerator = cv2.mulSpectrums(g, h, 0, conjB=True)
    power = cv2.magnitude(h[..., 0], h[..., 1])
    denominator = cv2.multiply(power, power) + np.float32(nsr)
    numerator /= denominator[..., None]
    restored = cv2.idft(numerator, flags=cv2.DFT_SCALE | cv2.DFT_REAL_OUTPUT)
    restored = restored[pad : pad + image.shape[0], pad : pad + image.shape[1]]
    return cv2.convertScaleAbs(restored, alpha=255.0)


@functools.lru_cache(maxsize=32)
def _psf_spectrum(data: bytes, shape: tuple[int, int], height: int, width: int) -> np.ndarray:
    """The PSF's transform, centred at the origin (cached: the same few PSFs recur)."""
    psf = np.frombuffer(data, np.float32).reshape(shape)
    kh, kw = shape
    spread = np.zeros((height, width), dtype=np.float32)
    spread[:kh, :kw] = psf
    spread = np.roll(spread, (-(kh // 2), -(kw // 2)), axis=(0, 1))
    return cv2.dft(spread, flags=cv2.DFT_COMPLEX_OUTPUT)


@functools.cache
def _hanning(height: int, width: int) -> np.ndarray:
    return np.outer(np.hanning(height), np.hanning(width)).astype(np.float32)


@functools.cache
def _ring(reach: int, shortest: float, longest: float) -> np.ndarray:
    """Offsets (dy 0..reach, dx -reach..reach) whose length is within [shortest, longest]."""
    dy, dx = np.mgrid[0 : reach + 1, -reach : reach + 1]
    radius = np.hypot(dx, dy)
    return (radius >= shortest) & (radius <= longest)


def estimate_motion(image: np.ndarray, *, shortest: float = 5.0, longest: float = 24.0):
    """Length and angle of a straight motion blur, from the image's cepstrum.

    A line blur of length L multiplies the spectrum by a sinc with zeros every 1/L; in the
    cepstrum (inverse transform of the log spectrum) that shows as a negative peak at
    distance L along the motion. Only offsets up to ``longest`` are looked at, and the
    transforms run at OpenCV's fast sizes. Returns ``(length, angle_deg)`` or None on a flat
    image.
    """
    values = image.astype(np.float32)
    values -= values.mean()
    if float(np.abs(values).mean()) < 1.0:
        return None
    height, width = values.shape
    size_y, size_x = cv2.getOptimalDFTSize(height), cv2.getOptimalDFTSize(width)
    padded = np.zeros((size_y, size_x), np.float32)
    padded[:height, :width] = values * _hanning(height, width)
    spectrum = cv2.magnitude(*cv2.split(_spectrum(padded)))
    # log|F| is real and even, so its transform is real: the cepstrum (up to scale).
    cepstrum = _spectrum(np.log(spectrum + np.float32(1e-3)))[..., 0]
    reach = math.ceil(longest)
    rows = np.arange(0, reach + 1) % size_y
    cols = np.arange(-reach, reach + 1) % size_x
    block = np.where(_ring(reach, shortest, longest), cepstrum[np.ix_(rows, cols)], np.inf)
    iy, ix = np.unravel_index(int(np.argmin(block)), block.shape)
    dy, dx = int(iy), int(ix) - reach
    return math.hypot(dx, dy), math.degrees(math.atan2(dy, dx)) % 180.0


def looks_inverted(image: np.ndarray) -> bool:
    """True when the crop's rim is darker than its middle: light modules on a dark screen."""
    height, width = image.shape
    rim = max(2, min(height, width) // 12)
    border = np.concatenate(
        [
            image[:rim].ravel(),
            image[-rim:].ravel(),
            image[:, :rim].ravel(),
            image[:, -rim:].ravel(),
        ]
    )
    middle = image[height // 4 : 3 * height // 4, width // 4 : 3 * width // 4]
    return float(border.mean()) + 20 < float(middle.mean())
