"""``main.py search QUERY [--reel R] [--json]``: search every reel of the library."""
from __future__ import annotations

import json

from library import Library

HELP = "search transcripts, notes, bookmarks and OCR text in the library"


def add_parser(p):
    p.description = HELP
    p.add_argument("query", metavar="QUERY", help="words to find, e.g. IL-28 (a trailing * finds prefixes)")
    p.add_argument("--reel", help="only this reel: its name, a path it had, or its fingerprint")
    p.add_argument("--limit", type=int, default=50, help="at most this many hits (default 50)")
    p.add_argument("--json", action="store_true", help="print the hits as JSON on stdout")
    p.add_argument("--library", metavar="PATH", help="the library file (default: in your data folder)")
    return p


def run(args) -> int:
    lib = Library.open(args.library, readonly=not _exists(args.library))
    hits = lib.search(args.query, reel=args.reel, limit=args.limit)
    if args.json:
        print(json.dumps([h.to_json() for h in hits], ensure_ascii=False, indent=2))
    else:
        for h in hits:
            print(f"{h.reel}  frame {h.frame}  [{h.kind}]  {h.snippet}")
        if not hits:
            print(f"No hits for {args.query!r}.")
    return 0


def _exists(path) -> bool:
    from library import default_path
    from pathlib import Path
    return (Path(path) if path else default_path()).exists()
