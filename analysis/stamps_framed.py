"""Stamps in a ruled frame whose rules the outline finder (``shapes._rectangles``) cannot
close: an FBI office's date stamp (SEARCHED / SERIALIZED / INDEXED / FILED over the date
and the office, in a box), set down a degree or two off level, its rules worn into
pieces, initials written across them and a file number over its top. Found from its two
sides: long upright rules, pieces joined, of about one height, a stamp's width apart,
with a rule across at their tops and at their feet (level or slanting a little, where the
stamp is turned); or from one side, where the other is worn to dots. No Qt."""
from __future__ import annotations

import cv2
import numpy as np

from .ink import Page

# slopes a rule across is looked for at (up to ~3.5 degrees: a date stamp is set down by hand)
TURN = (-0.06, -0.045, -0.03, -0.015, 0.0, 0.015, 0.03, 0.045, 0.06)


def _sides(page: Page, lines: np.ndarray) -> list[list[float]]:
    """Upright rules four typed lines long or more, as [top, bottom, x]: the pieces of one
    rule (a worn stamp's, broken by a gap of up to a line and a half) joined."""
    lh = page.lh
    upright = cv2.morphologyEx(lines, cv2.MORPH_OPEN, np.ones((lh // 2, 1), np.uint8))
    found = cv2.HoughLinesP(upright, 1, np.pi / 360, threshold=2 * lh, minLineLength=4 * lh, maxLineGap=int(0.8 * lh))
    pieces = [(min(y0, y1), max(y0, y1), (x0 + x1) / 2) for x0, y0, x1, y1 in
              (found.reshape(-1, 4).astype(int) if found is not None else [])
              if abs(x1 - x0) <= 0.09 * abs(y1 - y0)]
    out: list[list[float]] = []
    for top, bottom, x in sorted(pieces):
        for o in out:
            if abs(o[2] - x) < 8 and top <= o[1] + 1.5 * lh and bottom >= o[0] - 1.5 * lh:
                o[0], o[1] = min(o[0], top), max(o[1], bottom)
                break
        else:
            out.append([top, bottom, x])
    return out


def _across(level: np.ndarray, ys: np.ndarray, x0: int, x1: int) -> np.ndarray:
    """For each row of YS, the share of the columns from X0 to X1 that a rule across at it
    (level, or slanting a little, ``TURN``) holds ink in, within a few pixels."""
    cols = np.arange(x0, x1)
    best = np.zeros(len(ys))
    for slope in TURN:
        rows = (ys[:, None] + slope * (cols - x0)[None, :]).astype(int)
        hit = np.zeros(rows.shape, bool)
        for d in range(-6, 7, 2):
            r = np.clip(rows + d, 0, level.shape[0] - 1)
            hit |= level[r, cols[None, :]] > 0
        best = np.maximum(best, hit.mean(axis=1))
    return best


def _nearest(level: np.ndarray, ys: range, y: float, x0: int, x1: int) -> int | None:
    """Of the rows YS, the one nearest Y that a rule runs across from X0 to X1 at, most of
    the way (``_across``), or None."""
    ys = np.array(ys)
    ruled = ys[_across(level, ys, x0, x1) >= 0.6]
    return int(ruled[np.argmin(np.abs(ruled - y))]) if ruled.size else None


def _run(level: np.ndarray, y: int, x: int, step: int, reach: int) -> int:
    """How far a rule across at row Y runs from X (starting within a few pixels of it) in the
    direction STEP (1 or -1), up to REACH pixels: the length of its first unbroken run."""
    cols = np.clip(x + step * np.arange(-10, reach), 0, level.shape[1] - 1)
    row = level[y, cols] > 0
    if not row[:20].any():
        return 0
    start = int(np.argmax(row[:20]))
    gaps = np.flatnonzero(~row[start:])
    return int(gaps[0]) if gaps.size else len(row) - start


def _one_sided(page: Page, level: np.ndarray, side: list[float]) -> list[int] | None:
    """The frame of a stamp one side of which is worn to dots (the outline finder and
    ``_sides`` see only the other): from the whole side, rules across at its top and its
    foot running the same way (the longer a stamp's width, the shorter at least half as
    long), and the dotted side showing along most of the frame's height where the longer
    ends."""
    lh, W = page.lh, page.width
    top, bottom, x = int(side[0]), int(side[1]), int(side[2])
    best = None
    for step in (1, -1):
        ends = []
        for ys in (range(top - lh, top + lh, 2), range(bottom - lh, bottom + lh, 2)):
            runs = [(_run(level, y, x, step, int(0.3 * W)), y) for y in ys if 0 <= y < page.height]
            ends.append(max(runs, default=(0, 0)))
        (lt, ty), (lb, by) = ends
        length = max(lt, lb)
        if not 250 <= length <= 0.3 * W or min(lt, lb) < 0.5 * length or by - ty < 150:
            continue
        far = x + step * length
        cover = max(float((page.ink[ty:by, max(0, c - 4):c + 5] > 0).any(axis=1).mean())
                    for c in range(far - 10, far + 11, 5))
        if cover >= 0.4:
            best = [min(x, far), ty, max(x, far), by]
    return best


def _runs_across(page: Page, thick: int) -> np.ndarray:
    """The ink's runs across a typed line long or more, the ink thickened THICK rows up and
    down first (a thin rule slanting a degree or more steps down a row every few dozen
    pixels; the level rules, ``lines``, keep only its level runs)."""
    return cv2.morphologyEx(cv2.dilate(page.ink, np.ones((thick, 1), np.uint8)), cv2.MORPH_OPEN,
                            np.ones((1, page.lh), np.uint8))


def frames(page: Page, lines: np.ndarray) -> list[list[int]]:
    """Boxes (x0, y0, x1, y1) of ruled frames a stamp's size: two upright rules side by side
    (over three fifths of the longer one, a worn side being short), 250 pixels to three
    tenths of the page apart (a form's boxes run wider), with a rule across most of the way
    between them at their tops and at their feet (or at one, if the sides agree on the
    other); or one such rule whose other side is dots (``_one_sided``)."""
    lh, W, H = page.lh, page.width, page.height
    level = _runs_across(page, 5)
    sides = _sides(page, lines)
    out = []
    for a in sides:
        for b in sides:
            if not 250 <= b[2] - a[2] <= 0.3 * W:
                continue
            top, bottom = min(a[0], b[0]), max(a[1], b[1])
            if min(a[1], b[1]) - max(a[0], b[0]) < 0.6 * max(a[1] - a[0], b[1] - b[0]) \
                    or not 150 <= bottom - top <= 0.2 * H:
                continue
            x0, x1 = int(a[2]), int(b[2])
            # the rules across: the nearest to the sides' ends, up to three lines beyond (a
            # worn side's end is gone) or two within (where the frame's own rule is worn to
            # dashes, the stamp's rule over its office's name stands in; the frame then
            # reaches as far as both sides do)
            ty = _nearest(level, range(int(top - 3 * lh), int(max(a[0], b[0]) + 2 * lh), 3), top, x0, x1)
            by = _nearest(level, range(int(min(a[1], b[1]) - 2 * lh), int(bottom + 3 * lh), 3), bottom, x0, x1)
            if (ty is None) != (by is None) and abs((a[0] - b[0]) - (a[1] - b[1])) <= 0.5 * lh:
                # one rule across worn away (or crossed out by the pen): two sides of one
                # length, their ends stepped alike (the stamp's turn), close the frame
                ty, by = (int(top) if ty is None else ty), (int(bottom) if by is None else by)
            if ty is not None and by is not None and by - ty >= 150:
                out.append([x0, min(ty, int(max(a[0], b[0]))), x1, max(by, int(min(a[1], b[1])))])
    # a side no other side closes a frame with may have its other side worn to dots: its
    # rules across are followed from it (thickened further up and down, their breaks of up
    # to a line closed) to where that side should be; made only for such a side (most pages
    # have none)
    joined = None
    for s in sides:
        if 150 <= s[1] - s[0] <= 0.2 * H and not any(abs(o[0] - s[2]) < 10 or abs(o[2] - s[2]) < 10 for o in out):
            if joined is None:
                joined = cv2.morphologyEx(_runs_across(page, 9), cv2.MORPH_CLOSE, np.ones((1, lh), np.uint8))
            b = _one_sided(page, joined, s)
            if b:
                out.append(b)
    return out
