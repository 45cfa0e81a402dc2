"""The release banner an archive prints on each page it releases ("Released under the John
F. Kennedy Assassination Records Collection Act of 1992 (44 USC 2107 Note). Case#:NW 64954
Date: 09-22-2022"), boxed in a ruled frame beside the record's own marks: print of the
release, not a stamp set down on the record, though its frame and rows of print look like
one (the labelled scans leave it out for that reason). No Qt."""
from __future__ import annotations

from rapidfuzz import fuzz

from . import reread
from .ink import Page, overlap

WORDS = ("RELEASED", "KENNEDY", "ASSASSINATION", "RECORDS", "COLLECTION")


def _reads_as_banner(text: str) -> bool:
    """TEXT holds three or more of the banner's own words, misread a little or not."""
    words = ["".join(c for c in w if c.isalpha()).upper() for w in text.split()]
    return len({b for b in WORDS for w in words if len(w) >= 4 and fuzz.ratio(w, b) >= 80}) >= 3


def release_banner(page: Page, b, framed: bool) -> bool:
    """The stamp found in box B of PAGE is the release banner: its OCR words read as the
    banner's, or, when B is a FRAMED box (ruled round) of the banner's shape, three to six
    times as wide as tall, the box read again on its own does: the page's OCR often misses
    the banner's small print (about half a second, for a box that shape only)."""
    if _reads_as_banner(" ".join(w.text for w in page.words if overlap(w.bbox, b) > 0.5)):
        return True
    w, h = b[2] - b[0], b[3] - b[1]
    if not framed or not 3 * h <= w <= 6 * h:
        return False
    return _reads_as_banner(reread.tesseract_text(page.gray[b[1]:b[3], b[0]:b[2]], psm=6))
