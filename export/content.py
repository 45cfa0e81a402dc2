"""Everything an export draws on for one reel, whichever store it came from.

``load.py`` fills it from the library (or from the transcript beside the reel); the
GUI and the tests may build one directly.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .model import Bookmark, FrameWords, Note, Region
from .words import NoWords, WordSource

__all__ = ["ExportContent"]


@dataclass
class ExportContent:
    reel_name: str
    fingerprint: str
    transcripts: dict[int, str] = field(default_factory=dict)   # frame -> its markup
    preamble: str = ""              # transcript text before the first frame marker
    notes: list[Note] = field(default_factory=list)
    bookmarks: list[Bookmark] = field(default_factory=list)
    regions: dict[int, list[Region]] = field(default_factory=dict)
    words: WordSource = field(default_factory=NoWords)
    transcript_source: str | None = None   # where the transcript came from, for the report
    warnings: list[str] = field(default_factory=list)

    def notes_of(self, frame: int) -> list[Note]:
        return [n for n in self.notes if n.frame == frame]

    def frame_words(self, frame: int) -> FrameWords | None:
        return self.words.frame_words(frame)
