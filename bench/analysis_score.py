"""Scoring marks found on a frame against labelled ones: precision and recall per kind.

A found region counts when it overlaps a labelled region of the same kind with IoU at
least 0.5 (each label matched once, best overlap first); a check box must also be right
about ticked or empty. Used by bench/bench_analysis.py on generated reels (their truth
files) and on the hand-labelled scans in tests/data/scan-labels/.
"""
from __future__ import annotations

from collections import Counter

from analysis.regions import KINDS

IOU = 0.5


def iou(a, b) -> float:
    x0, y0, x1, y1 = max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])
    inter = max(0, x1 - x0) * max(0, y1 - y0)
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


class Score:
    def __init__(self):
        self.tp, self.fp, self.fn = Counter(), Counter(), Counter()
        self.misses: list[tuple] = []       # (where, "fp"|"fn", region) to look at
        self.frames: list[tuple] = []       # (kind found, kind wanted, where) per frame

    def add(self, found: list[dict], wanted: list[dict], where: str = "") -> None:
        """FOUND and WANTED are region dicts with kind and bbox (checked for check boxes)."""
        for kind in KINDS:
            want = [w for w in wanted if w["kind"] == kind]
            got = [g for g in found if g["kind"] == kind]
            pairs = sorted(((iou(g["bbox"], w["bbox"]), i, j) for i, g in enumerate(got) for j, w in enumerate(want)),
                           reverse=True)
            used_g, used_w = set(), set()
            for overlap, i, j in pairs:
                if overlap < IOU:
                    break
                if i in used_g or j in used_w:
                    continue
                if kind == "checkbox" and bool(got[i].get("checked")) != bool(want[j].get("checked")):
                    continue
                used_g.add(i)
                used_w.add(j)
            self.tp[kind] += len(used_g)
            self.fp[kind] += len(got) - len(used_g)
            self.fn[kind] += len(want) - len(used_w)
            self.misses += [(where, "fp", g) for i, g in enumerate(got) if i not in used_g]
            self.misses += [(where, "fn", w) for j, w in enumerate(want) if j not in used_w]

    def add_frame(self, found: str, wanted: str, where: str = "") -> None:
        """A frame's kind (document, target, title, finding_aid) against the one wanted;
        reelgen's "finding-aid" is the analysis' "finding_aid"."""
        self.frames.append((found, wanted.replace("-", "_"), where))

    def frame_precision(self, kind: str) -> float | None:
        got = [w for f, w, _ in self.frames if f == kind]
        return sum(w == kind for w in got) / len(got) if got else None

    def frame_recall(self, kind: str) -> float | None:
        want = [f for f, w, _ in self.frames if w == kind]
        return sum(f == kind for f in want) / len(want) if want else None

    def precision(self, kind: str) -> float | None:
        n = self.tp[kind] + self.fp[kind]
        return self.tp[kind] / n if n else None

    def recall(self, kind: str) -> float | None:
        n = self.tp[kind] + self.fn[kind]
        return self.tp[kind] / n if n else None

    def rows(self) -> list[tuple]:
        """(kind, precision, recall, tp, fp, fn) for every kind with anything labelled or found."""
        return [(k, self.precision(k), self.recall(k), self.tp[k], self.fp[k], self.fn[k])
                for k in KINDS if self.tp[k] + self.fp[k] + self.fn[k]]
