"""``main.py import REEL [--transcript FILE]``: add a reel and its transcript to the library."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from library import Library
from reel import open_reel
from transcript.frames import frame_texts

from . import UsageError

HELP = "add a reel and its transcript to the library"


def add_parser(p):
    p.description = HELP
    p.add_argument("reel", metavar="REEL", nargs="?", help="a PDF, TIFF, image, folder or ZIP reel")
    p.add_argument("--restore-backup", action="store_true",
                   help="put the newest automatic backup in place of a damaged library (the damaged "
                        "file is kept beside it)")
    p.add_argument("--transcript", metavar="FILE", help="its transcript (default: the .md/.txt beside it)")
    p.add_argument("--annotations", metavar="JSON", help="also merge annotations exported from a library")
    p.add_argument("--password", help="password of an encrypted PDF")
    p.add_argument("--no-split", action="store_true",
                   help="keep a transcript without frame markers whole (default: split it across the "
                        "frames by recognising them and aligning the text, and write the markers back)")
    p.add_argument("--json", action="store_true", help="print a summary as JSON on stdout")
    p.add_argument("--library", metavar="PATH", help="the library file (default: in your data folder)")
    return p


def split_transcript(reel, text: str, lib, password=None) -> str:
    """Put frame markers into a reel-wide transcript by aligning it to the frames' OCR."""
    from ocr.split import split_by_ocr

    from . import progress
    from .ocr import recognise

    ocr = recognise(reel, list(range(1, len(reel) + 1)), lib,
                    lambda d, t, m: progress(d, t, f"splitting the transcript: {m.lower()}"), password=password)
    return split_by_ocr(text, ocr)


def run(args) -> int:
    if args.restore_backup:
        from library.db import Database
        backup = Database.restore_backup(args.library)
        print(f"reel-reader: restored the library from {backup.name}", file=sys.stderr)
        if args.reel is None:
            return 0
    if args.reel is None:
        raise UsageError("name a reel to import (or --restore-backup)")
    reel = open_reel(args.reel, password=args.password)
    source = Path(args.transcript) if args.transcript else reel.transcript_path()
    lib = Library.open(args.library)
    lib.ensure_reel(reel.fingerprint, reel.path, len(reel))
    summary = {"reel": reel.name, "fingerprint": reel.fingerprint, "frames": len(reel),
               "transcript": None, "transcript_frames": [], "annotations": None}
    if source is not None:
        try:
            text = source.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"the transcript {source} cannot be read as UTF-8 text ({exc})") from None
        if not args.no_split and not frame_texts(text):
            text = split_transcript(reel, text, lib, args.password)
        texts = lib.import_transcript(reel.fingerprint, text)
        summary["transcript"] = str(source)
        summary["transcript_frames"] = sorted(texts)
    if args.annotations:
        try:
            data = json.loads(Path(args.annotations).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise UsageError(f"{args.annotations} is not an annotations JSON file ({exc})") from None
        summary["annotations"] = lib.import_annotations(data)
    frames = summary["transcript_frames"]
    print(f"reel-reader: imported {reel.name} ({len(reel)} frames)"
          + (f" with its transcript ({'whole, no frame markers' if frames == [0] else f'{len(frames)} frames'})"
             if source else ", no transcript"), file=sys.stderr)
    if args.json:
        print(json.dumps(summary, indent=2))
    return 0
