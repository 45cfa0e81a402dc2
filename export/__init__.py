"""Export a reel (no Qt): an annotated PDF — the original scans untouched, an invisible
text layer on the words, annotations for corrections, stamps and the user's notes, the
outline of documents and bookmarks, optional typeset transcript pages — or TEI, plain
text, Markdown, hOCR or the annotations as JSON.

    from export import export_reel, ExportOptions
    report = export_reel("reel.pdf", "out.pdf", ExportOptions(transcript="facing"),
                         progress=lambda done, total, msg: ..., cancelled=lambda: False)
    report.failed   # [FrameFailure(frame, reason)] of frames left out

Modules, one job each:

* ``api``          export_reel, the output-path checks
* ``options``, ``report``  what was asked, what was done
* ``model``, ``content``, ``load``  the data drawn (words, marks, notes, bookmarks) and
  where it is loaded from; ``words`` the word sources of the text layer
* ``framesource``  each frame's original image onto a page (``rawimage``: image files
  as PDF image objects without re-encoding)
* ``textlayer``, ``glyphless``  the invisible words and their font
* ``marks``, ``annotate``  what to annotate on a frame, and the PDF annotations
* ``typeset``      transcripts set as pages; ``outline``; ``meta`` (metadata)
* ``pdfwriter``    the PDF written a chunk at a time (memory flat)
* ``pdf``          the PDF export; ``formats`` the other formats
* ``worker``       running an export in a worker process, with progress and cancel
"""
from .api import ExportError, check_out_path, export_reel
from .content import ExportContent
from .model import Bookmark, FrameWords, Mark, Note, PlacedWord, Region
from .options import FORMATS, ExportOptions, format_for_path
from .report import ExportReport, FrameFailure
from .words import GivenWords, NoWords, WordSource

__all__ = ["export_reel", "ExportOptions", "ExportReport", "FrameFailure", "ExportError",
           "ExportContent", "PlacedWord", "FrameWords", "Mark", "Note", "Bookmark", "Region",
           "WordSource", "GivenWords", "NoWords", "FORMATS", "format_for_path", "check_out_path"]
