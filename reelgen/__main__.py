"""``python -m reelgen``: make a generated reel, a long benchmark reel, or the sample.

    python -m reelgen --transcript T.md [--transcript U.md] --out OUT.pdf
                      [--frames 1000] [--seed 7] [--noise 0.6] [--typeface courier-bold]
                      [--pitch 10] [--hand scripts] [--skew 1.2] [--quality 45] [--dpi 300]
    python -m reelgen --sample          # remake resources/sample-reel.{pdf,md,truth.json}

Writes OUT.pdf, OUT.md (the transcript with frame markers) and OUT.truth.json.
Messages go to stderr; with --json a summary goes to stdout.  Exit 0 when it worked,
2 for bad input (with a one-line reason), 1 for a fault of our own.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import fields
from pathlib import Path

from .draw import Style
from .fonts import TYPEWRITER_FACES
from .hand import HAND_FACES
from .reel import make_reel
from .sample import SAMPLE_QUALITY, SAMPLE_DPI, SAMPLE_STYLE, sample_paths, sample_source


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m reelgen", description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--transcript", action="append", type=Path, default=[],
                   help="a transcript in our markup (repeat to put several on one reel)")
    p.add_argument("--out", type=Path, help="the reel to write (.pdf); .md and .truth.json go beside it")
    p.add_argument("--sample", action="store_true", help="remake the sample reel in resources/")
    p.add_argument("--frames", type=int, help="make this many frames, cycling the transcripts' frames")
    d = Style()
    p.add_argument("--seed", type=int, default=d.seed)
    p.add_argument("--noise", type=float, default=d.noise, help="0 clean .. 1 dark, soft and dirty")
    p.add_argument("--typeface", choices=TYPEWRITER_FACES, default=d.typeface)
    p.add_argument("--pitch", type=float, choices=(10, 12), default=d.pitch, help="10 pica, 12 elite")
    p.add_argument("--spacing", type=float, default=d.spacing, help="line spacing (1, 1.5, 2)")
    p.add_argument("--hand", choices=HAND_FACES, default=d.hand, help="the handwriting's face")
    p.add_argument("--skew", type=float, default=d.skew, help="largest skew in degrees")
    p.add_argument("--indent", type=int, default=d.indent, help="paragraph indent in typed columns")
    p.add_argument("--quality", type=int, default=45, help="JPEG quality (20-95)")
    p.add_argument("--dpi", type=int, default=300, help="pixels stored per inch (frames are 300 dpi)")
    p.add_argument("--jobs", type=int, help="worker processes (default: the cores)")
    p.add_argument("--json", action="store_true", help="print a JSON summary on stdout")
    return p


def _fail(msg: str) -> int:
    print(f"reelgen: {msg}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.sample:
        src = sample_source()
        if not src.is_file():
            return _fail(f"the sample's transcript is missing at {src}; check out ../shared beside the repo")
        style, quality, dpi = SAMPLE_STYLE, SAMPLE_QUALITY, SAMPLE_DPI
        transcripts, out = [src], sample_paths()["pdf"]
    else:
        if not args.transcript or args.out is None:
            return _fail("give --transcript FILE and --out REEL.pdf (or --sample); see --help")
        for t in args.transcript:
            if not t.is_file():
                return _fail(f"{t} is not a file; give the path of a transcript (.md or .txt)")
        if args.out.suffix.lower() != ".pdf":
            return _fail(f"{args.out} does not end in .pdf; the reel is written as a PDF")
        if not args.out.parent.is_dir():
            return _fail(f"the folder {args.out.parent} does not exist; create it first")
        if not 0 <= args.noise <= 1:
            return _fail("--noise must be between 0 and 1")
        if not 20 <= args.quality <= 95:
            return _fail("--quality must be between 20 and 95")
        if not 72 <= args.dpi <= 300:
            return _fail("--dpi must be between 72 and 300")
        if args.frames is not None and args.frames < 1:
            return _fail("--frames must be at least 1")
        if not 1 <= args.spacing <= 3:
            return _fail("--spacing must be between 1 and 3")
        if not 0 <= args.skew <= 5:
            return _fail("--skew must be between 0 and 5 degrees")
        if not 0 <= args.indent <= 20:
            return _fail("--indent must be between 0 and 20 columns")
        style = Style(**{f.name: getattr(args, f.name) for f in fields(Style) if hasattr(args, f.name)})
        transcripts, out, quality, dpi = args.transcript, args.out, args.quality, args.dpi
    t0 = time.perf_counter()
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.perf_counter()
        if now - last[0] > 2 or done == total:
            last[0] = now
            print(f"reelgen: frame {done}/{total}", file=sys.stderr)

    for t in transcripts:
        try:
            Path(t).read_text(encoding="utf-8")
        except UnicodeDecodeError:
            return _fail(f"{t} is not UTF-8 text; save it as UTF-8 and try again")
    try:
        summary = make_reel(transcripts, out, style, args.frames, quality, dpi, args.jobs, progress)
    except ValueError as exc:
        return _fail(str(exc))
    summary["seconds"] = round(time.perf_counter() - t0, 2)
    summary["seconds_per_frame"] = round(summary["seconds"] / summary["frames"], 4)
    print(f"reelgen: wrote {summary['frames']} frames to {out} in {summary['seconds']} s", file=sys.stderr)
    if args.json:
        print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
