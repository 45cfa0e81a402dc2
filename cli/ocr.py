"""``main.py ocr REEL [--frames SPEC] [--jobs N] [--json]``: recognise a reel's frames.

Results are cached in the library (by frame content and settings), so a second run, or
one that was stopped, only recognises what is missing.
"""
from __future__ import annotations

import json
import sys

from library import Library, LibraryError
from ocr.engine import OcrSettings
from ocr.runner import run_ocr
from reel import open_reel
from reel.framespec import parse_frames

from . import progress

HELP = "recognise the words of a reel's frames with Tesseract"


def add_parser(p):
    p.description = HELP
    p.add_argument("reel", metavar="REEL", help="a PDF, TIFF, image, folder or ZIP reel")
    p.add_argument("--frames", metavar="SPEC", help="frames like 2-5,9 (default: all)")
    p.add_argument("--jobs", type=int, help="parallel Tesseract processes (default: the cores)")
    p.add_argument("--lang", default="eng", help="Tesseract language (default eng)")
    p.add_argument("--password", help="password of an encrypted PDF")
    p.add_argument("--json", action="store_true", help="print the words with boxes as JSON on stdout")
    p.add_argument("--hocr", metavar="OUT", help="also write the words as hOCR to OUT")
    p.add_argument("--alto", metavar="OUT", help="also write the words as ALTO XML to OUT")
    p.add_argument("--library", metavar="PATH", help="the library file (default: in your data folder)")
    return p


def open_library(path, reel) -> Library:
    """The library at PATH (None: the default one), with REEL in it."""
    lib = Library.open(path)
    lib.ensure_reel(reel.fingerprint, reel.path, len(reel))
    return lib


def recognise(reel, frames: list[int], lib, progress, settings: OcrSettings = OcrSettings(), jobs: int | None = None,
              password: str | None = None, collect: bool = True) -> dict:
    """``run_ocr`` of FRAMES, cached in the library LIB (None: no cache) and each frame's text
    indexed there for search, as the window's recognising does."""
    def index(frame):
        if lib is not None:
            lib.index_ocr_text(reel.fingerprint, frame.index, frame.text())

    return run_ocr(reel, frames, settings, cache=lib, jobs=jobs, progress=progress, on_frame=index,
                   password=password, collect=collect)


def run(args) -> int:
    reel = open_reel(args.reel, password=args.password)
    frames = parse_frames(args.frames, len(reel))
    if args.jobs is not None and args.jobs < 1:
        raise ValueError("--jobs must be 1 or more")
    try:
        lib = open_library(args.library, reel)
    except LibraryError as exc:
        print(f"reel-reader: {exc} Recognising without the cache.", file=sys.stderr)
        lib = None
    results = recognise(reel, frames, lib, progress, OcrSettings(lang=args.lang), jobs=args.jobs,
                        password=args.password)
    for fmt, out_path in (("hocr", args.hocr), ("alto", args.alto)):
        if out_path:
            from pathlib import Path
            from ocr.formats import to_alto, to_hocr
            Path(out_path).write_bytes((to_hocr if fmt == "hocr" else to_alto)(list(results.values()), reel.name))
    if args.json:
        out = {"frames": [{"index": f.index, "width": f.width, "height": f.height,
                           "words": [{"text": w.text, "bbox": w.bbox, "conf": w.conf} for w in f.words]}
                          for f in results.values()]}
        print(json.dumps(out, ensure_ascii=False))
    else:
        for f in results.values():
            print(f"frame {f.index}: {len(f.words)} words")
    return 0
