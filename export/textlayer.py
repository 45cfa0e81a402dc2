"""The invisible text layer of a page: each word drawn in render mode 3 over its box.

The words come in reading order (the reading text of the transcript, or OCR's order)
and are written in that order, so that a reader who extracts, searches or copies the
page gets them in that order.  Each word is set in the glyphless font (glyphless.py)
with a text matrix that maps its glyphs exactly onto the word's box: the baseline on
the box's foot, one em the box's height, the characters stretched to its width.  A
space follows each word (fitted into the gap when the next word is on the same line),
so words never run together when copied.

Writing the operators ourselves rather than one PyMuPDF call per word keeps a page of
400 words to about a millisecond (see bench/bench_export.py).
"""
from __future__ import annotations

from typing import Iterable, Sequence

from .glyphless import GLYPH_ADVANCE, encode_text
from .model import PlacedWord

__all__ = ["FONT_RESOURCE", "text_layer_ops", "add_font_resource"]

FONT_RESOURCE = "RRInvisible"   # the font's name in each page's /Resources /Font
_SPACE = "0020"


def _same_line(a: Sequence[float], b: Sequence[float]) -> bool:
    """b follows a on its line: it starts right of a's start and they share most of a height."""
    overlap = min(a[3], b[3]) - max(a[1], b[1])
    return b[0] >= a[2] - 0.25 * (a[3] - a[1]) and overlap >= 0.5 * min(a[3] - a[1], b[3] - b[1])


def _fmt(v: float) -> str:
    s = f"{v:.3f}".rstrip("0").rstrip(".")
    return s if s not in ("-0", "") else "0"


def _tm(m, x0: float, y0: float, x1: float, y1: float, units: int) -> str:
    """Text matrix putting ``units`` glyphs of size 1 exactly on the frame box, mapped into
    PDF space by the matrix m = (a, b, c, d, e, f)."""
    a, b, c, d, e, f = m
    # baseline start (x0, y1), baseline end (x1, y1), top start (x0, y0) in PDF space
    px, py = a * x0 + c * y1 + e, b * x0 + d * y1 + f
    ux, uy = a * (x1 - x0), b * (x1 - x0)             # along the baseline
    vx, vy = c * (y0 - y1), d * (y0 - y1)             # up the glyphs
    k = 1.0 / (units * GLYPH_ADVANCE)
    return " ".join(map(_fmt, (ux * k, uy * k, vx, vy, px, py))) + " Tm"


def text_layer_ops(words: Iterable[PlacedWord], to_pdf) -> bytes:
    """Content-stream operators drawing ``words`` invisibly.

    ``to_pdf`` maps frame pixels to the page's PDF user space (a pymupdf.Matrix or a
    6-tuple).  Words with an empty box or no printable text are skipped.  Returns b""
    when there is nothing to draw.
    """
    m = tuple(to_pdf)
    items = [(w.text, w.bbox) for w in words
             if w.text.strip() and w.bbox[2] > w.bbox[0] and w.bbox[3] > w.bbox[1]]
    if not items:
        return b""
    out = ["BT", "3 Tr", f"/{FONT_RESOURCE} 1 Tf"]
    for i, (text, (x0, y0, x1, y1)) in enumerate(items):
        hexcodes, units = encode_text(text.strip())
        out.append(f"{_tm(m, x0, y0, x1, y1, units)} <{hexcodes}> Tj")
        if i + 1 == len(items):
            break
        nxt = items[i + 1][1]
        if _same_line((x0, y0, x1, y1), nxt) and nxt[0] > x1:
            gap_end = nxt[0]
        else:
            gap_end = x1 + 0.25 * (y1 - y0)   # a line's last word: a narrow space after it
        out.append(f"{_tm(m, x1, y0, gap_end, y1, 1)} <{_SPACE}> Tj")
    out.append("ET")
    return ("\n".join(out) + "\n").encode("ascii")


def add_font_resource(doc, page_xref: int, font_xref: int) -> None:
    """Put the invisible font into a page's /Resources /Font as FONT_RESOURCE, following
    indirect references (a copied page's resources are often shared objects)."""
    ref = f"{font_xref} 0 R"
    target, prefix = page_xref, "Resources/"
    kind, value = doc.xref_get_key(page_xref, "Resources")
    if kind == "xref":
        target, prefix = int(value.split()[0]), ""
    kind, value = doc.xref_get_key(target, prefix + "Font")
    if kind == "xref":
        doc.xref_set_key(int(value.split()[0]), FONT_RESOURCE, ref)
    else:
        doc.xref_set_key(target, f"{prefix}Font/{FONT_RESOURCE}", ref)
