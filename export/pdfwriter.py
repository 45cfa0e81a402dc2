"""A PDF written a chunk of pages at a time, so memory stays flat as the reel grows.

PyMuPDF builds a document in memory; 500 frames of scans would all be held until the
end.  Instead, every ``chunk`` pages the document is saved (the first time in full,
then incrementally, which appends only the new objects) and reopened from the file:
the pages already written are then read lazily from disk and not held.  The file is
written under a temporary name beside the target and moved into place only when
complete, so a cancelled or failed export leaves nothing half-written, and an
existing file of that name is kept until the new one is whole.
"""
from __future__ import annotations

import os
from pathlib import Path

import pymupdf

from .glyphless import add_glyphless_font
from .textlayer import add_font_resource

__all__ = ["ChunkedPdf"]


class ChunkedPdf:
    def __init__(self, target: Path, chunk: int = 40):
        self.target = Path(target)
        self.partial = self.target.with_name(f".{self.target.name}.{os.getpid()}.partial")
        self.chunk = max(1, chunk)
        self.doc = pymupdf.open()
        self._saved = False
        self._since_save = 0
        self.font_xref = add_glyphless_font(self.doc)
        # Shared by every copied page: "q" before its own content, so an unbalanced
        # graphics state in a source page cannot shift what we draw after it.
        self.q_xref = self._stream(b"q\n")

    def _stream(self, data: bytes) -> int:
        xref = self.doc.get_new_xref()
        self.doc.update_object(xref, "<< >>")
        self.doc.update_stream(xref, data)
        return xref

    # -- pages -------------------------------------------------------------------------
    def add_overlay(self, page: pymupdf.Page, ops: bytes, own_content: bool) -> None:
        """Append content-stream operators (the text layer) to ``page``, with the
        invisible font in its resources.  ``own_content``: the page's content is ours
        (a new page), so no q/Q wrapping is needed."""
        if not ops:
            return
        doc = self.doc
        kind, value = doc.xref_get_key(page.xref, "Contents")
        refs = value.strip("[] ") if kind in ("array", "xref") else ""
        if own_content or not refs:
            new = self._stream(ops)
            doc.xref_set_key(page.xref, "Contents", f"[{refs} {new} 0 R]" if refs else f"{new} 0 R")
        else:
            new = self._stream(b"Q\n" + ops)
            doc.xref_set_key(page.xref, "Contents", f"[{self.q_xref} 0 R {refs} {new} 0 R]")
        add_font_resource(doc, page.xref, self.font_xref)

    def insert_pages(self, src: pymupdf.Document, first: int, last: int) -> None:
        """Copy pages ``first..last`` (0-based) of ``src`` to the end, sharing the objects
        they have in common (fonts) within the chunk."""
        self.doc.insert_pdf(src, from_page=first, to_page=last, links=0, annots=0, widgets=0, final=0)

    def page_done(self, pages: int = 1) -> None:
        self._since_save += pages
        if self._since_save >= self.chunk:
            self._save_and_reopen()

    def _save(self) -> None:
        if not self._saved:
            self.doc.save(self.partial)
            self._saved = True
        else:
            self.doc.saveIncr()
        self._since_save = 0

    def _save_and_reopen(self) -> None:
        self._save()
        self.doc.close()
        self.doc = pymupdf.open(self.partial)

    # -- the end ---------------------------------------------------------------------------
    def finish(self) -> Path:
        """Save what is left and move the file into place."""
        self._save()
        self.doc.close()
        os.replace(self.partial, self.target)
        return self.target

    def abort(self) -> None:
        try:
            self.doc.close()
        except Exception:
            pass
        self.partial.unlink(missing_ok=True)
