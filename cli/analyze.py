"""``main.py analyze REEL [--frames SPEC] --json``: stamps, check boxes, redactions,
classification markings, struck words, insertions and x-outs found on the scans.

Frames not yet recognised are recognised first (cached in the library and indexed for
search, as the window does), unless --no-ocr: the analysis needs their words to find
handwriting and most struck words.

Where the reel has a transcript (the library's, else a frame-marked file beside the reel),
each region says what the transcript has for it ("transcript": its status and markup span)
and each frame lists the markup the scan does not bear out ("transcript_only")."""
from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from library import Library, LibraryError
from reel import open_reel
from reel.framespec import parse_frames

from . import progress
from .ocr import open_library, recognise

HELP = "find stamps, check boxes, redactions and corrections on a reel's frames"


def add_parser(p):
    p.description = HELP
    p.add_argument("reel", metavar="REEL", help="a PDF, TIFF, image, folder or ZIP reel")
    p.add_argument("--frames", metavar="SPEC", help="frames like 2-5,9 (default: all)")
    p.add_argument("--jobs", type=int, help="parallel processes (default: the cores)")
    p.add_argument("--password", help="password of an encrypted PDF")
    p.add_argument("--json", action="store_true", help="print the regions as JSON on stdout")
    p.add_argument("--no-ocr", action="store_true",
                   help="use only the OCR words the library has already (default: recognise the frames "
                        "not yet recognised first; without words no insertions are found, and fewer "
                        "struck words)")
    p.add_argument("--library", metavar="PATH", help="the library file (default: in your data folder)")
    return p


def run(args) -> int:
    reel = open_reel(args.reel, password=args.password)
    frames = parse_frames(args.frames, len(reel))
    if args.jobs is not None and args.jobs < 1:
        raise ValueError("--jobs must be 1 or more")
    try:
        lib = open_library(args.library, reel)
    except LibraryError as exc:
        # (the words reach the analysis through a library's cache: a throwaway one serves)
        print(f"reel-reader: {exc} Analysing without the cache.", file=sys.stderr)
        with tempfile.TemporaryDirectory(prefix="reel-reader-") as tmp:
            return _analyse(args, reel, frames, open_library(Path(tmp) / "library.db", reel))
    return _analyse(args, reel, frames, lib)


def _analyse(args, reel, frames: list[int], lib: Library) -> int:
    from analysis.runner import run_analysis
    if not args.no_ocr:
        # the words tell typing from handwriting and a struck word from a rule: the frames
        # not yet recognised are, as the window recognises them in the background
        recognise(reel, frames, lib, progress, jobs=args.jobs, password=args.password, collect=False)
    results = run_analysis(reel, frames, cache=lib, jobs=args.jobs, password=args.password, progress=progress)
    texts = _transcripts(reel, lib)
    if args.json:
        print(json.dumps({"frames": [_frame_json(f, texts.get(f.index, ""), reel, lib) for f in results.values()]},
                         ensure_ascii=False))
    else:
        for f in results.values():
            kinds = {}
            for r in f.regions:
                kinds[r.kind] = kinds.get(r.kind, 0) + 1
            print(f"frame {f.index} ({f.kind}): " + (", ".join(f"{n} {k}" for k, n in kinds.items()) or "nothing found"))
    return 0


def _transcripts(reel, lib) -> dict[int, str]:
    from export.load import read_transcript_file, transcript_from_text
    texts = {n: t for n, t in lib.transcripts(reel.fingerprint).items() if n > 0}
    path = reel.transcript_path()
    if not texts and path is not None:
        texts, _ = transcript_from_text(read_transcript_file(path))
    return texts


def _frame_json(found, text: str, reel, lib) -> dict:
    """The frame's regions, joined to its transcript where it has one (using the frame's
    cached OCR words to place the transcript on the page, where there are any)."""
    from analysis.join import join
    from ocr.engine import FrameOcr, OcrSettings
    from ocr.runner import KIND as OCR_KIND
    data = found.to_json()
    if not text.strip():
        return data
    hit = lib.get_cached(OCR_KIND, reel.frame_digest(found.index), OcrSettings().key())
    links = join(found.regions, text, FrameOcr.from_json(hit) if hit else None)
    for region, row in zip(found.regions, data["regions"]):
        row["transcript"] = next(k.to_json() for k in links if k.region is region)
    data["transcript_only"] = [k.to_json() for k in links if k.region is None]
    return data
