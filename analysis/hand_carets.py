"""What marks where a note goes in, a caret under it or a struck word under its replacement,
and what it tells. Notes written side by side above one typed line are told apart by
them: their strokes lie closer than a hand's words are joined into one note, so the
joining runs them into one; the marks below them part them. And a note squeezed into the
narrow gap between single-spaced lines, its letters run into the typing's, is found over
its mark by the pen's darker ink (where the typing is grey). No Qt.
"""
from __future__ import annotations

import cv2
import numpy as np

from .ink import Page, components, overlap

GAP = 0.3       # the blank between two notes, in typed lines, at least (a hand's own letters touch)
PEN = 1.1       # a caret's ink is this much darker than the typing's strokes at least
# a note squeezed over its mark: as wide as a short word, half a line tall, and this much of
# the pen's ink (in square typed lines) at least: the typing's own dark specks are less
SQUEEZED_INK = 0.25
PEN_SHARE = 0.35  # of the ink in a squeezed note's box, the pen's at least
WORD_INK = 0.05   # a note word's pen ink at least (less is the typing's dark specks)
WORD_GAP = 0.25   # a note's words lie closer than this (in typed lines, past the joining)


def _caret(patch: np.ndarray, lh: int) -> bool:
    """The mark PATCH (True where ink) is a caret: about a typed letter's size (a comma or a
    full stop is smaller), and its foot twice as wide as its apex at least (its two strokes
    part from the point; a written letter's top is about as wide as its foot)."""
    h, w = patch.shape
    if not (0.4 * lh <= h <= 1.4 * lh and 0.25 * lh <= w <= 1.5 * lh):
        return False
    cols = [np.flatnonzero(row) for row in patch]
    spread = [c[-1] - c[0] + 1 if c.size else 0 for c in cols]
    q = max(1, h // 4)
    return max(spread[:q]) * 2 <= max(spread[-q:])


def anchors(page: Page, b, struck: list) -> list[float]:
    """The columns where what is written in box B goes into the typed line under it: the
    carets there (each one's middle), and the middle of each struck word (STRUCK, boxes)
    right under it. A caret is looked for in the pen's ink alone, darker than the typing's
    strokes: it touches the letters either side, and OCR reads it into their word."""
    lh = page.lh
    y0, y1 = max(0, int(b[3] - 0.2 * lh)), int(b[3] + 1.3 * lh)
    x0, x1 = max(0, int(b[0] - 0.5 * lh)), int(b[2] + 0.5 * lh)
    pen = page.dark[y0:y1, x0:x1] >= PEN * page.stroke_level()
    stats, _ = components(pen.astype(np.uint8), 8)
    out = [x0 + x + w / 2 for x, y, w, h, _ in stats if _caret(pen[y:y + h, x:x + w], lh)]
    out += [(s[0] + s[2]) / 2 for s in struck
            if s[0] < b[2] and s[2] > b[0] and b[3] - 0.3 * lh <= s[1] <= b[3] + 1.2 * lh]
    return sorted(out)


def split(page: Page, note: np.ndarray, b, struck: list) -> list[list[int]]:
    """Box B of the note ink NOTE cut where a blank GAP lines wide or more parts what goes in
    at two of its anchors (``anchors``): the widest blank between each two; B whole if it is
    taller than a line of writing or has fewer than two anchors under it."""
    lh = page.lh
    if b[3] - b[1] > 2.5 * lh:
        return [b]
    at = anchors(page, b, struck)
    if len(at) < 2:
        return [b]
    inked = (note[b[1]:b[3], b[0]:b[2]] > 0).any(axis=0)
    cuts = []
    for a, c in zip(at, at[1:]):
        lo, hi = int(a) - b[0], int(c) - b[0]
        if hi - lo < GAP * lh:
            continue
        blank = ~inked[max(0, lo):max(0, hi)]
        # the widest run of blank columns between the two anchors
        edges = np.diff(np.r_[0, blank.astype(np.int8), 0])
        starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
        if not len(starts):
            continue
        k = int(np.argmax(ends - starts))
        if ends[k] - starts[k] >= GAP * lh:
            cuts.append(int(b[0] + max(0, lo) + (starts[k] + ends[k]) // 2))
    if not cuts:
        return [b]
    edges = [b[0]] + cuts + [b[2]]
    out = []
    for left, right in zip(edges, edges[1:]):
        ys, xs = np.nonzero(note[b[1]:b[3], left:right])
        if xs.size:
            out.append([left + int(xs.min()), b[1] + int(ys.min()), left + int(xs.max()) + 1, b[1] + int(ys.max()) + 1])
    return out


def above_the_line(page: Page, ctx, b, struck: list) -> list[int]:
    """Box B of a note written just above a typed line, less what it took in of that line:
    the caret under it and the typed letters the caret's foot touches, joined to the note by
    the caret's point (OCR reads them into one word, so they are not taken out as typing).
    B ends a quarter of a line into the line's strip (CTX.strip) when at least 0.6 of a line
    of it stands above the strip and 0.4 in it, down to within half a line of B's foot. A
    note written onto a struck word (STRUCK, boxes) keeps the loops it dips into the word."""
    lh = page.lh
    x0, y0, x1, y1 = b
    if not 1.2 * lh <= y1 - y0 <= 3 * lh or any(overlap(b, s) > 0 for s in struck):
        return b
    cover = (ctx.strip[y0:y1, x0:x1] > 0).mean(axis=1) >= 0.5
    on = np.flatnonzero(cover)
    if not on.size or on[-1] < (y1 - y0) - 0.5 * lh:
        return b
    top = on[-1]
    while top > 0 and cover[top - 1]:
        top -= 1
    if top < 0.6 * lh or (y1 - y0) - top < 0.4 * lh:
        return b
    ink = ctx.free[y0:y0 + top + int(0.25 * lh), x0:x1]
    ys, xs = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    if not ys.size:
        return b
    return [x0 + int(xs[0]), y0 + int(ys[0]), x0 + int(xs[-1]) + 1, y0 + int(ys[-1]) + 1]


def _carets(page: Page, pen: np.ndarray) -> list[list[int]]:
    """The boxes of the carets in PEN (the ink darker than the typing's strokes)."""
    stats, _ = components(pen.astype(np.uint8), 8)
    return [[int(x), int(y), int(x + w), int(y + h)] for x, y, w, h, _ in stats
            if _caret(pen[y:y + h, x:x + w], page.lh)]


def _words(win: np.ndarray, lh: int) -> list:
    """The boxes (in WIN) and pen ink of the notes in WIN (True where the pen's ink): a
    note's letters joined into clusters, and the clusters next along one line (a note's
    words: "at once" is one note) joined into one."""
    joined = cv2.dilate(win, cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, lh // 3), 3)))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    ink = np.bincount(labels.ravel(), weights=win.ravel(), minlength=n)
    parts = sorted(([int(x), int(y), int(x + w), int(y + h)], float(ink[i]))
                   for i, (x, y, w, h) in enumerate(stats[1:, :4], 1) if ink[i] >= WORD_INK * lh * lh)
    out: list = []
    for b, k in parts:
        if out:
            a, ka = out[-1]
            rows = min(a[3], b[3]) - max(a[1], b[1])
            if b[0] - a[2] < WORD_GAP * lh and rows > 0.5 * min(a[3] - a[1], b[3] - b[1]):
                out[-1] = ([a[0], min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])], ka + k)
                continue
        out.append((b, k))
    return out


def _pen_share(page: Page, pen: np.ndarray, b) -> float:
    """The share of the ink in box B that is the pen's (PEN, the ink darker than the typing)."""
    ink = page.ink[b[1]:b[3], b[0]:b[2]].astype(bool).sum()
    return float(pen[b[1]:b[3], b[0]:b[2]].sum()) / max(1, ink)


def squeezed(page: Page, taken: list) -> list[list[int]]:
    """The boxes of notes squeezed in over a caret or a struck word (a Region of TAKEN, the
    marks found already), where the joining of the note ink found none: the note of the
    pen's ink above the mark (``_words``) nearest over its middle, if over a third of the ink
    in its box is the pen's; none where a redaction, a stamp or a note of the pen's ink was
    found already, or lying mostly in a struck word's box (a note over one may run into its
    top). A note found already whose box is mostly the typing's grey (the joining of the note
    ink took the typed word it runs into in with it) is no bar: the caller drops it. Only where
    the typing is grey (a worn ribbon, a carbon) and the pen's ink darker: where the typing
    is black (a bilevel scan, a sharp greyscale one) no ink is darker than it, and nothing
    is found."""
    lh = page.lh
    pen = page.dark >= PEN * page.stroke_level()
    if not pen.any():
        return []           # (black typing: the page's components need not be looked for)
    struck = [r.bbox for r in taken if r.kind == "deletion"]
    found = [r.bbox for r in taken if r.kind in ("redaction", "stamp")
             or r.kind == "insertion" and _pen_share(page, pen, r.bbox) >= PEN_SHARE]
    out: list[list[int]] = []
    for a in struck + _carets(page, pen):
        x0, x1 = max(0, int(a[0] - lh)), int(a[2] + lh)
        y0, y1 = max(0, int(a[1] - 1.2 * lh)), int(a[1] + 0.25 * lh)
        win = pen[y0:y1, x0:x1].astype(np.uint8)
        mid = (a[0] + a[2]) / 2
        best = None
        for b, ink in _words(win, lh):
            w, h = b[2] - b[0], b[3] - b[1]
            if ink < SQUEEZED_INK * lh * lh or w < 0.8 * lh or h < 0.5 * lh:
                continue
            # (a note is the pen's: much of the ink in its box is dark; a typed word with
            # dark specks in its strokes, a ribbon struck hard, is mostly the typing's grey)
            if _pen_share(page, pen, [x0 + b[0], y0 + b[1], x0 + b[2], y0 + b[3]]) < PEN_SHARE:
                continue
            off = abs(x0 + (b[0] + b[2]) / 2 - mid)
            if off < max(a[2] - a[0], 2 * lh) and (best is None or off < best[0]):
                best = (off, [x0 + b[0], y0 + b[1], x0 + b[2], y0 + b[3]])
        if best and not any(overlap(best[1], t) > 0.3 for t in found + out) \
                and not any(overlap(best[1], t) > 0.5 for t in struck):
            out.append(best[1])
    return out
