"""Joining what the scan shows to what the transcript says (issue 7, item 2).

The detector finds marks on the image (a struck word, a check box, a stamp); the
transcript's markup says where its author saw them (``~~clear~~``, ``☒``, a stamp
block). A join pairs each region with the markup span of the same mark, so the window
can go from one to the other, and keeps what is left on either side: a mark on the scan
the transcript misses, or markup the scan does not bear out, both worth a reader's look.

Where the frame has OCR words, the transcript is aligned to them (ocr.align), so each
span has a box on the page and pairs go by place; the text a region was read with (a
struck word's OCR) counts too. With no OCR there are no places: where stamps, redactions
or markings (found with few false ones) are as many on the scan as in the markup, they
pair in reading order (the two classification markings, head and foot); other regions
pair only with markup whose words they were read as; the rest stays unjoined and says
so. (Struck words are found too unreliably for equal numbers to mean the same words, and
a stamp's check boxes stand in a grid the transcript reads in its own order.) A check box
or a classification marking that pairs but disagrees (ticked on the scan, empty in the
transcript) is reported as such.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz

from ocr.align import align
from ocr.engine import FrameOcr
from transcript.markup import iter_tokens, parse

from .ink import union
from .regions import Region

# markup token kind -> region kind (a struck classification marking is a token of kind
# "classification" with struck=True; a (b)(1) code and a blacked-out run are redactions)
_KINDS = {"deletion": "deletion", "insertion": "insertion", "xout": "xout",
          "classification": "classification", "checkbox": "checkbox", "redaction": "redaction"}
# Kinds the detector finds nearly always, so that markup of theirs with no region on the
# scan is worth a reader's look: none. Classification markings were, on the pages it was
# tuned on (bench_analysis v13: recall 0.98 on generated reels, 0.95 on the 16 tuned-on real
# pages), but on the 11 real pages held out from the tuning it found 3 of 13: "not on the
# scan" would be wrong three times in four on a reader's own reels. Stamps, redactions,
# struck words, insertions and x-outs are missed more often still (bench_join).
TRUSTED_ABSENCE: frozenset[str] = frozenset()
# few false ones: precision 1.00 generated (stamps 0.78 on the real pages, where the counts
# seldom come out equal to the markup's)
_BY_ORDER = frozenset({"stamp", "redaction", "classification"})
_MIN_SCORE = 0.35     # below this a pair is more likely two different marks
_MIN_WORDS = 0.6      # with no places, only words read alike pair (OCR of struck words is poor)


@dataclass
class Mark:
    """A mark the transcript makes: its kind (a region kind), its span in the frame's
    markup, what it holds, and where the alignment puts it on the page (or None)."""
    kind: str
    start: int
    end: int
    text: str
    checked: bool | None = None
    struck: bool | None = None
    bbox: list[int] | None = None
    guessed: bool = False       # no word of it was read: its box is the alignment's estimate
    lines: list[list[int]] = field(default_factory=list)   # its box on each line it spans
    alts: list[list[int]] = field(default_factory=list)    # other places it may stand (a note's)


@dataclass
class Link:
    """A region and the mark it is, or either alone."""
    region: Region | None
    mark: Mark | None
    agrees: bool = True          # check box ticked alike, marking struck alike
    words: tuple[int, int] | None = None   # markup span of the words under a region no mark names
    located: bool = True         # the join knew where the transcript's words are on the page

    @property
    def status(self) -> str:
        if self.region is None:
            return "transcript_only"
        if self.mark is None:
            return "scan_only"
        return "both" if self.agrees else "differ"

    @property
    def queried(self) -> bool:
        """Worth querying in the transcript: the two sides disagree on a mark, or the
        scan lacks one its detector would not have missed."""
        return self.status == "differ" or (self.status == "transcript_only" and self.located
                                           and self.mark.kind in TRUSTED_ABSENCE)

    def describe(self) -> str:
        """What the join adds to a hover: where the transcript stands on this mark."""
        if self.status == "both":
            return "in the transcript too"
        if not self.located and self.status in ("scan_only", "transcript_only"):
            return "not matched to the transcript (recognise the frame to place its words)"
        if self.status == "scan_only":
            return "not marked in the transcript"
        if self.status == "transcript_only":
            return "marked in the transcript, not found on the scan"
        r, m = self.region, self.mark
        if r.kind == "checkbox":
            return ("ticked on the scan, empty in the transcript" if r.checked
                    else "empty on the scan, ticked in the transcript")
        return ("struck through on the scan, not in the transcript" if r.struck
                else "struck through in the transcript, not on the scan")

    def to_json(self) -> dict:
        """Spans are offsets in the frame's transcript text (after its frame marker)."""
        d = {"status": self.status, "located": self.located}
        if self.mark is not None:
            d["markup"] = {"kind": self.mark.kind, "span": [self.mark.start, self.mark.end], "text": self.mark.text}
            if self.mark.bbox:
                d["markup"]["bbox"] = self.mark.bbox
        if self.words:
            d["words"] = list(self.words)
        return d


def transcript_marks(text: str) -> list[Mark]:
    """The marks the markup of one frame's transcript makes, in text order."""
    t = parse(text)
    marks = []
    for tok in iter_tokens(t.tokens):
        kind = _KINDS.get(tok.kind)
        if kind is None:
            continue
        m = Mark(kind, tok.start, tok.end, tok.content.strip())
        if kind == "checkbox":
            m.checked = bool(tok.attrs.get("ticked"))
        elif kind == "classification":
            m.struck, m.text = bool(tok.attrs.get("struck")), tok.attrs.get("marking", m.text)
        marks.append(m)
    marks += [Mark("stamp", s.start, s.end, s.text.strip()) for s in t.stamps]
    return sorted(marks, key=lambda m: (m.start, -m.end))


def _place(marks: list[Mark], aligned) -> None:
    """Each mark's box: the union of the aligned words inside its span. A check box is
    no word, so it takes the word after it (its label) and reaches left of it."""
    for m in marks:
        words = [a for a in aligned if a.bbox and a.src_start < m.end and a.src_end > m.start]
        inside = [a.bbox for a in words]
        m.guessed = bool(words) and not any(a.matched for a in words)
        if m.kind == "checkbox":
            label = next((a.bbox for a in aligned if a.bbox and a.src_start >= m.end), None)
            if label is not None:
                h = label[3] - label[1]
                inside = [[label[0] - 3 * h, label[1] - h // 2, label[0], label[3] + h // 2]]
        m.bbox = union(inside) if inside else None
        # (a stamp's region is its whole block, every line of it)
        m.lines = _by_line(inside) if m.kind != "stamp" else []
        m.alts = [a.alt for a in words if a.alt]


def _by_line(boxes: list[list[int]]) -> list[list[int]]:
    """BOXES (a mark's words) joined line by line: a mark that runs on to the next line
    is two boxes, not one over both lines' whole width."""
    return [union(line) for line in _lines(boxes)]


def _overlap(a, b) -> float:
    """Intersection over the smaller box: a mark's words may be wider or narrower than
    the region drawn around them."""
    x0, y0, x1, y1 = max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])
    inter = max(0, x1 - x0) * max(0, y1 - y0)
    small = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return inter / small if small > 0 else 0.0


def _near(a, b) -> float:
    """1 for touching boxes, falling to 0 at three line heights apart: an insertion is
    placed above its line by estimate, a check box beside its label."""
    h = max(20, min(a[3] - a[1], b[3] - b[1]))
    dx = max(0, max(a[0], b[0]) - min(a[2], b[2]))
    dy = max(0, max(a[1], b[1]) - min(a[3], b[3]))
    return max(0.0, 1 - (dx * dx + dy * dy) ** 0.5 / (3 * h))


def _place_score(region, mark) -> float:
    """How well box REGION stands for box MARK by place: over it, or near it; of two regions
    as near (both touching), the one more over it (a struck word's region, not a note's
    written just above it)."""
    over = _overlap(region, mark)
    return max(over, 0.8 * _near(region, mark)) + 0.05 * over


def _score(region: Region, mark: Mark) -> float:
    place = 0.0
    if mark.bbox:
        place = max(_place_score(region.bbox, b) for b in (mark.lines or [mark.bbox]) + mark.alts)
    words = fuzz.ratio(region.text.lower(), mark.text.lower()) / 100 if region.text and mark.text else 0.0
    if mark.bbox and place == 0:
        # same words elsewhere on the page are another mark; but where OCR read none of the
        # mark's words (a struck marking Tesseract dropped whole), its place is only the
        # alignment's guess from the words about it, and the words read alike say more
        return words if mark.guessed and words >= _MIN_WORDS else 0.0
    return max(place, words) if mark.bbox else words


def _lines(items: list, box=lambda x: x) -> list[list]:
    """ITEMS grouped into the page's lines by their boxes' (BOX(item)) middles, top to
    bottom: an item whose middle is within six tenths of the items' median height of a
    line's first one's is on that line (a skewed page's line is not level)."""
    if not items:
        return []
    heights = sorted(box(x)[3] - box(x)[1] for x in items)
    tolerance = 0.6 * heights[len(heights) // 2]

    def middle(x) -> float:
        return (box(x)[1] + box(x)[3]) / 2
    lines: list[list] = []
    for x in sorted(items, key=middle):
        if lines and abs(middle(x) - middle(lines[-1][0])) <= tolerance:
            lines[-1].append(x)
        else:
            lines.append([x])
    return lines


def _reading_order(regions: list[Region]) -> list[Region]:
    """Line by line (``_lines``), left to right."""
    return [r for line in _lines(regions, lambda r: r.bbox) for r in sorted(line, key=lambda r: r.bbox[0])]


def join(regions: list[Region], text: str, ocr: FrameOcr | None = None) -> list[Link]:
    """Pair the REGIONS found on a frame with the marks of its transcript TEXT (the
    frame's markup). Each region is in exactly one link, and each mark, but for one that
    runs across lines: it is in one a line it was found on (``_other_lines``)."""
    marks = transcript_marks(text)
    aligned = align(text, ocr) if ocr is not None and ocr.words and text.strip() else []
    if aligned:
        _place(marks, aligned)
    located = bool(aligned)
    links: list[Link] = []
    free_r, free_m = list(regions), list(marks)
    if not located:   # no places to go by: equal numbers pair in reading order, kind by kind
        links, free_r, free_m = _in_order(free_r, free_m, _BY_ORDER, located)
    pairs = sorted(((_score(r, m), i, j) for i, r in enumerate(free_r) for j, m in enumerate(free_m)
                    if r.kind == m.kind), reverse=True)
    used_r, used_m = set(), set()
    for score, i, j in pairs:
        if score < (_MIN_SCORE if located else _MIN_WORDS):
            break
        if i not in used_r and j not in used_m:
            used_r.add(i)
            used_m.add(j)
            links.append(_link(free_r[i], free_m[j], located))
    free_r = [r for i, r in enumerate(free_r) if i not in used_r]
    free_m = [m for j, m in enumerate(free_m) if j not in used_m]
    # marks whose words OCR read none of (their place a guess) and regions with no text to go
    # by (a marking found on the image, unread) of a kind found with few false ones, as many
    # of each left: in reading order, as with no OCR at all. An x-out's text is what OCR made
    # of X's typed over letters ("XXWXENXMEXKK"), never the markup's X's, and x-outs are found
    # with as few false ones (none on the generated reels)
    more, free_r, free_m = _in_order(free_r, free_m, _BY_ORDER | {"xout"}, located,
                                     lambda r: not r.text or r.kind == "xout", lambda m: m.guessed)
    links += more
    more, free_r = _other_lines(links, free_r)
    links += more
    for r in free_r:
        under = [a for a in aligned if a.bbox and _overlap(r.bbox, a.bbox) > 0.5]
        links.append(Link(r, None, located=located,
                          words=(min(a.src_start for a in under), max(a.src_end for a in under)) if under else None))
    links += [Link(None, m, located=located) for m in free_m]
    return links


def _other_lines(links: list[Link], free_r: list[Region]) -> tuple[list[Link], list[Region]]:
    """A mark that runs on to the next line (words struck across a line break) is a region
    a line on the scan: the regions left that stand on another line of a mark already
    paired, one a line, pair with it too. (The links made, the regions left.)"""
    def line_of(r: Region, m: Mark) -> tuple[float, int]:
        return max((_place_score(r.bbox, b), i) for i, b in enumerate(m.lines))
    taken = {}
    for k in links:
        if k.region is not None and k.mark is not None and len(k.mark.lines) > 1:
            taken.setdefault(id(k.mark), (k.mark, set()))[1].add(line_of(k.region, k.mark)[1])
    out, left = [], []
    for r in free_r:
        fits = [(score, i, m, lines) for m, lines in taken.values() if m.kind == r.kind
                for score, i in [line_of(r, m)] if score >= _MIN_SCORE and i not in lines]
        if fits:
            _, i, m, lines = max(fits, key=lambda f: f[0])
            lines.add(i)
            out.append(_link(r, m))
        else:
            left.append(r)
    return out, left


def _in_order(free_r: list[Region], free_m: list[Mark], kinds, located: bool,
              region_ok=lambda r: True, mark_ok=lambda m: True):
    """For each of KINDS, its regions and marks (those REGION_OK and MARK_OK take) paired in
    reading order where there are as many of each: (the links, the regions left, the marks
    left)."""
    links: list[Link] = []
    for kind in kinds:
        rs = _reading_order([r for r in free_r if r.kind == kind and region_ok(r)])
        ms = [m for m in free_m if m.kind == kind and mark_ok(m)]
        if ms and len(rs) == len(ms):
            links += [_link(r, m, located) for r, m in zip(rs, ms)]
            paired = {id(x) for x in rs + ms}
            free_r = [r for r in free_r if id(r) not in paired]
            free_m = [m for m in free_m if id(m) not in paired]
    return links, free_r, free_m


def _link(region: Region, mark: Mark, located: bool = True) -> Link:
    agrees = True
    if region.kind == "checkbox" and region.checked is not None:
        agrees = region.checked == mark.checked
    elif region.kind == "classification" and region.struck is not None:
        agrees = region.struck == mark.struck
    return Link(region, mark, agrees, located=located)
