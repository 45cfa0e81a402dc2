"""The transcript as a sequence of blocks the page layout can place.

Built on the parser (``transcript.markup.parse``): its tokens tile the source, its
stamp spans say which lines are a review stamp, its line spans mark headings and
grids.  A *block* is a paragraph, a stamp, a heading, a grid (the target's rows),
a classification marking alone on its line, or a fiche header, with the exact source
offsets of its text and the number of blank lines before it (several blank lines
in a reel transcript are where the transcriber left a frame behind).
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from transcript.markup import Span, Transcript


@dataclass
class Block:
    kind: str                 # para | stamp | heading | grid | classification | header | marker
    start: int                # offset of the block's first character in the source
    end: int                  # offset after its last character (no trailing newline)
    tokens: list[Span]        # the parser's tokens inside [start, end)
    lines: list[tuple[int, int]] = field(default_factory=list)  # (start, end) of each line
    gap_before: int = 0       # blank lines between the previous block and this one
    attrs: dict = field(default_factory=dict)

    def text(self, source: str) -> str:
        return source[self.start:self.end]

    def shifted(self, by: int) -> "Block":
        """The same block for a text that was parsed ``by`` characters in."""
        return Block(self.kind, self.start + by, self.end + by, [t.shifted(by) for t in self.tokens],
                     [(s + by, e + by) for s, e in self.lines], self.gap_before, dict(self.attrs))


_SKIP_IN_LINE = ("hardbreak", "newline")


def _line_tokens(t: Transcript, starts: list[int], s: int, e: int) -> list[Span]:
    i = bisect_left(starts, s)
    out = []
    while i < len(t.tokens) and t.tokens[i].start < e:
        out.append(t.tokens[i])
        i += 1
    return out


def blocks_of(t: Transcript) -> list[Block]:
    """Cut the parsed transcript ``t`` into blocks, in source order."""
    src = t.source
    starts = [tok.start for tok in t.tokens]
    stamp_of_line: dict[int, Span] = {}
    for sp in t.stamps:
        lines = sp.attrs["lines"]
        for i in range(lines[0], lines[-1] + 1):
            stamp_of_line[i] = sp
    line_kind: dict[int, Span] = {ls.start: ls for ls in t.line_spans if ls.kind in ("heading", "grid")}

    out: list[Block] = []
    blank = 0
    i = 0
    lines = t.lines
    para: Block | None = None

    def close_para():
        nonlocal para
        if para is not None:
            out.append(para)
            para = None

    def add(kind, s, e, line_list, **attrs):
        nonlocal blank
        close_para()
        out.append(Block(kind, s, e, _line_tokens(t, starts, s, e), line_list, blank, attrs))
        blank = 0

    while i < len(lines):
        ln = lines[i]
        text = src[ln.start:ln.end]
        toks = _line_tokens(t, starts, ln.start, ln.end)
        kinds = [tok.kind for tok in toks if tok.kind not in _SKIP_IN_LINE and
                 not (tok.kind == "text" and not tok.text.strip())]
        if i in stamp_of_line:
            sp = stamp_of_line[i]
            last = sp.attrs["lines"][-1]
            add("stamp", sp.start, sp.end,
                [(lines[k].start, lines[k].end) for k in range(i, last + 1)
                 if src[lines[k].start:lines[k].end].strip()])
            i = last + 1
            continue
        if not text.strip():
            close_para()
            blank += 1
            i += 1
            continue
        hdr = next((h for h in t.headers if ln.start <= h.start <= ln.end), None)
        if hdr is not None and "header" in kinds:
            # The fiche header: its ID line and date line (and the blank between).
            end_line = i
            while end_line + 1 < len(lines) and lines[end_line + 1].start < hdr.end:
                end_line += 1
            add("header", lines[i].start, lines[end_line].end,
                [(lines[k].start, lines[k].end) for k in range(i, end_line + 1)
                 if src[lines[k].start:lines[k].end].strip()],
                id=hdr.attrs.get("id"), date=hdr.attrs.get("date"))
            i = end_line + 1
            continue
        if kinds == ["frame_marker"]:
            add("marker", ln.start, ln.end, [(ln.start, ln.end)],
                frame=next(tok.attrs["frame"] for tok in toks if tok.kind == "frame_marker"))
            i += 1
            continue
        if kinds == ["classification"]:
            tok = next(tok for tok in toks if tok.kind == "classification")
            add("classification", ln.start, ln.end, [(ln.start, ln.end)],
                struck=tok.attrs.get("struck", False), marking=tok.attrs.get("marking", tok.content))
            i += 1
            continue
        ls = line_kind.get(ln.start)
        if ls is not None and ls.kind == "heading":
            add("heading", ln.start, ln.end, [(ln.start, ln.end)], level=ls.attrs["level"])
            i += 1
            continue
        if ls is not None and ls.kind == "grid":
            if out and out[-1].kind == "grid" and para is None and blank == 0:
                g = out[-1]
                g.end = ln.end
                g.lines.append((ln.start, ln.end))
                g.tokens = _line_tokens(t, starts, g.start, g.end)
            else:
                add("grid", ln.start, ln.end, [(ln.start, ln.end)])
            i += 1
            continue
        if para is None:
            para = Block("para", ln.start, ln.end, [], [], blank)
            blank = 0
        para.end = ln.end
        para.lines.append((ln.start, ln.end))
        para.tokens = _line_tokens(t, starts, para.start, para.end)
        i += 1
    close_para()
    return out
