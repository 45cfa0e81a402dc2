"""Finding stamps, check boxes, redactions, struck words, x-outs, classification markings
and handwriting on a frame image, with OpenCV (vector operations, no pixel loops).

Shapes come from the image: ruled rectangles (stamps), small squares (check boxes),
solid dark blocks (redactions), long thin horizontal strokes (strike-throughs). Words
come from OCR when given: a classification word alone at the head or foot of the page,
a word of X's (an x-out), and ink between the typed lines that no word explains
(handwritten insertions).
"""
from __future__ import annotations

import re

import cv2
import numpy as np
from rapidfuzz import fuzz

from .regions import FrameAnalysis, Region

VERSION = 3   # bump when what is detected changes: cached results are keyed by it

CLASSIFICATIONS = ("TOP SECRET", "SECRET", "CONFIDENTIAL", "UNCLASSIFIED", "RESTRICTED", "EYES ONLY",
                   "NOFORN", "LIMITED OFFICIAL USE")
_XOUT = re.compile(r"^[Xx]{4,}[.,;:]?$")


def _binary(gray: np.ndarray) -> np.ndarray:
    """Ink as 255 on 0, robust to grey film and uneven light."""
    background = cv2.GaussianBlur(cv2.morphologyEx(gray, cv2.MORPH_CLOSE, np.ones((25, 25), np.uint8)), (0, 0), 10)
    flat = cv2.divide(gray, background, scale=255)
    _, ink = cv2.threshold(flat, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return ink


def _box(x, y, w, h) -> list[int]:
    return [int(x), int(y), int(x + w), int(y + h)]


def _rects(ink: np.ndarray):
    """Four-cornered contours: (x, y, w, h, fill) of each, fill = share of ink inside."""
    contours, _ = cv2.findContours(ink, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    out = []
    for c in contours:
        x, y, w, h = cv2.boundingRect(c)
        if w < 14 or h < 14:
            continue
        approx = cv2.approxPolyDP(c, 0.04 * cv2.arcLength(c, True), True)
        if len(approx) != 4 or cv2.contourArea(approx) < 0.75 * w * h:
            continue
        fill = float(ink[y:y + h, x:x + w].mean()) / 255
        out.append((x, y, w, h, fill))
    return out


def _dedupe(regions: list[Region], iou: float = 0.6) -> list[Region]:
    kept: list[Region] = []
    for r in sorted(regions, key=lambda r: -(r.bbox[2] - r.bbox[0]) * (r.bbox[3] - r.bbox[1])):
        if all(_iou(r.bbox, k.bbox) < iou for k in kept if k.kind == r.kind):
            kept.append(r)
    return kept


def _iou(a, b) -> float:
    x0, y0, x1, y1 = max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])
    inter = max(0, x1 - x0) * max(0, y1 - y0)
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union else 0.0


def _inside(a, b, margin: int = 0) -> bool:
    return a[0] >= b[0] - margin and a[1] >= b[1] - margin and a[2] <= b[2] + margin and a[3] <= b[3] + margin


def shapes(gray: np.ndarray, ink: np.ndarray) -> list[Region]:
    h, w = gray.shape
    found = []
    for x, y, bw, bh, fill in _rects(ink):
        box = _box(x, y, bw, bh)
        if 16 <= bw <= 60 and 16 <= bh <= 60 and 0.7 <= bw / bh <= 1.4:
            inner = ink[y + bh // 5: y + bh - bh // 5, x + bw // 5: x + bw - bw // 5]
            found.append(Region("checkbox", box, checked=bool(inner.mean() / 255 > 0.12)))
        elif bw > 250 and bh > 120 and bw < 0.95 * w and bh < 0.8 * h and fill < 0.35:
            found.append(Region("stamp", box))
        elif bw > 40 and bh > 18 and fill > 0.85:
            found.append(Region("redaction", box))
    # solid blocks are also found without clean corners: dark, filled components
    solid = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((15, 15), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(solid)
    for x, y, bw, bh, area in stats[1:]:
        if bw > 40 and bh > 18 and area > 0.8 * bw * bh and bw < 0.9 * w:
            found.append(Region("redaction", _box(x, y, bw, bh)))
    return _dedupe(found)


def strike_lines(ink: np.ndarray) -> list[list[int]]:
    """Long, thin, horizontal strokes (a pen or a typed strike through words)."""
    lines = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (70, 1)))
    lines = cv2.morphologyEx(lines, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (15, 3)))
    n, _, stats, _ = cv2.connectedComponentsWithStats(lines)
    return [_box(x, y, bw, bh) for x, y, bw, bh, _ in stats[1:] if bw >= 70 and bh <= 14]


def word_regions(words, lines: list[list[int]], height: int, stamps: list[Region]) -> list[Region]:
    """Classification markings, x-outs and struck words, from OCR words and strike lines."""
    out = []
    by_line: dict[tuple, list] = {}
    for w in words:
        by_line.setdefault((w.block, w.par, w.line), []).append(w)
    for line in by_line.values():
        text = " ".join(w.text for w in line).strip(" .-—:")
        box = [min(w.bbox[0] for w in line), min(w.bbox[1] for w in line),
               max(w.bbox[2] for w in line), max(w.bbox[3] for w in line)]
        upper = text.upper()
        # struck markings are misread by OCR: a close match alone on its line counts
        if len(upper) >= 5 and max(fuzz.ratio(upper.replace(" ", ""), c.replace(" ", "")) for c in CLASSIFICATIONS) >= 75 \
                and not any(_inside(box, s.bbox, 10) for s in stamps):
            upper = max(CLASSIFICATIONS, key=lambda c: fuzz.ratio(upper.replace(" ", ""), c.replace(" ", "")))
            struck = any(l[0] < box[2] and l[2] > box[0] and box[1] + 0.2 * (box[3] - box[1]) < (l[1] + l[3]) / 2
                         < box[3] - 0.1 * (box[3] - box[1]) for l in lines)
            out.append(Region("classification", box, text=upper, struck=struck))
    for w in words:
        if _XOUT.match(w.text):
            out.append(Region("xout", list(w.bbox), text=w.text))
            continue
        x0, y0, x1, y1 = w.bbox
        mid_lo, mid_hi = y0 + 0.25 * (y1 - y0), y1 - 0.15 * (y1 - y0)
        covering = [l for l in lines if l[0] <= x0 + 0.3 * (x1 - x0) and l[2] >= x1 - 0.3 * (x1 - x0)
                    and mid_lo <= (l[1] + l[3]) / 2 <= mid_hi]
        if covering and len(w.text) > 1 and not any(r.kind == "classification" and _inside(w.bbox, r.bbox, 5)
                                                     for r in out):
            out.append(Region("deletion", list(w.bbox), text=w.text))
    return _merge_adjacent(out, "deletion")


def _merge_adjacent(regions: list[Region], kind: str) -> list[Region]:
    """Struck words side by side on one line are one deletion."""
    others = [r for r in regions if r.kind != kind]
    runs: list[Region] = []
    for r in sorted((r for r in regions if r.kind == kind), key=lambda r: (r.bbox[1] // 20, r.bbox[0])):
        last = runs[-1] if runs else None
        if last and abs(last.bbox[1] - r.bbox[1]) < 15 and 0 <= r.bbox[0] - last.bbox[2] < 45:
            last.bbox = [last.bbox[0], min(last.bbox[1], r.bbox[1]), r.bbox[2], max(last.bbox[3], r.bbox[3])]
            last.text = f"{last.text} {r.text}"
        else:
            runs.append(Region(kind, list(r.bbox), text=r.text))
    return others + runs


def insertions(ink: np.ndarray, words, stamps: list[Region]) -> list[Region]:
    """Ink between the typed lines that no recognised word covers: writing in by hand."""
    if not words:
        return []
    mask = ink.copy()
    heights = sorted(w.bbox[3] - w.bbox[1] for w in words if len(w.text) > 2) or [30]
    lh = heights[len(heights) // 2]
    for w in words:
        x0, y0, x1, y1 = w.bbox
        mask[max(0, y0 - 4):y1 + 4, max(0, x0 - 4):x1 + 4] = 0
    for s in stamps:
        x0, y0, x1, y1 = s.bbox
        mask[y0:y1, x0:x1] = 0
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    blob = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, (max(9, lh), max(3, lh // 4))))
    n, _, stats, _ = cv2.connectedComponentsWithStats(blob)
    text_top = min(w.bbox[1] for w in words)
    text_bottom = max(w.bbox[3] for w in words)
    out = []
    for x, y, bw, bh, area in stats[1:]:
        ink_in = int(mask[y:y + bh, x:x + bw].sum() / 255)
        if bw >= 1.5 * lh and lh * 0.4 <= bh <= lh * 2.2 and ink_in > lh * 4 and text_top - lh < y < text_bottom:
            out.append(Region("insertion", _box(x, y, bw, bh), score=0.6))
    return out


def frame_kind(words, shapes_found: list[Region], width: int, height: int) -> str:
    xs = sum(1 for w in words if w.text.upper() in ("X", "XX"))
    if xs >= 12 or any(w.text.lower() == "tgt" for w in words):
        return "target"
    lines = {(w.block, w.par, w.line) for w in words}
    if words and len(lines) <= 6 and max(w.bbox[3] - w.bbox[1] for w in words) > 55:
        return "title"
    return "document"


def analyze_image(gray: np.ndarray, index: int = 0, words=None) -> FrameAnalysis:
    """Everything found on one frame. WORDS are OCR words (text, bbox, block, par, line)."""
    words = [w for w in (words or []) if w.text.strip()]
    height, width = gray.shape[:2]
    ink = _binary(gray)
    found = shapes(gray, ink)
    stamps = [r for r in found if r.kind == "stamp"]
    found = [r for r in found if not (r.kind == "redaction" and any(_inside(r.bbox, s.bbox) for s in stamps))]
    lines = strike_lines(ink)
    if words:
        found += word_regions(words, lines, height, stamps)
    else:
        # no OCR yet: a strike line alone still marks struck text (its words are unknown)
        found += _merge_adjacent([Region("deletion", [l[0], max(0, l[1] - 14), l[2], l[3] + 14]) for l in lines
                                  if not any(_inside(l, s.bbox, 5) for s in stamps) and l[2] - l[0] < 0.6 * width],
                                 "deletion")
    found += insertions(ink, words, stamps)
    return FrameAnalysis(index, frame_kind(words, found, width, height), width, height, found)
