"""The annotated PDF export: each frame's original image, the invisible text layer, the
annotations, optional typeset transcript pages, the outline, page labels, metadata.

Frames stream through one at a time (the writer saves every few dozen pages), so the
export's memory does not grow with the reel.  A frame that cannot be exported is left
out and reported; the rest go on.
"""
from __future__ import annotations

import datetime as dt
import getpass
import os
import time
from pathlib import Path
from typing import Callable

from .annotate import add_margin_note, add_mark, add_note
from .content import ExportContent
from .framesource import FrameFailed, frame_source
from .marks import frame_marks
from .meta import write_metadata
from .options import ExportOptions
from .outline import build_outline, document_title, reel_structure
from .pdfwriter import CHUNK_BYTES, ChunkedPdf
from .report import ExportCancelled, ExportReport, FrameFailure
from .textlayer import text_layer_ops
from .typeset import TranscriptPiece, text_page_size, typeset
from .words import NoWords

__all__ = ["export_pdf", "frames_label", "NothingExported"]

PT_PER_PX = 72 / 300


_PAGE_BYTES = 64 * 1024   # what a page whose own data is unknown counts towards a chunk


class NothingExported(ValueError):
    """Not one of the frames could be exported (the message says why)."""


def frames_label(frames: list[int]) -> str:
    """[1, 2, 3, 7, 9, 10] -> '1-3,7,9-10'."""
    out, i = [], 0
    while i < len(frames):
        j = i
        while j + 1 < len(frames) and frames[j + 1] == frames[j] + 1:
            j += 1
        out.append(str(frames[i]) if i == j else f"{frames[i]}-{frames[j]}")
        i = j + 1
    return ",".join(out)


def default_author() -> str:
    """The user's name as the system knows it, for notes that carry none."""
    try:
        import pwd
        entry = pwd.getpwuid(os.getuid())
        full = entry.pw_gecos.split(",")[0].strip()
        return full or entry.pw_name
    except (ImportError, KeyError):
        return getpass.getuser()


def _title(options: ExportOptions, content: ExportContent, structure, frames: list[int], count: int) -> str:
    if options.title:
        return options.title
    if structure is not None:
        docs = [d for d in structure.documents if d.frames and d.frames[0] <= frames[-1] and d.frames[1] >= frames[0]]
        if len(docs) == 1:
            return f"{document_title(docs[0])} ({content.reel_name})"
    if len(frames) == count:
        return content.reel_name
    return f"{content.reel_name}, frames {frames_label(frames)}"


def _heading(n: int, structure, content: ExportContent) -> str:
    bits = [f"Transcript of frame {n}"]
    if structure is not None:
        d = next((d for d in structure.documents if d.frames and d.frames[0] <= n <= d.frames[1]), None)
        if d is not None:
            bits.append(f"document {d.id}" + (f", {d.date}" if d.date else ""))
    bits.append(content.reel_name)
    return " · ".join(bits)


def export_pdf(reel, content: ExportContent, out: Path, options: ExportOptions, frames: list[int],
               progress: Callable[[int, int, str], None], cancelled: Callable[[], bool]) -> ExportReport:
    started = time.perf_counter()
    now = dt.datetime.now().astimezone()
    report = ExportReport(None, "pdf", list(frames), transcript_source=content.transcript_source,
                          warnings=list(content.warnings))
    words = content.words if options.text_layer != "none" else NoWords()
    author = options.author or default_author()

    # 1. Recognise what has no words yet, before any page is written.
    need = words.needs_recognition(frames) if options.recognise else []
    total = len(need) + len(frames)
    if need:
        failures = words.recognise(need, lambda done, _t, msg: progress(done, total, msg), cancelled)
        if cancelled():
            raise ExportCancelled()
        report.recognised = [f for f in need if f not in failures]
        report.warnings += [f"frame {f} could not be recognised ({why}); it has no text layer"
                            for f, why in sorted(failures.items())]

    structure = reel_structure(content.transcripts, content.preamble)

    # 2. Typeset the transcript pages (text only: small, whatever the reel's length).
    typeset_doc = None
    if options.transcript != "none":
        pieces = []
        for n in frames:
            markup = content.transcripts.get(n)
            if markup is None and options.transcript == "after":
                continue
            try:
                w, h = reel.frame_size(n)
            except Exception:
                continue   # a damaged frame: reported when it is reached
            pieces.append(TranscriptPiece(n, _heading(n, structure, content), markup or "",
                                          text_page_size((w * PT_PER_PX, h * PT_PER_PX))))
        if pieces:
            typeset_doc = typeset(pieces, flow=options.transcript == "after", cancelled=cancelled)
        if not content.transcripts:
            report.warnings.append("there is no transcript for these frames, so the transcript "
                                   "pages say so; import one (main.py import REEL --transcript FILE)")

    # 3. The frames, one by one.
    writer = ChunkedPdf(out, CHUNK_BYTES)
    source = frame_source(reel)
    page_of: dict[int, int] = {}
    labels: list[dict] = []
    try:
        for i, n in enumerate(frames):
            if cancelled():
                raise ExportCancelled()
            progress(len(need) + i, total, f"frame {n} of {content.reel_name}")
            try:
                placed = source.add(writer.doc, n)
            except FrameFailed as exc:
                report.failed.append(FrameFailure(n, str(exc)))
                continue
            page = placed.page
            page_of[n] = writer.page_count - 1
            labels.append({"startpage": page_of[n], "prefix": "", "style": "D", "firstpagenum": n})
            if placed.embedded != "raw":
                report.decoded[n] = placed.embedded

            fw = words.frame_words(n)
            text_ops = b""
            if placed.has_text:
                report.text_layer[n] = "source"     # the reel's own text stays; no second layer
            elif fw is not None and fw.words:
                text_ops = text_layer_ops(fw.words, placed.to_pdf)
                report.text_layer[n] = fw.origin
            else:
                report.text_layer[n] = "none"
            writer.finish_page(page, placed.image_ops + text_ops, placed.xobjects, wrap=placed.copied)

            if options.annotations:
                fm = frame_marks(content.transcripts.get(n), content.regions.get(n), fw)
                for mark in fm.marks:
                    if add_mark(page, placed.to_page, mark, now) is not None:
                        report.annotations += 1
                for slot, text in enumerate(fm.margin):
                    add_margin_note(page, text, "Review stamp", now, slot)
                    report.annotations += 1
                for note in content.notes_of(n):
                    add_note(page, placed.to_page, note, note.rect, author)
                    report.annotations += 1
            page = None
            if options.transcript == "facing" and typeset_doc and n in typeset_doc.pages:
                a, b = typeset_doc.pages[n]
                several = b > a
                labels.append({"startpage": writer.page_count,
                               "prefix": f"{n} transcript" + (" " if several else ""),
                               "style": "D" if several else "", "firstpagenum": 1})
                writer.insert_pages(typeset_doc.doc, a, b)
            report.exported.append(n)
            writer.page_done(placed.held + _PAGE_BYTES)

        if not page_of:
            why = report.failed[0].reason if report.failed else "no frames were chosen"
            raise NothingExported(f"no frame could be exported: {why}")

        if options.transcript == "after" and typeset_doc and typeset_doc.doc.page_count:
            start = writer.page_count
            labels.append({"startpage": start, "prefix": "Transcript ", "style": "D", "firstpagenum": 1})
            first = min(a for a, _ in typeset_doc.pages.values())
            for k in range(first, typeset_doc.doc.page_count):
                if cancelled():
                    raise ExportCancelled()
                writer.insert_pages(typeset_doc.doc, k, k)
                writer.page_done(_PAGE_BYTES)
        progress(total, total, "finishing")

        doc = writer.assemble()
        toc = build_outline(structure, content.bookmarks, page_of)
        if options.transcript == "after" and typeset_doc:
            toc.append([1, "Transcripts", start + 1])
            for n in report.exported:
                if n in typeset_doc.pages:
                    toc.append([2, f"Frame {n}", start + typeset_doc.pages[n][0] - first + 1])
        if toc:
            doc.set_toc(toc)
        report.outline = len(toc)
        doc.set_page_labels(labels)
        write_metadata(doc, title=_title(options, content, structure, report.exported, len(reel)),
                       author=author, reel_name=content.reel_name, fingerprint=content.fingerprint,
                       frames=frames_label(report.exported), failed=[f.frame for f in report.failed],
                       when=now)
        report.pages = doc.page_count
        report.out_path = writer.finish()
    except BaseException:
        writer.abort()
        raise
    report.seconds = time.perf_counter() - started
    return report
