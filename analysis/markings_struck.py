"""Classification markings stamped in large letters and struck out by hand, found from the
image alone: OCR reads nothing of them (the pen line runs the letters into one blot, and
stamped faces are stencilled or stippled), and they stand anywhere on the page, not only
at its head and foot (a reviewer's stamp mid-page, crossed out when it was downgraded).

What is looked for: one blob of ink the size of a stamped word (taller than the typing,
two to eight times as wide as tall, a little over a quarter to a half of its box inked:
stamped letters, not a smear, nor the thin strokes of a number written by hand and struck)
with a long, nearly level straight stroke across most of its width, the pen line; alone on
its row (typed words struck out with a note written onto the line make the same
blob, but typing goes on beside it); not inside a stamp or redaction, and not where OCR
read words that are no marking. Only on a page OCR has read: those tests need its words.
"""
from __future__ import annotations

import cv2
import numpy as np

from .ink import Page, box, iou, overlap
from .regions import Region

MAX_TILT = 25          # degrees off level a pen line through a marking may run


def struck_stamped(page: Page, found: list[Region], skip: list[Region], is_marking) -> list[Region]:
    """IS_MARKING(text) says whether OCR's words there name a marking (markings.match)."""
    if not page.words:
        return []
    lh = page.lh
    n, labels, stats, _ = cv2.connectedComponentsWithStats(page.ink, connectivity=8)
    out: list[Region] = []
    for i in range(1, n):
        x, y, w, h, area = (int(v) for v in stats[i])
        if area < 2 * lh * lh or not (1.4 * lh <= h <= 5 * lh and 2 * h <= w <= 8 * h and w >= 5 * lh) \
                or not 0.27 <= area / (w * h) <= 0.5:
            continue
        b = box(x, y, w, h)
        if any(overlap(b, r.bbox) > 0.3 for r in skip) or any(iou(b, r.bbox) > 0.2 for r in found + out):
            continue
        blob = labels[y:y + h, x:x + w] == i
        if _typing_beside(page, b) or _joined_to_typing(page, b) or not _solid(blob) \
                or not _pen_line_across(blob, w):
            continue
        words = [t for t in page.words if overlap(t.bbox, b) > 0.5]
        read = [t for t in words if t.conf >= 60 and sum(c.isalnum() for c in t.text) >= 3]
        if len(read) >= 2 and is_marking(" ".join(t.text for t in words)) is None or any(map(_number, read)):
            continue       # words read well there, and no marking: struck typing, a note, a number
        out.append(Region("classification", b, text=is_marking(" ".join(t.text for t in words)), struck=True))
    return out


def _number(word) -> bool:
    """WORD is mostly digits (a file number over a rule): markings are words."""
    digits = sum(c.isdigit() for c in word.text)
    return digits >= 3 and digits >= 0.5 * sum(c.isalnum() for c in word.text)


# a stamped face's strokes are solid: this share of a struck marking's ink outlasts an erosion
# by a 3 px square (0.41-0.50 on the corpus); type blurred into a speckled copy's grain, and a
# signature's or a scribble's thin, broken strokes, keep 0.11-0.35
SOLID = 0.38


def _solid(mask: np.ndarray, share: float = SOLID, k: int = 3) -> bool:
    """SHARE of MASK's ink outlasts an erosion by a K px square: strokes, not grain or dots."""
    m = mask.astype(np.uint8)
    return int(cv2.erode(m, np.ones((k, k), np.uint8)).sum()) >= share * max(1, int(m.sum()))


def _typing_beside(page: Page, b) -> bool:
    """A word read on B's row, within two line heights of its left or right end."""
    x0, y0, x1, y1 = b
    h, w = y1 - y0, x1 - x0
    for t in page.words:
        if t.conf < 40 or not y0 + 0.2 * h <= (t.bbox[1] + t.bbox[3]) / 2 <= y1 - 0.2 * h:
            continue
        at_end = t.bbox[2] <= x0 + 0.1 * w or t.bbox[0] >= x1 - 0.1 * w
        if at_end and max(t.bbox[0] - x1, x0 - t.bbox[2]) < 2 * page.lh:
            return True
    return False


def _joined_to_typing(page: Page, b) -> bool:
    """A word OCR read well lies partly in B: the blob runs into typing (a note written
    between the lines, joined to the descenders of the line above); a stamped marking stands
    clear of the typing."""
    return any(t.conf >= 80 and sum(c.isalpha() for c in t.text) >= 3 and 0.2 < overlap(t.bbox, b) <= 0.5
               for t in page.words)


def _pen_line_across(mask: np.ndarray, width: int) -> bool:
    """A straight stroke over more than half the blob's width, within MAX_TILT of level,
    through its letters: not along its foot or head (a rule under a typed or written field,
    the line of a stamp's blank, underlines the letters and joins them into one blob too)."""
    h = mask.shape[0]
    lines = cv2.HoughLinesP(mask.astype(np.uint8) * 255, 1, np.pi / 180, threshold=int(0.4 * width),
                            minLineLength=int(0.55 * width), maxLineGap=max(2, int(0.06 * width)))
    if lines is None:
        return False
    for x0, y0, x1, y1 in lines.reshape(-1, 4):
        tilt = abs(np.degrees(np.arctan2(int(y1) - int(y0), int(x1) - int(x0))))
        if min(tilt, 180 - tilt) <= MAX_TILT and 0.25 * h <= (y0 + y1) / 2 <= 0.75 * h:
            return True
    return False


# an obliterated marking's blot: its box this much inked at least (scribbled over, letters and
# strokes merged), and less than a redaction's solid black
BLOT_FILL = (0.45, 0.85)
# ... of pen strokes: this share of its ink outlasts an erosion by a 5 px square (a halftone
# screen shading a form's field, as inked and as wide, is fine dots: 2-3 % do)
BLOT_SOLID = 0.15


def obliterated(page: Page, found: list[Region], skip: list[Region], is_marking) -> list[Region]:
    """Markings at the head or foot of the page blacked out with pen strokes scribbled over
    them (FOR OFFICIAL USE ONLY on a released form): a blot of ink taller than the typing,
    several times as wide as tall, mostly inked but not solid, whose letters OCR could not
    read, and of pen strokes (not a halftone screen's dots). The letters left standing beside
    the blot, as tall as it, are part of the marking.
    Only on a page OCR has read (a page of nothing but a heading's bold letters has none)."""
    if not page.words:
        return []
    H, lh = page.height, page.lh
    out: list[Region] = []
    for y0, y1 in ((0, int(0.13 * H)), (int(0.87 * H), H)):
        band = page.ink[y0:y1]
        # a form's rules run into the blot: taken out, they do not make one blot of the band
        rules = cv2.morphologyEx(band, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (int(12 * page.cw), 1)))
        rest = cv2.subtract(band, rules)
        n, labels, stats, _ = cv2.connectedComponentsWithStats(rest, connectivity=8)
        for i in range(1, n):
            x, y, w, h, area = (int(v) for v in stats[i])
            if not (1.5 * lh <= h <= 6 * lh and w >= 3 * h and w >= 6 * lh):
                continue
            core = _dense_core(labels[y:y + h, x:x + w] == i)
            if core is None:
                continue
            cx0, cy0, cx1, cy1 = core
            b = [x + cx0, y0 + y + cy0, x + cx1, y0 + y + cy1]
            blot = labels[y + cy0:y + cy1, x + cx0:x + cx1] == i
            if cy1 - cy0 < 1.5 * lh or not BLOT_FILL[0] <= blot.mean() <= BLOT_FILL[1] \
                    or not _solid(blot, BLOT_SOLID, 5):
                continue
            b = _with_letters_beside(b, stats, y0)
            # the blot itself has a marking's shape, not only the ink it is part of (a large
            # initial written over a form's rule is a short blot on a long stroke)
            if b[2] - b[0] < max(3 * (b[3] - b[1]), 6 * lh):
                continue
            if any(overlap(b, r.bbox) > 0.3 for r in skip) or any(iou(b, r.bbox) > 0.2 for r in found + out):
                continue
            words = [t for t in page.words if overlap(t.bbox, b) > 0.5]
            read = [t for t in words if t.conf >= 70 and sum(c.isalpha() for c in t.text) >= 3]
            if len(read) >= 2 and is_marking(" ".join(t.text for t in words)) is None:
                continue       # words read well there: print, not a blot over a marking
            out.append(Region("classification", b, text=is_marking(" ".join(t.text for t in words)), struck=True))
    return out


def _dense_core(mask: np.ndarray):
    """(x0, y0, x1, y1) in MASK of its longest run of densely inked columns (over a third of
    the blot's rows, smoothed over half its height: a scribble leaves thinner places), the
    rows inked in that run drawn in likewise; None when the run is short. Print joined to the blot's end (a printed suffix, a
    line of text below the rule) is thinner and is left out."""
    h, w = mask.shape
    k = max(3, h // 2)
    cols = cv2.blur(mask.mean(axis=0, dtype=np.float32)[None, :], (k, 1))[0] >= 0.35
    run = _longest(cols)
    if run is None or run[1] - run[0] < 3 * h // 2:
        return None
    rows = mask[:, run[0]:run[1]].mean(axis=1) >= 0.2
    r = _longest(rows)
    if r is None or r[1] - r[0] < h // 3:
        return None
    return run[0], r[0], run[1], r[1]


def _longest(on: np.ndarray):
    edges = np.diff(np.r_[0, on.astype(np.int8), 0])
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    if not starts.size:
        return None
    j = int(np.argmax(ends - starts))
    return int(starts[j]), int(ends[j])


def _with_letters_beside(b, stats, y0: int):
    """B widened over the letters standing on its row, about as tall as it, a letter's gap or
    less apart: the words at either end of the marking the scribble missed."""
    h = b[3] - b[1]
    x0, x1 = b[0], b[2]
    grew = True
    while grew:
        grew = False
        for x, y, w, hh, _ in stats[1:]:
            yc = y0 + y + hh / 2
            if not (0.5 * h <= hh <= 1.3 * h and b[1] <= yc <= b[3]):
                continue
            if 0 <= x0 - (x + w) <= 0.5 * h and x < x0:
                x0, grew = int(x), True
            elif 0 <= x - x1 <= 0.5 * h and x + w > x1:
                x1, grew = int(x + w), True
    return [x0, b[1], x1, b[3]]
