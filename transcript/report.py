"""Everything the model knows about one transcript, in one place: what ``main.py
inspect`` prints and what the Corrections, Stamps and Documents panels list.

``analyze(text)`` parses once and derives the rest from that parse, so a panel that
refreshes after an edit pays for one parse.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from transcript.markup import Transcript, parse
from transcript.stamps import StampRecord, read_stamps
from transcript.structure import Structure, read_structure

__all__ = ["Analysis", "CorrectionRecord", "analyze"]


@dataclass(frozen=True)
class CorrectionRecord:
    """A correction in DESIGN.md's sense: a deletion with its replacement (``pair``),
    or a deletion or an insertion standing alone."""
    frame: int | None
    deleted: str
    inserted: str
    start: int          # the span in the markup (the whole pair for a pair)
    end: int
    order: str          # "del-ins" or "ins-del" as written ("" when alone)
    kind: str = "pair"  # pair | deletion | insertion

    def to_json(self) -> dict:
        return {"frame": self.frame, "deleted": self.deleted, "inserted": self.inserted}


@dataclass
class Analysis:
    transcript: Transcript
    corrections: list[CorrectionRecord]     # the paired corrections (what inspect lists)
    stamps: list[StampRecord]
    structure: Structure
    changes: list[CorrectionRecord] = field(default_factory=list)  # pairs and lone ones

    @property
    def counts(self) -> dict[str, int]:
        return self.transcript.counts()

    def to_json(self) -> dict:
        """The ``inspect --json`` document of issue 4, item 9."""
        return {
            "counts": self.counts,
            "corrections": [c.to_json() for c in self.corrections],
            "stamps": [s.to_json() for s in self.stamps],
            "documents": [d.to_json() for d in self.structure.documents],
        }


def analyze(text: str | Transcript) -> Analysis:
    t = parse(text) if isinstance(text, str) else text
    corrections = [
        CorrectionRecord(t.frame_at(c.start), c.attrs["deletion"].content,
                         c.attrs["insertion"].content, c.start, c.end, c.attrs["order"])
        for c in t.corrections]
    changes = list(corrections)
    for tok in t.of_kind("deletion", "insertion"):
        if not tok.attrs.get("paired"):
            dele = tok.kind == "deletion"
            changes.append(CorrectionRecord(t.frame_at(tok.start), tok.content if dele else "",
                                            "" if dele else tok.content, tok.start, tok.end,
                                            "", tok.kind))
    changes.sort(key=lambda c: c.start)
    return Analysis(t, corrections, read_stamps(t), read_structure(t), changes)
