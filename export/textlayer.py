"""The invisible text layer of a page: each word drawn in render mode 3 over its box.

The words come in reading order (the reading text of the transcript, or OCR's order)
and are written in that order, so that a reader who extracts, searches or copies the
page gets them in that order.  Each word is set in the glyphless font (glyphless.py)
with a text matrix that maps its glyphs exactly onto the word's box: the baseline on
the box's foot, one em the box's height, the characters stretched to its width.  A
space follows each word, so words never run together when copied.

Writing the operators ourselves rather than one PyMuPDF call per word keeps a page of
400 words to about a millisecond (see bench/bench_export.py).
"""
from __future__ import annotations

from typing import Iterable

from .glyphless import GLYPH_ADVANCE, encode_text
from .model import PlacedWord

__all__ = ["FONT_RESOURCE", "text_layer_ops", "add_font_resource"]

FONT_RESOURCE = "RRInvisible"   # the font's name in each page's /Resources /Font
_SPACE = "0020"


def text_layer_ops(words: Iterable[PlacedWord], to_pdf) -> bytes:
    """Content-stream operators drawing ``words`` invisibly.

    ``to_pdf`` maps frame pixels to the page's PDF user space (a pymupdf.Matrix or a
    6-tuple).  Each word gets a text matrix that puts its glyphs exactly on its box
    (baseline on the box's foot, one em its height, stretched to its width) and a space
    after it, one glyph wide, so copied words never run together.  Words with an empty
    box or no printable text are skipped; b"" when there is nothing to draw.
    """
    a, b, c, d, e, f = tuple(to_pdf)
    upright = b == 0 and c == 0          # the usual page: no rotation, two numbers fewer a word
    values: list = []
    for w in words:
        text = w.text.strip()
        x0, y0, x1, y1 = w.bbox
        if not text or x1 <= x0 or y1 <= y0:
            continue
        raw = text.encode("utf-16-be")
        if len(raw) == 2 * len(text) and text.isprintable():   # the common case, inline
            hexcodes, units = raw.hex(), len(text)
        else:
            hexcodes, units = encode_text(text)
        dx, dy = (x1 - x0) / (units * GLYPH_ADVANCE), y0 - y1
        # along the baseline, up the glyphs, and the baseline's start (x0, y1)
        if upright:
            values += (a * dx, d * dy, a * x0 + e, d * y1 + f, hexcodes)
        else:
            values += (a * dx, b * dx, c * dy, d * dy, a * x0 + c * y1 + e, b * x0 + d * y1 + f, hexcodes)
    if not values:
        return b""
    # One formatting call for the whole page: a page of 400 words in well under a millisecond.
    if upright:
        line, n = f"%.2f 0 0 %.2f %.2f %.2f Tm <%s{_SPACE}> Tj\n", len(values) // 5
    else:
        line, n = f"%.2f %.2f %.2f %.2f %.2f %.2f Tm <%s{_SPACE}> Tj\n", len(values) // 7
    body = (line * n) % tuple(values)
    return f"BT\n3 Tr\n/{FONT_RESOURCE} 1 Tf\n{body}ET\n".encode("ascii")


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
