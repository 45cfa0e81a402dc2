"""Stamp impressions found from their rows of print alone, with no OCR word to seed them:
the date and received stamps OCR reads nothing of ("14 DEC 26 1963" set down turned,
"61 JAN 6 1964" cut larger than the typing, a faint "... INTELL DIA / REC'D"), and a
stamp's lines turned a few degrees or on their side. No Qt.

What tells a stamp's row from the rest of the loose ink (the ink with the typing OCR read
taken out, ``stamps_unruled.loose_ink``):

- its letters are separate marks of one height, their centres on one straight line at
  one turn (a hand's letters run together, change size and wander off the line);
- they stand upright along the row (a hand slants them) and are not on the typewriter's
  pitch (typing OCR read nothing of is);
- one or more such rows make an impression when cut larger than the typing (a date
  stamp's figures are) or set down at a turn the typing is not at: rows level with the
  typing and of its size are typing OCR read poorly (on a noisy copy), whatever their
  spacing, and so are level rows of the size of three more on the page;
- a row level with the typing is no word's small letters: a headline's "essons" has its
  capital L beside it, rising above the row (a stamp's row takes in all its letters).

A letterhead's or a form's printed title sits at the head of the page and OCR reads it as
words: rows are taken only below the page's head and where OCR read no confident word.

Not found (yet): rows a pen stroke crosses so that their letters join into one mark, bold
letters that touch, faint impressions broken into specks, stamps set down more than 15
degrees off, and one-line stamps of the typing's size set level with it.
"""
from __future__ import annotations

import cv2
import numpy as np

from . import hand_shape
from .ink import Page, components, inside, iou, overlap
from .regions import Region

# (a stamp is set down a few degrees off, or on its side)
ANGLES = [float(a) for a in np.arange(-15.0, 15.1, 3.0)] + [87.0, 90.0, 93.0]


def _on_side(a: float) -> bool:
    return abs(a) > 45


def _without_strokes(mask: np.ndarray, lh: int) -> np.ndarray:
    """MASK without its long straight strokes at any slope (a pen's line or cross drawn
    through a stamp, which would join its letters into one mark), found on the mask at half
    size by opening it with a line three typed lines long, turned every 15 degrees."""
    half = cv2.resize(mask, (mask.shape[1] // 2, mask.shape[0] // 2), interpolation=cv2.INTER_AREA)
    half = ((half > 0) * 255).astype(np.uint8)
    n = max(9, int(1.5 * lh)) | 1
    strokes = np.zeros_like(half)
    for a in range(0, 180, 15):
        k = np.zeros((n, n), np.uint8)
        t = np.deg2rad(a)
        c, d = n // 2, (n // 2) * np.array([np.cos(t), np.sin(t)])
        cv2.line(k, (int(round(c - d[0])), int(round(c - d[1]))), (int(round(c + d[0])), int(round(c + d[1]))), 1, 1)
        strokes |= cv2.morphologyEx(half, cv2.MORPH_OPEN, k)
    strokes = cv2.resize(cv2.dilate(strokes, np.ones((2, 2), np.uint8)), (mask.shape[1], mask.shape[0]),
                         interpolation=cv2.INTER_NEAREST)
    return cv2.subtract(mask, strokes)


def _letters(mask: np.ndarray, lh: int) -> np.ndarray:
    """Marks a letter's size (x, y, w, h, area): not specks, not long pen strokes or rules,
    not runs of many letters."""
    stats, _ = components(mask, 20)
    w, h = stats[:, 2], stats[:, 3]
    big = np.maximum(w, h)
    keep = (big >= 0.6 * lh) & (big <= 3.0 * lh) & (np.minimum(w, h) <= 2.2 * lh)
    return stats[keep]


def _groups(n: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Connected groups of N nodes joined by the edges (I, J): each node's group label (the
    smallest node in it), by passing the least label along the edges until nothing changes."""
    lab = np.arange(n)
    while len(i):
        new = lab.copy()
        np.minimum.at(new, i, lab[j])
        np.minimum.at(new, j, lab[i])
        new = new[new]
        if np.array_equal(new, lab):
            break
        lab = new
    return lab


def _rows_at(cs: np.ndarray, a: float, pi: np.ndarray, pj: np.ndarray):
    """The rows the letters CS make when read at turn A (degrees): each as (letter indices,
    angle, median letter height). PI, PJ are the pairs of letters near enough to be
    neighbours at any turn."""
    t = np.deg2rad(a)
    cx, cy = cs[:, 0] + cs[:, 2] / 2.0, cs[:, 1] + cs[:, 3] / 2.0
    along = np.cos(t) * cx + np.sin(t) * cy
    across = -np.sin(t) * cx + np.cos(t) * cy
    # (a letter on its side is as tall as its box is wide)
    hs, ws = (cs[:, 2], cs[:, 3]) if _on_side(a) else (cs[:, 3], cs[:, 2])
    hs, ws = hs.astype(float), ws.astype(float)
    hm = np.maximum(hs[pi], hs[pj])
    gap = np.abs(along[pi] - along[pj]) - (ws[pi] + ws[pj]) / 2
    # neighbours on a row: side by side, a letter's height apart at most, their centres
    # level at this turn, of about one height
    ok = ((np.abs(across[pi] - across[pj]) <= 0.22 * hm) & (gap <= 1.1 * hm) & (gap > -0.3 * hm)
          & (np.minimum(hs[pi], hs[pj]) >= 0.75 * hm))
    lab = _groups(len(cs), pi[ok], pj[ok])
    out = []
    # (only the groups of four letters or more are looked at)
    counts = np.bincount(lab, minlength=len(cs))
    for g in np.nonzero(counts >= 4)[0]:
        idx = np.nonzero(lab == g)[0]
        h = float(np.median(hs[idx]))
        # one straight line through the centres (a chain of neighbours may bend, a row does not)
        # (and close to it all along: a hand printing capitals keeps them near its line, not
        # on it, 0.07-0.09 of their height off on average; a stamp's are within 0.06)
        fit = np.polyfit(along[idx], across[idx], 1)
        off = np.abs(across[idx] - np.polyval(fit, along[idx]))
        if abs(fit[0]) > 0.03 or off.max() > 0.2 * h or np.sqrt(np.mean(off ** 2)) > 0.06 * h:
            continue
        if np.abs(hs[idx] - h).max() > 0.3 * h:
            continue
        out.append((idx, a, h, np.sort(along[idx])))
    return out


def _near_pairs(cs: np.ndarray, chunk: int = 512):
    """The pairs (i < j) of letters CS whose centres are within two and a half letters of
    each other, found a chunk of letters at a time (a noisy copy has thousands of marks a
    letter's size: the whole table of distances would be too large)."""
    cx, cy = cs[:, 0] + cs[:, 2] / 2.0, cs[:, 1] + cs[:, 3] / 2.0
    big = np.maximum(cs[:, 2], cs[:, 3]).astype(float)
    pis, pjs = [], []
    for s in range(0, len(cs), chunk):
        e = min(len(cs), s + chunk)
        d = np.hypot(cx[s:e, None] - cx[None, :], cy[s:e, None] - cy[None, :])
        i, j = np.nonzero(d <= 2.5 * np.maximum(big[s:e, None], big[None, :]))
        i += s
        keep = j > i
        pis.append(i[keep])
        pjs.append(j[keep])
    return np.concatenate(pis), np.concatenate(pjs)


def _best_rows(cs: np.ndarray):
    """Rows of print over all turns tried, each letter in one row at most: the rows with
    the most letters first."""
    if len(cs) < 4:
        return []
    pi, pj = _near_pairs(cs)
    found = [r for a in ANGLES for r in _rows_at(cs, a, pi, pj)]
    found.sort(key=lambda r: -len(r[0]))
    used = np.zeros(len(cs), bool)
    rows = []
    for r in found:
        if used[r[0]].any():
            continue
        used[r[0]] = True
        rows.append(r)
    return rows


def _box(cs: np.ndarray) -> list[int]:
    return [int(cs[:, 0].min()), int(cs[:, 1].min()), int((cs[:, 0] + cs[:, 2]).max()),
            int((cs[:, 1] + cs[:, 3]).max())]


def _blocks(cs: np.ndarray, rows):
    """Rows set down together, one impression: of one turn, of about one letter height, each
    a row or two below the one before and overlapping it along the row."""
    boxes = [_box(cs[r[0]]) for r in rows]
    n = len(rows)
    i, j = [], []
    for a in range(n):
        for b in range(a + 1, n):
            (_, aa, ha, _), (_, ab, hb, _) = rows[a], rows[b]
            h = max(ha, hb)
            if abs(aa - ab) > 4 or max(ha, hb) > 1.6 * min(ha, hb):
                continue
            A, B = boxes[a], boxes[b]
            dx = max(A[0], B[0]) - min(A[2], B[2])
            dy = max(A[1], B[1]) - min(A[3], B[3])
            along, across = (dy, dx) if _on_side(aa) else (dx, dy)
            if along <= 1.0 * h and across <= 1.2 * h:
                i.append(a)
                j.append(b)
    lab = _groups(n, np.array(i, int), np.array(j, int))
    return [[rows[k] for k in np.nonzero(lab == g)[0]] for g in np.unique(lab)]


def _on_pitch(block, cw: float) -> float:
    """The share of the letter-to-letter steps that are whole multiples of the typed pitch
    CW (a typewriter's are; a stamp's proportional capitals are not)."""
    steps = np.concatenate([np.diff(r[3]) for r in block]) / cw
    steps = steps[steps > 0.5]
    return float((np.abs(steps - np.round(steps)) < 0.15).mean()) if len(steps) else 0.0


def _read_well(page: Page, b) -> bool:
    """OCR read a confident word of three letters or more in B (a letterhead, a printed
    title): a date stamp's figures it reads as nothing or as noise."""
    return any(overlap(w.bbox, b) > 0.5 and w.conf >= 80 and sum(c.isalpha() for c in w.text) >= 3
               for w in page.words)


def _upright(page: Page, mask: np.ndarray, b, angle: float) -> bool:
    """The letters in B stand upright along their rows (a hand leans them)."""
    x0, y0, x1, y1 = b
    sub = mask[y0:y1, x0:x1]
    if not sub.size:
        return False
    h, w = sub.shape
    rot = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    if _on_side(angle):     # stood up: the patch's sides swap
        rot[0, 2] += (h - w) / 2
        rot[1, 2] += (w - h) / 2
        w, h = h, w
    level = cv2.warpAffine(sub, rot, (w, h), flags=cv2.INTER_NEAREST)
    return abs(hand_shape.slant(level)) < 0.12


def _level(page: Page, a: float) -> bool:
    return abs(a - page.angle) < 2


def _like_the_page(page: Page, block, rows) -> bool:
    """BLOCK's rows are level with the typing and of the size of three or more other level
    rows on the page: the page's own type (OCR read so little of a noisy copy that its line
    height was measured from a few words, wrong), not a stamp's, which is of its own size."""
    if not all(_level(page, r[1]) for r in block):
        return False
    h = float(np.median([r[2] for r in block]))
    mine = {id(r) for r in block}
    alike = [r for r in rows if id(r) not in mine and _level(page, r[1]) and abs(r[2] - h) <= 0.15 * h]
    return len(alike) >= 3


def _accept(page: Page, cs: np.ndarray, block, mask: np.ndarray, rows) -> list[int] | None:
    """The box of BLOCK if it is a stamp's impression (see the module's doc), else None.
    ROWS are all the rows of print on the page."""
    lh = page.lh
    idx = np.concatenate([r[0] for r in block])
    b = _box(cs[idx])
    h = float(np.median([r[2] for r in block]))
    angle = float(np.median([r[1] for r in block]))
    longest = max(len(r[0]) for r in block)
    # (a letterhead or a form's printed title: at the head, read by OCR)
    if b[1] < 0.1 * page.height or _read_well(page, b):
        return None
    if longest < 6 or (len(block) >= 2 and len(idx) < 10):
        return None
    # cut larger than the typing, or set down at a turn the typing is not at: rows level
    # with the typing and of its size are typing OCR read poorly (a noisy copy's), and a
    # level block of capitals is the other stamp finder's (``stamps_unruled``)
    if not (h >= 1.25 * lh or abs(angle - page.angle) >= 4) or _like_the_page(page, block, rows):
        return None
    # on its side, a stamp cut larger than the typing (the faint show-through of the other
    # side's typing, seen turned, is the typing's size)
    if _on_side(angle) and h < 1.25 * lh:
        return None
    if _on_pitch(block, page.cw) >= 0.7 or not _upright(page, mask, b, angle):
        return None
    return b


def _grown(b, marks: np.ndarray, h: float, lh: int, steps: int = 3) -> list[int]:
    """B grown by the MARKS (x, y, w, h rows) of the impression above and below its rows: the
    bars of a "REC- ___" stamp, a line's letters the rows missed, within a letter height of
    it and within its width (what lies beyond a row's ends, on its line, is no part of it: a
    row takes in its own letters). A mark taller than one and a half letters (a pen's
    initial over the stamp) is left out. The reach is no more than a typed line and a half
    (LH): a large hand's figures taken for a row must not reach into the typing."""
    small = marks[(marks[:, 3] <= 1.5 * h) & (marks[:, 2] <= 4 * h)]
    x0, y0 = small[:, 0], small[:, 1]
    x1, y1 = x0 + small[:, 2], y0 + small[:, 3]
    b = list(b)
    reach = min(h, 1.5 * lh)
    for _ in range(steps):
        gap = np.maximum(np.maximum(b[0] - x1, x0 - b[2]), np.maximum(b[1] - y1, y0 - b[3]))
        # (a letter is no wider than tall, about: a mark wider is a pen's, run together)
        within = ((x0 >= b[0] - 0.5 * h) & (x1 <= b[2] + 0.5 * h) & (small[:, 3] >= 0.5 * h)
                  & (small[:, 2] <= 1.2 * h))
        # a stamp's printed bar (a letter wide or more, as thick as its letters' strokes: not
        # a thin rule's piece) may run past its date's ends
        thick = small[:, 4] / np.maximum(small[:, 2], 1) >= 0.15 * h
        bar = ((small[:, 2] >= 2.5 * small[:, 3]) & (small[:, 2] >= h) & thick
               & (x1 > b[0]) & (x0 < b[2]))
        # and a faint impression's row runs on in broken letters, specks on its line beyond
        # the row's ends (not sideways from the stamp: above or below it they are dust)
        cy = (y0 + y1) / 2
        broken = (small[:, 3] < 0.5 * h) & (small[:, 2] < h) & (cy > b[1]) & (cy < b[3])
        near = ((gap <= reach) & within) | ((gap <= 1.5 * reach) & (bar | broken))
        if not near.any():
            break
        b = [min(b[0], int(x0[near].min())), min(b[1], int(y0[near].min())),
             max(b[2], int(x1[near].max())), max(b[3], int(y1[near].max()))]
    return b


def _small_letters(b, marks: np.ndarray, h: float) -> bool:
    """The row in box B (letters H tall, set level) is a word's small letters: just past
    either end of it, on its line, stands a letter that rises above the row or drops below
    it by a third to three quarters of its height (a capital, an ascender, a descender: a
    headline's "Lessons" has its L, "Experience" its p; a pen's stroke run into a letter
    reaches further). A stamp is cut in capitals and figures of one height: its row takes in
    all its letters."""
    x0, y0, x1, y1 = marks[:, 0], marks[:, 1], marks[:, 0] + marks[:, 2], marks[:, 1] + marks[:, 3]
    beside = (np.maximum(b[0] - x1, x0 - b[2]) <= 1.1 * h) & ((x1 <= b[0] + 0.2 * h) | (x0 >= b[2] - 0.2 * h))
    tall = (marks[:, 3] >= 1.3 * h) & (marks[:, 3] <= 1.75 * h)
    # (its foot on the row's foot, or its top at the row's top)
    on_line = (np.abs(y1 - b[3]) <= 0.2 * h) | (np.abs(y0 - b[1]) <= 0.2 * h)
    return bool((beside & tall & on_line).any())


def _gap(a, b) -> float:
    """The distance between boxes A and B (0 if they touch or overlap)."""
    return max(0, a[0] - b[2], b[0] - a[2], a[1] - b[3], b[1] - a[3])


def _not_read(page: Page, marks: np.ndarray) -> np.ndarray:
    """The MARKS whose centre lies in no word OCR read with some confidence: a stamp's box is
    not grown into the typing about it (OCR reads a stamp's letters poorly or not at all)."""
    if not len(marks) or not page.words:
        return marks
    cx, cy = marks[:, 0] + marks[:, 2] / 2, marks[:, 1] + marks[:, 3] / 2
    wb = np.array([w.bbox for w in page.words if w.conf >= 40], float).reshape(-1, 4)
    hit = ((cx[:, None] >= wb[None, :, 0]) & (cx[:, None] <= wb[None, :, 2])
           & (cy[:, None] >= wb[None, :, 1]) & (cy[:, None] <= wb[None, :, 3])).any(axis=1)
    return marks[~hit]


def from_rows(page: Page, loose: np.ndarray, taken: list[Region]) -> list[Region]:
    """Stamps found by their rows of print in LOOSE (the ink with the typing out), none
    where TAKEN (stamps found already) lies."""
    closed = cv2.morphologyEx(loose, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
    cs = _letters(_without_strokes(closed, page.lh), page.lh)
    rows = _best_rows(cs[:, :4].astype(float))
    every = components(closed, 20)[0]       # (OCR may have read a headline's capital)
    marks = _not_read(page, every)
    out = []
    for block in _blocks(cs, rows):
        b = _accept(page, cs, block, closed, rows)
        if b is None:
            continue
        h = float(np.median([r[2] for r in block]))
        # a piece of an impression found already (its print in two sizes, or turned)
        if any(_gap(b, t.bbox) < h for t in taken):
            continue
        if len(block) == 1 and _level(page, block[0][1]) and _small_letters(b, every, h):
            continue        # a headline's word, its capital left out of the row
        if _on_side(block[0][1]):       # grown as if stood up: x and y swap
            t = _grown([b[1], b[0], b[3], b[2]], marks[:, [1, 0, 3, 2, 4]], h, page.lh)
            b = [t[1], t[0], t[3], t[2]]
        else:
            b = _grown(b, marks, h, page.lh)
        if any(iou(b, t.bbox) > 0.2 or inside(b, t.bbox, 8) or overlap(b, t.bbox) > 0.5 for t in taken + out):
            continue
        out.append(Region("stamp", b, score=0.6))
    return out
