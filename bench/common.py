"""Helpers shared by the benchmarks: reels of any length built from real scans, timing, memory."""
from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
OUT = ROOT / "bench" / "out"


def long_reel(frames: int, source: Path = CORPUS / "scans" / "DOCID-32989794.pdf") -> Path:
    """A reel of FRAMES real scanned pages (the source's pages repeated), made once and kept."""
    import pymupdf
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"long-{frames}-{source.stem}.pdf"
    if path.exists():
        return path
    src = pymupdf.open(source)
    doc = pymupdf.open()
    while doc.page_count < frames:
        take = min(src.page_count, frames - doc.page_count)
        doc.insert_pdf(src, to_page=take - 1)
    doc.save(path, garbage=1)
    return path


def best_of(fn, repeat: int = 5) -> float:
    """The fastest of REPEAT runs: the least disturbed by other load on a shared machine."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def median(values) -> float:
    return statistics.median(values)


def peak_rss_mb(pids: list[int]) -> float:
    """Sum of the peak resident memory (VmHWM) of these processes, in MB."""
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def child_pids() -> list[int]:
    me = str(os.getpid())
    kids = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        for line in text.splitlines():
            if line.startswith("PPid:") and line.split()[1] == me:
                kids.append(int(status.parent.name))
    return kids
