"""Ruled and solid shapes: stamp borders and redactions (blacked-out boxes, and ruled boxes
standing for withheld text), and the ruled strokes the check boxes (``checkboxes.py``) are
found in too. No Qt."""
from __future__ import annotations

import re

import cv2
import numpy as np

from . import banner, reread, stamps_framed, stamps_rows, stamps_unruled
from .ink import Page, box, components, inside, iou, overlap
from .regions import Region

_CODE = re.compile(r"\(?[bB]\)?\s*\(?[\dIl|]|5\s*\(g\)|JFK|ACT", re.I)   # (b)(1), read (b)(I) too
# the (1) of an exemption code whose (b) OCR misread ("@) (3)", "(bY (3)"), in a short box
_SHORT_CODE = re.compile(r"\(\s*[\dIl|]\s*\)")
MAX_WIDTH = 0.6     # share of the page's width a stamp takes at most
REREAD = 4        # short ruled boxes a page whose words are read again at most


def ruled(page: Page, length: int, mask: np.ndarray | None = None) -> np.ndarray:
    """Only the straight horizontal and vertical strokes of at least LENGTH pixels of the ink
    (or of MASK): a tick or a letter's curve through a box falls away, its border stays."""
    ink = page.ink if mask is None else mask
    h = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)))
    v = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, length)))
    lines = cv2.bitwise_or(h, v)
    # close the corners and the small breaks of pale stamp ink
    return cv2.morphologyEx(lines, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))


def _rectangles(lines: np.ndarray, min_side: int, notched: bool = False):
    """Closed four-cornered outlines in LINES: (x, y, w, h) each (turned ones too). NOTCHED:
    also those a letter's stem joined to a side cuts into (the inside of a box round a code,
    its "b" touching the top), filling most of their box all the same; the caller checks the
    sides are ruled."""
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
            if notched and cv2.contourArea(c) >= 0.8 * w * h:
                out.append((x, y, w, h))
            continue
        if cv2.contourArea(approx) < 0.8 * w * h * (1 - 0.1 * (w > 4 * h or h > 4 * w)):
            # a turned rectangle fills less of its upright box; allow a few degrees
            rect = cv2.minAreaRect(c)
            if cv2.contourArea(approx) < 0.9 * rect[1][0] * rect[1][1]:
                continue
        out.append((x, y, w, h))
    return out


def side_cover(sub: np.ndarray, e: int) -> list[float]:
    """How much of each side (top, bottom, left, right) of the box SUB (a boolean crop, True
    where ink is) holds ink, looked for within E pixels in from it."""
    return [float(sub[:e].any(axis=0).mean()), float(sub[-e:].any(axis=0).mean()),
            float(sub[:, :e].any(axis=1).mean()), float(sub[:, -e:].any(axis=1).mean())]


def _sides_ruled(lines: np.ndarray, x, y, w, h) -> bool:
    """All four sides of the box are mostly ruled (a letter like E or H is not)."""
    return min(side_cover(lines[y:y + h, x:x + w] > 0, max(2, min(w, h) // 6))) >= 0.75


def _form_cell(lines: np.ndarray, x, y, w, h, reach: int = 30) -> bool:
    """The outline is a cell of a ruled form, not a stamp's border: its rules run on past its
    corners (into the next cell, across the page) on two or more of its four sides; a stamp's
    border stops at its corners. (One side alone is no cell: a box pasted over a form's
    fill-in line has that line run on both ways, one in a paragraph the stems of the
    letters above and below it in line with its side.)"""
    H, W = lines.shape
    t = 5
    sides = 0
    for yy in (y, y + h - 1):          # the top and bottom rules, on past the left and right
        band = lines[max(0, yy - t):yy + t + 1]
        sides += any(a >= 0 and b <= W and band[:, a:b].any(axis=0).mean() > 0.8
                     for a, b in ((x - reach, x - 6), (x + w + 6, x + w + reach)))
    for xx in (x, x + w - 1):          # the left and right rules, on above and below
        band = lines[:, max(0, xx - t):xx + t + 1]
        sides += any(a >= 0 and b <= H and band[a:b].any(axis=1).mean() > 0.8
                     for a, b in ((y - reach, y - 6), (y + h + 6, y + h + reach)))
    return sides >= 2


def _empty_inside(page: Page, x, y, w, h) -> bool:
    """Next to no ink inside the outline, clear of its rules (a blank box, a white-out)."""
    m = max(6, min(w, h) // 8)
    inner = page.ink[y + m:y + h - m, x + m:x + w - m]
    return not inner.size or float(inner.mean()) / 255 < 0.01


def _ruled_table(lines: np.ndarray, x, y, w, h) -> bool:
    """The outline is ruled across inside, side to side, twice or more: a form's table (a
    routing box's rows), not a stamp's border, whose blanks are short rules."""
    m = max(6, min(w, h) // 10)
    inner = lines[y + m:y + h - m, x:x + w]
    if not inner.size:
        return False
    # (thickened up and down: a rule printed a little off level spans a few rows of pixels)
    inner = cv2.dilate(inner, np.ones((9, 1), np.uint8)) > 0
    across = inner.mean(axis=1) >= 0.8
    # (a rule a few pixels thick is one rule: count where the run of ruled rows starts)
    starts = int(np.count_nonzero(across[1:] & ~across[:-1])) + int(across[0])
    return starts >= 2


def _framed_stamp(page: Page, lines: np.ndarray, loose: np.ndarray | None, b) -> bool:
    """The frame B (``stamps_framed.frames``) holds a stamp: no form's cell, not empty nor
    inked all over, no upright rule across it (a table's column), and its print mostly no
    typing OCR read (a form's box holds typed entries)."""
    x, y, w, h = b[0], b[1], b[2] - b[0], b[3] - b[1]
    if _form_cell(lines, x, y, w, h) or _empty_inside(page, x, y, w, h):
        return False
    inner = lines[y + h // 6:y + h - h // 6, x + 15:x + w - 15]
    if inner.size and cv2.morphologyEx(inner, cv2.MORPH_OPEN, np.ones((inner.shape[0] * 5 // 6, 1), np.uint8)).any():
        return False
    m = max(8, min(w, h) // 12)
    ink = float(page.ink[y + m:y + h - m, x + m:x + w - m].mean())
    if ink > 0.6 * 255:
        return False        # a stamp's inside is mostly paper: this is a grainy copy's dark patch
    return loose is None or float(loose[y + m:y + h - m, x + m:x + w - m].mean()) >= 0.5 * ink


def stamps(page: Page, lines: np.ndarray) -> list[Region]:
    """Ruled stamp borders (large outlines, mostly empty inside, and frames worn into pieces),
    then the impressions with no border."""
    W, H = page.width, page.height
    out = []
    for x, y, w, h in _rectangles(lines, 100):
        if w < 250 or h < 110 or w > 0.9 * W or h > 0.6 * H:
            continue
        fill = float(page.ink[y:y + h, x:x + w].mean()) / 255
        if fill > 0.35 or not _sides_ruled(lines, x, y, w, h) or _form_cell(lines, x, y, w, h):
            continue
        if _empty_inside(page, x, y, w, h):
            continue        # a stamp's border holds its print: an empty outline is a box left blank
        if _ruled_table(lines, x, y, w, h):
            continue
        out.append(Region("stamp", box(x, y, w, h)))
    loose = stamps_unruled.loose_ink(page) if page.words else None
    framed = [Region("stamp", b, score=0.8) for b in stamps_framed.frames(page, lines)
              if _framed_stamp(page, lines, loose, b)]
    out += framed
    # the outer of nested outlines (a double rule) is the stamp
    out.sort(key=lambda r: -(r.bbox[2] - r.bbox[0]) * (r.bbox[3] - r.bbox[1]))
    kept: list[Region] = []
    for r in out:
        if not any(inside(r.bbox, k.bbox, 8) for k in kept):
            kept.append(r)
    # and the impressions with no ruled border (most of a real scan's): seeded by a stamp's
    # word or a block of its capitals, then from rows of print no OCR word seeds
    ruled = list(kept)
    if loose is not None:
        framed = [r for r in kept if any(r is f for f in framed)]
        more = stamps_unruled.unruled(page, kept, loose)
        more += stamps_rows.from_rows(page, loose, kept + more)
        # (a framed stamp's print, or the file number written over it, is no stamp of its own)
        kept += [r for r in more if not any(overlap(r.bbox, f.bbox) > 0.3 for f in framed)]
    # a rubber stamp is a hand's width, under two fifths of a page's (the corpus's widest):
    # a block more than MAX_WIDTH of the page wide is a form's section or a paragraph; and
    # the archive's release banner is its print, no stamp (taken out last: its frame keeps
    # its rows of print from passing for a stamp of their own)
    return [r for r in kept if r.bbox[2] - r.bbox[0] <= MAX_WIDTH * W
            and not banner.release_banner(page, r.bbox, any(r is k for k in ruled))]


def redactions(page: Page, lines: np.ndarray, taken: list[Region]) -> list[Region]:
    """Solid dark blocks at least a typed line tall, and ruled boxes a line or two tall with
    nothing or only an exemption code inside."""
    lh = page.lh
    out = []
    k = max(15, int(0.55 * lh))
    solid = cv2.morphologyEx(page.ink, cv2.MORPH_OPEN, np.ones((k, k), np.uint8))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(solid, connectivity=8)
    level = page.stroke_level()
    for i in range(1, n):
        x, y, w, h, area = (int(v) for v in stats[i])
        if area < k * k or h < 0.9 * lh or w < 1.2 * lh or w > 0.8 * page.width or h > 8 * lh:
            continue
        # blacked out boxes fill their box, turned as the page is (a bar on a page skewed
        # 2.5 degrees fills 0.88 of its upright box); a punched hole (a disc) fills 0.79 of it
        if area < 0.88 * w * h and area < 0.9 * _turned_area(labels[y:y + h, x:x + w] == i):
            # or a box a note's bold strokes run into, over its edge: the box is the core
            # its rows and columns fill
            core = _filled_core(labels[y:y + h, x:x + w] == i)
            if core is None:
                continue
            x, y, w, h = x + core[0], y + core[1], core[2] - core[0], core[3] - core[1]
            # (the box of a word or a phrase blacked out is a bar; a punched hole, its rim
            # torn, is round)
            if h < 0.9 * lh or w < max(1.2 * lh, 1.5 * h):
                continue
        # a box blacked out is as dark as the darkest strokes, all through
        if float(np.median(page.dark[y:y + h, x:x + w])) < 0.8 * level:
            continue
        out.append(Region("redaction", box(x, y, w, h)))
    unread = []
    for x, y, w, h in _rectangles(lines, 20, notched=True):
        # (an empty box pasted over a name may be up to five lines tall, checked below; one
        # three times as wide as tall, eight: a noisy copy's line height, measured from the
        # few small words OCR made of it, is short)
        # (and twice as wide as tall, or half as wide again and wider than a check box, which
        # is a letter's height or so: a teletype's box over a short word is a line tall)
        if not (0.8 * lh <= h <= (8 if w >= 3 * h else 5) * lh and (w >= 2.2 * h or (w >= 1.5 * h and w >= 1.6 * lh))
                and w <= 0.6 * page.width):
            continue
        b = box(x, y, w, h)
        if any(inside(b, t.bbox, 4) for t in taken) or not _sides_ruled(lines, x, y, w, h):
            continue
        # a cell of a ruled form (an empty one, a column's heading OCR did not read) is no
        # withheld text: its rules run on past its corners
        if _form_cell(lines, x, y, w, h):
            continue
        # the words read in it (Tesseract often takes the box's rules for brackets)
        words = [wd for wd in page.words if overlap(wd.bbox, b) > 0.6]
        text = " ".join(wd.text.strip("[]|") for wd in words)
        m = max(4, h // 6)
        inner = page.ink[y + m:y + h - m, x + m:x + w - m]
        fill = float(inner.mean()) / 255 if inner.size else 0.0
        if not words:
            # empty, or a short code OCR did not read: a box of a line or two, a few letters wide
            if (fill < 0.02 and (h <= 3.5 * lh or w >= 3 * h)) or (h <= 2.2 * lh and w <= 14 * page.cw and fill < 0.3):
                out.append(Region("redaction", b))
            elif h <= 2.2 * lh and w <= 14 * page.cw:
                unread.append(b)    # too full for an empty box: a code in a bold face, or crossed by a pen
        elif h <= 3.5 * lh and len(text) <= 30 and (_CODE.search(text) or _SHORT_CODE.search(text)):
            out.append(Region("redaction", b, text=text))
        elif h <= 2.2 * lh and w <= 14 * page.cw and not any(wd.conf >= 80 for wd in words):
            unread.append(b)
    # short boxes whose words OCR misread ("[@) (3)]"): read again on their own
    for b, text in zip(unread[:REREAD], reread.read_rows(page, unread[:REREAD])):
        if _CODE.search(text) or _SHORT_CODE.search(text):
            out.append(Region("redaction", b, text=text.strip("[]|")))
    out += _bracketed_codes(page, [r.bbox for r in out + taken])
    return _dedupe(out, 0.5)


def _filled_core(mask: np.ndarray) -> list[int] | None:
    """The box (x0, y0, x1, y1 within MASK) of the rows and columns of MASK's mark that hold
    three fifths of its fullest one's ink or more, when that box is nearly filled (0.88) and
    holds nearly all the mark (0.85): a filled box with strokes run into it from outside. A
    disc's core holds under three quarters of it; a hand's blot is no box filled."""
    rows, cols = mask.mean(axis=1), mask.mean(axis=0)
    r, c = np.flatnonzero(rows >= 0.6 * rows.max()), np.flatnonzero(cols >= 0.6 * cols.max())
    y0, y1, x0, x1 = int(r[0]), int(r[-1]) + 1, int(c[0]), int(c[-1]) + 1
    core = mask[y0:y1, x0:x1]
    if core.mean() < 0.88 or core.sum() < 0.85 * mask.sum():
        return None
    return [x0, y0, x1, y1]


def _turned_area(mask: np.ndarray) -> float:
    """The area of the smallest rectangle, at any turn, round MASK's pixels."""
    ys, xs = np.nonzero(mask)
    (_, _), (rw, rh), _ = cv2.minAreaRect(np.stack([xs, ys], axis=1).astype(np.float32))
    return float(rw * rh)


def _bracketed_codes(page: Page, taken) -> list[Region]:
    """A postponement printed as a bracket: two rules of one length, one over the other a
    line or two apart (their ends hooked towards each other, not joined: no closed box), with
    an exemption code between them ("JFK Act 5 (g)(2)(D)"). A form's rules with a field
    between them have no code there."""
    lh = page.lh
    # (only where OCR read a code at all, a word or two: the rules are costly to look for)
    texts = [w.text.strip("[]|") for w in page.words]
    if not any(_CODE.search(a + " " + b) for a, b in zip(texts, texts[1:] + [""])):
        return []
    k = max(40, 5 * lh)
    rules = cv2.morphologyEx(page.ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1)))
    stats, _ = components(rules, k)
    stats = [s for s in stats if s[3] <= max(12, 0.4 * lh) and s[2] <= 0.6 * page.width]
    out = []
    for x, y, w, h, _ in stats:
        for x2, y2, w2, h2, _ in stats:
            tol = max(8, 0.03 * w)
            if not (0.8 * lh <= y2 - (y + h) <= 3.5 * lh and abs(x2 - x) <= tol and abs(x2 + w2 - x - w) <= tol):
                continue
            b = [int(min(x, x2)), int(y), int(max(x + w, x2 + w2)), int(y2 + h2)]
            if any(iou(b, t) > 0.3 for t in taken):
                continue
            words = [wd for wd in page.words if inside(wd.bbox, b, 2)]
            text = " ".join(wd.text.strip("[]|") for wd in words)
            if words and _CODE.search(text) and len(text) <= 30:
                out.append(Region("redaction", b, text=text))
    return out


def _dedupe(regions: list[Region], limit: float) -> list[Region]:
    kept: list[Region] = []
    for r in sorted(regions, key=lambda r: -(r.bbox[2] - r.bbox[0]) * (r.bbox[3] - r.bbox[1])):
        if all(iou(r.bbox, k.bbox) < limit for k in kept):
            kept.append(r)
    return kept
