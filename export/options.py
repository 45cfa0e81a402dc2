"""What the user asked an export for (the dialog's fields, the verb's options)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["ExportOptions", "FORMATS", "TRANSCRIPT_PLACES", "TEXT_LAYERS", "TEXT_MODES",
           "format_for_path"]

FORMATS = ("pdf", "tei", "text", "markdown", "hocr", "json")
TRANSCRIPT_PLACES = ("facing", "after", "none")
TEXT_LAYERS = ("transcript", "ocr", "none")
TEXT_MODES = ("reading", "diplomatic")

_SUFFIXES = {".pdf": "pdf", ".xml": "tei", ".tei": "tei", ".txt": "text", ".md": "markdown",
             ".markdown": "markdown", ".hocr": "hocr", ".html": "hocr", ".htm": "hocr",
             ".json": "json"}


def format_for_path(path: str | Path) -> str | None:
    """The format a file name asks for by its suffix (None when it says nothing)."""
    return _SUFFIXES.get(Path(path).suffix.lower())


@dataclass(frozen=True)
class ExportOptions:
    format: str = "pdf"
    frames: str | None = None          # "2-5,9"; None: every frame
    transcript: str = "none"           # pdf: typeset transcript pages facing each frame, after all, none
    text_layer: str = "transcript"     # pdf: words from the aligned transcript (OCR where none), OCR, none
    text_mode: str = "reading"         # text: reading or diplomatic
    annotations: bool = True           # pdf: marks, stamp summaries and notes
    recognise: bool = True             # recognise frames that have no words yet (and cache them)
    title: str | None = None           # pdf/tei: the document's title (default: from the reel)
    author: str | None = None          # the notes' author where the library has none
    library: str | None = None         # the library file (default: the user's)
    password: str | None = None        # of an encrypted PDF reel
    jobs: int | None = None            # recognition processes (default: the cores)

    def __post_init__(self):
        for value, allowed, what in ((self.format, FORMATS, "format"),
                                     (self.transcript, TRANSCRIPT_PLACES, "transcript placement"),
                                     (self.text_layer, TEXT_LAYERS, "text layer"),
                                     (self.text_mode, TEXT_MODES, "text mode")):
            if value not in allowed:
                raise ValueError(f"'{value}' is not a {what}: choose one of {', '.join(allowed)}")
