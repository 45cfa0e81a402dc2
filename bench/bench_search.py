"""Library-wide search over 100,000 frames of transcript text (issue 5).

    .venv/bin/python bench/bench_search.py [--frames 100000]

Fills a fresh library with the corpus transcripts' paragraphs, frame after frame across
100 reels, then times 200 queries through Library.search (ranked, with snippets).
Baseline in the same run: the bare FTS5 match of the same query, no ranking or snippet.
Target: 95th percentile under 50 ms.
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import CORPUS  # noqa: E402
from library import Library  # noqa: E402
from library.search import safe_query, searchable  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--frames", type=int, default=100_000)
    args = ap.parse_args()
    paragraphs = []
    for path in sorted((CORPUS / "transcripts").glob("*.md")):
        paragraphs += [p for p in path.read_text().split("\n\n") if len(p) > 200]
    indexed = [searchable(p) for p in paragraphs]
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        lib = Library.open(Path(tmp) / "bench.db")
        t = time.perf_counter()
        with lib.write() as db:
            for reel in range(100):
                fp = f"reel-{reel:03d}"
                db["reels"].insert({"fingerprint": fp, "title": f"reel {reel}.pdf", "paths": "[]",
                                    "added": 0, "opened": 0})
            rows = []
            for i in range(args.frames):
                reading, struck = indexed[(i * 7) % len(indexed)]
                # three paragraphs a frame, so frames differ and hold a page's worth of words
                reading = " ".join([reading, indexed[(i * 13 + 1) % len(indexed)][0],
                                    indexed[(i * 29 + 2) % len(indexed)][0]])
                rows.append((reading, struck, f"reel-{i % 100:03d}", i // 100 + 1, "transcript", f"t{i}"))
            db.conn.executemany("INSERT INTO search (text, extra, fingerprint, frame, kind, ref) "
                                "VALUES (?, ?, ?, ?, ?, ?)", rows)
        fill = time.perf_counter() - t
        size = (Path(tmp) / "bench.db").stat().st_size / 2**20
        words = sorted({w for r, _ in indexed for w in r.split() if len(w) > 4 and w.isalpha()})
        queries = ["IL-28", "Kuznetsov guarantees", "Stevenson", "clearer", "missiles Cuba", "Guantanamo"]
        queries += rng.sample(words, 194)
        lib.search("warm")
        timed, bare = [], []
        for q in queries:
            t = time.perf_counter()
            lib.search(q)
            timed.append(time.perf_counter() - t)
            t = time.perf_counter()
            lib.query("SELECT rowid FROM search WHERE search MATCH ? LIMIT 50", (safe_query(q),))
            bare.append(time.perf_counter() - t)
        timed.sort()
        bare.sort()
        p95, b95 = timed[int(len(timed) * 0.95)], bare[int(len(bare) * 0.95)]
        print(f"{args.frames} frames indexed in {fill:.1f} s ({size:.0f} MB)")
        print(f"search p50 {timed[len(timed)//2]*1000:.1f} ms, p95 {p95*1000:.1f} ms (target < 50 ms); "
              f"bare FTS match p95 {b95*1000:.1f} ms; ratio {p95 / b95:.2f}")
        lib.close()


if __name__ == "__main__":
    main()
