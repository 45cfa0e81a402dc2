"""Transcripts typeset as pages: deletions struck through, insertions raised, stamps on
tinted blocks, in the transcript pane's colours, not as raw markup.

The markup (transcript/markup.py's tokens) becomes HTML read as Markdown reads it
(paragraphs at blank lines, hard breaks at two trailing spaces, headings, tab grids as
tables), and MuPDF's Story lays it out.  All transcript pages of an export are set in
one document, so each font is embedded once, then cut down to the glyphs used; the
export copies the pages it needs from there.
"""
from __future__ import annotations

import html
import io
from dataclasses import dataclass
from typing import Callable

import pymupdf

from transcript.markup import Span, Transcript, parse
from transcript.styles import STYLES

__all__ = ["TranscriptPiece", "TypesetTranscripts", "typeset", "markup_html", "text_page_size"]

_MARGIN = 54          # points: three quarters of an inch
_LETTER = (612.0, 792.0)


def _css() -> str:
    s = STYLES
    return f"""
* {{ font-family: sans-serif; font-size: 10.5pt; line-height: 1.3; }}
p {{ margin: 0 0 0.55em 0; }}
h1 {{ font-size: 15pt; margin: 0 0 0.4em 0; }}
h2 {{ font-size: 13pt; margin: 0 0 0.4em 0; }}
h3, h4, h5, h6 {{ font-size: 11pt; margin: 0 0 0.3em 0; }}
.head {{ font-size: 9pt; color: #555555; margin: 0 0 0.9em 0; padding-bottom: 3pt;
        border-bottom: 0.5pt solid #999999; }}
.del {{ color: {s['deletion'].color}; text-decoration: line-through; }}
.xout {{ color: {s['xout'].color}; text-decoration: line-through; }}
.ins {{ color: {s['insertion'].color}; vertical-align: super; font-size: 8.5pt; }}
.cls {{ color: {s['classification'].color}; font-weight: bold; }}
.clsx {{ color: {s['classification_struck'].color}; font-weight: bold; text-decoration: line-through; }}
.box {{ color: {s['checkbox_empty'].color}; }}
.tick {{ color: {s['checkbox_ticked'].color}; font-weight: bold; }}
.stamp {{ background-color: {s['stamp'].background}; border: 0.75pt solid {s['stamp'].color};
         padding: 4pt; margin: 0 0 0.6em 0; }}
.hdr {{ color: {s['header'].color}; font-weight: bold; }}
.red {{ background-color: {s['redaction'].background}; color: {s['redaction'].color}; }}
.ill {{ color: {s['illegible'].color}; font-style: italic; background-color: {s['illegible'].background}; }}
.unc {{ color: {s['unclear'].color}; font-style: italic; }}
.empty {{ color: #888888; font-style: italic; }}
table {{ border-collapse: collapse; margin: 0 0 0.6em 0; }}
td {{ padding: 0 6pt 0 0; color: {s['grid'].color}; }}
"""


def _inner(tok: Span) -> str:
    kids = tok.attrs.get("children")
    if kids:
        return "".join(_token_html(k) for k in kids)
    return html.escape(tok.content)


def _token_html(tok: Span) -> str:
    k = tok.kind
    if k == "deletion":
        return f'<span class="del">{_inner(tok)}</span>'
    if k == "xout":
        return f'<span class="xout">{_inner(tok)}</span>'
    if k == "insertion":
        return f'<span class="ins">{_inner(tok)}</span>'
    if k == "classification":
        if tok.attrs.get("struck"):
            return f'<span class="clsx">{_inner(tok)}</span>'
        return f'<span class="cls">{html.escape(tok.text)}</span>'
    if k == "checkbox":
        return f'<span class="{"tick" if tok.attrs.get("ticked") else "box"}">{html.escape(tok.text)}</span>'
    if k == "header":
        return f'<span class="hdr">{html.escape(tok.content)}</span>'
    if k == "redaction":
        return f'<span class="red">{html.escape(tok.text)}</span>'
    if k == "illegible":
        return f'<span class="ill">{html.escape(tok.text)}</span>'
    if k == "unclear":
        return f'<span class="unc">{html.escape(tok.text)}</span>'
    if k == "emphasis":
        return f"<i>{_inner(tok)}</i>"
    if k == "strong":
        return f"<b>{_inner(tok)}</b>"
    if k in ("frame_marker", "hardbreak", "newline"):
        return ""
    return html.escape(tok.text)


class _Lines:
    """The tokens of each line in turn (lines are asked for in order)."""

    def __init__(self, t: Transcript):
        self.tokens = t.tokens
        self.i = 0

    def html(self, start: int, end: int, strip_heading: bool) -> str:
        toks = self.tokens
        while self.i < len(toks) and toks[self.i].end <= start:
            self.i += 1
        out = []
        first = True
        while self.i < len(toks) and toks[self.i].start < end:
            tok = toks[self.i]
            if first and strip_heading and tok.kind == "text":
                out.append(html.escape(tok.text.lstrip(" \t#").lstrip()))
            else:
                out.append(_token_html(tok))
            first = False
            self.i += 1
        return "".join(out)


def markup_html(markup: str) -> str:
    """The HTML of a transcript's markup, read as Markdown reads it."""
    t = parse(markup)
    src = t.source
    lines = _Lines(t)
    heading = {}
    grid = set()
    for sp in t.line_spans:
        li = t.line_index(sp.start)
        if sp.kind == "heading":
            heading[li] = sp.attrs["level"]
        elif sp.kind == "grid":
            grid.add(li)
    blocks: list[str] = []
    para: list[str] = []          # lines of the open paragraph
    rows: list[str] = []          # rows of the open grid
    stamp: list[str] | None = None

    def close_para():
        if para:
            body = "".join(para)
            for tail in ("<br/>", " "):
                body = body.removesuffix(tail)
            (stamp if stamp is not None else blocks).append("<p>" + body + "</p>")
            para.clear()

    def close_rows():
        if rows:
            (stamp if stamp is not None else blocks).append("<table>" + "".join(rows) + "</table>")
            rows.clear()

    def close_stamp():
        nonlocal stamp
        if stamp is not None:
            blocks.append('<div class="stamp">' + "".join(stamp) + "</div>")
            stamp = None

    for li, ln in enumerate(t.lines):
        text = src[ln.start:ln.end]
        stripped = text.strip()
        if not stripped or stripped.startswith("<!--") and stripped.endswith("-->") and "frame" in stripped:
            close_para()
            close_rows()
            continue
        if ln.stamp and ln.stamp_start:
            close_para()
            close_rows()
            close_stamp()
        if ln.stamp and stamp is None:
            close_para()
            close_rows()
            stamp = []
        if not ln.stamp:
            if stamp is not None:
                close_para()
                close_rows()
            close_stamp()
        if li in heading:
            close_para()
            close_rows()
            level = min(heading[li], 6)
            (stamp if stamp is not None else blocks).append(
                f"<h{level}>{lines.html(ln.start, ln.end, True)}</h{level}>")
            continue
        if li in grid:
            close_para()
            cells = lines.html(ln.start, ln.end, False).split("\t")
            rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
            continue
        close_rows()
        body = lines.html(ln.start, ln.end, False).strip()
        hard = text.endswith("  ") or ln.stamp
        para.append(body + ("<br/>" if hard else " "))
    close_para()
    close_rows()
    close_stamp()
    return "\n".join(blocks)


@dataclass(frozen=True)
class TranscriptPiece:
    frame: int
    heading: str          # e.g. "Frame 12 · document 01117, 1962/11/08"
    markup: str
    page_size: tuple[float, float]


@dataclass
class TypesetTranscripts:
    doc: pymupdf.Document
    pages: dict[int, tuple[int, int]]   # frame -> (first, last) page index in doc


def text_page_size(frame_page: tuple[float, float]) -> tuple[float, float]:
    """A page for text beside a frame: the frame's own size when it is page-like,
    Letter when the frame is too small or too large to read text on."""
    w, h = frame_page
    if 360 <= w <= 1300 and 500 <= h <= 1800:
        return w, h
    return _LETTER


def typeset(pieces: list[TranscriptPiece], flow: bool,
            cancelled: Callable[[], bool] = lambda: False) -> TypesetTranscripts:
    """Typeset each piece.  ``flow`` False: each piece starts a page of its own size
    (pages facing their frames); True: the pieces run on, one after another, on pages
    of the first piece's size (all transcripts after all frames)."""
    buf = io.BytesIO()
    writer = pymupdf.DocumentWriter(buf)
    css = _css()
    pages: dict[int, tuple[int, int]] = {}
    count = 0
    dev = None
    where: pymupdf.Rect | None = None    # room left on the open page (flow mode)
    size = pieces[0].page_size if pieces else _LETTER
    for piece in pieces:
        if cancelled():
            break
        body = markup_html(piece.markup) or '<p class="empty">(no transcript text on this frame)</p>'
        story = pymupdf.Story(f'<div class="head">{html.escape(piece.heading)}</div>{body}', user_css=css)
        if not flow:
            size = piece.page_size
            if dev is not None:
                writer.end_page()
                dev = None
        first = count - 1 if (flow and dev is not None) else count
        more = True
        while more:
            if dev is None or where is None or where.height < 60:
                if dev is not None:
                    writer.end_page()
                mediabox = pymupdf.Rect(0, 0, *size)
                dev = writer.begin_page(mediabox)
                where = mediabox + (_MARGIN, _MARGIN, -_MARGIN, -_MARGIN)
                count += 1
            more, filled = story.place(where)
            filled = pymupdf.Rect(filled)
            story.draw(dev)
            if more:
                where = None
            else:
                where = pymupdf.Rect(where.x0, filled.y1 + 14, where.x1, where.y1)
        pages[piece.frame] = (max(first, 0), count - 1)
        if not flow:
            where = None
    if dev is not None:
        writer.end_page()
    writer.close()
    doc = pymupdf.open("pdf", buf.getvalue())
    if doc.page_count:
        doc.subset_fonts()     # the whole fonts would weigh a few hundred KB a font
        doc = pymupdf.open("pdf", doc.tobytes(garbage=3, deflate=True))
    return TypesetTranscripts(doc, pages)
