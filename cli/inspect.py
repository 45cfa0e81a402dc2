"""``main.py inspect TRANSCRIPT [--json]``: what a transcript holds.

Counts of every kind of mark, the paired corrections, the review stamps field by field
and the documents of the reel (issue 4, item 9).  Reads the file only; writes nothing.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from transcript.report import analyze

HELP = "list the corrections, stamps and documents of a transcript"
MAX_BYTES = 512 * 1024 * 1024   # a transcript is text; beyond this it is not one


def add_parser(parser_or_subparsers) -> argparse.ArgumentParser:
    """Add the verb's arguments.  Takes either the verb's own parser (as cli/__init__
    hands it over) or an argparse subparsers object, on which it adds ``inspect``."""
    if hasattr(parser_or_subparsers, "add_parser"):
        p = parser_or_subparsers.add_parser("inspect", help=HELP, description=HELP)
    else:
        p = parser_or_subparsers
        p.description = p.description or HELP
    p.add_argument("transcript", metavar="TRANSCRIPT",
                   help="a transcript in Reel Reader's markup (.md or .txt, UTF-8)")
    p.add_argument("--json", action="store_true", help="print one JSON document on stdout")
    p.add_argument("--library", metavar="PATH",
                   help="the library file (accepted for symmetry; inspect reads only the file)")
    return p


def _fail(message: str) -> int:
    print(f"reel-reader: {message}", file=sys.stderr)
    return 2


def read_transcript(path: Path) -> str:
    """The transcript's text, or ValueError with a one-line reason fit for a user."""
    if not path.exists():
        raise ValueError(f"{path}: no such file; give the path of a transcript (.md or .txt)")
    if path.is_dir():
        raise ValueError(f"{path} is a folder; give the path of a transcript file (.md or .txt)")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ValueError(f"{path} is {size // (1024 * 1024)} MB, too large to be a "
                             "transcript; give the transcript's .md or .txt file")
        data = path.read_bytes()
    except OSError as exc:
        raise ValueError(f"{path} cannot be read ({exc.strerror or exc}); check its permissions") from None
    if b"\x00" in data[:8192]:
        raise ValueError(f"{path} is binary data, not a transcript; give the transcript's "
                         ".md or .txt file, not the reel")
    try:
        # utf-8-sig: a byte-order mark some editors write is not part of the text.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path} is not UTF-8 text (bad byte at offset {exc.start}); "
                         "save it as UTF-8 and try again") from None


def run(args) -> int:
    try:
        text = read_transcript(Path(args.transcript))
    except ValueError as exc:
        return _fail(str(exc))
    result = analyze(text)
    if args.json:
        json.dump(result.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(human(result, Path(args.transcript).name))
    return 0


def _frame(n) -> str:
    return f"frame {n}" if n is not None else "no frame"


def _frames(fr) -> str:
    if not fr:
        return "no frame markers"
    return f"frame {fr[0]}" if fr[0] == fr[1] else f"frames {fr[0]}-{fr[1]}"


def human(result, name: str) -> str:
    c = result.counts
    lines = [
        f"{name}",
        f"  {c['deletion']} deletions, {c['insertion']} insertions, {c['correction']} corrections, "
        f"{c['xout']} x-outs, {c['classification']} classification markings, "
        f"{c['checkbox']} check boxes, {c['stamp']} stamps, {c['redaction']} redactions",
    ]
    docs = result.structure.documents
    lines.append(f"Documents ({len(docs)}):")
    for d in docs:
        extra = ", ".join(x for x in (d.date, d.classification and f"classified {d.classification}",
                                      _frames(d.frames)) if x)
        lines.append(f"  {d.id}  {d.subject or '(no subject line)'}  ({extra})")
    others = result.structure.non_document_parts()
    if others:
        lines.append(f"Other frames ({len(others)}):")
        for p in others:
            label = p.kind.replace("_", " ")
            lines.append(f"  {label}: {p.title or ''}  ({_frames(p.frames)})")
    lines.append(f"Stamps ({len(result.stamps)}):")
    for i, s in enumerate(result.stamps, 1):
        who = ", ".join(x for x in (s.agency, s.office, s.reviewer and f"reviewed by {s.reviewer}",
                                    s.date) if x)
        lines.append(f"  {i}. {who or 'unsigned'} ({_frame(s.frame)})")
        lines.append(f"     ticked:   {', '.join(s.ticked) or '-'}")
        lines.append(f"     unticked: {', '.join(s.unticked) or '-'}")
        if s.codes:
            lines.append(f"     codes:    {', '.join(s.codes)}")
    lines.append(f"Corrections ({len(result.corrections)}):")
    for k in result.corrections:
        lines.append(f"  {_frame(k.frame)}: {k.deleted} -> {k.inserted}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run the verb on its own (``python -m cli.inspect``)."""
    p = argparse.ArgumentParser(prog="inspect")
    add_parser(p)
    return run(p.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
