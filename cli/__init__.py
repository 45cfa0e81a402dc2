"""The command line: the window's options and the headless verbs.

Each verb is a module here with add_parser(subparsers) and run(args) -> int. DESIGN.md's
conventions hold for all: --json output on stdout and nothing else there, messages on
stderr, exit 0 on success, 2 for bad input or usage (one line), 1 for our own fault.
"""
from __future__ import annotations

import argparse
import importlib
import sys
import traceback

# verb name -> module in cli/
VERBS: dict[str, str] = {
    "inspect": "inspect",
    "import": "importer",
    "search": "search",
    "ocr": "ocr",
    "analyze": "analyze",
    "export": "export",
}


class UsageError(Exception):
    """Bad input or usage: exit status 2 with this one-line reason."""


def _fail(message: str, status: int) -> int:
    print(f"reel-reader: {message}", file=sys.stderr)
    return status


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse exits 2 already; keep our one-line form
        self.exit(2, f"reel-reader: {message} (see --help)\n")


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
        if w < 200 or h < 200 or w > 8000 or h > 8000:
            raise ValueError
        return w, h
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a window size like 1400x900") from None


def window_parser() -> argparse.ArgumentParser:
    verbs = ", ".join(VERBS) or "none"
    p = _Parser(prog="main.py", description="Reel Reader: read scanned reels beside their transcripts.",
                epilog=f"Verbs: {verbs}. Run `main.py VERB --help` for one.")
    p.add_argument("reel", nargs="?", help="a PDF, TIFF, image, folder or ZIP of page images "
                                           "(default: the sample reel)")
    p.add_argument("--frame", type=int, default=1, help="frame to open at (from 1)")
    p.add_argument("--password", help="password of an encrypted PDF")
    p.add_argument("--screenshot", metavar="OUT.png", help="render the window offscreen to a PNG and exit")
    p.add_argument("--size", type=_size, metavar="WxH", help="window size, e.g. 1400x900")
    p.add_argument("--library", metavar="PATH", help="the library file (default: in your data folder)")
    return p


def run_verb(argv: list[str]) -> int:
    name = argv[0]
    module = importlib.import_module(f"cli.{VERBS[name]}")
    parser = _Parser(prog=f"main.py {name}")
    module.add_parser(parser)
    args = parser.parse_args(argv[1:])
    return _guarded(module.run, args)


def _guarded(fn, *args) -> int:
    from library import LibraryError
    from reel import ReelError
    try:
        return fn(*args)
    except (UsageError, ReelError, LibraryError, ValueError) as exc:
        return _fail(str(exc).splitlines()[0] if str(exc) else type(exc).__name__, 2)
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except BrokenPipeError:
        return 0
    except Exception as exc:
        traceback.print_exc()
        return _fail(f"internal error: {exc} (please report it)", 1)


def main(argv: list[str], open_window) -> int:
    """Run a verb, or check the window's arguments and call open_window (which lives in
    main.py, so that this package stays free of Qt)."""
    if argv and argv[0] in VERBS:
        return run_verb(argv)
    args = window_parser().parse_args(argv)
    return _guarded(_run_window, args, open_window)


def _run_window(args, open_window) -> int:
    from pathlib import Path
    if args.library:
        import os
        os.environ["REEL_READER_LIBRARY"] = args.library
    reel = Path(args.reel) if args.reel else None
    if reel is not None:
        # Started from a command line: say what is wrong there, before any window appears.
        # (An encrypted PDF without --password is left to the window, which asks for it.)
        from reel import PasswordRequired, open_reel
        try:
            open_reel(reel, password=args.password).close()
        except PasswordRequired:
            if args.screenshot is not None or args.password is not None:
                raise
    return open_window(reel, frame=args.frame, password=args.password,
                       screenshot=Path(args.screenshot) if args.screenshot else None, size=args.size)
