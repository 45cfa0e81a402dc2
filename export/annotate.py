"""PDF annotations on an exported frame: marks, stamp summaries and the user's notes.

* Deletions, insertions and x-outs: highlight annotations over the words, in the
  transcript's colours (transcript/styles.py), saying what was struck or written in.
* Stamps, check boxes, redactions and classification markings: square annotations
  round them, unfilled so the facsimile stays visible; a stamp's says what its
  reviewer decided (``StampRecord.summary``).
* The user's notes: text annotations ("sticky notes" with a pop-up), signed with the
  author and dated, at the top-right corner of the note's rectangle, with a square
  round the rectangle grouped with the note (/IRT, /RT /Group), so readers list one
  comment and show the area it is about.

Coordinates: boxes are frame pixels; ``to_page`` maps them to the page's (unrotated)
PyMuPDF coordinates, which the annotation calls take.
"""
from __future__ import annotations

import datetime as dt

import pymupdf

from transcript.styles import STYLES, hex_to_rgb

from .model import Box, Mark, Note

__all__ = ["pdf_date", "add_mark", "add_note", "add_margin_note", "NOTE_COLOR", "APP_AUTHOR"]

NOTE_COLOR = "#f2c200"          # a sticky note's yellow: the user's own, unlike any mark kind
APP_AUTHOR = "Reel Reader"      # author of the marks the export itself draws
_HIGHLIGHTED = {"deletion", "insertion", "xout", "correction"}


def pdf_date(when: dt.datetime | None) -> str:
    """A PDF date string (D:YYYYMMDDHHmmSS+HH'mm') for ``when`` (naive times are local)."""
    when = (when or dt.datetime.now()).astimezone()
    off = when.utcoffset() or dt.timedelta(0)
    minutes = int(off.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return when.strftime("D:%Y%m%d%H%M%S") + f"{sign}{minutes // 60:02d}'{minutes % 60:02d}'"


def _rect(box: Box, to_page: pymupdf.Matrix) -> pymupdf.Rect:
    return pymupdf.Rect(box) * to_page


def _style(kind: str):
    return STYLES.get(kind) or STYLES["stamp"]


def add_mark(page: pymupdf.Page, to_page: pymupdf.Matrix, mark: Mark,
             when: dt.datetime | None = None) -> pymupdf.Annot | None:
    """One annotation for a mark; None when it has no box on the page."""
    rects = [r for r in (_rect(b, to_page) for b in mark.boxes) if not r.is_empty]
    if not rects:
        return None
    style = _style(mark.kind)
    if mark.kind in _HIGHLIGHTED:
        annot = page.add_highlight_annot(quads=[r.quad for r in rects])
        annot.set_colors(stroke=hex_to_rgb(style.color))
        annot.set_opacity(0.35)
    else:
        box = pymupdf.Rect(rects[0])
        for r in rects[1:]:
            box |= r
        # A redaction is black on black: its outline stands a little off the box.
        color = style.background if mark.kind == "redaction" else style.color
        pad = 2.0 if mark.kind == "redaction" else 1.0
        annot = page.add_rect_annot(box + (-pad, -pad, pad, pad))
        annot.set_colors(stroke=hex_to_rgb(color))
        annot.set_border(width=1.2 if mark.kind == "stamp" else 0.8,
                         dashes=[3, 2] if mark.kind == "redaction" else None)
    stamp = pdf_date(when)
    annot.set_info(title=APP_AUTHOR, subject=style.label,
                   content=mark.label + (f"\n{mark.text}" if mark.text else ""),
                   creationDate=stamp, modDate=stamp)
    annot.update()
    return annot


def add_note(page: pymupdf.Page, to_page: pymupdf.Matrix, note: Note, where: Box | None,
             author: str) -> pymupdf.Annot:
    """The user's note as a text annotation with a pop-up; ``where`` is the box it is
    about (its rectangle, or the box of the transcript words it is anchored to)."""
    page_rect = page.rect * page.derotation_matrix
    page_rect.normalize()
    text = note.text
    if note.tags:
        text += "\n\nTags: " + ", ".join(note.tags)
    author = note.author or author
    created, modified = pdf_date(note.created), pdf_date(note.modified or note.created)
    area = None
    if where is not None:
        area = _rect(where, to_page) & page_rect
        corner = pymupdf.Point(area.x1, area.y0) if not area.is_empty else page_rect.tl + (12, 12)
    else:
        corner = page_rect.tl + (12, 12)
    icon_at = pymupdf.Point(min(max(corner.x, page_rect.x0 + 2), page_rect.x1 - 22),
                            min(max(corner.y - 10, page_rect.y0 + 2), page_rect.y1 - 22))
    annot = page.add_text_annot(icon_at, text, icon="Note")
    annot.set_colors(stroke=hex_to_rgb(NOTE_COLOR))
    annot.set_info(title=author, subject="Note", content=text, creationDate=created, modDate=modified)
    pop_w, pop_h = 220, 130
    px = icon_at.x + 24 if icon_at.x + 24 + pop_w <= page_rect.x1 else max(page_rect.x0, icon_at.x - pop_w - 4)
    py = min(icon_at.y, page_rect.y1 - pop_h)
    annot.set_popup(pymupdf.Rect(px, py, px + pop_w, py + pop_h))
    annot.set_open(False)
    annot.update()
    if area is not None and not area.is_empty:
        box = page.add_rect_annot(area)
        box.set_colors(stroke=hex_to_rgb(NOTE_COLOR))
        box.set_border(width=1.0)
        box.set_info(title=author, subject="Note", content=text, creationDate=created, modDate=modified)
        box.set_irt_xref(annot.xref)
        box.update()
        # Grouped with the note (PDF 1.6, 12.5.6.2): one comment, shown with its area.
        page.parent.xref_set_key(box.xref, "RT", "/Group")
    return annot


def add_margin_note(page: pymupdf.Page, text: str, subject: str, when: dt.datetime | None = None,
                    slot: int = 0) -> pymupdf.Annot:
    """A text annotation in the top-right margin (for what has no box on the image)."""
    page_rect = page.rect * page.derotation_matrix
    page_rect.normalize()
    at = pymupdf.Point(page_rect.x1 - 26, page_rect.y0 + 6 + 24 * slot)
    annot = page.add_text_annot(at, text, icon="Comment")
    annot.set_colors(stroke=hex_to_rgb(STYLES["stamp"].color))
    stamp = pdf_date(when)
    annot.set_info(title=APP_AUTHOR, subject=subject, content=text, creationDate=stamp, modDate=stamp)
    annot.set_popup(pymupdf.Rect(page_rect.x1 - 250, at.y, page_rect.x1 - 30, at.y + 120))
    annot.set_open(False)
    annot.update()
    return annot
