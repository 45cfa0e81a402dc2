"""The page as ink: background flattened, ink mask, darkness, and the measures of the
typing (line height, character width) that the detectors scale themselves by. No Qt."""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

import cv2
import numpy as np


def box(x, y, w, h) -> list[int]:
    return [int(x), int(y), int(x + w), int(y + h)]


def iou(a, b) -> float:
    x0, y0, x1, y1 = max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])
    inter = max(0, x1 - x0) * max(0, y1 - y0)
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def overlap(a, b) -> float:
    """Share of A's area that lies inside B."""
    x0, y0, x1, y1 = max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])
    inter = max(0, x1 - x0) * max(0, y1 - y0)
    area = (a[2] - a[0]) * (a[3] - a[1])
    return inter / area if area > 0 else 0.0


def inside(a, b, margin: int = 0) -> bool:
    return a[0] >= b[0] - margin and a[1] >= b[1] - margin and a[2] <= b[2] + margin and a[3] <= b[3] + margin


def union(boxes) -> list[int]:
    return [min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)]


def flatten(gray: np.ndarray) -> np.ndarray:
    """The page with its uneven light divided out: paper near 255, ink darker. The
    background is the page closed (lightest nearby) over a window larger than any mark
    we look for (redaction boxes included), computed at a quarter of the size."""
    h, w = gray.shape
    small = cv2.resize(gray, (max(1, w // 4), max(1, h // 4)), interpolation=cv2.INTER_AREA)
    bg = cv2.morphologyEx(small, cv2.MORPH_CLOSE, np.ones((41, 41), np.uint8))
    bg = cv2.GaussianBlur(bg, (0, 0), 6)
    bg = cv2.resize(bg, (w, h), interpolation=cv2.INTER_LINEAR)
    return cv2.divide(gray, np.maximum(bg, 1), scale=255)


@dataclass
class Page:
    """What every detector shares about one frame."""
    gray: np.ndarray
    flat: np.ndarray = field(init=False)
    dark: np.ndarray = field(init=False)       # 255 - flat: ink darkness, paper 0
    ink: np.ndarray = field(init=False)        # 255 ink, 0 paper
    words: list = field(default_factory=list)
    lh: int = 36                               # typical typed word height (px)
    cw: float = 25.0                           # typical typed character width (px)
    _angle: float | None = None
    _level: float | None = None

    def __post_init__(self):
        self.flat = flatten(self.gray)
        self.dark = cv2.subtract(np.full_like(self.flat, 255), self.flat)
        t, _ = cv2.threshold(self.dark, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
        # Otsu on a mostly blank page can fall into the paper's grain: keep it above it
        _, self.ink = cv2.threshold(self.dark, max(t, 40), 255, cv2.THRESH_BINARY)
        typed = [w for w in self.words if len(w.text) >= 3 and w.text.isalpha() and w.conf >= 60]
        if len(typed) >= 5:
            self.lh = int(np.median([w.bbox[3] - w.bbox[1] for w in typed]))
            self.cw = float(np.median([(w.bbox[2] - w.bbox[0]) / len(w.text) for w in typed]))
            short = [w.bbox[3] - w.bbox[1] for w in typed if not any(c in "gjpqy" for c in w.text)]
            self.cap = int(np.median(short)) if short else int(0.8 * self.lh)
        else:
            self.cap = int(0.8 * self.lh)

    @property
    def angle(self) -> float:
        """The typing's skew in degrees (positive: lines fall to the right), found by the
        angle at which the rows of ink are sharpest, on a quarter-size page."""
        if self._angle is None:
            small = cv2.resize(self.ink, (self.width // 4, self.height // 4), interpolation=cv2.INTER_AREA)
            h, w = small.shape
            best, best_score = 0.0, -1.0
            for a in np.arange(-4.0, 4.01, 0.25):
                m = cv2.getRotationMatrix2D((w / 2, h / 2), float(a), 1.0)
                rows = cv2.warpAffine(small, m, (w, h)).sum(axis=1, dtype=np.float64)
                score = float(np.square(np.diff(rows)).sum())
                if score > best_score:
                    best, best_score = float(a), score
            self._angle = best
        return self._angle

    def level_crop(self, bbox, pad: int = 4) -> np.ndarray:
        """The darkness around BBOX turned so that the typing runs level."""
        x0, y0, x1, y1 = bbox
        X0, Y0 = max(0, x0 - pad), max(0, y0 - pad)
        crop = self.dark[Y0:y1 + pad, X0:x1 + pad]
        if abs(self.angle) < 0.2 or crop.size == 0:
            return crop
        h, w = crop.shape
        m = cv2.getRotationMatrix2D((w / 2, h / 2), self.angle, 1.0)
        return cv2.warpAffine(crop, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=0)

    @property
    def height(self) -> int:
        return self.gray.shape[0]

    @property
    def width(self) -> int:
        return self.gray.shape[1]

    @functools.cached_property
    def speckled(self) -> bool:
        """A speckled copy: grainy film, its paper strewn with dots (the same measure the
        OCR takes them out by, ocr/preprocess.py)."""
        from ocr.preprocess import SPECKLED, lone_specks
        return lone_specks(self.gray) >= SPECKLED

    def stroke_level(self) -> float:
        """How dark typed strokes are on this page (high percentile of ink darkness), worked
        out once: every detector asks (a percentile over the whole page's ink each time was
        a twentieth of the analysis)."""
        if self._level is None:
            vals = self.dark[self.ink > 0]
            self._level = float(np.percentile(vals, 80)) if vals.size else 128.0
        return self._level


def components(mask: np.ndarray, min_area: int = 1):
    """Connected components as (x, y, w, h, area) rows, background left out."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    stats = stats[1:]
    return stats[stats[:, 4] >= min_area], labels


def ink_rows(page: Page, b, share: float = 0.4) -> list[int]:
    """B drawn in to the rows of its letters: Tesseract's box of a word under a dashed rule
    can take in the rule. The rows kept are the run (gaps of two rows bridged) holding the
    most ink, of rows with ink in a twentieth of B's columns or more; B itself when that run
    is less than SHARE of B's height."""
    x0, y0, x1, y1 = b
    rows = (page.ink[y0:y1, x0:x1] > 0).mean(axis=1) if x1 > x0 else np.zeros(0)
    on = np.r_[False, cv2.morphologyEx((rows >= 0.05).astype(np.uint8)[:, None], cv2.MORPH_CLOSE,
                                       np.ones((3, 1), np.uint8))[:, 0] > 0, False]
    starts, ends = np.flatnonzero(~on[:-1] & on[1:]), np.flatnonzero(on[:-1] & ~on[1:])
    if not starts.size:
        return list(b)
    best = max(zip(starts, ends), key=lambda se: rows[se[0]:se[1]].sum())
    if best[1] - best[0] < share * (y1 - y0):
        return list(b)
    return [x0, y0 + int(best[0]), x1, y0 + int(best[1])]
