"""The data an export draws: words with boxes, marks, notes, bookmarks, regions.

Plain frozen dataclasses, so that the GUI, the library, the OCR pipeline and the tests
can hand an export exactly what they have, and so that they pickle into a worker
process.  Boxes are ``(x0, y0, x1, y1)`` in pixels of the frame rendered at 300 dpi
(DESIGN.md's convention).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = ["Box", "PlacedWord", "Mark", "FrameWords", "Note", "Bookmark", "Region"]

Box = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class PlacedWord:
    """A word of the text layer: its text and its box on the frame."""
    text: str
    bbox: Box


@dataclass(frozen=True)
class Mark:
    """Something the export annotates on a frame: a kind (a key of
    transcript/styles.py's STYLES), the boxes it covers (one per word or line), the
    annotation's text, and the marked words themselves."""
    kind: str
    boxes: tuple[Box, ...]
    label: str
    text: str = ""


@dataclass(frozen=True)
class FrameWords:
    """The words of one frame for its text layer, in reading order, and the marks the
    same source found (e.g. the boxes of struck words from the aligned transcript)."""
    origin: str                         # "transcript", "ocr" or "given"
    words: tuple[PlacedWord, ...]
    marks: tuple[Mark, ...] = ()


@dataclass(frozen=True)
class Note:
    """A user's note on a frame: anchored to a rectangle on the facsimile, or to a range
    of the frame's transcript (``anchor``: character offsets in that frame's text)."""
    frame: int
    text: str
    rect: Box | None = None
    anchor: tuple[int, int] | None = None
    author: str | None = None
    created: dt.datetime | None = None
    modified: dt.datetime | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Bookmark:
    frame: int
    label: str
    created: dt.datetime | None = None


@dataclass(frozen=True)
class Region:
    """A mark found on the image (the analysis issue's ``regions``)."""
    kind: str            # redaction | stamp | checkbox | classification | deletion | insertion | xout
    bbox: Box
    checked: bool | None = None
    struck: bool | None = None
    text: str | None = None
