"""How well the marks found on the scan are joined to the transcript's markup (issue 7,
item 2), on the generated reels of bench_analysis (other seeds, faces, hands and noise
than the sample reel), against their ground truth, which gives every mark's markup span.

- pairs right: of the joined pairs whose region is a real mark (IoU >= 0.5 with a
  ground-truth region of its kind), the share that name that mark's markup;
- marks joined: of the ground-truth marks that have markup, the share the detector found
  and the join paired with their markup (detection and join together, end to end);
- unconfirmed but there: markup the join says the scan does not bear out, though the mark
  is on the page (the detector missed it), by kind: what a reader would be wrongly asked
  to check (on generated reels every mark of the markup is on the page);
- time: the join per frame beside the detector's on the same frames.
With the frames' OCR (placed by the alignment) and without (words and reading order only).

    .venv/bin/python bench/bench_join.py [--work DIR] [--group dev|held-out]
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

from analysis.ink import iou  # noqa: E402 (after the path is set)


class Tally:
    def __init__(self):
        self.right = self.wrong = self.marks = self.joined = self.queries = self.false_queries = 0
        self.spent = 0.0
        self.false_by_kind: dict[str, int] = {}

    def add(self, links, truth: dict, t0: int) -> None:
        real = [g for g in truth["regions"] if "span" in g and g["kind"] != "correction"]
        self.marks += len(real)
        for link in links:
            if link.mark is not None and link.region is None:
                self.queries += 1
                s, e = link.mark.start + t0, link.mark.end + t0
                there = any(g["span"][0] < e and g["span"][1] > s and g["kind"] == link.mark.kind for g in real)
                self.false_queries += there
                if there:
                    self.false_by_kind[link.mark.kind] = self.false_by_kind.get(link.mark.kind, 0) + 1
            if link.region is None or link.mark is None:
                continue
            match = [g for g in real if g["kind"] == link.region.kind and iou(g["bbox"], link.region.bbox) >= 0.5]
            if not match:
                continue
            s, e = match[0]["span"][0] - t0, match[0]["span"][1] - t0
            ok = link.mark.start < e and link.mark.end > s
            self.right += ok
            self.wrong += not ok
            self.joined += ok

    def row(self, title: str, detect_time: float, frames: int) -> str:
        pairs = self.right + self.wrong
        return (f"{title:28s} pairs right {self.right}/{pairs} = {self.right / max(1, pairs):.2f}   "
                f"marks joined {self.joined}/{self.marks} = {self.joined / max(1, self.marks):.2f}   "
                f"unconfirmed but there {self.false_queries}/{self.queries} {self.false_by_kind}   "
                f"join {1000 * self.spent / max(1, frames):.1f} ms/frame = {self.spent / max(1e-9, detect_time):.3f} x detector")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "reel-bench-analysis",
                    help="bench_analysis's work folder: its reels and OCR cache are reused")
    ap.add_argument("--group", choices=("dev", "held-out"))
    args = ap.parse_args(argv)
    from analysis.detect import analyze_image
    from analysis.join import join
    from bench.bench_analysis import make_reels
    from library import Library
    from ocr.runner import run_ocr
    from reel import open_reel
    args.work.mkdir(parents=True, exist_ok=True)
    lib = Library.open(args.work / "ocr-cache.db")
    with_ocr, without, detect_time, frames = Tally(), Tally(), 0.0, 0
    for name, group, pdf, truth in make_reels(args.work):
        if args.group and group != args.group:
            continue
        reel = open_reel(pdf)
        markup = pdf.with_name(truth["transcript"]).read_text(encoding="utf-8")
        for f in truth["frames"]:
            if f["kind"] != "document":
                continue
            ocr = run_ocr(reel, [f["index"]], cache=lib, jobs=1)[f["index"]]
            t = time.perf_counter()
            found = analyze_image(reel.render(f["index"]), f["index"], ocr.words)
            detect_time += time.perf_counter() - t
            frames += 1
            text = markup[slice(*f["text_span"])]
            for tally, words in ((with_ocr, ocr), (without, None)):
                t = time.perf_counter()
                links = join(found.regions, text, words)
                tally.spent += time.perf_counter() - t
                tally.add(links, f, f["text_span"][0])
        print(f"{name}: {len(truth['frames'])} frames", file=sys.stderr)
    print(with_ocr.row("with the frames' OCR", detect_time, frames))
    print(without.row("without OCR", detect_time, frames))
    return 0


if __name__ == "__main__":
    sys.exit(main())
