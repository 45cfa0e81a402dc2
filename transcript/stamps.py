"""Review stamp blocks -> structured records (who reviewed, when, what was decided).

A review stamp is a form: decisions with check boxes (RELEASE, DECLASSIFY, EXCISE,
DECLASSIFY IN PART, DENY, DELETE, CLASSIFY as…, DOWNGRADE…), a reviewer, dates, the
reviewing office, exemption and authority codes.  The parser (``markup.parse``) finds
the blocks; this module reads the fields out of each block's lines.

Transcribers copy the form as it looks, two columns side by side, so a decision can be
wrapped onto the next line ("☐ DECLASSIFY" above "☐ IN PART" is one decision,
DECLASSIFY IN PART) and a decision can have option boxes ("☐ CLASSIFY as ☐ S or ☐ C"
is CLASSIFY, CLASSIFY as S, CLASSIFY as C).  Every box keeps its source offsets.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from transcript.markup import Span, Transcript, parse

__all__ = ["Decision", "StampRecord", "read_stamps", "stamp_record"]


@dataclass
class Decision:
    label: str                 # canonical: "RELEASE", "DECLASSIFY IN PART", "CLASSIFY as S"
    ticked: bool
    raw: str                   # the words after the box as written
    boxes: list[tuple[int, int]] = field(default_factory=list)  # source offsets of its boxes


@dataclass
class StampRecord:
    start: int
    end: int
    frame: int | None
    text: str
    office: str | None = None          # e.g. IS/FPC/CDS
    agency: str | None = None          # e.g. DEPARTMENT OF STATE
    reviewer: str | None = None
    dates: list[str] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    exemptions: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)  # exemptions, EO citations, OADR, (b)(n)
    authority: str | None = None        # "TS authority to: …"

    @property
    def date(self) -> str | None:
        return self.dates[0] if self.dates else None

    @property
    def year(self) -> int | None:
        """The four-digit year of the stamp's date (two-digit years read as 19xx up to
        '30 and 20xx after, as declassification reviews go back no further)."""
        if not self.date:
            return None
        m = re.search(r"(\d{4})|(\d{2})$", self.date)
        if not m:
            return None
        if m.group(1):
            return int(m.group(1))
        yy = int(m.group(2))
        return 2000 + yy if yy <= 30 else 1900 + yy

    @property
    def ticked(self) -> list[str]:
        return _unique(d.label for d in self.decisions if d.ticked)

    @property
    def unticked(self) -> list[str]:
        return _unique(d.label for d in self.decisions if not d.ticked)

    def to_json(self) -> dict:
        """The record as issue 4's ``inspect --json`` prints it."""
        return {"frame": self.frame, "office": self.office, "reviewer": self.reviewer,
                "date": self.date, "ticked": self.ticked, "unticked": self.unticked,
                "codes": list(self.codes)}

    def summary(self) -> str:
        """One line for a card or a PDF note: 'IS/FPC/CDS, 2/12/92: RELEASE, DECLASSIFY'."""
        who = ", ".join(x for x in (self.office or self.agency, self.reviewer, self.date) if x)
        did = ", ".join(self.ticked) or "no decision ticked"
        return f"{who}: {did}" if who else did


def _unique(items) -> list[str]:
    seen: dict[str, None] = {}
    for x in items:
        seen.setdefault(x, None)
    return list(seen)


_BOX_RE = re.compile(r"[☐☒☑]")
_DATE_RE = re.compile(
    r"\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{4}/\d{1,2}/\d{1,2}\b|\b\d{1,2}-\d{1,2}-\d{2,4}\b"
    r"|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}\b")
_OFFICE_RE = re.compile(r"\b[A-Z]{1,6}(?:/[A-Z]{1,6}){2,5}\b")
_AGENCY_RE = re.compile(r"^\s*((?:DEPARTMENT|DEPT\.?) OF [A-Z][A-Z ]*[A-Z]|[A-Z][A-Z ]* AGENCY)\s*$")
_REVIEWER_RE = re.compile(
    r"REVIEWED\s+BY:?\s*(?P<who>.*?)\s*(?=\bDATE\b|$)|(?:^|\s)by:?\s+(?P<by>\S.*?)\s*(?=\bDate\b|$)",
    re.IGNORECASE)
_EXEMPT_RE = re.compile(r"\bexemptions?\b:?\s*(?P<v>.*)$", re.IGNORECASE)
_EO_RE = re.compile(r"\bEO\s+Citations\b:?\s*(?P<v>.*)$|\bE\.\s?O\.\s?\d[\d\s,().a-zA-Z-]*", re.IGNORECASE)
_AUTH_RE = re.compile(r"\bauthority(?:\s+to)?\s*:?\s*(?P<v>.*)$", re.IGNORECASE)
_BCODE_RE = re.compile(r"\([bB]\)\s?\(\d\)(?:\([A-Za-z0-9]\))*|\b25X\d\b|\bOADR\b|\bX[1-8]\b")
_LEVEL = r"TOP SECRET|TS|SECRET|S|CONFIDENTIAL|CONF|C"
_CLASSIFY_RE = re.compile(rf"CLASSIFY\s+AS\b\s*(?P<lvl>{_LEVEL})?\b", re.IGNORECASE)
_DOWNGRADE_RE = re.compile(
    rf"DOWNGRADE\s+(?P<src>{_LEVEL})?\s*(?:TO\b\s*(?P<lvl>{_LEVEL})?\b)?", re.IGNORECASE)
_OPTION_RE = re.compile(rf"(?P<lvl>{_LEVEL})\b(?:\s+or)?(?:\s+OADR)?\W*", re.IGNORECASE)


def _canonical(raw: str) -> tuple[str, str | None]:
    """(label, phrase that option boxes after it extend) for the words after a box."""
    s = " ".join(raw.split())
    u = s.upper().rstrip(" .:;,")
    if re.match(r"DECLASSIFY\s+IN\s+PART", u):
        return "DECLASSIFY IN PART", None
    if u.startswith("DECLASSIFY"):
        return "DECLASSIFY", None
    for word in ("RELEASE", "EXCISE", "DENY", "DELETE"):
        if u.startswith(word):
            return word, None
    if re.match(r"NON-?\s?RESPONSIVE", u):
        return "NON-RESPONSIVE INFO", None
    m = _CLASSIFY_RE.match(s)
    if m:
        return (f"CLASSIFY as {m.group('lvl').upper()}" if m.group("lvl") else "CLASSIFY",
                "CLASSIFY as")
    m = _DOWNGRADE_RE.match(s)
    if m:
        src = m.group("src").upper() if m.group("src") else ""
        base = " ".join(x for x in ("DOWNGRADE", src) if x)
        return (f"{base} to {m.group('lvl').upper()}" if m.group("lvl") else base,
                f"{base} to")
    if u == "IN PART":
        return "IN PART", None
    return s, None


def stamp_record(t: Transcript, block: Span) -> StampRecord:
    """Read one stamp block (an element of ``t.stamps``) into a record."""
    src = t.source
    rec = StampRecord(block.start, block.end, t.frame_at(block.start), block.text)
    line_idx = block.attrs.get("lines") or [i for i, ln in enumerate(t.lines)
                                           if block.start <= ln.start < block.end]
    # The agency heads the form, often on the line just above the first box line.
    first = line_idx[0] if line_idx else 0
    for j in range(first - 1, max(-1, first - 4), -1):
        prev = src[t.lines[j].start:t.lines[j].end]
        if prev.strip():
            m = _AGENCY_RE.match(prev)
            if m:
                rec.agency = m.group(1)
            break

    prev_row: list[Decision] = []
    codes: list[str] = []
    for i in line_idx:
        ln = t.lines[i]
        line = src[ln.start:ln.end]
        text_only = _BOX_RE.sub(" ", line)
        if rec.agency is None and (m := _AGENCY_RE.match(line)):
            rec.agency = m.group(1)
        if rec.office is None and (m := _OFFICE_RE.search(text_only)):
            rec.office = m.group(0)
        if rec.reviewer is None and (m := _REVIEWER_RE.search(text_only)):
            who = (m.group("who") or m.group("by") or "").strip(" :")
            if who:
                rec.reviewer = who
        rec.dates += _DATE_RE.findall(text_only)
        if (m := _EXEMPT_RE.search(text_only)) and (v := m.group("v").strip(" :")):
            rec.exemptions.append(v)
            codes.append(v)
        if (m := _EO_RE.search(text_only)):
            v = (m.group("v") if m.group("v") is not None else m.group(0)).strip(" :")
            if v:
                codes.append(v)
        if (m := _AUTH_RE.search(text_only)) and (v := m.group("v").strip(" :")):
            rec.authority = v
        codes += [c for c in _BCODE_RE.findall(text_only) if not any(c in x for x in codes)]
        prev_row = _read_boxes(line, ln.start, prev_row, rec.decisions) or prev_row
    rec.codes = _unique(codes)
    return rec


def _read_boxes(line: str, offset: int, above: list[Decision],
                decisions: list[Decision]) -> list[Decision]:
    """Append the decisions of one line's boxes; return the line's row of decisions
    (by column) for the next line to continue wrapped labels."""
    boxes = list(_BOX_RE.finditer(line))
    row: list[Decision] = []
    parent_phrase: str | None = None
    for col, m in enumerate(boxes):
        end = boxes[col + 1].start() if col + 1 < len(boxes) else len(line)
        raw = line[m.end():end].strip()
        ticked = m.group() != "☐"
        box = (offset + m.start(), offset + m.end())
        label, phrase = _canonical(raw)
        if parent_phrase and (o := _OPTION_RE.fullmatch(raw)):
            label = f"{parent_phrase} {o.group('lvl').upper()}"
            phrase = parent_phrase
        elif label == "IN PART":
            # The second line of a wrapped "DECLASSIFY / IN PART": one decision.
            up = above[col] if col < len(above) else None
            if up is not None and up.label == "DECLASSIFY":
                up.label = "DECLASSIFY IN PART"
                up.raw += " / " + raw
                up.ticked = up.ticked or ticked
                up.boxes.append(box)
                row.append(up)
                parent_phrase = None
                continue
            label = "DECLASSIFY IN PART"
        d = Decision(label, ticked, raw, [box])
        decisions.append(d)
        row.append(d)
        parent_phrase = phrase
    return row


def read_stamps(t: Transcript | str) -> list[StampRecord]:
    """Every stamp block of a transcript as a record, in text order."""
    if isinstance(t, str):
        t = parse(t)
    return [stamp_record(t, b) for b in t.stamps]
