"""OCR measured against its peers (issue 6): throughput with all cores, word accuracy,
and what each preprocessing mode is worth.

    .venv/bin/python bench/bench_ocr.py [--quick] [--frames N] [--repeat R] [--throughput-only]

1. Throughput: `ocr.runner.run_ocr` (a process pool, one single-threaded Tesseract per
   worker, an empty library cache) on N real scanned frames with jobs = cores, against
   cores x the frames per second of one `tesseract` CLI process (OMP_THREAD_LIMIT=1) run
   one frame after another on the same frames saved as 300 dpi PNG. Target: ratio >= 0.8.
   Ours also renders each frame from the PDF; the CLI gets its PNGs for free. Ours is
   timed twice a round: with its pool started inside the timed run (as `main.py ocr`
   does), and on a pool started (and timed) beforehand, as the window's pool is, which
   lives from the first recognition to the window's close. R rounds (default 3), each
   round's ratios taken against that round's baseline: the machine is shared.
2. Word accuracy, bag of words: the text and the reference are cut into normalised words
   (lower case, punctuation at the ends dropped, "il-28" kept whole) and matched as
   multisets, exact matches only. Recall = share of the reference's words found,
   precision = share of the recognised words that are in the reference. Generated reels
   are compared frame by frame with their ground truth (truth.json: every drawn word);
   real scans document by document with the rough OCR in corpus/scans/reference-ocr/
   (made by someone else from other releases of the same documents: not ground truth,
   so only differences between engines on the same scan mean anything).
3. Preprocessing: none / flatten / despeckle / auto per source (auto = flatten on frames
   that ocr.preprocess.needs_flattening calls dark, despeckle on frames it calls speckled
   (lone_specks), else none; it is assembled from the other runs rather than recognised
   again, but for a frame both dark and speckled).

OCRmyPDF (a peer, development only, never a dependency of the app) is run with
`--force-ocr --deskew --clean`; it is looked for at $OCRMYPDF, then
/tmp/ocrmypdf-venv/bin/ocrmypdf, then on PATH.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import CORPUS, OUT, ROOT  # noqa: E402

SCANS = CORPUS / "scans"
SAMPLE = ROOT / "resources" / "sample-reel.pdf"
THROUGHPUT_REEL = SCANS / "DOCID-32989794.pdf"   # 63 real pages of varied quality
HOW_TO_INSTALL_OCRMYPDF = ("python3 -m venv /tmp/ocrmypdf-venv && /tmp/ocrmypdf-venv/bin/pip install ocrmypdf; "
                           "apt-get install unpaper (for --clean); or set OCRMYPDF=/path/to/ocrmypdf")
WORD = re.compile(r"[a-z0-9]+(?:[-'./][a-z0-9]+)*")


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def matched(reference: list[str], found: list[str]) -> int:
    return sum((Counter(reference) & Counter(found)).values())


# -- in the worker processes ---------------------------------------------------------

def recognise_modes(path: str, n: int) -> dict:
    """Frame n recognised in each preprocessing mode, each timed on this worker's core, and
    whether "auto" calls it dark or speckled (that check timed too)."""
    from ocr.engine import OcrSettings, recognize
    from ocr.preprocess import SPECKLED, lone_specks, needs_flattening
    from reel.worker import _reel
    image = _reel(path, None).render(n, scale=1.0)
    out = {}
    for mode in ("none", "flatten", "despeckle"):
        t = time.perf_counter()
        out[mode] = recognize(image, n, OcrSettings(preprocess=mode)).text()
        out[mode + "_s"] = time.perf_counter() - t
    t = time.perf_counter()
    out["dark"] = bool(needs_flattening(image))
    out["speckled"] = bool(lone_specks(image) >= SPECKLED)
    out["check_s"] = time.perf_counter() - t
    if out["dark"] and out["speckled"]:     # (both: no other run is auto's)
        t = time.perf_counter()
        out["auto"] = recognize(image, n, OcrSettings(preprocess="auto")).text()
        out["auto_s"] = time.perf_counter() - t
    else:
        mode = "flatten" if out["dark"] else "despeckle" if out["speckled"] else "none"
        out["auto"], out["auto_s"] = out[mode], out["check_s"] + out[mode + "_s"]
    return out


# -- 1. throughput -------------------------------------------------------------------

def _ready(seconds: float) -> int:
    """In a worker: the OCR modules imported (as a warm pool has them), then a pause so
    that each worker of the pool takes one of these."""
    import ocr.runner  # noqa: F401
    time.sleep(seconds)
    return os.getpid()


def cpu_seconds(pids) -> float:
    """CPU time of these processes and of their children that have ended (each worker's
    `tesseract` processes), from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += sum(int(v) for v in fields[11:15])    # utime stime cutime cstime
    return total / tick


def started_pool(cores: int):
    """A pool whose workers have all started and imported the OCR modules, how long that
    took (what the window pays once, on its first recognition), and the workers' pids."""
    from work import ProcessPool
    t = time.perf_counter()
    pool = ProcessPool(workers=cores, warm_modules=("ocr.runner",))
    pids: set[int] = set()
    for _ in range(10):
        pids |= {f.result() for f in [pool.submit(_ready, 0.2) for _ in range(cores)]}
        if len(pids) >= cores:
            break
    return pool, time.perf_counter() - t - 0.2, pids


def throughput(frames: int, cores: int, repeat: int) -> list[dict]:
    """REPEAT rounds, each: the CLI baseline, then ours with its pool started inside the
    timed run (as `main.py ocr` does), then ours on a pool started beforehand (as in the
    window, whose pool lives as long as the window). Ratios are taken within a round."""
    from library import Library
    from ocr.runner import run_ocr
    from reel import open_reel
    import cv2
    reel = open_reel(THROUGHPUT_REEL)
    numbers = list(range(1, frames + 1))
    tmp = Path(tempfile.mkdtemp(prefix="bench-ocr-"))
    pngs = []
    for n in numbers:
        pngs.append(tmp / f"frame-{n}.png")
        cv2.imwrite(str(pngs[-1]), reel.render(n))
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    rounds = []
    for r in range(repeat):
        before, t = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
        for png in pngs:
            subprocess.run(["tesseract", str(png), "-", "--psm", "3", "tsv"], env=env, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        single, after = time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN)
        single_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        library = Library.open(tmp / f"empty-cold-{r}.db")       # nothing cached: every frame recognised
        t = time.perf_counter()
        results = run_ocr(reel, numbers, cache=library, jobs=cores)
        cold = time.perf_counter() - t
        assert len(results) == frames
        pool, start, pids = started_pool(cores)
        library = Library.open(tmp / f"empty-warm-{r}.db")
        try:
            me = resource.getrusage(resource.RUSAGE_SELF)
            cpu, t = cpu_seconds(pids), time.perf_counter()
            results = run_ocr(reel, numbers, cache=library, pool=pool)
            warm = time.perf_counter() - t
            me2 = resource.getrusage(resource.RUSAGE_SELF)
            warm_cpu = cpu_seconds(pids) - cpu + (me2.ru_utime - me.ru_utime) + (me2.ru_stime - me.ru_stime)
        finally:
            pool.shutdown(wait=True)
        assert len(results) == frames
        ideal = cores * frames / single
        load = os.getloadavg()[0]
        rounds.append({"frames": frames, "single_s": single, "cold_s": cold, "warm_s": warm, "start_s": start,
                       "single_cpu": single_cpu / frames, "warm_cpu": warm_cpu / frames, "load": load,
                       "cpu_ratio": single_cpu / warm_cpu,
                       "cold_ratio": (frames / cold) / ideal, "warm_ratio": (frames / warm) / ideal})
        print(f"round {r + 1}: single {single:.1f} s, ours {cold:.1f} s (pool started inside), "
              f"{warm:.1f} s (pool started before, in {start:.2f} s): ratios {rounds[-1]['cold_ratio']:.2f}, "
              f"{rounds[-1]['warm_ratio']:.2f}; CPU a frame {single_cpu / frames:.2f} s against {warm_cpu / frames:.2f} s; "
              f"load average {load:.1f}", file=sys.stderr)
    shutil.rmtree(tmp, ignore_errors=True)
    return rounds


# -- 2 and 3. accuracy ---------------------------------------------------------------

def sources(quick: bool) -> list[dict]:
    """Each: a PDF, the frames to read, and per frame the truth words or one reference for all."""
    import pymupdf
    out = []
    generated = OUT / "every-mark-s11-n08.pdf"
    if not generated.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "reelgen", "--transcript", "reelgen/specimens/every-mark.md",
                        "--out", str(generated), "--seed", "11", "--noise", "0.8"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for name, pdf, pick in (("sample reel (seed 1962, noise 0.45)", SAMPLE, [2, 3, 13] if quick else None),
                            ("every-mark.md, seed 11, noise 0.8", generated, None)):
        truth = json.loads(pdf.with_suffix(".truth.json").read_text())
        frames = [f for f in truth["frames"] if pick is None or f["index"] in pick]
        out.append({"name": name, "pdf": pdf, "frames": [f["index"] for f in frames],
                    "truth": {f["index"]: f["words"] for f in frames}})
    for ref in sorted((SCANS / "reference-ocr").glob("*.txt")):
        pdf = SCANS / (ref.name.split(".")[0] + ".pdf")
        if not pdf.exists():
            continue
        pages = pymupdf.open(pdf).page_count
        if quick and pages > 2:
            continue
        out.append({"name": pdf.name, "pdf": pdf, "frames": list(range(1, pages + 1)),
                    "reference": words(ref.read_text(errors="replace"))})
    return out


def find_ocrmypdf() -> str | None:
    for candidate in (os.environ.get("OCRMYPDF"), "/tmp/ocrmypdf-venv/bin/ocrmypdf", shutil.which("ocrmypdf")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def run_ocrmypdf(exe: str, pdf: Path, frames: list[int], cores: int) -> tuple[dict[int, str], float]:
    """OCRmyPDF's text of FRAMES (1-based) of PDF, and the CPU seconds it and its children spent."""
    import pymupdf
    tmp = Path(tempfile.mkdtemp(prefix="bench-ocrmypdf-"))
    src, part = pymupdf.open(pdf), pymupdf.open()
    for n in frames:
        part.insert_pdf(src, from_page=n - 1, to_page=n - 1)
    part.save(tmp / "in.pdf")
    # --force-ocr: rasterise and OCR every page (needed for --deskew); --optimize 0: its
    # image optimisation is PDF size work, not OCR, and would only add to its time.
    args = [exe, "--force-ocr", "--deskew", "--optimize", "0", "--output-type", "pdf", "-j", str(cores), "-q"]
    if shutil.which("unpaper"):
        args.insert(3, "--clean")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(args + [str(tmp / "in.pdf"), str(tmp / "out.pdf")], check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    out = pymupdf.open(tmp / "out.pdf")
    texts = {n: out[i].get_text() for i, n in enumerate(frames)}
    shutil.rmtree(tmp, ignore_errors=True)
    return texts, cpu


def score(source: dict, texts: dict[int, str], style: str | None = None) -> tuple[int, int, int]:
    """(words matched, reference words, recognised words) over the source's frames."""
    if "reference" in source:
        found = [w for n in source["frames"] for w in words(texts[n])]
        return matched(source["reference"], found), len(source["reference"]), len(found)
    hit = ref_total = found_total = 0
    for n in source["frames"]:
        truth = [w for t in source["truth"][n] if style in (None, t.get("style")) for w in words(t["text"])]
        found = words(texts[n])
        hit, ref_total, found_total = hit + matched(truth, found), ref_total + len(truth), found_total + len(found)
    return hit, ref_total, found_total


def accuracy(srcs: list[dict], cores: int, ocrmypdf: str | None) -> list[dict]:
    from work import ProcessPool
    pool = ProcessPool(workers=cores, warm_modules=("ocr.engine", "reel.worker"))
    try:
        futures = {(i, n): pool.submit(recognise_modes, str(s["pdf"]), n)
                   for i, s in enumerate(srcs) for n in s["frames"]}
        for (i, n), future in futures.items():
            srcs[i].setdefault("ours", {})[n] = future.result()
    finally:
        pool.shutdown(wait=True)
    rows = []
    for s in srcs:
        runs = s["ours"]
        modes = ("none", "flatten", "despeckle", "auto")
        texts = {m: {n: r[m] for n, r in runs.items()} for m in modes}
        seconds = {m: sum(r[m + "_s"] for r in runs.values()) for m in modes}
        if ocrmypdf:
            texts["ocrmypdf"], seconds["ocrmypdf"] = run_ocrmypdf(ocrmypdf, s["pdf"], s["frames"], cores)
        row = {"name": s["name"], "frames": len(s["frames"]), "dark": sum(r["dark"] for r in runs.values()),
               "speckled": sum(r["speckled"] for r in runs.values()),
               "kind": "reference" if "reference" in s else "truth", "scores": {}, "seconds": seconds}
        for engine, t in texts.items():
            row["scores"][engine] = score(s, t)
            if "truth" in s:
                row.setdefault("hand", {})[engine] = score(s, t, style="hand")
        rows.append(row)
    return rows


# -- report --------------------------------------------------------------------------

def pct(hit: int, total: int) -> str:
    return f"{100 * hit / total:.1f}" if total else "—"


def report(tp: dict | None, rows: list[dict], cores: int, ocrmypdf: str | None) -> None:
    if tp:
        def span(key, fmt="{:.2f}"):
            lo, hi = min(r[key] for r in tp), max(r[key] for r in tp)
            return fmt.format(lo) if fmt.format(lo) == fmt.format(hi) else fmt.format(lo) + "–" + fmt.format(hi)
        frames = tp[0]["frames"]
        for r in tp:
            r["single_fps"], r["cold_fps"], r["warm_fps"] = (frames / r[k] for k in ("single_s", "cold_s", "warm_s"))
        print(f"\n### Throughput: {frames} frames of {THROUGHPUT_REEL.name}, {cores} cores, {len(tp)} rounds\n")
        print("| measure | figure | target |\n| --- | --- | --- |")
        print(f"| one `tesseract` CLI (psm 3, tsv, OMP_THREAD_LIMIT=1), frames one after another | "
              f"{span('single_s', '{:.1f}')} s = {span('single_fps', '{:.3f}')} frames/s | — |")
        print(f"| `run_ocr`, jobs={cores}, empty library, pool started inside the timed run (`main.py ocr`) | "
              f"{span('cold_s', '{:.1f}')} s = {span('cold_fps', '{:.3f}')} frames/s | — |")
        print(f"| `run_ocr` on a pool started beforehand (the window's, which lives as long as the window) | "
              f"{span('warm_s', '{:.1f}')} s = {span('warm_fps', '{:.3f}')} frames/s | — |")
        print(f"| starting that pool ({cores} spawned workers importing the OCR modules), not in the run above | "
              f"{span('start_s')} s | — |")
        print(f"| ours / ({cores} × single), pool started inside the run | **{span('cold_ratio')}** | ≥ 0.8 |")
        print(f"| ours / ({cores} × single), pool started beforehand | **{span('warm_ratio')}** | ≥ 0.8 |")
        print(f"| CPU seconds a frame: the CLI's `tesseract` / ours (workers, their `tesseract`s, the "
              f"parent), pool started beforehand | {span('single_cpu')} / {span('warm_cpu')} s = "
              f"{span('cpu_ratio')} | — |")
        print(f"| load average (1 min) at the end of each round, on {cores} cores | {span('load', '{:.1f}')} | — |")
    if not rows:
        return
    engines = ["none", "flatten", "despeckle", "auto"] + (["ocrmypdf"] if ocrmypdf else [])
    heads = {"none": "plain Tesseract (none)", "flatten": "ours, flatten", "despeckle": "ours, despeckle",
             "auto": "ours, auto (default)",
             "ocrmypdf": "OCRmyPDF --deskew --clean" if shutil.which("unpaper") else "OCRmyPDF --deskew (no unpaper)"}
    print("\n### Word accuracy, bag of words: recall % / precision %\n")
    print("| source | frames (dark, speckled) | words | " + " | ".join(heads[e] for e in engines) + " |")
    print("| --- | --- | --- |" + " --- |" * len(engines))
    totals = {}
    for row in rows:
        cells = []
        for e in engines:
            hit, ref, found = row["scores"][e]
            cells.append(f"{pct(hit, ref)} / {pct(hit, found)}")
            if row["kind"] == "reference":
                t = totals.setdefault(e, [0, 0, 0])
                t[0], t[1], t[2] = t[0] + hit, t[1] + ref, t[2] + found
        label = row["name"] + (" (vs rough reference)" if row["kind"] == "reference" else " (vs truth)")
        print(f"| {label} | {row['frames']} ({row['dark']}, {row['speckled']}) | {row['scores']['none'][1]} | " + " | ".join(cells) + " |")
        if "hand" in row:
            cells = [pct(*row["hand"][e][:2]) for e in engines]
            print(f"| … its handwritten words only (recall) | | {row['hand']['none'][1]} | " + " | ".join(cells) + " |")
    if totals:
        cells = [f"{pct(t[0], t[1])} / {pct(t[0], t[2])}" for t in (totals[e] for e in engines)]
        frames = sum(r["frames"] for r in rows if r["kind"] == "reference")
        dark = sum(r["dark"] for r in rows if r["kind"] == "reference")
        speckled = sum(r["speckled"] for r in rows if r["kind"] == "reference")
        print(f"| all real scans (vs rough reference) | {frames} ({dark}, {speckled}) | {totals['none'][1]} | " + " | ".join(cells) + " |")
    frames = sum(r["frames"] for r in rows)
    cells = [f"{sum(r['seconds'][e] for r in rows) / frames:.2f}" for e in engines]
    print(f"| CPU seconds a frame (ours: one worker's wall time; OCRmyPDF: its processes' CPU) | {frames} | | "
          + " | ".join(cells) + " |")
    if not ocrmypdf:
        print(f"\nOCRmyPDF: not installed: {HOW_TO_INSTALL_OCRMYPDF}")
    elif not shutil.which("unpaper"):
        print("\nOCRmyPDF ran without --clean: unpaper is not installed (apt-get install unpaper).")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a few frames only (about a minute)")
    parser.add_argument("--frames", type=int, help="frames for the throughput run (default 12, quick 4)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of the throughput run (default 3)")
    parser.add_argument("--skip-throughput", action="store_true")
    parser.add_argument("--throughput-only", action="store_true")
    args = parser.parse_args()
    os.chdir(ROOT)
    cores = os.cpu_count() or 1
    ocrmypdf = find_ocrmypdf()
    t = time.perf_counter()
    tp = None if args.skip_throughput else throughput(args.frames or (4 if args.quick else 12), cores, args.repeat)
    rows = [] if args.throughput_only else accuracy(sources(args.quick), cores, ocrmypdf)
    report(tp, rows, cores, ocrmypdf)
    print(f"\n(benchmark ran {time.perf_counter() - t:.0f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
