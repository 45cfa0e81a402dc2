"""The export's other formats: TEI, plain text (reading or diplomatic), our Markdown
with frame markers, hOCR, and the annotations as JSON.

Each takes the frames the user chose and writes one file (atomically: a temporary file
beside the target, moved into place when whole).
"""
from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from transcript.exports import to_markdown, to_text
from transcript.frames import with_frame_markers

from .appinfo import app_version
from .content import ExportContent
from .options import ExportOptions
from .report import ExportReport

__all__ = ["export_other", "write_atomic", "annotations_json"]


def write_atomic(path: Path, data: bytes) -> Path:
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return path


def _chosen_markup(content: ExportContent, frames: list[int], count: int) -> str:
    texts = {n: content.transcripts[n] for n in frames if n in content.transcripts}
    # The text before the first frame marker belongs to the reel as a whole: it goes
    # with an export of the whole reel only.
    preamble = content.preamble if len(frames) == count else ""
    return with_frame_markers(texts, preamble)


def _no_transcript(content: ExportContent) -> ValueError:
    why = "; ".join(content.warnings) if content.warnings else (
        "import one (main.py import REEL --transcript FILE) or put REEL.md beside the reel")
    return ValueError(f"{content.reel_name} has no transcript for these frames to export: {why}")


def annotations_json(content: ExportContent, frames: list[int]) -> dict:
    chosen = set(frames)

    def when(t):
        return t.isoformat() if t else None

    return {
        "reel": {"name": content.reel_name, "fingerprint": content.fingerprint},
        "exported": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "application": f"Reel Reader {app_version()}",
        "bookmarks": [{"frame": b.frame, "label": b.label, "created": when(b.created)}
                      for b in content.bookmarks if b.frame in chosen],
        "notes": [{"frame": n.frame, "text": n.text, "rect": list(n.rect) if n.rect else None,
                   "anchor": list(n.anchor) if n.anchor else None, "author": n.author,
                   "tags": list(n.tags), "created": when(n.created), "modified": when(n.modified)}
                  for n in content.notes if n.frame in chosen],
    }


def export_other(reel, content: ExportContent, out: Path, options: ExportOptions,
                 frames: list[int]) -> ExportReport:
    fmt = options.format
    report = ExportReport(None, fmt, list(frames), transcript_source=content.transcript_source,
                          warnings=list(content.warnings))
    with_text = [n for n in frames if n in content.transcripts]
    if fmt in ("tei", "text", "markdown"):
        if not with_text:
            raise _no_transcript(content)
        markup = _chosen_markup(content, frames, len(reel))
        if fmt == "markdown":
            data = to_markdown(markup).encode("utf-8")
        elif fmt == "text":
            data = to_text(markup, options.text_mode).encode("utf-8")
        else:
            from transcript.tei import to_tei
            data = to_tei(markup, content.reel_name, fingerprint=content.fingerprint,
                          title=options.title, app_version=app_version())
        report.exported = with_text
        missing = [n for n in frames if n not in content.transcripts]
        if missing and len(missing) < len(frames):
            report.warnings.append(f"{len(missing)} of the chosen frames have no transcript")
    elif fmt == "json":
        data = (json.dumps(annotations_json(content, frames), ensure_ascii=False, indent=2) + "\n").encode()
        report.exported = list(frames)
    else:  # hocr: the frames' words, recognised now where the library has none yet
        from ocr.formats import to_hocr
        from ocr.runner import run_ocr

        from .load import _open_library
        lib = _open_library(options, content)
        ocr = run_ocr(reel, list(frames), cache=lib, jobs=options.jobs, password=options.password)
        data = to_hocr(list(ocr.values()), content.reel_name)
        report.exported = list(ocr)
    report.out_path = write_atomic(out, data)
    return report
