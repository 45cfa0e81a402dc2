"""Rubber-stamp impressions with no ruled border, as real scans hold them (received, review,
declassification, "ALL INFORMATION CONTAINED ..." and date stamps): a compact cluster of
ink that is neither the typing nor a ruled line, found from a seed in it and boxed by the
ink about the seed. No Qt.

Seeds, each something true of a stamp and not of typing or handwriting:

- a word OCR read from a stamp's vocabulary (RECEIVED, DECLASSIFY, OBJECTION, RECORDED ...)
  that is not the typing: taller than the typed line (stamps are cut in larger capitals) and
  on no typed line; or, of any size, set under or beside another (SEARCHED / SERIALIZED /
  INDEXED / FILED, an FBI office's date stamp): typing does not stack them so;
- a block of four or more rows of printed capitals of one size, at least two thirds of a
  typed line tall, that OCR did not read as typing (the four-line FBI "ALL INFORMATION
  CONTAINED HEREIN IS UNCLASSIFIED" stamp, the CIA release stamp), turned a few degrees or not,
  its rows holding or running on into no word OCR read surely in small letters (a paragraph's
  or a form field's, read poorly but for a few words).

And two found otherwise: one stamp by its printed words alone, the CIA's FOIA review stamp
("Document Number ___ / for FOIA Review on ___", set on the page for the 1976 releases), two
lines of small print that OCR reads as typing, its number and month stamped large into the
blanks; and a stamp set on its side that OCR read sideways as no stamp's words, read again
turned upright.

A typed paragraph OCR read is taken out before anything is looked for, so its words are no
seed and its ink joins no stamp; handwriting is cursive (no rows of same-sized letters)
and holds no stamp words.
"""
from __future__ import annotations

import cv2
import numpy as np
from rapidfuzz import fuzz

from . import reread
from .ink import Page, components, inside, iou, overlap, union
from .markings import match as marking, visual_lines
from .regions import Region

STAMP_WORDS = ("DECLASSIFICATION", "DECLASSIFIED", "DECLASSIFY", "CLASSIFIED", "RECEIVED", "RECORDED",
               "INDEXED", "SEARCHED", "SERIALIZED", "FILED", "ORIGINAL", "OBJECTION", "RELEASE", "REVIEWED",
               "CONTAINED", "HEREIN", "COMMUNICATIONS", "EXEMPT", "AUTHORITY", "SANITIZED", "DESTROY")
TALL = 1.2          # a stamp's word is at least this many typed line heights tall
SIDE_REREAD = 3     # columns of words set on their side a page read again at most


def _typed(page: Page, w) -> bool:
    """W is a typed word as OCR read it: of the typed line's height, two or more letters or
    figures, read with some confidence. A stamp's words are cut taller, or read as nothing."""
    h = w.bbox[3] - w.bbox[1]
    return (w.conf >= 60 and 0.6 * page.lh <= h <= TALL * page.lh and sum(c.isalnum() for c in w.text) >= 2)


def _typing_out(page: Page) -> np.ndarray:
    """The ink with the typing taken out (the words read as typing, ``_typed``) and the long
    ruled lines (a form's, an underline)."""
    lh = page.lh
    m = page.ink.copy()
    # (the rules are looked for on the page at half size: a rule is long enough for it)
    half = cv2.resize(m, (m.shape[1] // 2, m.shape[0] // 2), interpolation=cv2.INTER_AREA)
    half = ((half > 0) * 255).astype(np.uint8)
    k = int(2 * lh)
    rules = cv2.morphologyEx(half, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1)))
    rules |= cv2.morphologyEx(half, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, k)))
    rules = cv2.resize(cv2.dilate(rules, np.ones((3, 3), np.uint8)), (m.shape[1], m.shape[0]),
                       interpolation=cv2.INTER_NEAREST)
    m = cv2.subtract(m, rules)
    from .hand import typed_bands
    stacked = _stacked_words(page)
    typed = [w for w in page.words if _typed(page, w) and w not in stacked]
    # the typed lines' bands, the gaps between their words too (a word OCR read poorly there
    # is typing)
    for x0, y0, x1, y1 in typed_bands(page, typed):
        m[max(0, y0):y1, max(0, x0 - 4):x1 + 4] = 0
    # and a classification marking read in capitals, typed or stamped: its own region, no
    # line of a review stamp set above or beside it
    marks = [w for w in page.words if w.text.strip(".,:;-").isupper() and marking(w.text)]
    for w in typed + marks:
        x0, y0, x1, y1 = w.bbox
        m[max(0, y0 - 3):y1 + 3, max(0, x0 - 3):x1 + 3] = 0
    return m


def _vocabulary(w) -> bool:
    """W is a word of a stamp's vocabulary, in capitals (as stamps are cut: a typed "objections"
    is none)."""
    return _in_vocabulary(w.text)


def _in_vocabulary(text: str) -> bool:
    s = "".join(c for c in text if c.isalpha())
    # a misread keeps the word's length, a short word's exactly: a form's printed ROUTING AND
    # RECORD SHEET, (WHEN FILLED IN) hold no RECORDED, FILED
    return len(s) >= 5 and s.isupper() and \
        any(fuzz.ratio(s, v) >= 85 and abs(len(s) - len(v)) <= (len(v) >= 8) for v in STAMP_WORDS)


def _stamp_word(page: Page, w) -> bool:
    """W is a word of a stamp's vocabulary taller than the typing, or set on its side (as
    ORIGINAL FILED IN is stamped up a page's margin: no typing runs so) at any size."""
    h, wide = w.bbox[3] - w.bbox[1], w.bbox[2] - w.bbox[0]
    if h > 2 * wide:        # (five letters or more set level are wider than tall)
        return 0.6 * page.lh <= wide <= 2.6 * page.lh and _vocabulary(w)
    # (a word box three lines tall is OCR running the word into the handwriting about it:
    # its box says nothing of the stamp's)
    return TALL * page.lh <= h <= 2.6 * page.lh and _vocabulary(w)


def _on_side(page: Page, w) -> bool:
    """W's box stands on its side, a line or two wide and three lines tall or more: a word of
    four letters or more set up the page, as no typing runs."""
    h, wide = w.bbox[3] - w.bbox[1], w.bbox[2] - w.bbox[0]
    return h >= 3 * page.lh and h > 1.5 * wide and 0.6 * page.lh <= wide <= 2.6 * page.lh


def _read_on_side(page: Page) -> list[list[int]]:
    """Columns of words set on their side that OCR read as no stamp's word (ORIGINAL FILED IN
    up a margin, read "UuINAL FLEDIN" as Tesseract reads it sideways) read again turned upright,
    both ways: each column's ink where one of its words then is a stamp's. At most SIDE_REREAD
    columns a page (a tenth of a second each)."""
    columns: list[list[int]] = []
    for w in sorted((w for w in page.words if _on_side(page, w) and not _vocabulary(w)), key=lambda w: w.bbox[1]):
        b = w.bbox
        for c in columns:
            if min(c[2], b[2]) - max(c[0], b[0]) >= 0.5 * min(c[2] - c[0], b[2] - b[0]) and b[1] - c[3] < 2 * page.lh:
                c[:] = union([c, b])
                break
        else:
            columns.append(list(b))
    out = []
    for b in columns[:SIDE_REREAD]:
        crop = 255 - page.ink[b[1]:b[3], b[0]:b[2]]
        ys, xs = np.nonzero(crop < 128)
        if not len(xs):
            continue
        for turn in (cv2.ROTATE_90_CLOCKWISE, cv2.ROTATE_90_COUNTERCLOCKWISE):
            if any(_in_vocabulary(t) for t in reread.tesseract_text(cv2.rotate(crop, turn)).split()):
                # (drawn in to its ink: OCR's box of a word on its side is wider than its letters)
                out.append([b[0] + int(xs.min()), b[1] + int(ys.min()), b[0] + int(xs.max()) + 1,
                            b[1] + int(ys.max()) + 1])
                break
    return out


def _stacked_words(page: Page) -> list:
    """Words of a stamp's vocabulary set one under the next, their left ends in line, or side
    by side with a blank between (the FBI date stamp's SEARCHED / SERIALIZED / INDEXED / FILED,
    cut no larger than the typing): typing does not set them so."""
    lh = page.lh
    words = [w for w in page.words if _vocabulary(w) and 0.5 * lh <= w.bbox[3] - w.bbox[1] <= 2.6 * lh]
    return [w for w in words if any(
        v is not w and ((abs(v.bbox[0] - w.bbox[0]) < lh and 0 < abs(v.bbox[1] - w.bbox[1]) < 2.5 * lh)
                        # or side by side, a blank between (SEARCHED ____ INDEXED ____)
                        or (abs(v.bbox[1] - w.bbox[1]) < 0.5 * lh and 2 * lh < abs(v.bbox[0] - w.bbox[0]) < 10 * lh
                            and v.text.strip(".,:;") != w.text.strip(".,:;")))
        for v in words)]


def _rows_of_print(cs: np.ndarray, lh: int) -> list[np.ndarray]:
    """The rows of four or more letters of one size that the letter boxes CS (x, y, w, h)
    make, at the turn (of a few: a stamp is often set down some degrees off, or upright) that
    puts the most letters in rows: each row as its letters' centres along it, in order."""
    cx, cy = cs[:, 0] + cs[:, 2] / 2, cs[:, 1] + cs[:, 3] / 2
    best: list[np.ndarray] = []
    for a in list(np.arange(-12.0, 12.1, 2.0)) + [88.0, 90.0, 92.0]:
        t = np.deg2rad(a)
        ry, rx = -np.sin(t) * cx + np.cos(t) * cy, np.cos(t) * cx + np.sin(t) * cy
        hs = cs[:, 2] if a > 45 else cs[:, 3]
        # (specks and the bits of a pen stroke are no letters of a row)
        order = np.argsort(ry)
        order = order[hs[order] >= 0.5 * lh]
        if len(order) < 4:
            continue
        # a row: centres each within a third of a letter's height of the one before
        gap = 0.35 * float(np.median(hs[order]))
        cuts = np.nonzero(np.diff(ry[order]) >= gap)[0] + 1
        rows = np.split(order, cuts)
        found = []
        for r in rows:
            h = np.median(hs[r])
            same = [i for i in r if abs(hs[i] - h) < 0.3 * h]
            # level at this turn: the row's centres within half a letter's height (turned
            # wrong, letters of two rows chain into one slanting band)
            if h >= 0.6 * lh and len(same) >= 4 and np.ptp(ry[same]) <= 0.5 * h:
                found.append(np.sort(rx[same]))
        if sum(map(len, found)) > sum(map(len, best)):
            best = found
    return best


def _on_pitch(rows: list[np.ndarray], cw: float) -> float:
    """The share of the rows' letter-to-letter steps that are whole multiples of the page's
    typed pitch CW: typing's are (a typewriter moves one pitch a letter); a stamp's capitals
    are set in proportion, closer or wider."""
    steps = np.concatenate([np.diff(r) for r in rows]) / cw
    steps = steps[steps > 0.5]
    return float((np.abs(steps - np.round(steps)) < 0.15).mean()) if len(steps) else 0.0


def _print_block(page: Page, rows: list[np.ndarray]) -> bool:
    """ROWS (``_rows_of_print``) are a stamp's lines of capitals: three or more, two of them
    long (a stamp's lines are whole words: INFORMATION CONTAINED, HEREIN IS UNCLASSIFIED; the
    rows of a distribution list or a letterhead's small print cut up by handwriting are
    short), and not on the typewriter's pitch (typing OCR read nothing of)."""
    if len(rows) < 3:
        return False
    longest = sorted(len(r) for r in rows)[-2:]
    return sum(longest) >= 18 and _on_pitch(rows, page.cw) < 0.7


def _in_running_text(page: Page, b) -> bool:
    """Box B's rows hold, or run on into, a word OCR read surely in small letters (four or
    more, a capital or none before them): B is a piece of a paragraph or a form's filled-in
    field OCR read poorly, not a stamp, which is cut in capitals."""
    lh = page.lh
    for w in page.words:
        x0, y0, x1, y1 = w.bbox
        text = "".join(c for c in w.text if c.isalpha())
        if w.conf < 85 or len(text) < 4 or not text[1:].islower():
            continue
        if y0 < b[3] and b[1] < y1 and x0 < b[2] + 2 * lh and b[0] - 2 * lh < x1:
            return True
    return False


def _lowercase_share(cs: np.ndarray) -> float:
    """The share of the letters CS as tall as small letters are beside capitals (0.55-0.8 of
    the tallest): a stamp is cut in capitals, one height; typing in upper and lower case has
    most of its letters at the x-height."""
    if not len(cs):
        return 0.0
    h = cs[:, 3].astype(float)
    top = np.percentile(h, 90)
    return float(((h >= 0.55 * top) & (h <= 0.8 * top)).mean())


def _letters(mask: np.ndarray, lh: int) -> np.ndarray:
    stats, _ = components(mask, 15)
    size = np.maximum(stats[:, 2], stats[:, 3])
    return stats[(size >= 0.3 * lh) & (size <= 3 * lh)]


def _within(stats: np.ndarray, b) -> np.ndarray:
    return stats[(stats[:, 0] >= b[0] - 1) & (stats[:, 1] >= b[1] - 1)
                 & (stats[:, 0] + stats[:, 2] <= b[2] + 1) & (stats[:, 1] + stats[:, 3] <= b[3] + 1)]


def loose_ink(page: Page) -> np.ndarray:
    """The ink with the typing OCR read and the long ruled lines taken out (``_typing_out``)."""
    return _typing_out(page)


def _candidates(page: Page, loose: np.ndarray):
    """(box, rows of print, seeded) of each cluster of the loose ink a stamp's size."""
    lh = page.lh
    loose = loose.copy()
    seeds = [list(w.bbox) for w in page.words if _stamp_word(page, w)] + [list(w.bbox) for w in _stacked_words(page)]
    for b in seeds:     # a seed's own ink, whatever took it out
        loose[b[1]:b[3], b[0]:b[2]] = page.ink[b[1]:b[3], b[0]:b[2]]
    # the letters: pieces of ink a letter's size (not a long pen stroke, not a speck); and
    # the same with the ink closed up, as a porous rubber stamp's letters need to be one piece
    # each (closing would run a crowded stamp's letters together: both are tried)
    letters = _letters(loose, lh)
    only = np.zeros_like(loose)
    for x, y, w, h, _ in letters:
        only[y:y + h, x:x + w] = loose[y:y + h, x:x + w]
    # a stamp's rows are set further apart, for their height, than its letters
    k = max(5, int(0.7 * lh))
    blob = cv2.dilate(only, np.ones((2 * k, k), np.uint8))
    for x, y, w, h, _ in components(blob)[0]:
        b = [int(x + k // 2), int(y + k), int(x + w - k // 2), int(y + h - k)]
        bw, bh = b[2] - b[0], b[3] - b[1]
        seeded = any(overlap(s, b) > 0.5 for s in seeds)
        # (a seeded stamp may be one line of print, set level or on its side)
        big = (min(bw, bh) >= lh and max(bw, bh) >= 4 * lh) if seeded else (bw >= 4 * lh and bh >= 1.5 * lh)
        if not big or bw > 0.5 * page.width or bh > 0.25 * page.height:
            continue
        sub = only[b[1]:b[3], b[0]:b[2]]
        ys, xs = np.nonzero(sub)
        if not len(xs):
            continue
        box = [b[0] + int(xs.min()), b[1] + int(ys.min()), b[0] + int(xs.max()) + 1, b[1] + int(ys.max()) + 1]
        if seeded:
            yield box, [], True
            continue
        crop = cv2.morphologyEx(loose[b[1]:b[3], b[0]:b[2]], cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
        closed = _letters(crop, lh) + np.array([b[0], b[1], 0, 0, 0])
        inside_ = _within(letters, b)
        if _lowercase_share(inside_) > 0.36:
            continue        # typing in upper and lower case (a form's field OCR could not read)
        rows = max((_rows_of_print(cs[:, :4].astype(float), lh) for cs in (inside_, closed)
                    if len(cs) >= 25), key=len, default=[])
        yield box, rows, False


def _short_rules(page: Page) -> np.ndarray:
    """(x0, y0, x1, y1) of the level rules two typed lines long or more and under two fifths
    of the page's width (a stamp's blanks and border; not a form's rules across the page)."""
    k = int(2 * page.lh)
    rules = cv2.morphologyEx(page.ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1)))
    stats, _ = components(rules, k)
    out = [(x, y, x + w, y + h) for x, y, w, h, _ in stats if w <= 0.4 * page.width]
    return np.array(out, int).reshape(-1, 4)


def _with_its_rules(b, rules: np.ndarray) -> list[int]:
    """Box B of a stamp's print drawn out to the rules that start or end within it: the
    loose ink has its blanks and ruled border taken out with the form's rules, and the
    blanks run on past its words (SEARCHED ______)."""
    x0, y0, x1, y1 = b
    mid = (rules[:, 1] + rules[:, 3]) / 2
    own = rules[(mid >= y0) & (mid <= y1) & (((rules[:, 0] >= x0) & (rules[:, 0] <= x1))
                                               | ((rules[:, 2] >= x0) & (rules[:, 2] <= x1)))]
    if not len(own):
        return list(b)
    return [int(min(x0, own[:, 0].min())), y0, int(max(x1, own[:, 2].max())), y1]


def _with_its_lines(page: Page, b) -> list[int]:
    """A seeded stamp's box B drawn out over the words OCR read on its row at its size (DO NOT
    before DESTROY, set further apart than the loose ink's letters are joined), then over the
    lines of words just under it, one after the next (a line of its letters apart at most),
    that lie within its width and alone on their rows (CS COPY TEMPORARILY LOST / RETURN TO
    IP/FILES, cut at the typing's size, and so taken out of the loose ink with the typing)."""
    b = list(b)
    h = b[3] - b[1]
    grew = True
    while grew:
        grew = False
        for w in page.words:
            x0, y0, x1, y1 = w.bbox
            if b[1] <= (y0 + y1) / 2 <= b[3] and y1 - y0 >= 0.6 * h and w.conf >= 60 \
                    and (0 <= x0 - b[2] <= 1.5 * h or 0 <= b[0] - x1 <= 1.5 * h):
                b = [min(b[0], x0), min(b[1], y0), max(b[2], x1), max(b[3], y1)]
                grew = True
    for seg in sorted(visual_lines(page.words), key=lambda s: min(w.bbox[1] for w in s)):
        x0, y0 = min(w.bbox[0] for w in seg), min(w.bbox[1] for w in seg)
        x1, y1 = max(w.bbox[2] for w in seg), max(w.bbox[3] for w in seg)
        if y0 < b[3]:
            continue
        # (a marking stamped under it is its own: DESIGN.md)
        if y0 - b[3] > h or x0 < b[0] - page.lh or x1 > b[2] + page.lh or min(w.conf for w in seg) < 60 \
                or marking(" ".join(w.text for w in seg)):
            break
        if any(w not in seg and abs((w.bbox[1] + w.bbox[3]) / 2 - (y0 + y1) / 2) < 0.5 * (y1 - y0)
               and min(abs(w.bbox[0] - x1), abs(x0 - w.bbox[2])) < 3 * page.lh for w in page.words):
            break           # not alone on its row
        b[3] = max(b[3], y1)
    return b


def _review_stamps(page: Page) -> list[Region]:
    """The CIA's FOIA review stamp (see the module's doc), from its second line as OCR read
    it (for FOIA Review on, and the month stamped after it) and the line just above it
    (Document Number and the number stamped after it, however poorly read): its print is the
    typing's size, so it is taken out of the loose ink with the typing and seeds nothing."""
    segs = visual_lines(page.words)
    out = []
    for seg in segs:
        text = "".join(c for c in " ".join(w.text for w in seg).upper() if c.isalpha())
        # (the phrase found within the line's letters, not a scrap of a line found within it)
        if len(text) < 10 or fuzz.partial_ratio("FOIAREVIEW", text) < 85 or not any(w.conf >= 60 for w in seg):
            continue
        b = union([w.bbox for w in seg])
        h = float(np.median([w.bbox[3] - w.bbox[1] for w in seg]))
        # the line above: begun where this one begins, less than three of its lines higher
        above = [s for s in segs if s is not seg and abs(min(w.bbox[0] for w in s) - b[0]) < 2 * h
                 and 0 < b[1] - max(w.bbox[3] for w in s) < 3 * h]
        if above:
            top = max(above, key=lambda s: max(w.bbox[3] for w in s))
            b = union([b] + [w.bbox for w in top])
        out.append(Region("stamp", b, text="FOIA review", score=0.7))
    return out


def unruled(page: Page, taken: list[Region], loose: np.ndarray | None = None) -> list[Region]:
    """Stamps with no ruled border (see the module's doc), none inside TAKEN (the ruled ones).
    LOOSE is ``loose_ink(page)`` if the caller has it."""
    if not page.words:
        return []
    # (a stamp read on its side is one line of print: its column's ink is its box, the blob
    # about it may hold a file number written on up the margin)
    out = [r for r in _review_stamps(page) + [Region("stamp", b, score=0.7) for b in _read_on_side(page)]
           if not any(iou(r.bbox, t.bbox) > 0.3 for t in taken)]
    taken = taken + out
    rules = None
    for box, rows, seeded in _candidates(page, loose_ink(page) if loose is None else loose):
        if not seeded and (not _print_block(page, rows) or _in_running_text(page, box)):
            continue
        if seeded:
            if rules is None:
                rules = _short_rules(page)
            box = _with_its_rules(_with_its_lines(page, box), rules)
        if any(iou(box, t.bbox) > 0.3 or inside(box, t.bbox, 8) for t in taken):
            continue
        out.append(Region("stamp", box, score=0.7))
    return out
