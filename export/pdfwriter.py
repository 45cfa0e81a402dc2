"""A PDF written a chunk of pages at a time, so memory stays flat as the reel grows.

PyMuPDF builds a document in memory: 500 frames of scans would all be held until the
end.  Instead the pages go into a document of their own until it holds ``budget``
bytes of image data; that chunk is then saved to a file of its own and a new one
begun.  At the end the chunk files are joined (pdfmerge.py: their objects' bytes copied,
streams untouched) and the document-level parts (outline, page labels, metadata) are
added by the caller on the joined file in one incremental save.

Everything is written under temporary names beside the target and moved into place
only when complete: a cancelled or failed export leaves nothing half-written, and an
existing file of that name is kept until the new one is whole.
"""
from __future__ import annotations

import os
import shutil
import zlib
from pathlib import Path

import pymupdf

from .glyphless import add_glyphless_font
from .pdfmerge import merge_pdfs
from .textlayer import FONT_RESOURCE, add_font_resource

__all__ = ["ChunkedPdf", "add_stream"]

CHUNK_BYTES = 8 * 1024 * 1024      # image data held in memory before a chunk is saved


def add_stream(doc: pymupdf.Document, data: bytes, entries: str = "", deflate: bool = False) -> int:
    """A new stream object holding ``data`` as given (already encoded as ``entries``'
    /Filter says), or deflated here at zlib's fastest level when ``deflate``: content
    operators shrink four to five times even so, at a third of the default's time.
    Returns its xref."""
    if deflate:
        data = zlib.compress(data, 1)
        entries += " /Filter /FlateDecode"
    xref = doc.get_new_xref()
    doc.update_object(xref, "<< >>")
    # update_stream(compress=0) keeps the bytes as they are (and would drop a /Filter
    # already there), so the dictionary is written after the stream.
    doc.update_stream(xref, data, compress=0)
    doc.update_object(xref, f"<< {entries} /Length {len(data)} >>")
    return xref


class ChunkedPdf:
    def __init__(self, target: Path, budget: int = CHUNK_BYTES):
        self.target = Path(target)
        self.partial = self.target.with_name(f".{self.target.name}.{os.getpid()}.partial")
        self.chunk_dir = self.target.with_name(f".{self.target.name}.{os.getpid()}.chunks")
        self.budget = max(1, budget)
        self.chunks: list[Path] = []
        self.pages_before = 0          # pages in the chunks already saved
        self._held = 0                 # bytes of stream data in the open chunk
        self.doc: pymupdf.Document
        self._begin()

    def _begin(self) -> None:
        self.doc = pymupdf.open()
        self._held = 0
        self.font_xref = add_glyphless_font(self.doc)
        # Shared by the chunk's copied pages: "q" before their own content, so an
        # unbalanced graphics state in a source page cannot shift what we draw after it.
        self.q_xref = self._stream(b"q\n")

    def _stream(self, data: bytes) -> int:
        return add_stream(self.doc, data, deflate=True)

    @property
    def page_count(self) -> int:
        """Pages written so far, over all chunks."""
        return self.pages_before + self.doc.page_count

    # -- pages -------------------------------------------------------------------------
    def finish_page(self, page: pymupdf.Page, ops: bytes, xobjects: dict[str, int] | None,
                    wrap: bool) -> None:
        """Give ``page`` the content-stream operators ``ops`` (images, text layer).

        ``xobjects`` not None: the page is new and empty; it gets one content stream and
        its resources (these image objects and the invisible font) in two edits.
        Otherwise the page has content already and ``ops`` go after it; ``wrap`` puts the
        page's own content between q and Q first (a copied page's content may leave the
        graphics state changed)."""
        doc = self.doc
        font = f"/{FONT_RESOURCE} {self.font_xref} 0 R"
        if xobjects is not None:
            images = " ".join(f"/{name} {xref} 0 R" for name, xref in xobjects.items())
            doc.xref_set_key(page.xref, "Resources", f"<< /XObject << {images} >> /Font << {font} >> >>")
            doc.xref_set_key(page.xref, "Contents", f"{self._stream(ops)} 0 R")
            return
        if not ops:
            return
        kind, value = doc.xref_get_key(page.xref, "Contents")
        refs = value.strip("[] ") if kind in ("array", "xref") else ""
        if wrap and refs:
            new = self._stream(b"Q\n" + ops)
            doc.xref_set_key(page.xref, "Contents", f"[{self.q_xref} 0 R {refs} {new} 0 R]")
        else:
            new = self._stream(ops)
            doc.xref_set_key(page.xref, "Contents", f"[{refs} {new} 0 R]" if refs else f"{new} 0 R")
        add_font_resource(doc, page.xref, self.font_xref)

    def insert_pages(self, src: pymupdf.Document, first: int, last: int) -> None:
        """Copy pages ``first..last`` (0-based) of ``src`` to the end, sharing the objects
        they have in common (fonts) within the chunk."""
        self.doc.insert_pdf(src, from_page=first, to_page=last, links=0, annots=0, widgets=0, final=0)

    def page_done(self, held: int) -> None:
        """A page (or a frame's pages) is complete; ``held`` bytes of data came with it."""
        self._held += held
        if self._held >= self.budget:
            self._save_chunk()

    def _save_chunk(self) -> None:
        if not self.doc.page_count:
            return
        self.chunk_dir.mkdir(exist_ok=True)
        path = self.chunk_dir / f"chunk-{len(self.chunks) + 1:05d}.pdf"
        self.doc.save(path)
        self.chunks.append(path)
        self.pages_before += self.doc.page_count
        self.doc.close()
        self._begin()

    # -- the end ---------------------------------------------------------------------------
    def assemble(self) -> pymupdf.Document:
        """The whole document, for the document-level parts to be added to it."""
        if self.chunks:
            self._save_chunk()
            merge_pdfs(self.chunks, self.partial)
            shutil.rmtree(self.chunk_dir, ignore_errors=True)
            self.chunks = []
            self.doc.close()
            self.doc = pymupdf.open(self.partial)
            self._joined = True
        else:
            self._joined = False
        return self.doc

    def finish(self) -> Path:
        """Save the assembled document and move it into place."""
        if self._joined:
            self.doc.saveIncr()
        else:
            self.doc.save(self.partial)
        self.doc.close()
        os.replace(self.partial, self.target)
        return self.target

    def abort(self) -> None:
        try:
            self.doc.close()
        except Exception:
            pass
        shutil.rmtree(self.chunk_dir, ignore_errors=True)
        self.partial.unlink(missing_ok=True)
