"""``main.py export REEL --out FILE [...]``: an annotated PDF (or TEI, text, Markdown,
hOCR, annotations JSON) of a reel.

Writes only the file --out names (through a temporary file beside it, moved into
place when complete); never the reel, its folder or its transcript.  Frames that
cannot be exported are left out and listed on stderr (and under "failed" with --json);
the export of the rest still succeeds.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from export import FORMATS, ExportOptions, export_reel, format_for_path
from export.options import TEXT_LAYERS, TEXT_MODES, TRANSCRIPT_PLACES

HELP = "export a reel as an annotated PDF, TEI, text, Markdown, hOCR or annotations JSON"


def add_parser(parser_or_subparsers) -> argparse.ArgumentParser:
    if hasattr(parser_or_subparsers, "add_parser"):
        p = parser_or_subparsers.add_parser("export", help=HELP, description=HELP)
    else:
        p = parser_or_subparsers
        p.description = p.description or HELP
    p.add_argument("reel", metavar="REEL", help="a PDF, TIFF, image, folder or ZIP of page images")
    p.add_argument("--out", metavar="FILE", required=True,
                   help="the file to write (its suffix picks the format when --format is not given)")
    p.add_argument("--format", choices=FORMATS,
                   help="pdf (default), tei, text, markdown, hocr or json (the notes and bookmarks)")
    p.add_argument("--frames", metavar="SPEC", help="frames to export, e.g. 2-5,9 (default: all)")
    p.add_argument("--transcript", choices=TRANSCRIPT_PLACES, default="none",
                   help="pdf: the transcript typeset on a page facing each frame, after all frames, "
                        "or not at all (default)")
    p.add_argument("--text-layer", choices=TEXT_LAYERS, default="transcript",
                   help="pdf: searchable words from the aligned transcript (OCR where there is none; "
                        "default), from OCR only, or none")
    p.add_argument("--mode", choices=TEXT_MODES, default="reading",
                   help="text: the reading text (default) or the diplomatic text")
    p.add_argument("--no-annotations", action="store_true",
                   help="pdf: no highlights, boxes or notes, only images, text layer and outline")
    p.add_argument("--no-recognise", action="store_true",
                   help="do not recognise frames that have no words yet (they get no text layer)")
    p.add_argument("--title", help="the document title (default: from the reel and its documents)")
    p.add_argument("--author", help="the author of notes that name none (default: your user name)")
    p.add_argument("--password", help="password of an encrypted PDF reel")
    p.add_argument("--jobs", type=int, metavar="N", help="recognition processes (default: one per core)")
    p.add_argument("--json", action="store_true", help="print the export's report as JSON on stdout")
    p.add_argument("--library", metavar="PATH", help="the library file (default: in your data folder)")
    return p


def _fail(message: str) -> int:
    print(f"reel-reader: {message}", file=sys.stderr)
    return 2


def _progress(done: int, total: int, message: str) -> None:
    # Only for a person watching: scripts reading stderr get the report lines alone.
    if sys.stderr.isatty():
        print(f"\r{done}/{total} {message[:60]:60}", end="", file=sys.stderr, flush=True)


def run(args) -> int:
    fmt = args.format or format_for_path(args.out) or "pdf"
    if args.format is None and format_for_path(args.out) is None and Path(args.out).suffix:
        return _fail(f"--out {args.out}: the suffix {Path(args.out).suffix} names no format; "
                     f"give --format ({', '.join(FORMATS)})")
    if args.jobs is not None and args.jobs < 1:
        return _fail("--jobs must be 1 or more")
    options = ExportOptions(format=fmt, frames=args.frames, transcript=args.transcript,
                            text_layer=args.text_layer, text_mode=args.mode,
                            annotations=not args.no_annotations, recognise=not args.no_recognise,
                            title=args.title, author=args.author, library=args.library,
                            password=args.password, jobs=args.jobs)
    report = export_reel(args.reel, args.out, options, progress=_progress)
    if sys.stderr.isatty():
        print("\r" + " " * 70 + "\r", end="", file=sys.stderr)
    if args.json:
        json.dump(report.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        for f in report.failed:
            print(f"reel-reader: left out: {f.reason}", file=sys.stderr)
    else:
        print(report.summary(), file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the verb on its own (``python -m cli.export``)."""
    p = argparse.ArgumentParser(prog="export")
    add_parser(p)
    return run(p.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
