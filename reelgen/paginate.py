"""Where the frames fall: a reel-wide transcript cut into frames as the pages were.

A reel transcript such as the memorandum's has no frame markers, but it still shows
where the pages turned: the transcriber ends a paragraph in mid-sentence and starts
the next in lower case ("...a tranquil situation" / "in the Caribbean..."), leaves
three or more blank lines where a frame was, and writes a classification marking at a
page's head or foot.  Those are forced breaks; between them a document's text fills
typed pages line by line, as a typist's would.  A level-1 heading starts the reel's
own frames: a target (a heading whose group holds the grid of X marks), a title frame,
then finding-aid frames from the first level-2 heading, until document text resumes.

A transcript that already has ``<!-- frame N -->`` markers keeps them: each marker
starts a frame and no marker is added.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from transcript.markup import Span

from .blocks import Block
from .typeset import TypedLine, typeset

_SENTENCE_END = set(".!?:;\"')]»”’")
# Blank lines that mean "a frame was here": two are mere spacing in many transcripts
# (the FRUS telegram has them under its title), three are deliberate.
FRAME_GAP = 3


@dataclass
class Geometry:
    """Page and typewriter geometry, in pixels at 300 dpi."""
    width: int = 2550
    height: int = 3300
    pitch: float = 12            # characters per inch
    spacing: float = 1.5         # line spacing in typewriter lines (1/6 inch)
    margin_left: int = 330
    margin_top: int = 300
    margin_bottom: int = 300
    print_size: int = 46         # finding aids: about 11 pt at 300 dpi
    indent: int = 5              # the typist's paragraph tab, in columns

    @property
    def advance(self) -> float:
        return 300.0 / self.pitch

    @property
    def line_pitch(self) -> float:
        return 50.0 * self.spacing

    @property
    def cols(self) -> int:
        return int((self.width - 2 * self.margin_left + 60) / self.advance)

    @property
    def text_height(self) -> int:
        return self.height - self.margin_top - self.margin_bottom

    @property
    def lines_per_page(self) -> int:
        return int(self.text_height // self.line_pitch)

    @property
    def measure(self) -> float:
        return self.width - 2 * self.margin_left


@dataclass
class Piece:
    """A block, or the part of it that falls on one frame."""
    block: Block
    lines: list = field(default_factory=list)   # TypedLine (documents), row indexes (print)
    gap: int = 0                                # blank typed lines before it


@dataclass
class FramePlan:
    kind: str                       # document | target | title | finding-aid
    start: int                      # source offset where the frame's marker goes
    pieces: list[Piece] = field(default_factory=list)
    stamps: list[Block] = field(default_factory=list)
    head: Block | None = None       # classification marking at the head of the page
    foot: Block | None = None       # ... and at its foot
    fiche: Block | None = None      # the fiche header (document ID and date)
    used: int = 0                   # typed lines used (documents)
    band: int = 0                   # pixels reserved at the top for stamps
    marked: bool = False            # the frame's marker was in the transcript already

    @property
    def empty(self) -> bool:
        return not (self.pieces or self.stamps or self.head or self.foot or self.fiche)


_HEADING_MARK = re.compile(r"[ \t]*#{1,6}[ \t]*")


def _typed_from(b: Block) -> int:
    """Where typing starts: a Markdown heading typed on a page loses its ``#``s."""
    if b.kind != "heading" or not b.tokens:
        return b.start
    m = _HEADING_MARK.match(b.tokens[0].text) if b.tokens[0].kind == "text" else None
    return b.start + (m.end() if m else 0)


def _fresh(fp: FramePlan) -> bool:
    """Nothing on the frame yet but perhaps the marking at its head."""
    return not (fp.pieces or fp.stamps or fp.fiche or fp.foot)


def _first_char(block: Block) -> str:
    for tok in block.tokens:
        if tok.kind in ("text", "deletion", "unclear", "emphasis", "strong"):
            s = tok.content.strip() if tok.kind != "text" else tok.text.strip()
            if s:
                return s[0]
    return ""


def _last_char(block: Block) -> str:
    for tok in reversed(block.tokens):
        if tok.kind in ("newline", "hardbreak"):
            continue
        s = tok.content.strip() if tok.kind not in ("text",) else tok.text.strip()
        if s:
            return s[-1]
    return ""


def _continues(block: Block, prev_para: Block | None) -> bool:
    """The block carries on a sentence the previous paragraph left open: the
    transcriber's sign of a page turn."""
    c = _first_char(block)
    return (block.kind == "para" and prev_para is not None and c.islower()
            and _last_char(prev_para) not in _SENTENCE_END)


def _front_end(block: Block, prev_para: Block | None) -> bool:
    """Document text resumes after the reel's own frames."""
    if block.kind in ("header", "stamp", "classification", "marker"):
        return True
    return block.kind == "para" and (block.gap_before >= FRAME_GAP or _first_char(block).islower())


def roles(blocks: list[Block]) -> list[tuple[str, int]]:
    """(role, group) for each block: role document/target/title/finding-aid; a new
    group number wherever a new reel frame (target, title) must begin."""
    out: list[tuple[str, int]] = []
    group = 0
    i = 0
    prev_para = None
    while i < len(blocks):
        b = blocks[i]
        if b.kind == "heading" and b.attrs.get("level") == 1:
            j = i + 1
            while j < len(blocks) and not (blocks[j].kind == "heading" and blocks[j].attrs.get("level") == 1) \
                    and not _front_end(blocks[j], prev_para):
                j += 1
            # A level-1 heading whose group holds the grid is the target.
            grp = blocks[i:j]
            group += 1
            if any(x.kind == "grid" for x in grp):
                out += [("target", group)] * len(grp)
            else:
                role = "title"
                for x in grp:
                    if x.kind == "heading" and x.attrs.get("level", 1) >= 2 and role == "title":
                        role = "finding-aid"
                        group += 1
                    out.append((role, group))
            i = j
            continue
        out.append(("document", group))
        if b.kind == "para":
            prev_para = b
        i += 1
    return out


class Paginator:
    """Fills frames; ``measure_stamp`` and ``measure_print`` tell it how much room a
    stamp block and a printed block take (the renderer's own measurements)."""

    def __init__(self, geo: Geometry, measure_stamp, measure_print):
        self.geo = geo
        self.measure_stamp = measure_stamp    # Block -> (w, h)
        self.measure_print = measure_print    # (Block, kind) -> list of (height, start, safe)
        self.frames: list[FramePlan] = []

    # -- frames ---------------------------------------------------------------------
    def _new(self, kind: str, start: int, marked: bool = False) -> FramePlan:
        fp = FramePlan(kind, start, marked=marked)
        self.frames.append(fp)
        return fp

    def _capacity(self, fp: FramePlan) -> int:
        return int((self.geo.text_height - fp.band) // self.geo.line_pitch)

    # -- the whole transcript ---------------------------------------------------------
    def run(self, blocks: list[Block]) -> list[FramePlan]:
        rl = roles(blocks)
        prev_para: Block | None = None
        prev_group = None
        for i, b in enumerate(blocks):
            role, group = rl[i]
            if role != "document":
                if group != prev_group or not self.frames or self.frames[-1].kind != role:
                    self._new(role, b.start if self.frames else 0)
                self._place_front(b, role)
                prev_group = group
                continue
            prev_group = None
            fp = self.frames[-1] if self.frames and self.frames[-1].kind == "document" else None
            forced = b.gap_before >= FRAME_GAP or _continues(b, prev_para) or b.kind == "header"
            if b.kind == "classification":
                nxt = blocks[i + 1] if i + 1 < len(blocks) else None
                ends_page = (nxt is None or rl[i + 1][0] != "document" or nxt.gap_before >= FRAME_GAP
                             or _continues(nxt, prev_para) or nxt.kind == "header")
                if fp is not None and not fp.pieces and fp.head is None and not forced:
                    fp.head = b            # nothing typed yet: the head of this page
                    continue
                if fp is not None and not _fresh(fp) and not forced and ends_page and fp.foot is None:
                    fp.foot = b            # the marking at the foot of this page
                    continue
                if fp is None or not fp.empty:
                    fp = self._new("document", b.start)
                fp.head = b                # the marking at the head of a new page
                continue
            if fp is None or (forced and not _fresh(fp)):
                fp = self._new("document", b.start)
            if b.kind == "header":
                fp.fiche = b
                continue
            if b.kind == "stamp":
                self._place_stamp(fp, b)
                continue
            # A paragraph that carries on a sentence from the page before is not indented.
            indent = 0 if _continues(b, prev_para) else self.geo.indent
            if b.kind == "para":
                prev_para = b
            self._place_typed(fp, b, indent)
        if self.frames:
            self.frames[0].start = 0
        return [f for f in self.frames if not f.empty]

    # -- documents ------------------------------------------------------------------
    def _place_stamp(self, fp: FramePlan, b: Block) -> None:
        w, h = self.measure_stamp(b)
        band = self._band_with(fp, (w, h))
        if fp.used and int((self.geo.text_height - band) // self.geo.line_pitch) < fp.used:
            fp = self._new("document", b.start)
            band = self._band_with(fp, (w, h))
        fp.stamps.append(b)
        fp.band = band

    def _band_with(self, fp: FramePlan, extra: tuple[int, int]) -> int:
        """Height of the stamp band: stamps side by side in shelves across the page."""
        sizes = [self.measure_stamp(s) for s in fp.stamps] + [extra]
        room = self.geo.width - 2 * 150
        band, shelf_w, shelf_h = 0, 0, 0
        for w, h in sizes:
            if shelf_w and shelf_w + 60 + w > room:
                band += shelf_h + 50
                shelf_w, shelf_h = 0, 0
            shelf_w += (60 if shelf_w else 0) + w
            shelf_h = max(shelf_h, h)
        return band + shelf_h + 80

    def _short(self, b: Block) -> bool:
        """A line or three of a memo's heading (PARTICIPANTS, a date and place): the
        transcriber set them apart with blank lines, the typist did not."""
        return len(b.lines) <= 3 and all(e - s <= 48 for s, e in b.lines)

    def _place_typed(self, fp: FramePlan, b: Block, indent: int) -> None:
        lines = typeset(b.tokens, self.geo.cols, indent, _typed_from(b))
        first_line = lines[0] if lines else None
        if not lines:
            return
        while lines:
            cap = self._capacity(fp)
            gap = 1 if fp.used else 0
            if gap and fp.pieces and self._short(fp.pieces[-1].block) and self._short(b) \
                    and b.gap_before <= 1:
                gap = 0
            room = cap - fp.used - gap
            if len(lines) <= room:
                fp.pieces.append(Piece(b, lines, gap))
                fp.used += gap + len(lines)
                return
            # Split the paragraph where a typist's page ends, but never inside a span
            # (the frame marker would cut the markup) and not leaving a lone line.
            k = room
            while k >= 2 and not lines[k].safe:
                k -= 1
            if k >= 2 and len(lines) - k >= 1:
                fp.pieces.append(Piece(b, lines[:k], gap))
                fp.used += gap + k
                lines = lines[k:]
                fp = self._new("document", lines[0].start)
                continue
            if fp.empty:
                # A paragraph longer than a page with no safe break: type it on.
                fp.pieces.append(Piece(b, lines, gap))
                fp.used += gap + len(lines)
                return
            start = b.start if lines[0] is first_line else lines[0].start
            fp = self._new("document", start)

    # -- the reel's own frames ---------------------------------------------------------
    def _place_front(self, b: Block, role: str) -> None:
        fp = self.frames[-1]
        if role != "finding-aid":
            fp.pieces.append(Piece(b))
            return
        rows = self.measure_print(b, role)
        used = 0.0
        for p in fp.pieces:
            prow = self.measure_print(p.block, role)
            used += sum(prow[k][0] for k in p.lines)
        room = self.geo.text_height - used
        need = sum(h for h, _, _ in rows)
        if need <= room or not fp.pieces:
            fp.pieces.append(Piece(b, list(range(len(rows)))))
            return
        # Split a long block between lines; otherwise move it to a new frame.
        acc, k = 0.0, 0
        while k < len(rows) and acc + rows[k][0] <= room:
            acc += rows[k][0]
            k += 1
        while k > 0 and not rows[k][2]:
            k -= 1
        if k >= 2:
            fp.pieces.append(Piece(b, list(range(k))))
            nf = self._new(role, rows[k][1])
            nf.pieces.append(Piece(b, list(range(k, len(rows)))))
        else:
            nf = self._new(role, b.start)
            nf.pieces.append(Piece(b, list(range(len(rows)))))

    # -- transcripts that carry their own markers ---------------------------------------
    def run_marked(self, pieces: list[tuple[int, bool, list[Block]]]) -> list[FramePlan]:
        """One frame per piece of a transcript cut at its own markers
        (``transcript.frames.split_frames``): (offset of the piece's marker, True, its
        blocks)."""
        for start, marked, blocks in pieces:
            fp = self._new("document", start, marked=marked)
            rl = roles(blocks)
            for (role, _), b in zip(rl, blocks):
                if role != "document" and fp.kind == "document" and fp.empty:
                    fp.kind = role
                if fp.kind != "document":
                    fp.pieces.append(Piece(b, None))
                elif b.kind == "classification":
                    if fp.pieces:
                        fp.foot = b
                    else:
                        fp.head = b
                elif b.kind == "header":
                    fp.fiche = b
                elif b.kind == "stamp":
                    fp.band = self._band_with(fp, self.measure_stamp(b))
                    fp.stamps.append(b)
                else:
                    lines = typeset(b.tokens, self.geo.cols, self.geo.indent, _typed_from(b))
                    fp.pieces.append(Piece(b, lines, 1 if fp.used else 0))
                    fp.used += (1 if fp.used else 0) + len(lines)
        return [f for f in self.frames if f.marked or not f.empty]


def insert_markers(source: str, frames: list[FramePlan]) -> tuple[str, list[int]]:
    """The source with ``<!-- frame N -->`` markers (transcript.frames.marker_for) at
    each frame's start; returns the text and each frame's marker offset in it."""
    from transcript.frames import marker_for

    if any(f.marked for f in frames):
        return source, [f.start for f in frames]
    out, pos, where = [], 0, []
    shift = 0
    for n, f in enumerate(frames, 1):
        out.append(source[pos:f.start])
        where.append(f.start + shift)
        m = marker_for(n)
        out.append(m)
        shift += len(m)
        pos = f.start
    out.append(source[pos:])
    return "".join(out), where


def break_offset(tokens: list[Span], off: int) -> tuple[int, bool]:
    """Where a marker may go before the character at ``off``: inside plain text
    anywhere; before a span's opening delimiter; never inside a span."""
    for tok in tokens:
        if tok.start <= off < tok.end:
            if tok.kind == "text" or off == tok.start:
                return off, True
            if off == tok.inner_start:
                return tok.start, True
            return off, False
    return off, True


__all__ = ["Geometry", "FramePlan", "Piece", "Paginator", "insert_markers", "roles",
           "break_offset", "TypedLine"]
