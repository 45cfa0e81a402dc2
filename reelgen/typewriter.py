"""Typewriter text: fixed pitch, uneven strikes, a worn ribbon.

A real machine leaves each typebar's letter a little high or low (always the same
one), hits some keys harder than others and prints through a ribbon whose ink is
patchy; those three things are what make a page look typed rather than printed, so
the ``Typewriter`` keeps them as the machine's own quirks, fixed by the seed.
"""
from __future__ import annotations

from functools import lru_cache

import cv2
import numpy as np

from .canvas import Box, Canvas
from .fonts import glyph, printable

_TEXTURE_SIZE = 256


@lru_cache(maxsize=64)
def _inked(face: str, size: int, ch: str, bold: float) -> np.ndarray | None:
    """The glyph thickened the way ribbon ink spreads into paper fibres."""
    g = glyph(face, size, ch)
    if g is None:
        return None
    pad = 2
    ink = cv2.copyMakeBorder(g.ink, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=0)
    if bold > 1:
        ink = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (3, 3)))
    ink = cv2.GaussianBlur(ink, (0, 0), 0.7)
    return np.clip(ink * bold, 0, 1).astype(np.float32)


def ribbon_texture(rng: np.random.Generator) -> np.ndarray:
    """A tile of ribbon wear: mostly full ink with paler patches and grain."""
    coarse = cv2.resize(rng.random((24, 24), np.float32), (_TEXTURE_SIZE, _TEXTURE_SIZE),
                        interpolation=cv2.INTER_CUBIC)
    fine = cv2.GaussianBlur(rng.random((_TEXTURE_SIZE, _TEXTURE_SIZE), np.float32), (0, 0), 1.2)
    tex = 0.78 + 0.3 * (coarse - 0.5) + 0.6 * (fine - 0.5)
    return np.clip(tex, 0.45, 1.0).astype(np.float32)


class Typewriter:
    """One machine.  ``pitch`` is characters per inch (10 pica, 12 elite)."""

    def __init__(self, rng: np.random.Generator, face: str = "courier", pitch: float = 12,
                 tone: float = 0.97, bold: float = 1.3):
        self.face = face
        self.advance = 300.0 / pitch
        self.size = int(round(self.advance / 0.6))  # Courier's advance is 0.6 em
        self.tone = tone
        self.bold = bold
        self.texture = ribbon_texture(rng)
        # The machine's own quirks, one per printable character.
        chars = [chr(c) for c in range(33, 256)]
        self._dy = dict(zip(chars, rng.normal(0, 0.9, len(chars)).round().clip(-2, 2)))
        self._weight = dict(zip(chars, rng.uniform(0.82, 1.05, len(chars))))

    @property
    def x_height(self) -> float:
        return 0.43 * self.size

    @property
    def cap_height(self) -> float:
        return 0.58 * self.size

    def strike(self, canvas: Canvas, rng: np.random.Generator, x: float, baseline: float,
               ch: str, strength: float = 1.0) -> Box | None:
        """Type one character with its left edge of cell at ``x``; returns its ink box."""
        ch = printable(self.face, ch)
        ink = _inked(self.face, self.size, ch, self.bold)
        if ink is None:
            return None
        g = glyph(self.face, self.size, ch)
        h, w = ink.shape
        ty = int(rng.integers(0, _TEXTURE_SIZE - h)) if h < _TEXTURE_SIZE else 0
        tx = int(rng.integers(0, _TEXTURE_SIZE - w)) if w < _TEXTURE_SIZE else 0
        tex = self.texture[ty:ty + h, tx:tx + w]
        if tex.shape != ink.shape:
            tex = 1.0
        k = strength * self._weight.get(ch, 1.0) * rng.uniform(0.85, 1.0)
        if rng.random() < 0.08:  # a key struck off-square: one edge of the letter paler
            grad = np.linspace(rng.uniform(0.45, 0.8), 1.0, h, dtype=np.float32)
            ink = ink * (grad[:, None] if rng.random() < 0.5 else grad[::-1, None])
        px = int(round(x + g.dx - 2 + rng.normal(0, 0.5)))
        py = int(round(baseline + g.dy - 2 + self._dy.get(ch, 0) + rng.normal(0, 0.45)))
        return canvas.put(px, py, np.clip(ink * tex * k, 0, 1), self.tone)

    def strike_out(self, canvas: Canvas, rng: np.random.Generator, x: float, baseline: float) -> Box | None:
        """A hyphen typed over the letter in cell ``x`` to strike it out, its bar through
        the middle of the x-height. Courier's hyphen sits in the top third, where over a
        word it runs into the letters' tops and, once filmed, is not seen at all (a word
        the truth calls struck that no reader could tell was); the struck typing on the
        real scans reads as a bar through the letters' middles."""
        g = glyph(self.face, self.size, "-")
        drop = -self.x_height / 2 - (g.dy + g.ink.shape[0] / 2)
        return self.strike(canvas, rng, x, baseline + drop, "-")

    def type(self, canvas: Canvas, rng: np.random.Generator, x: float, baseline: float,
             text: str, strength: float = 1.0) -> list[Box | None]:
        """Type ``text`` from cell ``x``; one ink box (or None) per character."""
        return [self.strike(canvas, rng, x + i * self.advance, baseline, ch, strength)
                if not ch.isspace() else None for i, ch in enumerate(text)]
