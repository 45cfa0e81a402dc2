"""Make (or reuse) a long generated reel for benchmarks.

    python bench/make_long_reel.py [--frames 1000] [--seed 7] [--noise 0.6] [--out PATH]

Other benchmarks import ``long_reel(frames)``: it returns the path of a reel of that
many frames under bench/out/, made from both corpus transcripts (the memorandum and
the telegram) cycled with cheap variation, and made only once per set of settings
(the settings are in the file name).  Prints the path and the generator's seconds per
frame.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reelgen import Style, make_reel  # noqa: E402

TRANSCRIPTS = ROOT.parent / "shared" / "corpus" / "transcripts"
SOURCES = [TRANSCRIPTS / "reel-memcon-1962-11-08.md", TRANSCRIPTS / "frus-telegram-1962-11-06.md"]


def long_reel(frames: int = 1000, seed: int = 7, noise: float = 0.6, out: Path | None = None,
              quality: int = 45) -> Path:
    out = out or ROOT / "bench" / "out" / f"long-{frames}-s{seed}-n{noise:g}-q{quality}.pdf"
    if out.is_file() and out.with_name(out.stem + ".truth.json").is_file():
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    make_reel(SOURCES, out, Style(seed=seed, noise=noise), frames=frames, quality=quality)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--frames", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--noise", type=float, default=0.6)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    for s in SOURCES:
        if not s.is_file():
            print(f"make_long_reel: {s} is missing; check out ../shared beside the repo", file=sys.stderr)
            return 2
    t0 = time.perf_counter()
    path = long_reel(args.frames, args.seed, args.noise, args.out)
    dt = time.perf_counter() - t0
    print(f"{path}  ({args.frames} frames, {dt / args.frames:.3f} s a frame)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
