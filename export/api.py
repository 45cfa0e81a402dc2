"""``export_reel``: the one call the window, the verb and the tests make.

It runs anywhere (no Qt), so the window can run it in a worker process (see
worker.py): PyMuPDF holds the GIL while it works, which would freeze a GUI thread.
"""
from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Callable

from reel import Reel, open_reel
from reel.framespec import parse_frames

from .content import ExportContent
from .formats import export_other
from .load import load_content
from .options import ExportOptions
from .pdf import export_pdf
from .report import ExportCancelled, ExportReport

__all__ = ["export_reel", "check_out_path", "ExportError"]

Progress = Callable[[int, int, str], None]


class ExportError(ValueError):
    """The export cannot be made as asked; the message is one line, fit for a user."""


def _same(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def check_out_path(reel: Reel, out) -> Path:
    """The output path, or ExportError when writing there would harm the reel or cannot work."""
    out = Path(out).expanduser()
    if out.is_dir():
        raise ExportError(f"{out} is a folder: give the export a file name, e.g. {out / 'export.pdf'}")
    parent = out.parent.resolve()
    if not parent.is_dir():
        raise ExportError(f"the folder {out.parent} does not exist: create it or choose another place")
    out = parent / out.name
    source = Path(reel.path).resolve()
    if out == source or _same(out, source):
        raise ExportError(f"{out.name} is the reel itself: Reel Reader never overwrites a reel; "
                          "choose another file name")
    if source.is_dir() and (parent == source or source in parent.parents):
        raise ExportError(f"{out} is inside the reel's folder {source.name}, where it would become "
                          "part of the reel; choose a place outside it")
    transcript = reel.transcript_path()
    if transcript is not None and (out == transcript.resolve() or _same(out, transcript)):
        raise ExportError(f"{out.name} is the reel's own transcript file: choose another file name "
                          "so that it is not overwritten")
    if not os.access(parent, os.W_OK):
        raise ExportError(f"the folder {parent} cannot be written to: choose another place for the export")
    return out


def export_reel(reel, out_path, options: ExportOptions | None = None, progress: Progress | None = None,
                cancelled: Callable[[], bool] | None = None,
                content: ExportContent | None = None) -> ExportReport:
    """Export ``reel`` (a Reel, or a path to open) to ``out_path``.

    ``progress(done, total, message)`` is called as frames are recognised and written;
    ``cancelled()`` is polled between frames: when it turns true, nothing is written
    and the report says ``cancelled``.  ``content`` overrides what would be loaded from
    the library and the transcript beside the reel.  Frames that cannot be exported are
    left out and listed in ``report.failed``.  Raises ExportError (or ReelError) with a
    one-line message when the export cannot be made at all.
    """
    options = options or ExportOptions()
    progress = progress or (lambda done, total, message: None)
    cancelled = cancelled or (lambda: False)
    own = not isinstance(reel, Reel)
    if own:
        reel = open_reel(reel, password=options.password)
    started = time.perf_counter()
    try:
        out = check_out_path(reel, out_path)
        try:
            frames = parse_frames(options.frames, len(reel))
        except ValueError as exc:
            raise ExportError(str(exc)) from None
        if content is None:
            content = load_content(reel, options)
        try:
            if options.format == "pdf":
                report = export_pdf(reel, content, out, options, frames, progress, cancelled)
            else:
                report = export_other(reel, content, out, options, frames)
        except ExportCancelled:
            report = ExportReport(None, options.format, frames, cancelled=True)
        report.seconds = time.perf_counter() - started
        return report
    finally:
        if own:
            reel.close()
