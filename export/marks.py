"""What to annotate on one frame, from what is known about it.

Two sources of boxes: the regions found on the image (the analysis issue), and the
marks the word source found through the aligned transcript (the boxes of struck and
inserted words, the words of a stamp block).  The image's regions are the better
outline where they exist, so a kind the analysis found on a frame is taken from it
alone; the alignment fills in the kinds it did not find.

The transcript's stamp records (transcript/stamps.py) say what each reviewer decided;
each stamp box gets its record's summary, matched in reading order (top to bottom).
When the boxes and records do not pair up one to one, the summaries go into notes in
the page margin instead, so no decision is lost or put on the wrong stamp.
"""
from __future__ import annotations

from dataclasses import dataclass

from transcript.stamps import StampRecord, read_stamps

from .model import FrameWords, Mark, Region

__all__ = ["FrameMarks", "frame_marks", "stamp_details"]


@dataclass
class FrameMarks:
    marks: list[Mark]
    margin: list[str]          # stamp summaries that have no box on this frame


def _region_mark(r: Region) -> Mark:
    text = r.text or ""
    if r.kind == "checkbox":
        kind = "checkbox_ticked" if r.checked else "checkbox_empty"
        label = "Check box, ticked" if r.checked else "Check box, empty"
    elif r.kind == "classification":
        kind = "classification_struck" if r.struck else "classification"
        label = "Classification marking" + (", struck through (downgraded)" if r.struck else "")
    elif r.kind == "redaction":
        kind, label = "redaction", "Redaction: text withheld"
    elif r.kind == "stamp":
        kind, label = "stamp", "Review stamp"
    elif r.kind == "deletion":
        kind, label = "deletion", "Deletion (struck through)"
    elif r.kind == "insertion":
        kind, label = "insertion", "Insertion (written above the line)"
    elif r.kind == "xout":
        kind, label = "xout", "Typed x-out"
    else:
        kind, label = r.kind, r.kind.replace("_", " ").capitalize()
    return Mark(kind, (tuple(r.bbox),), label, text)


def _family(kind: str) -> str:
    return kind.split("_")[0]         # checkbox_ticked -> checkbox


def stamp_details(rec: StampRecord) -> str:
    lines = [rec.summary()]
    if rec.ticked:
        lines.append("Ticked: " + ", ".join(rec.ticked))
    if rec.unticked:
        lines.append("Not ticked: " + ", ".join(rec.unticked))
    if rec.codes:
        lines.append("Codes: " + ", ".join(rec.codes))
    if rec.authority:
        lines.append("Authority: " + rec.authority)
    if len(rec.dates) > 1:
        lines.append("Dates: " + ", ".join(rec.dates))
    return "\n".join(lines)


def frame_marks(markup: str | None, regions: list[Region] | None,
                words: FrameWords | None) -> FrameMarks:
    marks = [_region_mark(r) for r in regions or ()]
    found = {_family(m.kind) for m in marks}
    if words is not None:
        marks += [m for m in words.marks if _family(m.kind) not in found]
    stamps = read_stamps(markup) if markup and markup.strip() else []
    boxes = sorted((m for m in marks if m.kind == "stamp"),
                   key=lambda m: (min(b[1] for b in m.boxes), min(b[0] for b in m.boxes)))
    margin: list[str] = []
    if stamps and len(stamps) == len(boxes):
        paired = {id(m): rec for m, rec in zip(boxes, stamps)}
        # the record says it all; the region's own text is the stamp's words again
        marks = [Mark(m.kind, m.boxes, "Review stamp: " + stamp_details(paired[id(m)]))
                 if id(m) in paired else m for m in marks]
    else:
        margin = ["Review stamp: " + stamp_details(rec) for rec in stamps]
    return FrameMarks(marks, margin)
