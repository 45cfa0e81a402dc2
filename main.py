#!/usr/bin/env python3
"""Reel Reader: `python main.py [REEL]` opens the window; `python main.py VERB …` runs a verb.

Verbs (inspect, import, search, ocr, analyze, export) run without Qt; see `--help`.
"""
import sys

from cli import main


def open_window(reel, **options) -> int:
    from ui.app import run_window  # Qt is loaded only for the window
    return run_window(reel, **options)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], open_window))
