"""``main.py import REEL [--transcript FILE]``: add a reel and its transcript to the library."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from library import Library
from reel import open_reel

from . import UsageError

HELP = "add a reel and its transcript to the library"


def add_parser(p):
    p.description = HELP
    p.add_argument("reel", metavar="REEL", help="a PDF, TIFF, image, folder or ZIP reel")
    p.add_argument("--transcript", metavar="FILE", help="its transcript (default: the .md/.txt beside it)")
    p.add_argument("--annotations", metavar="JSON", help="also merge annotations exported from a library")
    p.add_argument("--password", help="password of an encrypted PDF")
    p.add_argument("--json", action="store_true", help="print a summary as JSON on stdout")
    p.add_argument("--library", metavar="PATH", help="the library file (default: in your data folder)")
    return p


def run(args) -> int:
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
