"""The structure of a reel from its transcript: documents and non-document frames.

A fiche header (``**01117**`` then ``**1962/11/08**``) starts a document; a document is
listed with its ID, date, ``SUBJECT:`` line, classification and frame range.  Around the
documents a reel holds non-document frames: a *title* frame (a ``# …`` heading and a
line or two), a *target* (the resolution chart: a tab grid of X marks with REEL # / C# /
DATE) and a *finding aid* (a ``# …`` heading followed by ``##`` sections or prose).
Text before the first header that is none of these is a ``text`` part (a transcript of
one published telegram is all ``text``).

Reels interleave: on the memorandum's fiche the title, target and finding-aid frames sit
between two pages of document 01117.  So a non-document part ends where the page visibly
changes - a frame marker or a gap of three or more blank lines - and the next line is
neither a heading nor a grid: there the interrupted document resumes.  A document can
therefore be made of several parts (``Document.ranges``).

Works with or without frame markers: without them every frame is None and the parts
still carry their text offsets, which is what a panel needs to jump.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from transcript.markup import Transcript, parse
from transcript.reading import plain_text

__all__ = ["Part", "Document", "Structure", "read_structure", "CLASSIFICATION_RANK"]

# Higher is more restrictive; compound markings rank by their highest word.
CLASSIFICATION_RANK = {
    "TOP SECRET": 6, "SECRET": 5, "CONFIDENTIAL": 4, "CONF": 4,
    "LIMITED OFFICIAL USE": 3, "OFFICIAL USE ONLY": 2, "RESTRICTED": 2,
    "UNCLASSIFIED": 1,
}
_NON_DOCUMENT = ("title", "target", "finding_aid")
_GAP_LINES = 3          # blank lines that make a visible page break
_PROSE_LINE = 120       # a line this long is running prose, not a title line
_SUBJECT_RE = re.compile(r"^[ \t]*SUBJ(?:ECT)?[ \t]*:[ \t]*(.*)$", re.IGNORECASE)


@dataclass
class Part:
    kind: str                       # document | title | target | finding_aid | text
    start: int                      # start of its first non-blank line
    end: int                        # end of its last non-blank line
    frames: tuple[int, int] | None  # first and last frame holding its text
    title: str | None = None        # heading of a title / finding-aid part, doc ID
    document: "Document | None" = field(default=None, repr=False)

    def to_json(self) -> dict:
        return {"kind": self.kind, "start": self.start, "end": self.end,
                "frames": list(self.frames) if self.frames else None, "title": self.title}


@dataclass
class Document:
    id: str
    date: str | None
    start: int
    end: int
    subject: str | None = None
    classification: str | None = None              # the most restrictive marking
    markings: list[tuple[str, bool]] = field(default_factory=list)  # (marking, struck)
    frames: tuple[int, int] | None = None
    parts: list[Part] = field(default_factory=list, repr=False)

    @property
    def ranges(self) -> list[tuple[int, int]]:
        return [(p.start, p.end) for p in self.parts]

    def to_json(self) -> dict:
        return {"id": self.id, "date": self.date, "subject": self.subject,
                "classification": self.classification,
                "frames": list(self.frames) if self.frames else None}


@dataclass
class Structure:
    parts: list[Part]
    documents: list[Document]
    frame_kinds: dict[int, str]     # every marked frame: its part kind, or "blank"
    _starts: list[int] = field(default_factory=list, repr=False)

    def part_at(self, offset: int) -> Part | None:
        """The part whose text holds ``offset`` (None in the blank lines between)."""
        if len(self._starts) != len(self.parts):
            self._starts = [p.start for p in self.parts]
        i = bisect_right(self._starts, offset) - 1
        if i >= 0 and offset < max(self.parts[i].end, self.parts[i].start + 1):
            return self.parts[i]
        return None

    def document_at(self, offset: int) -> Document | None:
        p = self.part_at(offset)
        return p.document if p else None

    def non_document_parts(self) -> list[Part]:
        return [p for p in self.parts if p.kind in _NON_DOCUMENT]


def read_structure(t: Transcript | str) -> Structure:
    """Documents and non-document parts of a transcript, in text order."""
    if isinstance(t, str):
        t = parse(t)
    src = t.source
    heading_level: dict[int, int] = {}
    grid_lines: set[int] = set()
    for sp in t.line_spans:
        li = t.line_index(sp.start)
        if sp.kind == "heading":
            heading_level[li] = sp.attrs["level"]
        elif sp.kind == "grid":
            grid_lines.add(li)
    header_lines = {t.line_index(h.start): h for h in t.headers}
    marker_lines = {t.line_index(m.start) for m in t.of_kind("frame_marker")}

    parts: list[Part] = []
    documents: list[Document] = []
    doc: Document | None = None
    cur: Part | None = None
    cur_has: dict[str, bool] = {}
    blanks = 0
    crossed_page = False
    line_frames: list[tuple[Part, int | None]] = []

    def open_part(kind: str, start: int, title: str | None = None) -> Part:
        nonlocal cur, cur_has
        p = Part(kind, start, start, None, title, doc if kind == "document" else None)
        parts.append(p)
        if p.document is not None:
            p.document.parts.append(p)
        cur, cur_has = p, {}
        return p

    for li, ln in enumerate(t.lines):
        line = src[ln.start:ln.end]
        content = line
        if li in marker_lines:
            crossed_page = True
            content = re.sub(r"<!--[ \t]*frame[ \t]+\d+[ \t]*-->", "", line)
        if not content.strip():
            if li not in marker_lines:
                blanks += 1
            continue
        first = ln.start  # a grid row's leading tab is its first (empty) cell
        page_break = crossed_page or blanks >= _GAP_LINES
        blanks, crossed_page = 0, False
        level = heading_level.get(li)

        if li in header_lines:
            h = header_lines[li]
            doc = Document(h.attrs["id"], h.attrs["date"], first, ln.end)
            documents.append(doc)
            open_part("document", first, doc.id)
        elif level == 1:
            open_part("title", first, plain_text(line))
        elif li in grid_lines:
            if cur is None or cur.kind != "target" or page_break:
                open_part("target", first, "Target")
        elif cur is not None and cur.kind in _NON_DOCUMENT:
            if page_break and level is None:
                # The page changed and this is no heading: the interrupted document
                # (or plain text) resumes.
                open_part("document" if doc else "text", first, doc.id if doc else None)
            elif cur.kind == "target" and len(line) > _PROSE_LINE:
                open_part("document" if doc else "text", first, doc.id if doc else None)
        elif cur is None:
            open_part("text", first)
        if cur.kind == "title" and (level and level > 1 or len(line) > _PROSE_LINE):
            cur.kind = "finding_aid"
        cur.end = ln.end
        line_frames.append((cur, t.frame_at(ln.start + len(line) - len(line.lstrip()))))

    # Frames of each part, and the kind of each marked frame.
    frame_kinds: dict[int, str] = {n: "blank" for n in t.frames}
    seen: set[int] = set()
    for p, fr in line_frames:
        if fr is None:
            continue
        p.frames = (min(p.frames[0], fr), max(p.frames[1], fr)) if p.frames else (fr, fr)
        if fr not in seen:
            seen.add(fr)
            frame_kinds[fr] = "document" if p.kind == "document" else p.kind

    markings = t.of_kind("classification")
    for d in documents:
        _fill_document(t, d, markings)
    return Structure(parts, documents, frame_kinds)


def _fill_document(t: Transcript, d: Document, markings: list) -> None:
    src = t.source
    d.end = max(p.end for p in d.parts)
    frames = [p.frames for p in d.parts if p.frames]
    if frames:
        d.frames = (min(f[0] for f in frames), max(f[1] for f in frames))
    for p in d.parts:
        if d.subject is None:
            for li in range(t.line_index(p.start), t.line_index(p.end) + 1):
                ln = t.lines[li]
                m = _SUBJECT_RE.match(src[ln.start:ln.end])
                if m:
                    d.subject = plain_text(m.group(1))
                    break
        lo = bisect_left([m.start for m in markings], p.start)
        for tok in markings[lo:]:
            if tok.start >= p.end:
                break
            d.markings.append((tok.attrs["marking"], tok.attrs["struck"]))
    best = -1
    for marking, _ in d.markings:
        rank = max((r for w, r in CLASSIFICATION_RANK.items()
                    if re.search(rf"\b{re.escape(w)}\b", marking)), default=0)
        if rank > best:
            best, d.classification = rank, marking
