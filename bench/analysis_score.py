"""Scoring marks found on a frame against labelled ones: precision and recall per kind.

A found region counts when it overlaps a labelled region of the same kind with IoU at
least 0.5 (each label matched once, best overlap first); a check box must also be right
about ticked or empty. Beside that, a looser count by place (``placed``): a found region is
in the right place when half of it lies in a labelled one of its kind or half of a labelled
one lies in it (a piece of a long note, or two notes boxed as one), and a labelled one is
found so when such a found one holds or lies in it: how much of what is marked is a mark at
all, whatever its box. Used by bench/bench_analysis.py on generated reels (their truth
files) and on the hand-labelled scans in tests/data/scan-labels/.
"""
from __future__ import annotations

from collections import Counter

from analysis.ink import overlap
from analysis.regions import KINDS

IOU = 0.5


def _placed(found, wanted) -> bool:
    return overlap(found, wanted) >= 0.5 or overlap(wanted, found) >= 0.5


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
        # the looser count by place: found regions in the right place, and labels found so
        self.placed_found, self.placed_wanted = Counter(), Counter()
        self.found_n, self.wanted_n = Counter(), Counter()

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
            self.found_n[kind] += len(got)
            self.wanted_n[kind] += len(want)
            self.placed_found[kind] += sum(any(_placed(g["bbox"], w["bbox"]) for w in want) for g in got)
            self.placed_wanted[kind] += sum(any(_placed(g["bbox"], w["bbox"]) for g in got) for w in want)

    def merge(self, other: "Score") -> None:
        """Add OTHER's counts, misses and frames to these."""
        for c in ("tp", "fp", "fn", "placed_found", "placed_wanted", "found_n", "wanted_n"):
            getattr(self, c).update(getattr(other, c))
        self.misses += other.misses
        self.frames += other.frames

    def placed(self, kind: str) -> tuple[float | None, float | None]:
        """(precision, recall) of KIND by place, not box (see the module's doc)."""
        f, w = self.found_n[kind], self.wanted_n[kind]
        return (self.placed_found[kind] / f if f else None, self.placed_wanted[kind] / w if w else None)

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
