"""Typewriter composition: a paragraph's tokens -> fixed-pitch lines of cells.

Every typed character becomes a ``Cell`` that remembers where it came from in the
source (so each word's box in the ground truth can point back at its text) and what
it is (plain, struck, an x-out, a redaction...).  Insertions take no room on the typed
line: they hang above it at a column.  Lines wrap at spaces the way a typist returns
the carriage; a line of nothing but insertions (``<sup>said</sup>  `` on a line of its
own) is written above the next line, where the transcriber saw it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from transcript.markup import Span

# Token kinds whose characters are typed (their content, without delimiters).
_TYPED_INNER = {"deletion", "xout", "header", "classification", "unclear", "strong", "emphasis"}


@dataclass
class Cell:
    col: int
    ch: str
    src: int            # offset of the character in the source
    kind: str           # text | deletion | xout | redaction | illegible | unclear | checkbox | ...
    tok: Span | None    # the markup token it belongs to (None for plain text)


@dataclass
class Insert:
    col: float          # where the caret points, in columns from the margin (cell i spans
                        # [i, i + 1), so a caret in the space after cell i is at i + 1.5)
    tok: Span           # the insertion token


@dataclass
class TypedLine:
    cells: list[Cell] = field(default_factory=list)
    inserts: list[Insert] = field(default_factory=list)
    start: int = -1     # source offset where a frame marker may go before this line
    safe: bool = True   # a page may break before this line without cutting a markup span

    @property
    def width(self) -> int:
        return self.cells[-1].col + 1 if self.cells else 0


# Items of the stream between tokens and lines.
_SP, _BR = "sp", "br"


def _items(tokens: list[Span]):
    """(what, payload) items: ("cell", Cell-without-col) / ("ins", Span) / sp / br."""
    prev_br = False
    for tok in tokens:
        k = tok.kind
        if k == "newline":
            if not prev_br:
                yield _SP, tok.start
            prev_br = False
            continue
        prev_br = False
        if k == "hardbreak":
            yield _BR, tok.start
            prev_br = True
        elif k == "text":
            for i, ch in enumerate(tok.text):
                yield (_SP, tok.start + i) if ch in " \t" else ("cell", Cell(0, ch, tok.start + i, "text", None))
        elif k == "insertion":
            yield "ins", tok
        elif k == "frame_marker":
            continue
        elif k == "checkbox":
            yield "cell", Cell(0, tok.text, tok.start, "checkbox", tok)
        elif k == "redaction":
            if tok.attrs.get("code") and tok.text.startswith("("):
                for i, ch in enumerate(tok.text):   # an exemption code such as (b)(1)
                    yield "cell", Cell(0, ch, tok.start + i, "redaction", tok)
            else:
                for i in range(len(tok.text)):
                    yield "cell", Cell(0, " ", tok.start + i, "redaction", tok)
        elif k == "illegible":
            for i in range(len(tok.text)):
                yield "cell", Cell(0, " ", tok.start + i, "illegible", tok)
        elif k == "xout":
            inner = tok.content
            i = 0
            while i < len(inner):
                if inner.startswith("\\_", i):   # a Markdown-escaped underscore
                    yield "cell", Cell(0, "_", tok.inner_start + i + 1, "xout", tok)
                    i += 2
                else:
                    yield "cell", Cell(0, inner[i], tok.inner_start + i, "xout", tok)
                    i += 1
        elif k in _TYPED_INNER:
            for i, ch in enumerate(tok.content):
                if ch in " \t":
                    yield _SP, tok.inner_start + i
                else:
                    yield "cell", Cell(0, ch, tok.inner_start + i, k, tok)
        else:  # anything new the parser learns is typed as it stands
            for i, ch in enumerate(tok.text):
                yield (_SP, tok.start + i) if ch in " \t" else ("cell", Cell(0, ch, tok.start + i, "text", None))


def _break_offset(item) -> tuple[int, bool]:
    """Where a frame marker would go before ``item`` and whether that cuts no span."""
    what, p = item
    if what == "ins":
        return p.start, True
    c: Cell = p
    if c.tok is None:
        return c.src, True
    first = c.src in (c.tok.inner_start, c.tok.start) or (
        c.kind == "xout" and c.src == c.tok.inner_start + 1)
    return (c.tok.start, True) if first else (c.src, False)


def typeset(tokens: list[Span], cols: int, indent: int = 0, start: int = 0) -> list[TypedLine]:
    """Wrap a paragraph's tokens into lines of at most ``cols`` columns; a paragraph
    that runs over more than one line starts ``indent`` columns in (the typist's tab).
    Characters before the source offset ``start`` are not typed."""
    # Group the stream into words (runs of cells and insertions), spaces and breaks.
    cur: list = []
    indent_pending = 0
    stream: list = []
    for it in _items(tokens):
        if start and it[0] == "cell" and it[1].src < start or it[0] == _SP and it[1] < start:
            continue
        if it[0] in (_SP, _BR):
            if cur:
                stream.append(("word", cur))
                cur = []
            stream.append(it)
        else:
            cur.append(it)
    if cur:
        stream.append(("word", cur))

    if indent and stream and stream[0][0] == "word":
        # Indent a paragraph of running text: its first line wraps (a heading or an
        # address block broken into short lines is not indented).
        first = 0
        for what, payload in stream:
            if what == _BR:
                break
            if what == "word":
                first += sum(1 for it in payload if it[0] == "cell") + 1
        if first > cols:
            indent_pending = indent
    lines: list[TypedLine] = []
    line = TypedLine()
    col = 0
    at_start = True        # nothing typed since the last carriage return
    pending_space = False

    def new_line(forced: bool):
        nonlocal line, col, at_start, pending_space
        if not (forced and not line.cells and line.inserts):
            # (insertions alone on their line stay put and go above the next line)
            if line.cells or line.inserts or forced:
                lines.append(line)
            line = TypedLine()
        col = 0
        at_start = True
        pending_space = False

    for what, payload in stream:
        if what == _BR:
            new_line(True)
            continue
        if what == _SP:
            if at_start:
                indent_pending += 1
            else:
                pending_space = True
            continue
        word = payload
        width = sum(1 for w in word if w[0] == "cell")
        gap = 1 if pending_space else 0
        if at_start and indent_pending:
            gap = min(indent_pending, cols // 3)
        if width and not at_start and col + gap + width > cols:
            new_line(False)
            gap = 0
        if width == 0:  # insertions standing between words: over the gap
            for _, tok in word:
                where = col + gap - 0.4 if at_start else (col + 0.5 if pending_space else float(col))
                line.inserts.append(Insert(where, tok))
                if line.start < 0:
                    line.start, line.safe = tok.start, True
            continue
        indent_pending = 0
        col += gap
        pending_space = False
        for it in word:
            if line.start < 0:
                line.start, line.safe = _break_offset(it)
            if it[0] == "ins":
                line.inserts.append(Insert(float(col), it[1]))
                continue
            c: Cell = it[1]
            if col >= cols:  # a word longer than the line: the typist breaks it
                new_line(False)
                line.start, line.safe = _break_offset(it)
            c.col = col
            line.cells.append(c)
            col += 1
        at_start = False
    if line.cells or line.inserts:
        lines.append(line)
    return lines
