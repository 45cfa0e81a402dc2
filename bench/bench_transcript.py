"""Benchmark of the transcript model on a 2 MB transcript (the memorandum repeated).

Prints each figure as a ratio against a baseline measured in the same run on the same
text: ``str.splitlines`` plus one plain regex scan for ``~~…~~`` and ``<sup>…</sup>``,
the least any reader of the markup must do.  Issue 4 asks that parsing and
highlighting a 2 MB transcript take well under a second and that re-highlighting after
a keystroke touch only the changed block; both are printed.

    .venv/bin/python bench/bench_transcript.py [--mb 2] [--repeat 3]
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from transcript.markup import parse, split_lines, tokenize_line  # noqa: E402
from transcript.reading import reading_text  # noqa: E402
from transcript.report import analyze  # noqa: E402
from transcript.tei import to_tei  # noqa: E402

CORPUS = [ROOT.parent / "shared" / "corpus" / "transcripts",
          Path("/work/shared/corpus/transcripts")]
_BASELINE_RE = re.compile(r"~~[^\n]+?~~|<sup>[^\n]*?</sup>")


def memcon() -> str:
    for d in CORPUS:
        p = d / "reel-memcon-1962-11-08.md"
        if p.exists():
            return p.read_text(encoding="utf-8")
    raise SystemExit("bench_transcript: the corpus transcript reel-memcon-1962-11-08.md "
                     "was not found beside the repository (../shared/corpus/transcripts)")


def best_of(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def baseline(text: str) -> None:
    for line in text.splitlines():
        _BASELINE_RE.findall(line)


def highlight_all(lines: list[str]) -> list[int]:
    """What QSyntaxHighlighter does on opening: every block with the carried state."""
    states = []
    state = -1
    for line in lines:
        state = tokenize_line(line, state).state
        states.append(state)
    return states


def rehighlight_after_edit(lines: list[str], states: list[int], k: int, new: str) -> int:
    """What QSyntaxHighlighter does after a keystroke in block k: re-tokenize it, then
    the next blocks only while their incoming state changed.  Returns blocks touched."""
    lines[k] = new
    touched = 0
    state = states[k - 1] if k else -1
    i = k
    while i < len(lines):
        out = tokenize_line(lines[i], state).state
        touched += 1
        if i > k and out == states[i]:
            break
        if i == k and out == states[i]:
            states[i] = out
            break
        states[i] = out
        state = out
        i += 1
    return touched


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=2.0, help="size of the transcript in MB")
    ap.add_argument("--repeat", type=int, default=3, help="runs per figure (best is kept)")
    args = ap.parse_args(argv)

    one = memcon()
    n = max(1, int(args.mb * 1024 * 1024 / len(one.encode("utf-8"))) + 1)
    text = "".join(f"<!-- frame {i + 1} -->\n{one}" for i in range(n))
    lines = [text[s:e] for s, e, _ in split_lines(text)]
    size_mb = len(text.encode("utf-8")) / 1024 / 1024
    print(f"transcript: {size_mb:.2f} MB, {len(lines):,} lines, memorandum x {n}")

    base = best_of(lambda: baseline(text), args.repeat)
    print(f"baseline (splitlines + one regex scan): {base * 1000:8.1f} ms   1.00x")

    figures = [
        ("parse (tokens, corrections, stamps)", lambda: parse(text)),
        ("highlight every block (tokenize_line)", lambda: highlight_all(lines)),
        ("analyze (parse + stamps + structure)", lambda: analyze(text)),
        ("reading text with source map", lambda: reading_text(text)),
        ("TEI export", lambda: to_tei(text, "bench.pdf")),
    ]
    for name, fn in figures:
        secs = best_of(fn, args.repeat)
        print(f"{name:40s}{secs * 1000:8.1f} ms  {secs / base:5.2f}x")

    # One keystroke in the middle of the text, in running prose and in a stamp line.
    states = highlight_all(lines)
    k = max(range(len(lines)), key=lambda i: len(lines[i]))   # the longest paragraph
    one_line = best_of(lambda: tokenize_line(lines[k], states[k - 1]), max(args.repeat, 20))
    print(f"{'longest block re-tokenized (keystroke)':40s}{one_line * 1e3:8.3f} ms  "
          f"{one_line / base:5.3f}x   ({len(lines[k]):,} characters)")
    for label, needle in (("prose", "Mr. Kuznetsov continued that today"),
                          ("stamp", "☐ EXCISE ☐ DECLASSIFY  ")):
        k = next(i for i in range(len(lines) // 2, len(lines)) if lines[i].startswith(needle))
        edited = lines[k][:5] + "x" + lines[k][5:]
        touched = rehighlight_after_edit(list(lines), list(states), k, edited)
        print(f"keystroke in a {label} line: {touched} block(s) re-highlighted "
              f"of {len(lines):,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
