"""Ruled and solid shapes: stamp borders, check boxes (ticked or empty), redactions
(blacked-out boxes, and ruled boxes standing for withheld text). No Qt."""
from __future__ import annotations

import re

import cv2
import numpy as np

from .ink import Page, box, components, inside, iou, overlap
from .regions import Region

_CODE = re.compile(r"\(?[bB]\)?\s*\(?[\dIl|]|5\s*\(g\)|JFK|ACT", re.I)   # (b)(1), read (b)(I) too


def ruled(page: Page, length: int, mask: np.ndarray | None = None) -> np.ndarray:
    """Only the straight horizontal and vertical strokes of at least LENGTH pixels of the ink
    (or of MASK): a tick or a letter's curve through a box falls away, its border stays."""
    ink = page.ink if mask is None else mask
    h = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)))
    v = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, length)))
    lines = cv2.bitwise_or(h, v)
    # close the corners and the small breaks of pale stamp ink
    return cv2.morphologyEx(lines, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))


def _rectangles(lines: np.ndarray, min_side: int):
    """Closed four-cornered outlines in LINES: (x, y, w, h) each (turned ones too)."""
    contours, _ = cv2.findContours(lines, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    out = []
    for c in contours:
        x, y, w, h = cv2.boundingRect(c)
        if w < min_side or h < min_side:
            continue
        # the tolerance is a share of the outline's length, but no more than a share of its
        # short side: a long thin box (a line's withheld name) would fold into a line
        approx = cv2.approxPolyDP(c, min(0.04 * cv2.arcLength(c, True), 0.15 * min(w, h)), True)
        if len(approx) != 4 or not cv2.isContourConvex(approx):
            continue
        if cv2.contourArea(approx) < 0.8 * w * h * (1 - 0.1 * (w > 4 * h or h > 4 * w)):
            # a turned rectangle fills less of its upright box; allow a few degrees
            rect = cv2.minAreaRect(c)
            if cv2.contourArea(approx) < 0.9 * rect[1][0] * rect[1][1]:
                continue
        out.append((x, y, w, h))
    return out


def _sides_ruled(lines: np.ndarray, x, y, w, h) -> bool:
    """All four sides of the box are mostly ruled (a letter like E or H is not)."""
    t = max(2, min(w, h) // 6)
    sub = lines[y:y + h, x:x + w] > 0
    top, bottom = sub[:t].any(axis=0).mean(), sub[-t:].any(axis=0).mean()
    left, right = sub[:, :t].any(axis=1).mean(), sub[:, -t:].any(axis=1).mean()
    return min(top, bottom, left, right) >= 0.75


def _squares(mask: np.ndarray):
    """(x, y, w, h) of the small closed squares in MASK: outer outlines only (the hole of a
    letter's bowl, the R's or the b's, is square enough in the ruled strokes)."""
    out = []
    contours, tree = cv2.findContours(mask, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    for c, (_, _, _, parent) in zip(contours, tree[0] if tree is not None else []):
        if parent >= 0:
            continue
        x, y, w, h = cv2.boundingRect(c)
        if not (16 <= w <= 60 and 16 <= h <= 60 and 0.7 <= w / h <= 1.4):
            continue
        approx = cv2.approxPolyDP(c, 0.04 * cv2.arcLength(c, True), True)
        if len(approx) != 4 or cv2.contourArea(approx) < 0.75 * w * h:
            continue
        out.append((x, y, w, h))
    return out


def _in_a_word(page: Page, b) -> bool:
    """B is a letter of a word Tesseract read with confidence (the H of "Havana" in bold,
    blurred type closes into a square); a box is read as 0, O, © or nothing."""
    for w in page.words:
        t = "".join(c for c in w.text if c.isalnum())     # RECORDED™ is a word too
        if len(t) >= 2 and t.isalpha() and w.conf >= 80 and inside(b, w.bbox, 4):
            return True
    return False


def _between_letters(ink: np.ndarray, x, y, w, h) -> bool:
    """Ink close on both sides of the square, across its middle rows: a letter of a word
    (an O in a heading OCR did not read), where a box has its label on one side at most."""
    gap = max(4, int(0.5 * w))
    rows = ink[y + h // 5:y + h - h // 5]
    left, right = rows[:, max(0, x - gap):max(0, x - 2)], rows[:, x + w + 2:x + w + gap]
    return left.size > 0 and right.size > 0 and left.mean() / 255 > 0.08 and right.mean() / 255 > 0.08


def _box_like(lines: np.ndarray, x, y, w, h) -> bool:
    """The square at (x, y, w, h) is a printed box, not a letter: its four sides are ruled
    and thin, and no ruled stroke lies inside it. A bold B or D closes into a square in the
    ink, but its curved side is not ruled and its stem and middle bar are thick ruled strokes
    reaching into the box; an O's corners are blank; a tick or cross inside a box is no ruled stroke at all."""
    if not _sides_ruled(lines, x, y, w, h):
        return False
    # square corners: a round O or 0 ruled by its flat sides leaves its corners blank
    c = max(3, min(w, h) // 6)
    sub = lines[y:y + h, x:x + w]
    if not all(q.any() for q in (sub[:c, :c], sub[:c, -c:], sub[-c:, :c], sub[-c:, -c:])):
        return False
    m = max(4, min(w, h) // 4)
    inner = lines[y + m:y + h - m, x + m:x + w - m]
    return inner.size > 0 and float(inner.mean()) / 255 <= 0.06


def _square_corners(ink: np.ndarray, x, y, w, h) -> bool:
    """Ink reaches the square's four corners along their diagonals (within 10% of its side):
    a box's corners are square; a bold o, O or 0 that closes into a square in the ruled
    strokes is round, its ink some 0.4 of a radius in from each corner."""
    n = max(3, int(0.1 * min(w, h)) + 1)
    d = np.arange(n)
    sub = ink[y:y + h, x:x + w] > 0
    corners = (sub[d, d], sub[d, w - 1 - d], sub[h - 1 - d, d], sub[h - 1 - d, w - 1 - d])
    return all(c.any() for c in corners)


def _side_thickness(ink: np.ndarray, x, y, w, h) -> float:
    """How thick the square's sides are: the median run of ink in from each side, over the
    middle of the four sides (a tick across one side does not move it)."""
    sub = ink[y:y + h, x:x + w] == 0          # paper
    r, c = slice(int(0.3 * h), int(0.7 * h) + 1), slice(int(0.3 * w), int(0.7 * w) + 1)
    runs = [np.argmax(sub[r, :], axis=1), np.argmax(sub[r, ::-1], axis=1),
            np.argmax(sub[:, c], axis=0), np.argmax(sub[::-1, c], axis=0)]
    return float(np.median(np.concatenate(runs)))


def _thin_sides(ink: np.ndarray, x, y, w, h) -> bool:
    """A printed box is ruled with a thin line (under a fifth of its side); a bold blocky o
    is a quarter of its width thick all round."""
    return _side_thickness(ink, x, y, w, h) <= max(4.0, 0.18 * min(w, h))


def _stands_clear(ink: np.ndarray, x, y, w, h) -> bool:
    """Paper lies around the square (a few pixels out from its sides): it is a box's outside,
    not the hole of a letter (D, R, b), which is ringed by the letter's strokes. A cross that
    runs out past the box's corners crosses the ring in a few places only."""
    d0, d1 = 2, 6
    H, W = ink.shape
    X0, Y0, X1, Y1 = max(0, x - d1), max(0, y - d1), min(W, x + w + d1), min(H, y + h + d1)
    outer = ink[Y0:Y1, X0:X1] > 0
    hole = np.zeros_like(outer)
    hole[max(0, y - d0 - Y0):y + h + d0 - Y0, max(0, x - d0 - X0):x + w + d0 - X0] = True
    ring = outer[~hole]
    return ring.size > 0 and float(ring.mean()) <= 0.25


def _pale_sides(dark: np.ndarray, x, y, w, h, line: float) -> bool:
    """A drawn box's sides show at the middle of each side (where a cross through its corners
    leaves them be): a line of at least LINE darkness within a few pixels of where each side
    should be, along the middle 40% of it. A typed or written X has paper there."""
    d = 4
    H, W = dark.shape
    if x - d < 0 or y - d < 0 or x + w + d > W or y + h + d > H:
        return False
    c = slice(x + int(0.3 * w), x + int(0.7 * w) + 1)
    r = slice(y + int(0.3 * h), y + int(0.7 * h) + 1)
    sides = (dark[y - d:y + d + 1, c].max(axis=0), dark[y + h - d - 1:y + h + d, c].max(axis=0),
             dark[r, x - d:x + d + 1].max(axis=1), dark[r, x + w - d - 1:x + w + d].max(axis=1))
    return all(float(np.mean(s)) >= line for s in sides)


def crossed_boxes(page: Page, taken: list[Region]) -> list[Region]:
    """Boxes ticked with a heavy cross that fills them in the ink mask and runs out past their
    corners (so neither the ink nor the ruled strokes close into a square). Found from the
    cross: a dark X-shaped blob (its darkest ink along both diagonals and in its four corners,
    none at the middle of its sides, not solid); the box is the page's empty boxes' size
    centred on it, and its pale sides must show where the cross leaves them be
    (``_pale_sides``): a typed or written X has none."""
    level = page.stroke_level()
    # only on a form, beside empty boxes of the same size (a page of handwriting has X-shaped
    # strokes enough, and pale ink beside them)
    empty = [r for r in taken if not r.checked]
    if len(empty) < 2:
        return []
    size = int(np.median([(r.bbox[2] - r.bbox[0] + r.bbox[3] - r.bbox[1]) / 2 for r in empty]))
    hi = (page.dark >= 0.6 * level).astype(np.uint8) * 255
    stats, _ = components(hi, 80)
    H, W = hi.shape
    out = []
    t = np.linspace(0.15, 0.85, 15)
    for x, y, w, h, area in stats:
        if not (22 <= w <= 80 and 22 <= h <= 80 and 0.7 <= w / h <= 1.4 and 0.2 <= area / (w * h) <= 0.7):
            continue
        xs, ys = (t * (w - 1)).astype(int), (t * (h - 1)).astype(int)
        sub = cv2.dilate(hi[y:y + h, x:x + w], np.ones((3, 3), np.uint8))
        if min(sub[ys, xs].mean(), sub[ys, w - 1 - xs].mean()) < 0.8 * 255:
            continue
        # and none at the middle of its four sides (an A's apex, a K's stem, a 5's top; a box's
        # sides are thinner and paler than a pen's cross)
        a, b_, c = page.dark[y:y + h, x:x + w] >= 0.8 * level, slice(int(0.4 * h), int(0.6 * h) + 1), slice(int(0.4 * w), int(0.6 * w) + 1)
        e, f = max(2, int(0.2 * h)), max(2, int(0.2 * w))
        if max(a[:e, c].mean(), a[-e:, c].mean(), a[b_, :f].mean(), a[b_, -f:].mean()) > 0.15:
            continue
        # but some in all four corners, where the arms run out (an A's top corners are blank)
        if min(a[:e, :f].mean(), a[:e, -f:].mean(), a[-e:, :f].mean(), a[-e:, -f:].mean()) < 0.15:
            continue
        # on its own: no dark ink just beside the middle of its sides (a typed X over a letter
        # has the next X of the x-out there)
        o = page.dark[max(0, y - 8):y + h + 8, max(0, x - 8):x + w + 8] >= 0.8 * level
        oy, ox = y - max(0, y - 8), x - max(0, x - 8)
        r_, c_ = slice(oy + int(0.3 * h), oy + int(0.7 * h) + 1), slice(ox + int(0.3 * w), ox + int(0.7 * w) + 1)
        beside = (o[:max(1, oy - 2), c_], o[oy + h + 2:, c_], o[r_, :max(1, ox - 2)], o[r_, ox + w + 2:])
        if max(float(q.mean()) if q.size else 0.0 for q in beside) > 0.1:
            continue
        # the box: the page's box size centred on the cross, whose arms run out past the corners
        if not 1.1 * size <= max(w, h) <= 2.2 * size:
            continue
        bw = bh = size
        bx, by = int(x + (w - bw) / 2), int(y + (h - bh) / 2)
        if min(bw, bh) < 18 or not _pale_sides(page.dark, bx, by, bw, bh, 0.3 * level):
            continue
        b = box(bx, by, bw, bh)
        if any(iou(b, r.bbox) > 0.3 for r in taken) or _in_a_word(page, b):
            continue
        out.append(Region("checkbox", b, checked=True))
    return _dedupe(out, 0.3)


def checkboxes(page: Page, lines: np.ndarray) -> list[Region]:
    """Printed check boxes: small squares, closed in the ink (an empty box, or one a small
    tick sits in) or in the ruled strokes (a cross drawn over the box fills it in the ink and
    runs out past its corners, but only the box's sides are ruled), that are box-like
    (``_box_like``), square-cornered, thin-sided, with paper around them (``_stands_clear``), and no letter of a word OCR read."""
    out = []
    # a heavy tick is straight for 14 pixels along rows and columns too, more so in the ink of
    # a blurred page: the boxes it breaks are looked for in longer strokes (a box's sides are
    # 20 or more) of the firmer ink (half as dark as the typing or more)
    firm = ((page.dark >= 0.5 * page.stroke_level()) * 255).astype(np.uint8)
    long = ruled(page, 20, firm)
    for x, y, w, h, ruling in [s + (lines,) for s in _squares(page.ink)] + [s + (long,) for s in _squares(long)]:
        b = box(x, y, w, h)
        if not (_box_like(ruling, x, y, w, h) and _square_corners(page.ink, x, y, w, h) and _thin_sides(page.ink, x, y, w, h)
                and _stands_clear(page.ink, x, y, w, h)) or _in_a_word(page, b) \
                or _between_letters(page.ink, x, y, w, h):
            continue
        # well inside the sides (a blurred side is a fifth of the box thick)
        inner = page.ink[y + h // 4: y + h - h // 4, x + w // 4: x + w - w // 4]
        fill = float(inner.mean()) / 255 if inner.size else 0.0
        out.append(Region("checkbox", b, checked=fill > 0.12, score=fill))
    out = _dedupe(out, 0.3)
    out += crossed_boxes(page, out)
    return out + ticked_boxes(page, out)


def ticked_boxes(page: Page, taken: list[Region]) -> list[Region]:
    """On a form, the boxes a heavy tick broke (neither their ink nor their ruled strokes close
    into a square): where a ring of the page's empty boxes' size and side lies on dark ink
    all round, the band just outside it mostly paper (a tick's arm crosses it once or twice),
    in line with an empty box found (a form's boxes stand in columns or rows), its corners
    square and sides unbroken, ink inside, and no letter of a word about it. The ring and band are two filters over the page."""
    empty = [r for r in taken if not r.checked]
    if len(empty) < 2:
        return []
    level = page.stroke_level()
    size = int(np.median([(r.bbox[2] - r.bbox[0] + r.bbox[3] - r.bbox[1]) / 2 for r in empty]))
    t = max(2, int(np.median([_side_thickness(page.ink, r.bbox[0], r.bbox[1], r.bbox[2] - r.bbox[0],
                                                r.bbox[3] - r.bbox[1]) for r in empty])))
    k = size + 8
    ring = np.zeros((k, k), np.float32)
    ring[4:-4, 4:-4] = 1
    ring[4 + t:-4 - t, 4 + t:-4 - t] = 0
    band = np.zeros_like(ring)
    band[1:-1, 1:-1] = 1
    band[3:-3, 3:-3] = 0
    dark = page.dark.astype(np.float32)
    on = cv2.filter2D(dark, -1, ring / ring.sum(), borderType=cv2.BORDER_CONSTANT)
    off = cv2.filter2D(dark, -1, band / band.sum(), borderType=cv2.BORDER_CONSTANT)
    score = on - off
    peaks = (score >= 0.45 * level) & (off <= 0.25 * level) & (score >= cv2.dilate(score, np.ones((size, size), np.uint8)))
    out: list[Region] = []
    for cy, cx in zip(*np.nonzero(peaks)):
        x, y = int(cx - k // 2 + 4), int(cy - k // 2 + 4)
        b = box(x, y, size, size)
        if x < 0 or y < 0 or any(iou(b, r.bbox) > 0.2 for r in taken + out) or _in_a_word(page, b):
            continue
        if not any(abs(r.bbox[0] - x) < 0.5 * size or abs(r.bbox[1] - y) < 0.5 * size for r in empty):
            continue
        if _between_letters(page.ink, x, y, size, size):
            continue
        # square corners, dark all four (a D's or an S's are round)
        sub = page.dark[y:y + size, x:x + size]
        c = max(2, t)
        if sub.shape != (size, size) or min(float(q.mean()) for q in (sub[:c, :c], sub[:c, -c:], sub[-c:, :c],
                                                                     sub[-c:, -c:])) < 0.35 * level:
            continue
        # and each side unbroken (an E's right side is three bars' ends)
        e = t + 2
        sides = (sub[:e].max(axis=0), sub[-e:].max(axis=0), sub[:, :e].max(axis=1), sub[:, -e:].max(axis=1))
        if min(float((q >= 0.3 * level).mean()) for q in sides) < 0.85:
            continue
        inner = page.ink[y + size // 4:y + size - size // 4, x + size // 4:x + size - size // 4]
        if inner.size and float(inner.mean()) / 255 > 0.12:
            out.append(Region("checkbox", b, checked=True))
    return out


def _form_cell(lines: np.ndarray, x, y, w, h, reach: int = 30) -> bool:
    """The outline is a cell of a ruled form, not a stamp's border: its rules run on past its
    corners (into the next cell, across the page) at two or more of its eight ends; a stamp's
    border stops at its corners."""
    H, W = lines.shape
    t = 5
    ends = 0
    for yy in (y, y + h - 1):          # the top and bottom rules, on past the left and right
        band = lines[max(0, yy - t):yy + t + 1]
        for a, b in ((x - reach, x - 6), (x + w + 6, x + w + reach)):
            if a >= 0 and b <= W and band[:, a:b].any(axis=0).mean() > 0.8:
                ends += 1
    for xx in (x, x + w - 1):          # the left and right rules, on above and below
        band = lines[:, max(0, xx - t):xx + t + 1]
        for a, b in ((y - reach, y - 6), (y + h + 6, y + h + reach)):
            if a >= 0 and b <= H and band[a:b].any(axis=1).mean() > 0.8:
                ends += 1
    return ends >= 2


def stamps(page: Page, lines: np.ndarray) -> list[Region]:
    """Ruled stamp borders: large outlines, mostly empty inside."""
    W, H = page.width, page.height
    out = []
    for x, y, w, h in _rectangles(lines, 100):
        if w < 250 or h < 110 or w > 0.9 * W or h > 0.6 * H:
            continue
        fill = float(page.ink[y:y + h, x:x + w].mean()) / 255
        if fill > 0.35 or not _sides_ruled(lines, x, y, w, h) or _form_cell(lines, x, y, w, h):
            continue
        out.append(Region("stamp", box(x, y, w, h)))
    # the outer of nested outlines (a double rule) is the stamp
    out.sort(key=lambda r: -(r.bbox[2] - r.bbox[0]) * (r.bbox[3] - r.bbox[1]))
    kept: list[Region] = []
    for r in out:
        if not any(inside(r.bbox, k.bbox, 8) for k in kept):
            kept.append(r)
    return kept


def redactions(page: Page, lines: np.ndarray, taken: list[Region]) -> list[Region]:
    """Solid dark blocks at least a typed line tall, and ruled boxes a line or two tall with
    nothing or only an exemption code inside."""
    lh = page.lh
    out = []
    k = max(15, int(0.55 * lh))
    solid = cv2.morphologyEx(page.ink, cv2.MORPH_OPEN, np.ones((k, k), np.uint8))
    stats, _ = components(solid, k * k)
    level = page.stroke_level()
    for x, y, w, h, area in stats:
        # blacked out boxes fill their box; a punched hole (a disc) fills 0.79 of it
        if h < 0.9 * lh or w < 1.2 * lh or w > 0.8 * page.width or h > 8 * lh or area < 0.88 * w * h:
            continue
        # a box blacked out is as dark as the darkest strokes, all through
        if float(np.median(page.dark[y:y + h, x:x + w])) < 0.8 * level:
            continue
        out.append(Region("redaction", box(x, y, w, h)))
    for x, y, w, h in _rectangles(lines, 20):
        if not (0.8 * lh <= h <= 3.5 * lh and w >= 2.2 * h and w <= 0.6 * page.width):
            continue
        b = box(x, y, w, h)
        if any(inside(b, t.bbox, 4) for t in taken) or not _sides_ruled(lines, x, y, w, h):
            continue
        # the words read in it (Tesseract often takes the box's rules for brackets)
        words = [wd for wd in page.words if overlap(wd.bbox, b) > 0.6]
        text = " ".join(wd.text.strip("[]|") for wd in words)
        m = max(4, h // 6)
        inner = page.ink[y + m:y + h - m, x + m:x + w - m]
        fill = float(inner.mean()) / 255 if inner.size else 0.0
        if not words:
            # empty, or a short code OCR did not read: a box of a line or two, a few letters wide
            if fill < 0.02 or (h <= 2.2 * lh and w <= 14 * page.cw and fill < 0.3):
                out.append(Region("redaction", b))
        elif _CODE.search(text) and len(text) <= 30:
            out.append(Region("redaction", b, text=text))
    return _dedupe(out, 0.5)


def _dedupe(regions: list[Region], limit: float) -> list[Region]:
    kept: list[Region] = []
    for r in sorted(regions, key=lambda r: -(r.bbox[2] - r.bbox[0]) * (r.bbox[3] - r.bbox[1])):
        if all(iou(r.bbox, k.bbox) < limit for k in kept):
            kept.append(r)
    return kept
