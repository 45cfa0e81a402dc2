"""Printed (typeset) text for title and finding-aid frames: proportional Times,
headings in bold, ``*emphasis*`` in italics, lines wrapped to a measure in pixels.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from transcript.markup import Span

from .fonts import pil_font, printable, text_width

_HEADING_PREFIX = re.compile(r"[ \t]*#{1,6}[ \t]*")


@dataclass
class Run:
    text: str
    face: str
    src: list[int]          # source offset of each character


@dataclass
class PrintWord:
    runs: list[Run]
    size: int
    x: float = 0.0          # from the left edge of the line
    width: float = 0.0

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    @property
    def span(self) -> tuple[int, int]:
        return self.runs[0].src[0], self.runs[-1].src[-1] + 1


@dataclass
class PrintLine:
    words: list[PrintWord] = field(default_factory=list)
    size: int = 46
    width: float = 0.0
    start: int = -1          # where a frame marker may go before this line
    safe: bool = True

    @property
    def height(self) -> float:
        return self.size * 1.3


def _style_face(base: str, kind: str) -> str:
    family = base.split("-")[0]
    if kind == "strong":
        return f"{family}-bold"
    if kind == "emphasis":
        return f"{family}-italic"
    return base


def _chars(tokens: list[Span], skip_until: int, base: str):
    """(char, source offset, face) for each printed character; None for a line break."""
    for tok in tokens:
        if tok.kind == "newline":
            yield (" ", tok.start, base)
            continue
        if tok.kind == "hardbreak":
            yield None
            continue
        if tok.kind == "frame_marker":
            continue
        if tok.kind in ("strong", "emphasis", "deletion", "insertion", "xout", "classification",
                        "header", "unclear"):
            s, text = tok.inner_start, tok.content
        else:
            s, text = tok.start, tok.text
        face = _style_face(base, tok.kind)
        for i, ch in enumerate(text):
            if s + i < skip_until:
                continue
            yield (ch, s + i, face)


def set_print(tokens: list[Span], first_offset: int, measure: float, size: int,
              face: str = "times", heading: bool = False) -> list[PrintLine]:
    """Wrap the block's tokens into lines no wider than ``measure`` pixels."""
    skip = first_offset
    if heading and tokens:
        src_text = "".join(t.text for t in tokens)
        m = _HEADING_PREFIX.match(src_text)
        skip = tokens[0].start + (m.end() if m else 0)
    words: list[PrintWord | None] = []
    cur: list[tuple[str, int, str]] = []

    def flush():
        if cur:
            runs: list[Run] = []
            for ch, off, f in cur:
                if runs and runs[-1].face == f:
                    runs[-1].text += ch
                    runs[-1].src.append(off)
                else:
                    runs.append(Run(ch, f, [off]))
            for r in runs:
                r.text = printable(r.face, r.text)
            w = PrintWord(runs, size)
            w.width = sum(text_width(r.face, size, r.text) for r in runs)
            words.append(w)
            cur.clear()

    for item in _chars(tokens, skip, face):
        if item is None:
            flush()
            words.append(None)
        elif item[0] in " \t\r\n":
            flush()
        else:
            cur.append(item)
    flush()

    space = text_width(face, size, " ")
    lines: list[PrintLine] = []
    line = PrintLine(size=size)
    x = 0.0
    for w in words:
        if w is None:
            lines.append(line)
            line = PrintLine(size=size)
            x = 0.0
            continue
        if line.words and x + space + w.width > measure:
            lines.append(line)
            line = PrintLine(size=size)
            x = 0.0
        if line.words:
            x += space
        else:
            line.start = w.span[0]
        w.x = x
        x += w.width
        line.words.append(w)
        line.width = x
    if line.words or not lines:
        lines.append(line)
    return [ln for ln in lines if ln.words] or lines[:1]


def font_height(face: str, size: int) -> tuple[int, int]:
    """Ascent and descent in pixels."""
    return pil_font(face, size).getmetrics()
