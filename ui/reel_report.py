"""What the side panels list of a reel's transcript, made without Qt so that it can be
made in a worker process (ui/report_model.py says when) and sent back small: the
corrections, stamps and structure, not the half a million spans of the parse."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from transcript.frames import split_frames
from transcript.report import CorrectionRecord, analyze
from transcript.stamps import StampRecord
from transcript.structure import Structure

__all__ = ["ReelReport", "make_report"]


@dataclass
class ReelReport:
    """What the panels list, and where each frame's text sits in the whole transcript
    it was made from (``source``)."""
    changes: list[CorrectionRecord]          # pairs, lone deletions and insertions
    stamps: list[StampRecord]
    structure: Structure
    counts: dict[str, int]
    pieces: list[tuple[int | None, int, int]]  # (frame, text start, end) in source
    source: str = field(default="", repr=False)

    def __post_init__(self):
        self._starts = [p[1] for p in self.pieces]

    def locate(self, start: int, end: int) -> tuple[int | None, int, int]:
        """(frame, start, end): the frame whose text holds whole-transcript offsets
        START..END, and the offsets within that frame's text (frame None: the
        transcript has no frame markers and is shown whole)."""
        i = bisect_right(self._starts, start) - 1
        if i < 0 or self.pieces[i][0] is None:
            return None, start, end
        frame, text_start, piece_end = self.pieces[i]
        return frame, start - text_start, min(end, piece_end) - text_start


def make_report(text: str) -> ReelReport:
    """Analyse TEXT (in a worker thread or process; the source is not sent back)."""
    a = analyze(text)
    pieces = [(p.frame, p.text_start, p.end) for p in split_frames(text)]
    return ReelReport(a.changes, a.stamps, a.structure, a.counts, pieces)
