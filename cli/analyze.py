"""``main.py analyze REEL [--frames SPEC] --json``: stamps, check boxes, redactions,
classification markings, struck words, insertions and x-outs found on the scans."""
from __future__ import annotations

import json
import sys

from library import Library, LibraryError
from reel import open_reel
from reel.framespec import parse_frames

HELP = "find stamps, check boxes, redactions and corrections on a reel's frames"


def add_parser(p):
    p.description = HELP
    p.add_argument("reel", metavar="REEL", help="a PDF, TIFF, image, folder or ZIP reel")
    p.add_argument("--frames", metavar="SPEC", help="frames like 2-5,9 (default: all)")
    p.add_argument("--jobs", type=int, help="parallel processes (default: the cores)")
    p.add_argument("--password", help="password of an encrypted PDF")
    p.add_argument("--json", action="store_true", help="print the regions as JSON on stdout")
    p.add_argument("--library", metavar="PATH", help="the library file (default: in your data folder)")
    return p


def run(args) -> int:
    from analysis.runner import run_analysis
    reel = open_reel(args.reel, password=args.password)
    frames = parse_frames(args.frames, len(reel))
    try:
        lib = Library.open(args.library)
    except LibraryError as exc:
        print(f"reel-reader: {exc} Analysing without the cache.", file=sys.stderr)
        lib = None
    results = run_analysis(reel, frames, cache=lib, jobs=args.jobs, password=args.password,
                           progress=lambda d, t, m: print(f"\rreel-reader: {m} {d}/{t}", end="" if d < t else "\n",
                                                          file=sys.stderr, flush=True))
    if args.json:
        print(json.dumps({"frames": [f.to_json() for f in results.values()]}, ensure_ascii=False))
    else:
        for f in results.values():
            kinds = {}
            for r in f.regions:
                kinds[r.kind] = kinds.get(r.kind, 0) + 1
            print(f"frame {f.index} ({f.kind}): " + (", ".join(f"{n} {k}" for k, n in kinds.items()) or "nothing found"))
    return 0
