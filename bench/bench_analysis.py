"""Precision and recall of the marks found on the scan (issue 7), per kind, against the
sample reel's ground truth (IoU >= 0.5; check boxes must also be right about ticked),
with time per frame beside a plain Tesseract pass on the same frames.

    .venv/bin/python bench/bench_analysis.py
"""
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    from reel import open_reel
    from ocr.runner import run_ocr
    from library import Library
    from analysis.detect import analyze_image
    lib = Library.open(Path(tempfile.mkdtemp()) / 'bench.db')
    r = open_reel(ROOT / 'resources' / 'sample-reel.pdf')
    truth = json.loads((ROOT / 'resources' / 'sample-reel.truth.json').read_text())
    frames = list(range(1, 23))
    t = time.time()
    ocr = run_ocr(r, frames, cache=lib, jobs=1)
    ocr_time = (time.time() - t) / len(frames)
    from collections import Counter
    tp, fp, fn = Counter(), Counter(), Counter()
    def iou(a, b):
        x0, y0, x1, y1 = max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])
        inter = max(0, x1 - x0) * max(0, y1 - y0)
        return inter / ((a[2]-a[0])*(a[3]-a[1]) + (b[2]-b[0])*(b[3]-b[1]) - inter)
    tt = 0
    for n in frames:
        t = time.time(); fa = analyze_image(r.render(n), n, ocr[n].words); tt += time.time() - t
        want = [x for x in truth['frames'][n-1]['regions'] if x['kind'] != 'correction']
        got = fa.regions
        for kind in ("redaction", "stamp", "checkbox", "classification", "deletion", "insertion", "xout"):
            W = [x for x in want if x['kind'] == kind]; G = [x for x in got if x.kind == kind]
            used = set()
            for g in G:
                m = next((i for i, w in enumerate(W) if i not in used and iou(g.bbox, w['bbox']) >= 0.5 and (kind != 'checkbox' or g.checked == w['checked'])), None)
                if m is None: fp[kind] += 1
                else: used.add(m); tp[kind] += 1
            fn[kind] += len(W) - len(used)
        print(f"frame {n}: kind {fa.kind}, truth {truth['frames'][n-1]['kind']}")
    for k in tp.keys() | fn.keys() | fp.keys():
        p = tp[k] / max(1, tp[k] + fp[k]); rr = tp[k] / max(1, tp[k] + fn[k])
        print(f"{k:15s} P {p:.2f} R {rr:.2f}  tp {tp[k]} fp {fp[k]} fn {fn[k]}")
    print(f"analysis {tt / len(frames):.2f} s a frame; Tesseract {ocr_time:.2f} s a frame (one process); "
          f"ratio {tt / len(frames) / ocr_time:.2f}")
if __name__ == "__main__":
    main()
