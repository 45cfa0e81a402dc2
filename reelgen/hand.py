"""Handwriting and pen marks: insertions, strike lines, carets, ticks.

Letters come from the Hershey single-stroke script faces (the Hershey-Fonts package),
drawn as pen strokes rather than filled outlines, then slanted, wobbled and spaced
unevenly by the writer's own hand, so no two insertions look stamped from one mould.
"""
from __future__ import annotations

from functools import lru_cache

import cv2
import numpy as np
from HersheyFonts import HersheyFonts

from .canvas import Box, Canvas

HAND_FACES = ("cursive", "scripts", "scriptc", "futural")
_SUB = 4          # cv2 drawing with 2**_SHIFT sub-pixel precision
_SHIFT = 2


@lru_cache(maxsize=None)
def _face(name: str):
    if name not in HAND_FACES:
        raise ValueError(f"unknown hand {name!r}; choose one of {', '.join(HAND_FACES)}")
    f = HersheyFonts()
    f.load_default_font(name)
    opts = f.render_options
    return f.all_glyphs, float(opts["cap_line"]), float(opts["base_line"])


def _polylines(patch: np.ndarray, strokes: list[np.ndarray], width: float) -> None:
    pts = [np.int32(np.round(s * _SUB)) for s in strokes if len(s) > 1]
    if pts:
        cv2.polylines(patch, pts, False, 255, max(1, int(round(width))), cv2.LINE_AA, _SHIFT)


def _draw(canvas: Canvas, strokes: list[np.ndarray], width: float, tone: float) -> Box | None:
    """Draw page-coordinate strokes on ``canvas`` through a small patch."""
    allp = np.concatenate(strokes)
    pad = int(width) + 3
    x0, y0 = int(np.floor(allp[:, 0].min())) - pad, int(np.floor(allp[:, 1].min())) - pad
    x1, y1 = int(np.ceil(allp[:, 0].max())) + pad, int(np.ceil(allp[:, 1].max())) + pad
    patch = np.zeros((y1 - y0, x1 - x0), np.uint8)
    _polylines(patch, [s - (x0, y0) for s in strokes], width)
    return canvas.put(x0, y0, patch.astype(np.float32) / 255.0, tone)


class Hand:
    """One writer: a script face, a pen width, an ink tone and a slant."""

    def __init__(self, rng: np.random.Generator, face: str = "cursive", pen: float = 3.0,
                 tone: float = 0.85):
        self.glyphs, self.cap, self.base = _face(face)
        self.face = face
        self.pen = pen
        self.tone = tone
        self.slant = float(rng.uniform(0.05, 0.3))      # shear, tan of the angle
        self.spacing = float(rng.uniform(0.95, 1.15))   # how wide the writer spaces letters

    def strokes(self, rng: np.random.Generator, text: str, x: float, baseline: float,
                height: float) -> list[np.ndarray]:
        """Pen strokes of ``text`` with capitals ``height`` px tall, baseline at
        ``baseline``, starting at ``x``, in page coordinates."""
        scale = height / (self.base - self.cap)
        out: list[np.ndarray] = []
        pen_x = 0.0
        drift = rng.normal(0, 0.02)  # the line of writing rises or falls a little
        wob_f = rng.uniform(0.02, 0.05)
        wob_p = rng.uniform(0, 6.3)
        for ch in text:
            g = self.glyphs.get(ch) or self.glyphs.get("?")
            if g is None:
                continue
            jitter_y = rng.normal(0, 0.04 * height)
            for s in g.strokes:
                a = np.array(s, np.float64)
                gx = (a[:, 0] - g.left_offset) * scale + pen_x
                gy = (a[:, 1] - self.base) * scale + jitter_y
                out.append(np.stack([gx, gy], axis=1))
            pen_x += g.char_width * scale * self.spacing * rng.uniform(0.92, 1.08)
        if not out:
            return out
        res = []
        for s in out:
            gx, gy = s[:, 0], s[:, 1]
            gy = gy + drift * gx + 0.06 * height * np.sin(wob_f * gx + wob_p)
            gx = gx - gy * self.slant
            res.append(np.stack([gx + x, gy + baseline], axis=1))
        return res

    def width(self, text: str, height: float) -> float:
        scale = height / (self.base - self.cap)
        return sum((self.glyphs.get(c) or self.glyphs["?"]).char_width for c in text) * scale * self.spacing

    def write(self, canvas: Canvas, rng: np.random.Generator, text: str, x: float,
              baseline: float, height: float, tone: float | None = None) -> Box | None:
        s = self.strokes(rng, text, x, baseline, height)
        if not s:
            return None
        return _draw(canvas, s, self.pen * rng.uniform(0.85, 1.15), tone or self.tone * rng.uniform(0.9, 1.05))

    def line(self, canvas: Canvas, rng: np.random.Generator, x0: float, y0: float,
             x1: float, y1: float, width: float | None = None, bow: float = 2.0) -> Box | None:
        """A pen stroke from (x0, y0) to (x1, y1), slightly bowed and unsteady."""
        n = max(8, int(abs(x1 - x0) / 12))
        t = np.linspace(0, 1, n)
        xs = x0 + (x1 - x0) * t
        ys = y0 + (y1 - y0) * t + rng.normal(0, 1) * bow * np.sin(np.pi * t)
        ys = ys + np.cumsum(rng.normal(0, 0.25, n))
        return _draw(canvas, [np.stack([xs, ys], axis=1)], width or self.pen * rng.uniform(0.9, 1.3),
                     self.tone * rng.uniform(0.9, 1.05))

    def strike(self, canvas: Canvas, rng: np.random.Generator, x0: float, x1: float,
               y: float) -> Box | None:
        """A line through words from x0 to x1 at height y, overshooting a little."""
        over = rng.uniform(2, 12)
        tilt = rng.normal(0, 2.0)
        return self.line(canvas, rng, x0 - over, y + tilt / 2, x1 + rng.uniform(2, 12), y - tilt / 2)

    def caret(self, canvas: Canvas, rng: np.random.Generator, x: float, baseline: float,
              size: float) -> Box | None:
        """An insertion caret with its point at (x, baseline - size)."""
        w = size * rng.uniform(0.35, 0.55)
        top = baseline - size
        foot = baseline + size * rng.uniform(0.1, 0.3)
        pts = np.array([[x - w + rng.normal(0, 1), foot], [x + rng.normal(0, 1), top],
                        [x + w + rng.normal(0, 1), foot + rng.normal(0, 2)]])
        return _draw(canvas, [pts], self.pen * rng.uniform(0.9, 1.2), self.tone)

    def tick(self, canvas: Canvas, rng: np.random.Generator, box: Box, style: str = "x") -> Box | None:
        """Mark a check box: an X across it or a check mark, overrunning its edges."""
        x0, y0, x1, y1 = box
        w, h = x1 - x0, y1 - y0
        j = lambda: rng.normal(0, 0.08 * w)  # noqa: E731 - a tiny jitter helper
        if style == "x":
            a = np.array([[x0 - 0.1 * w + j(), y0 - 0.1 * h + j()], [x1 + 0.1 * w + j(), y1 + 0.1 * h + j()]])
            b = np.array([[x1 + 0.1 * w + j(), y0 - 0.1 * h + j()], [x0 - 0.1 * w + j(), y1 + 0.1 * h + j()]])
            strokes = [a, b]
        else:
            strokes = [np.array([[x0 + 0.1 * w + j(), y0 + 0.55 * h + j()],
                                 [x0 + 0.4 * w + j(), y1 - 0.05 * h + j()],
                                 [x1 + 0.35 * w + j(), y0 - 0.45 * h + j()]])]
        return _draw(canvas, strokes, self.pen * rng.uniform(1.0, 1.4), self.tone)
