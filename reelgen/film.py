"""From ink on paper to a scanned microfilm frame.

The page is photographed onto film slightly askew, the film's grey base and uneven
illumination replace white paper, the lens and the duplicating generations soften
every edge, and the scanner adds grain, dust and the odd scratch.  ``noise`` (0..1)
turns all of it up together: 0 is a clean modern scan of good film, 1 a dark, soft,
dirty third-generation duplicate.

``expose`` returns the grey image and the 2x3 matrix that maps page pixels to frame
pixels, so the ground truth can follow the skew.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from .canvas import rotation_about


@dataclass(frozen=True)
class Exposure:
    image: np.ndarray       # uint8 (H, W) grey
    matrix: np.ndarray      # 2x3 page -> frame


def _field(rng: np.random.Generator, shape: tuple[int, int], cells: tuple[int, int]) -> np.ndarray:
    """A smooth random field in -1..1 over ``shape``, varying over about ``cells``."""
    small = rng.uniform(-1, 1, (cells[0], cells[1])).astype(np.float32)
    return cv2.resize(small, (shape[1], shape[0]), interpolation=cv2.INTER_CUBIC)


def expose(ink: np.ndarray, rng: np.random.Generator, noise: float = 0.5,
           skew: float = 0.8) -> Exposure:
    """Photograph the ink density ``ink`` onto film.  ``skew`` is the largest angle in
    degrees; the frame's own angle and shift are drawn from ``rng``."""
    noise = float(np.clip(noise, 0.0, 1.0))
    h, w = ink.shape

    # Camera: the page sits a little askew and off-centre on the film.
    angle = float(rng.uniform(-skew, skew)) if skew > 0 else 0.0
    shift = rng.normal(0, 6, 2) if skew > 0 else np.zeros(2)
    m = rotation_about(w / 2, h / 2, angle, float(shift[0]), float(shift[1]))
    dens = cv2.warpAffine(ink, m, (w, h), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=0)

    # Lens and duplication: softer edges and ink that bleeds a little.
    sigma = 0.75 + 0.9 * noise * rng.uniform(0.7, 1.0)
    dens = cv2.GaussianBlur(dens, (0, 0), sigma)

    # Film tones: a grey base lit unevenly, never white; ink never quite black.
    base = 206 - 40 * noise * rng.uniform(0.6, 1.0)
    dark = 26 + 22 * noise * rng.uniform(0.5, 1.0)
    small = (max(2, h // 400), max(2, w // 400))
    light = 1.0 + (0.025 + 0.07 * noise) * _field(rng, (h, w), small)
    # Vignetting: the corners of the frame get less light.
    yy = np.linspace(-1, 1, h, dtype=np.float32)[:, None]
    xx = np.linspace(-1, 1, w, dtype=np.float32)[None, :]
    light -= (0.03 + 0.07 * noise) * (xx * xx + yy * yy) / 2
    bg = base * light
    img = bg - (bg - dark) * np.minimum(dens, 1.0)

    # Grain: film grain is a few pixels across at 300 dpi, not per-pixel static.
    gh, gw = (h + 1) // 2, (w + 1) // 2
    grain = cv2.GaussianBlur(rng.standard_normal((gh, gw), np.float32), (0, 0), 0.7)
    grain = cv2.resize(grain, (w, h), interpolation=cv2.INTER_LINEAR)
    img += (2.5 + 7.0 * noise) * grain

    _dust(img, rng, noise, dark)
    _scratches(img, rng, noise)
    _film_edge(img, rng, noise, dark)
    return Exposure(np.clip(img, 0, 255).astype(np.uint8), m)


def _dust(img: np.ndarray, rng: np.random.Generator, noise: float, dark: float) -> None:
    """Dark specks of dust and a hair or two, on the film and so on top of everything."""
    h, w = img.shape
    n = int(rng.poisson(8 + 90 * noise))
    for _ in range(n):
        x, y = int(rng.integers(0, w)), int(rng.integers(0, h))
        r = int(rng.choice([1, 1, 1, 2, 2, 3]))
        cv2.circle(img, (x, y), r, float(dark + rng.uniform(20, 90)), -1, cv2.LINE_AA)
    for _ in range(int(rng.poisson(0.4 + 1.5 * noise))):
        x, y = rng.uniform(0, w), rng.uniform(0, h)
        ang = rng.uniform(0, np.pi)
        pts = []
        for t in np.linspace(0, rng.uniform(60, 220), 14):
            ang += rng.normal(0, 0.15)
            x, y = x + np.cos(ang) * t / 14, y + np.sin(ang) * t / 14
            pts.append((x, y))
        cv2.polylines(img, [np.int32(pts)], False, float(dark + rng.uniform(40, 100)), 1, cv2.LINE_AA)


def _scratches(img: np.ndarray, rng: np.random.Generator, noise: float) -> None:
    """Long thin scratches along the film (vertical on the frame), light or dark."""
    h, w = img.shape
    for _ in range(int(rng.poisson(0.3 + 2.0 * noise))):
        x = float(rng.uniform(8, w - 8))
        y0, y1 = sorted(rng.uniform(0, h, 2))
        delta = float(rng.choice([-1, 1]) * rng.uniform(6, 22))
        xs = np.clip(x + np.cumsum(rng.normal(0, 0.15, 40)), 3, w - 4)
        left = int(xs.min()) - 2
        right = int(xs.max()) + 3
        # Draw on a narrow strip only: a full-frame mask per scratch would cost more
        # than the rest of the frame.
        pts = np.int32(np.stack([xs - left, np.linspace(y0, y1, 40)], axis=1))
        mask = np.zeros((h, right - left), np.uint8)
        cv2.polylines(mask, [pts], False, 255, 1, cv2.LINE_AA)
        img[:, left:right] += delta * (mask / np.float32(255))


def _film_edge(img: np.ndarray, rng: np.random.Generator, noise: float, dark: float) -> None:
    """Now and then the frame catches the dark edge of the film or of the next frame."""
    if rng.random() > 0.25 + 0.5 * noise:
        return
    h, w = img.shape
    side = int(rng.integers(0, 4))
    depth = int(rng.uniform(8, 20 + 60 * noise))
    ramp = np.linspace(1.0, 0.0, depth, dtype=np.float32) ** 2
    level = dark + rng.uniform(0, 40)
    if side in (0, 1):
        band = img[:, :depth] if side == 0 else img[:, ::-1][:, :depth]
        band[:] = band * (1 - ramp[None, :]) + level * ramp[None, :]
    else:
        band = img[:depth, :] if side == 2 else img[::-1, :][:depth, :]
        band[:] = band * (1 - ramp[:, None]) + level * ramp[:, None]
