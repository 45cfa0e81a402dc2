"""Telling a patch of ink written by hand from one typed or printed, by the shape of its
letters rather than by its size. No Qt.

Type, whether a typewriter's or a printer's (a form's labels, a stamp's words), sets its
letters upright on one baseline, each a separate mark of about one height; a hand slants
its letters, runs them together and lets them wander off the line. Each measure here is
true of paper documents in general, not of one face or one writer.
"""
from __future__ import annotations

import cv2
import numpy as np

from .ink import components

SLANTS = np.linspace(-0.45, 0.45, 19)   # shears tried (tan of the letters' lean)
SLOPING = 0.35      # a lean no set type's italic has (about 20 degrees): a hand's


def letters(sub: np.ndarray, min_h: int) -> np.ndarray:
    """The marks of a patch (x, y, w, h, area rows) at least MIN_H tall: letters, or runs
    of letters joined by the pen or by blur (dots, commas and specks left out)."""
    stats, _ = components(sub, 8)
    return stats[stats[:, 3] >= min_h] if len(stats) else stats


def baseline_share(marks: np.ndarray, tol: float) -> float:
    """Share of the marks whose foot lies within TOL of the line through their feet (fitted
    by the median slope between marks, so descenders and a skew do not bend it)."""
    if len(marks) < 3:
        return 0.0
    xs = marks[:, 0] + marks[:, 2] / 2.0
    foot = (marks[:, 1] + marks[:, 3]).astype(float)
    i, j = np.triu_indices(len(marks), 1)
    dx = xs[j] - xs[i]
    ok = np.abs(dx) > 1
    slope = float(np.median((foot[j] - foot[i])[ok] / dx[ok])) if ok.any() else 0.0
    slope = float(np.clip(slope, -0.08, 0.08))      # a typed line is never steeper than a few degrees
    rest = foot - slope * xs
    return float((np.abs(rest - np.median(rest)) <= tol).mean())


def aligned_share(marks: np.ndarray, tol: float) -> float:
    """Share of the marks with a neighbour on the same line: another mark beside it (a gap
    under the letters' height), its foot within TOL of this one's and about as tall, or as
    tall as the short letters (type sets x-height letters and capitals on one line). Works
    on a patch of several lines, as a stamp's impression is."""
    if len(marks) < 2:
        return 0.0
    return float(aligned(marks, tol).mean())


def aligned(marks: np.ndarray, tol: float) -> np.ndarray:
    """For each mark, whether another lies beside it (a gap under the taller's height) with
    its foot within TOL of this one's (``aligned_share``)."""
    x0, x1 = marks[:, 0].astype(float), (marks[:, 0] + marks[:, 2]).astype(float)
    foot = (marks[:, 1] + marks[:, 3]).astype(float)
    h = marks[:, 3].astype(float)
    gap = np.maximum(x0[None, :] - x1[:, None], x0[:, None] - x1[None, :])
    near = (gap < np.maximum(h[:, None], h[None, :])) & (np.abs(foot[:, None] - foot[None, :]) <= tol)
    np.fill_diagonal(near, False)
    return near.any(axis=1)


def slant(sub: np.ndarray) -> float:
    """The shear (tan of the lean from upright) that makes the patch's columns sharpest:
    upright type gives about 0, a sloping hand its slope (positive: leaning right)."""
    h, w = sub.shape
    if h < 8 or w < 8:
        return 0.0
    img = (sub > 0).astype(np.float32)
    best, best_score = 0.0, -1.0
    yc = h / 2.0
    for s in SLANTS:
        # x' = x + s * (y - yc): a letter leaning right by s is stood upright
        m = np.float32([[1, s, -s * yc], [0, 1, 0]])
        pad = int(abs(s) * h / 2) + 2
        m[0, 2] += pad
        cols = cv2.warpAffine(img, m, (w + 2 * pad, h), flags=cv2.INTER_NEAREST).sum(axis=0)
        score = float(np.square(cols).sum())
        if score > best_score:
            best, best_score = float(s), score
    return best


def measures(sub: np.ndarray, lh: int) -> tuple[int, float, float, float]:
    """(number of letters, their median height, share aligned with a neighbour, slant)."""
    marks = letters(sub, max(4, int(0.3 * lh)))
    if not len(marks):
        return 0, 0.0, 0.0, 0.0
    h = float(np.median(marks[:, 3]))
    return len(marks), h, aligned_share(marks, max(2.0, 0.1 * h)), slant(sub)


def typeset_like(sub: np.ndarray, lh: int, measured: tuple | None = None) -> bool:
    """The ink of SUB (a patch of mask) looks typed or printed: separate letters of a typed
    line's size or less, nearly all of them beside another with its foot on the same line,
    standing upright (two or three such letters will do, an unread "IN", "17", if none of
    them is wider than tall: a pen runs letters together, typing of a few letters does not).
    MEASURED is SUB's ``measures`` when the caller has them already."""
    marks = letters(sub, max(4, int(0.3 * lh)))
    n, h, al, sl = measured or measures(sub, lh)
    if n < 4 and len(marks) and marks[:, 2].max() > 1.2 * h:
        return False        # too few marks to judge by their line, and one runs letters together as a hand
    if n >= 5 and h <= 1.3 * lh and al >= 0.8 and abs(sl) < 0.3 and _one_height(marks):
        # the letters on a line with their neighbours, all of one height: print, though the
        # slant reads a lean (of two rows of short capitals, ROOM over NO., it reads the line
        # of the columns from row to row), short of a sloping hand's (SLOPING)
        return True
    return n >= 2 and h <= 1.3 * lh and abs(sl) < 0.1 and al >= (0.75 if n >= 3 else 1.0)


def _one_height(marks: np.ndarray) -> bool:
    """The letters among the marks (three fifths of their median height or more: a speck or a
    full stop left out), five or more, are all within a seventh of that height of it, as
    type's capitals or figures are; a hand's vary more."""
    h = marks[:, 3].astype(float)
    h = h[h >= 0.6 * np.median(h)]
    return len(h) >= 5 and bool((np.abs(h - np.median(h)) <= 0.15 * np.median(h)).all())


def hand_like(sub: np.ndarray, lh: int) -> bool:
    """The ink of SUB shows a hand, whatever its size: letters that do not keep to a line,
    sloping, or far taller than the typing (a stamp's or a form's print keeps to its lines
    and stands upright)."""
    n, h, al, sl = measures(sub, lh)
    if n >= 1 and al <= 0.6 and (abs(sl) >= 0.15 or h >= 2 * lh):
        return True
    # or letters that mostly keep to no line at all (two in three with no neighbour on
    # theirs: a hand's lines of writing wander), leaning a little
    if n >= 3 and al <= 0.35 and abs(sl) >= 0.08:
        return True
    # or a row of letters as tall as the typing or taller, five or more along four lines'
    # width, hardly any of them on a line with its neighbour: print sets even its large
    # letters on one line, upright or not ("Ray Rocca" written into a form's row)
    if n >= 5 and al <= 0.2 and h >= lh and sub.shape[1] >= 4 * lh:
        return True
    # or letters leaning far more than any print's italic, as tall as the typing: a file
    # number written neatly along a line, in a hand that slopes
    if n >= 3 and abs(sl) >= SLOPING and h >= lh:
        return True
    return n >= 1 and h >= 2 * lh and _large_and_uneven(letters(sub, max(4, int(0.3 * lh))), lh)


def _large_and_uneven(marks: np.ndarray, lh: int) -> bool:
    """A few marks (five at most) a line tall or more, of uneven heights: initials written
    large, whose letters keep to a line as well as a hand may; print that large (a heading,
    a stamp's date) is a row of more letters, or of letters of one height."""
    big = marks[marks[:, 3] >= lh] if len(marks) else marks
    return 1 <= len(big) <= 5 and big[:, 3].max() > 1.5 * big[:, 3].min()


def stippled(sub: np.ndarray, lh: int) -> bool:
    """Most of the ink of SUB is specks (a seal's or a punch mark's stipple, a halftone, dust):
    no mark of a letter's size, or little of the ink in such marks (a pen draws strokes)."""
    stats, _ = components(sub, 8)
    total = int(stats[:, 4].sum()) if len(stats) else 0
    # a seal's specks may be a third of a line tall; a pen's stroke, faint and broken as it
    # may be, runs longer than that, up or along
    marks = stats[np.maximum(stats[:, 2], stats[:, 3]) >= max(4, int(0.4 * lh))] if total else stats
    return total == 0 or not len(marks) or marks[:, 4].sum() < 0.5 * total


def sloping(sub: np.ndarray, lean: float = 0.15) -> bool:
    """The letters lean as a hand's do (type stands upright), by LEAN at least."""
    return abs(slant(sub)) >= lean


def circled(sub: np.ndarray, lh: int) -> bool:
    """SUB is a printed circled figure (a form's numbered field, (1) in a ring): its largest
    mark is a round ring no wider than two and a half lines, half the patch's ink or more in
    a thin band all the way round it, and ink inside it (the figure, touching the ring or
    not). A hand's circle round a note is larger and uneven; a lone written O holds nothing."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats((sub > 0).astype(np.uint8), connectivity=8)
    if n < 2:
        return False
    i = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    ys, xs = np.nonzero(labels == i)
    (cx, cy), r = cv2.minEnclosingCircle(np.stack([xs, ys], axis=1).astype(np.float32))
    if not 0.3 * lh <= r <= 1.25 * lh:
        return False
    ays, axs = np.nonzero(sub)
    d = np.hypot(axs - cx, ays - cy)
    ring = (d >= 0.75 * r) & (d <= 1.05 * r)
    sectors = np.unique((np.degrees(np.arctan2(ays[ring] - cy, axs[ring] - cx)) // 15).astype(int))
    return bool(ring.mean() >= 0.5 and len(sectors) >= 22 and (d < 0.6 * r).mean() >= 0.05)
