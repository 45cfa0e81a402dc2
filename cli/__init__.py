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


def progress(done: int, total: int, message: str) -> None:
    """A running count on stderr ("reel-reader: Recognising 3/22"), ended by a newline."""
    print(f"\rreel-reader: {message} {done}/{total}", end="" if done < total else "\n", file=sys.stderr, flush=True)


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
    p.add_argument("reel", nargs="*", metavar="REEL",
                   help="a PDF, TIFF, image, folder or ZIP of page images; several open in a "
                        "window each (default: the sample reel)")
    p.add_argument("--frame", type=int, default=None,
                   help="frame to open at (from 1; default: where you left the reel)")
    p.add_argument("--password", help="password of an encrypted PDF")
    p.add_argument("--screenshot", metavar="OUT.png", help="render the window offscreen to a PNG and exit")
    p.add_argument("--size", type=_size, metavar="WxH", help="window size, e.g. 1400x900")
    p.add_argument("--library", metavar="PATH", help="the library file (default: in your data folder)")
    # -- desktop integration (desktop/, ui/single_instance.py) --
    d = p.add_argument_group("desktop")
    d.add_argument("--install-desktop", action="store_true",
                   help="install the desktop entry, MIME type and icons, so that reels open "
                        "with a double-click, and exit")
    d.add_argument("--uninstall-desktop", action="store_true", help="remove what --install-desktop "
                                                                   "installed, and exit")
    d.add_argument("--prefix", metavar="DIR", help="where to (un)install the desktop files "
                                                   "(default: $XDG_DATA_HOME or ~/.local/share)")
    d.add_argument("--new-instance", action="store_true",
                   help="start a separate Reel Reader instead of handing the reel to the one running")
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
    if args.install_desktop or args.uninstall_desktop:
        return _desktop_files(args)
    if args.prefix is not None:
        raise UsageError("--prefix goes with --install-desktop or --uninstall-desktop")
    if args.library:
        import os
        os.environ["REEL_READER_LIBRARY"] = args.library
    reels = [Path(r).absolute() for r in args.reel]
    if args.screenshot is not None and len(reels) > 1:
        raise UsageError("--screenshot takes one reel")
    if reels and (args.screenshot is not None or _from_terminal()):
        # Started from a command line: say what is wrong there, before any window appears.
        # (An encrypted PDF without --password is left to the window, which asks for it.)
        # Started from a file manager there is no terminal to read a message: the window
        # (or the running instance) shows it in a dialog instead.
        from reel import PasswordRequired, open_reel
        for reel in reels:
            try:
                open_reel(reel, password=args.password).close()
            except PasswordRequired:
                if args.screenshot is not None or args.password is not None:
                    raise
    if args.screenshot is None and not args.new_instance and _handed_over(reels, args):
        return 0
    return open_window(reels, frame=args.frame, password=args.password,
                       screenshot=Path(args.screenshot) if args.screenshot else None, size=args.size,
                       new_instance=args.new_instance)


def _from_terminal() -> bool:
    return sys.stdin.isatty() or sys.stderr.isatty()


def _handed_over(reels, args) -> bool:
    """A Reel Reader already runs: it opens the reels (or comes to the front) instead."""
    from desktop.instance import hand_over
    if not hand_over(reels, frame=args.frame, password=args.password):
        return False
    if _from_terminal():
        what = ", ".join(r.name for r in reels) or "nothing new"
        print(f"reel-reader: opened {what} in the Reel Reader already running "
              "(--new-instance starts another)", file=sys.stderr)
    return True


def _desktop_files(args) -> int:
    if args.install_desktop and args.uninstall_desktop:
        raise UsageError("--install-desktop and --uninstall-desktop exclude each other")
    if args.reel:
        raise UsageError("--install-desktop and --uninstall-desktop take no reel")
    from desktop.install import command
    return command(uninstalling=args.uninstall_desktop, prefix=args.prefix)
