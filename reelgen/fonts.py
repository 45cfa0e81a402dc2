"""The faces the generator draws with, all from inside Python packages.

Typed and printed text uses the Base-14 fonts that PyMuPDF carries inside its own
binary (Courier for the typewriter, Times for printed finding aids, Helvetica for
rubber stamps), loaded into Pillow's FreeType renderer straight from memory: no font
file outside the repository is needed, and every machine draws the same pixels.
Handwriting uses OpenCV's Hershey script faces (see ``hand.py``).
"""
from __future__ import annotations

import io
import unicodedata
from functools import lru_cache

import numpy as np
import pymupdf
from PIL import Image, ImageDraw, ImageFont

# Public names of faces -> PyMuPDF Base-14 font codes.
FACES = {
    "courier": "cour", "courier-bold": "cobo", "courier-oblique": "coit",
    "times": "tiro", "times-bold": "tibo", "times-italic": "tiit", "times-bolditalic": "tibi",
    "helvetica": "helv", "helvetica-bold": "hebo",
}
TYPEWRITER_FACES = ("courier", "courier-bold")


@lru_cache(maxsize=None)
def _mupdf_font(face: str) -> pymupdf.Font:
    try:
        return pymupdf.Font(FACES[face])
    except KeyError:
        raise ValueError(f"unknown font {face!r}; choose one of {', '.join(FACES)}") from None


@lru_cache(maxsize=64)
def pil_font(face: str, size: int) -> ImageFont.FreeTypeFont:
    """Pillow font of ``size`` pixels (em) for one of ``FACES``."""
    return ImageFont.truetype(io.BytesIO(_mupdf_font(face).buffer), size)


def has_glyph(face: str, ch: str) -> bool:
    return ch.isspace() or bool(_mupdf_font(face).has_glyph(ord(ch)))


def printable(face: str, text: str) -> str:
    """``text`` with characters the face lacks replaced by a near ASCII form (é -> e)
    or ``?``, one character for one, so columns and offsets stay aligned."""
    out = []
    for ch in text:
        if has_glyph(face, ch):
            out.append(ch)
            continue
        base = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()[:1]
        out.append(base if base and has_glyph(face, base) else "?")
    return "".join(out)


class Glyph:
    """One character as an ink-coverage bitmap (float32, 0 paper .. 1 ink).

    ``dx``/``dy`` place the bitmap relative to the pen position on the baseline.
    """
    __slots__ = ("ink", "dx", "dy")

    def __init__(self, ink: np.ndarray, dx: int, dy: int):
        self.ink, self.dx, self.dy = ink, dx, dy


@lru_cache(maxsize=8192)
def glyph(face: str, size: int, ch: str) -> Glyph | None:
    """The bitmap of one character; None for characters that leave no ink (space)."""
    font = pil_font(face, size)
    ascent, _ = font.getmetrics()
    x0, y0, x1, y1 = font.getbbox(ch, anchor="ls")
    if x1 <= x0 or y1 <= y0:
        return None
    img = Image.new("L", (x1 - x0 + 2, y1 - y0 + 2), 0)
    ImageDraw.Draw(img).text((1 - x0, 1 - y0), ch, font=font, fill=255, anchor="ls")
    ink = np.asarray(img, dtype=np.float32) / 255.0
    ys, xs = np.nonzero(ink > 0.02)
    if not len(ys):
        return None
    ink = ink[ys.min():ys.max() + 1, xs.min():xs.max() + 1].copy()
    return Glyph(ink, x0 - 1 + int(xs.min()), y0 - 1 + int(ys.min()))


def text_width(face: str, size: int, text: str) -> float:
    return pil_font(face, size).getlength(text)
