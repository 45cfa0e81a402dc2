"""Handwriting: ink that no typed word, stamp, box or line accounts for, grouped into
notes (words written in above the line or in the margin). Needs OCR words: without them
typing and handwriting cannot be told apart. No Qt."""
from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from . import hand_carets
from .hand_shape import SLOPING, aligned, circled, hand_like, letters, measures, sloping, stippled, typeset_like
from .hand_split import split_tall
from .ink import Page, components, inside, overlap
from .markings import visual_lines
from .regions import Region


def _typed_word(page: Page, w) -> bool:
    """A word Tesseract read as typing (handwriting comes out short of confidence or of
    letters, or too tall for the typed line)."""
    h = w.bbox[3] - w.bbox[1]
    letters = sum(c.isalnum() for c in w.text)
    return w.conf >= 45 and letters >= 1 and h <= 1.5 * page.lh and (w.conf >= 75 or letters >= 3 or len(w.text) <= 2)


ROW_TALL = 1.08     # words of a short row all taller than the typing by this are written
CONF_TYPED = 70     # a typed-looking word read this confidently is typing wherever it is
PRINT_CONF = 90     # a word read so surely is no hand if it is on the pitch or in capitals (``_read_as_print``)
JOIN = 1.6          # strokes this many line heights apart are one note
MERGE = 0.5         # overlapping notes are one if sharing this share of the lower's height, or of either's area
BLOT = 0.7          # a mark filling more of its box than this is a blot or a hole (a disc fills 0.79), not writing
STACKED = 3         # pieces this many lines tall and wide are each a note, however close
SMALL = 1.5         # a note this many lines tall or less must lean or run its letters together
TALL = 8            # a note (a signature, initials in the margin) is at most this many lines tall
LARGE = 4           # on a printed page, a note this many lines tall is no type (a heading's are two)


def large_hand(page: Page, b) -> bool:
    """The note in box B is told from print however the page's words are set: a line and a
    half wide, no word OCR read well in it, and LARGE lines tall or more in a hand
    (``hand_like``: a signature, initials written large, a file number down the margin), or
    smaller in letters that slope as no type does."""
    x0, y0, x1, y1 = b
    if x1 - x0 < 1.5 * page.lh or any(w.conf >= 60 and sum(c.isalnum() for c in w.text) >= 3
                                      and overlap(w.bbox, b) > 0.5 for w in page.words):
        return False
    sub = page.ink[y0:y1, x0:x1]
    if y1 - y0 >= LARGE * page.lh:
        return hand_like(sub, page.lh)
    # or smaller, eight letters or more leaning far more than set type's italic does (a
    # file number written on a newspaper clipping's mount; a typed date's slashes lean, but
    # it is a few figures)
    n, h, _, sl = measures(sub, page.lh)
    return n >= 8 and h >= page.lh and abs(sl) >= SLOPING


def _on_pitch(page: Page, w) -> bool:
    """W is typing however poorly OCR read it: four or more letters as wide each as the page's
    typed letters and as tall as its typed words (handwriting read as a word is neither)."""
    n = len(w.text)
    h = w.bbox[3] - w.bbox[1]
    return n >= 4 and abs((w.bbox[2] - w.bbox[0]) / n - page.cw) < 0.12 * page.cw and abs(h - page.lh) < 0.3 * page.lh


def _read_as_print(page: Page, w) -> bool:
    """W, read all but certainly (PRINT_CONF), is typing or print wherever it stands: on the
    typewriter's pitch (``_on_pitch``: the last word of a paragraph, alone on its line), or
    three figures or capitals and no small letter (a form's label, a date, a file number
    printed on the page: a hand's figures and capitals OCR reads with less confidence), or
    three letters or more in brackets (a form's printed "(Priority)": a hand's bracketed
    portion mark is one letter)."""
    if w.conf < PRINT_CONF:
        return False
    text = "".join(c for c in w.text if c.isalnum())
    bracketed = w.text.startswith("(") and w.text.rstrip(".,:;").endswith(")")
    return _on_pitch(page, w) or (len(text) >= 3 and (bracketed or not any(c.islower() for c in text)))


def _skew(segs) -> float:
    """The typed lines' slope (dy/dx), the median of that of the pieces of line with four
    words or more."""
    slopes = []
    for seg in segs:
        if len(seg) >= 4:
            xs = [(w.bbox[0] + w.bbox[2]) / 2 for w in seg]
            ys = [(w.bbox[1] + w.bbox[3]) / 2 for w in seg]
            if max(xs) - min(xs) > 0:
                slopes.append(np.polyfit(xs, ys, 1)[0])
    return float(np.median(slopes)) if slopes else 0.0


def typed_rows(page: Page, words) -> tuple[list[list], float]:
    """The typed lines: rows of two or more words that look typed (``_typed_word``), each
    sorted left to right, and the lines' slope (dy/dx)."""
    segs = visual_lines([w for w in words if _typed_word(page, w)])
    slope = _skew(segs)
    rows: list[list] = []
    for seg in segs:
        # pieces of one typed line, cut where OCR read nothing (a struck word), are one row:
        # their middles compared where the line starts, the skew taken out (a line 2 degrees
        # off level climbs a line's height over a page's width)
        h = float(np.median([w.bbox[3] - w.bbox[1] for w in seg]))
        yc = float(np.median([(w.bbox[1] + w.bbox[3]) / 2 - slope * (w.bbox[0] + w.bbox[2]) / 2 for w in seg]))
        for row in rows:
            if abs(row[0] - yc) < 0.5 * h:
                row[1].extend(seg)
                break
        else:
            rows.append([yc, list(seg)])
    return [sorted(r, key=lambda w: w.bbox[0]) for _, r in rows if len(r) >= 2], slope


def _written_row(row, lh: int) -> bool:
    """ROW, a few words (three at most) all taller than the typing (LH) by a twelfth, is a note
    OCR read with confidence ("3 per SLP" written in above a line), no typed line: a typed
    word is no taller than the page's typed words are, its capitals and descenders and all."""
    return len(row) <= 3 and all(w.bbox[3] - w.bbox[1] > ROW_TALL * lh for w in row)


def _in_columns(row, rows: list[list], lh: int) -> bool:
    """Two or more of ROW's words end where words of the typed rows within three lines above
    or below it end (left or right, within half a line): a row of a typed table ("36,000
    2,500 38,560" under "1,700 25,700"), its figures in the table's columns, however tall
    its face; a note written in above a line keeps to no column of the typing."""
    y = row[0].bbox[1]
    near = [w for r in rows if r is not row and abs(r[0].bbox[1] - y) < 3 * lh for w in r]
    return sum(any(abs(v.bbox[0] - w.bbox[0]) < 0.5 * lh or abs(v.bbox[2] - w.bbox[2]) < 0.5 * lh for v in near)
               for w in row) >= 2


def on_typed_row(rows: list[list], slope: float, b) -> bool:
    """Box B sits on a typed line, as a word of it would (its middle on the line's middle,
    no taller than a typed word and a half), anywhere along the line's length: typing OCR
    did not read. A note is written between the lines, or is taller."""
    cx, cy, h = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2, b[3] - b[1]
    for row in rows:
        rh = float(np.median([w.bbox[3] - w.bbox[1] for w in row]))
        # the line's middle there from its words nearest along it: a row may join pieces of
        # line a little apart (a form's two columns, a line bowed on the scan)
        near = sorted(row, key=lambda w: abs((w.bbox[0] + w.bbox[2]) / 2 - cx))[:3]
        mid = float(np.median([(w.bbox[1] + w.bbox[3]) / 2 + slope * (cx - (w.bbox[0] + w.bbox[2]) / 2) for w in near]))
        if abs(cy - mid) < 0.25 * rh and h < 1.5 * rh:
            return True
    return False


def row_strips(page: Page, rows: list[list], slope: float) -> np.ndarray:
    """A mask of the typed lines' strips: each row's height (and a tenth more each way) along
    the line, the skew followed, from the text's left edge (or three lines before the row's
    first word) to three lines past its last."""
    strip = np.zeros((page.height, page.width), np.uint8)
    if not rows:
        return strip
    left = float(np.percentile([r[0].bbox[0] for r in rows], 20))
    for row in rows:
        rh = float(np.median([w.bbox[3] - w.bbox[1] for w in row]))
        mids = [(w.bbox[1] + w.bbox[3]) / 2 - slope * (w.bbox[0] + w.bbox[2]) / 2 for w in row]
        c = float(np.median(mids))
        x0 = min(left, row[0].bbox[0] - 3 * rh)
        x1 = row[-1].bbox[2] + 3 * rh
        half = 0.6 * rh
        pts = np.array([[x0, c + slope * x0 - half], [x1, c + slope * x1 - half],
                        [x1, c + slope * x1 + half], [x0, c + slope * x0 + half]], np.int32)
        cv2.fillPoly(strip, [pts], 255)
    return strip


def typed_bands(page: Page, words, rows: list[list] | None = None) -> list[list[int]]:
    """Where the typed lines run, as boxes [x0, y0, x1, y1]: in the rows of ``typed_rows``,
    each word's box and the gap to the next word's (a word OCR read nothing of, a struck
    one, lies in such a gap), from the two words' median top to median foot, so that the
    bands follow a skewed line along (a note written just above reaches into them less than
    a typed word does)."""
    full = rows if rows is not None else typed_rows(page, words)[0]
    out = []
    left = float(np.percentile([r[0].bbox[0] for r in full], 20)) if full else 0.0   # the text's left edge
    for row in full:
        # a line's band reaches back to the text's left edge (struck words that begin a line
        # are often not read at all)
        if 0 < row[0].bbox[0] - left < 12 * page.cw:
            out.append([int(left), row[0].bbox[1], row[0].bbox[0], row[0].bbox[3]])
        for a, b in zip(row, row[1:] + [row[-1]]):
            out.append([a.bbox[0], min(a.bbox[1], b.bbox[1]), max(a.bbox[2], b.bbox[0]), max(a.bbox[3], b.bbox[3])])
        # and any word sitting on the line however poorly read (struck words at its start
        # read as one word of no confidence): its middle on the line's, the skew followed
        xs = [(w.bbox[0] + w.bbox[2]) / 2 for w in row]
        ys = [(w.bbox[1] + w.bbox[3]) / 2 for w in row]
        slope, icpt = np.polyfit(xs, ys, 1) if len(set(xs)) > 1 else (0.0, ys[0])
        h = float(np.median([w.bbox[3] - w.bbox[1] for w in row]))
        for w in words:
            cx, cy = (w.bbox[0] + w.bbox[2]) / 2, (w.bbox[1] + w.bbox[3]) / 2
            if abs(cy - (slope * cx + icpt)) < 0.3 * h and w.bbox[3] - w.bbox[1] <= 1.8 * h \
                    and row[0].bbox[0] - 3 * h <= cx <= row[-1].bbox[2] + 3 * h:
                out.append(list(w.bbox))
    return out


def _along_a_line(xs, ys) -> tuple[float, float]:
    """How far the ink at (XS, YS) lies from the straight line through it, at any angle (80th
    percentile), and how long that line is."""
    pts = np.stack([xs, ys], 1).astype(np.float64)
    pts -= pts.mean(axis=0)
    _, axes = np.linalg.eigh(np.cov(pts.T))
    along = pts @ axes[:, 1]
    return float(np.percentile(np.abs(pts @ axes[:, 0]), 80)), float(along.max() - along.min())


def _straight(xs, ys, lh: int) -> bool:
    """The ink at (XS, YS) lies along one straight line: little of it further from the line
    fitted through it than a stroke's width."""
    return len(xs) < 3 or _along_a_line(xs, ys)[0] < 0.15 * lh


def insertions_between_lines(page: Page, taken: list[Region]) -> list[Region]:
    """Ink between the typed lines (``typed_bands``) that no word read with confidence covers:
    handwriting above the line or in the margin, whether OCR read it as words or not."""
    if not page.words:
        return []
    ctx = note_ink(page, taken)
    out = [Region("insertion", b, score=0.6) for b, why in candidates(page, ctx) if why is None]
    stamps = [s.bbox for s in taken if s.kind == "stamp"]
    notes = _merge_overlapping(out, page.lh, ctx.bands, ctx.cuts)
    # notes written side by side, each going in at its own caret or over its own struck word
    struck = [s.bbox for s in taken if s.kind == "deletion"]
    boxes = [hand_carets.above_the_line(page, ctx, r.bbox, struck) for r in notes]
    notes = [Region("insertion", b, score=0.6) for nb in boxes for b in hand_carets.split(page, ctx.mask, nb, struck)]
    # a squeezed note takes the place of one it lies in boxed with the typing (see squeezed)
    more = hand_carets.squeezed(page, taken + notes)
    notes = [r for r in notes if not any(overlap(b, r.bbox) > 0.3 for b in more)]
    notes += [Region("insertion", b, score=0.5) for b in more]
    return [r for r in notes if not any(inside(r.bbox, s, 4) for s in stamps)]


@dataclass
class NoteInk:
    """What the notes are looked for in: MASK, the ink no typed word, mark or rule explains;
    FREE, the ink but for the marks found already and the rules (the typing left in, to
    judge a patch's letters by); STRIP, the typed lines' strips; the typed ROWS, their
    SLOPE and BANDS (``typed_bands``); RULES, the page's ruled lines (a form's blanks among
    them); PRINTED, the boxes of the words read as print wherever they stand
    (``_read_as_print``); CUTS, where blobs too tall for one note were cut between lines of
    writing (``hand_split``), which part notes as the typed lines do."""
    mask: np.ndarray
    free: np.ndarray
    strip: np.ndarray
    rows: list
    slope: float
    bands: list
    rules: np.ndarray
    cuts: list = field(default_factory=list)
    printed: list = field(default_factory=list)


def note_ink(page: Page, taken: list[Region]) -> NoteInk:
    """The ink that may be handwriting (``NoteInk``)."""
    words = page.words
    mask = page.ink.copy()
    lh = page.lh
    # the typed lines go, struck words and all (OCR often runs a struck word into the note
    # above it), and the words read with confidence elsewhere; what OCR made of the notes
    # written between the lines stays
    rows, slope = typed_rows(page, words)
    rows = [r for r in rows if not _written_row(r, lh) or _in_columns(r, rows, lh)]
    bands = typed_bands(page, words, rows)
    for x0, y0, x1, y1 in bands:
        mask[max(0, y0):y1, max(0, x0 - 4):x1 + 4] = 0
    sure = [w for w in words if (w.conf >= 85 and len(w.text) >= 2) or (w.conf >= CONF_TYPED and _typed_word(page, w))
            or _on_pitch(page, w)]
    for w, alone in zip(sure, _alone(sure)):
        # a word read with confidence alone between the typed lines may be a note in a
        # neat hand: its letters' shape tells (``typeset_like``), not OCR's confidence
        if alone and not any(overlap(w.bbox, b) > 0.5 for b in bands):
            continue
        x0, y0, x1, y1 = w.bbox
        mask[max(0, y0 - 4):y1 + 4, max(0, x0 - 4):x1 + 4] = 0
    free = page.ink.copy()          # the ink but for the marks found already
    for s in taken:
        x0, y0, x1, y1 = s.bbox
        if s.kind == "stamp":
            # a stamp's print goes, as typing does, by its letters' shape, and writing in
            # its blanks (a reviewer's initials, a date) is the stamp's, below; but writing
            # that crosses the impression (an initial scrawled over it) is a note of its own
            continue
        mask[max(0, y0 - 4):y1 + 4, max(0, x0 - 4):x1 + 4] = 0
        if s.kind != "deletion":
            # (a struck word's letters lie on a typed line and are told from a note's strokes
            # by it, ``_whole_strokes``: the note written onto it keeps the loops it dips in)
            free[max(0, y0 - 4):y1 + 4, max(0, x0 - 4):x1 + 4] = 0
    # ruled lines (a form's, the page's edge) are no writing: straight for eight lines'
    # height, which a pen's strokes are not (a dash in a number written large may be four)
    rules = _rules(page.ink, 8 * lh)
    mask = cv2.subtract(mask, rules)
    free = cv2.subtract(free, rules)
    strip = row_strips(page, rows, slope)
    mask = _drop_typed_marks(page, mask, free, strip)
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    printed = [w.bbox for w in words if _read_as_print(page, w)]
    return NoteInk(mask, free, strip, rows, slope, bands, rules, printed=printed)


def _drop_typed_marks(page: Page, mask, free, strip) -> np.ndarray:
    """MASK less every mark of FREE lying within a typed line's STRIP all but a tenth: a typed
    letter, read or not (OCR runs a note and the unread typed word under it into one word of
    no confidence), and one a caret's foot touches; a note dipping into the strip reaches
    out of it, and stays. The marks are taken at half the size (the full page's components
    are the costly part; marks a pixel apart are one)."""
    half = (page.width // 2, page.height // 2)
    free_s = (cv2.resize(free, half, interpolation=cv2.INTER_AREA) > 0).astype(np.uint8)
    _, labels, marks, _ = cv2.connectedComponentsWithStats(free_s, connectivity=8)
    strip_s = cv2.resize(strip, half, interpolation=cv2.INTER_NEAREST)
    outside = np.bincount(labels[(free_s > 0) & (strip_s == 0)], minlength=len(marks))
    typed = outside <= 0.1 * marks[:, 4]
    typed[0] = False
    if typed.any():
        gone = cv2.resize(typed[labels].astype(np.uint8), (page.width, page.height), interpolation=cv2.INTER_NEAREST)
        mask = mask.copy()
        mask[gone > 0] = 0
    return mask


def _blobs(page: Page, mask) -> np.ndarray:
    """Strokes of MASK joined into notes (x, y, w, h, area rows), at half the size (the
    joining is coarse, the full-size components the costly part); boxes back at full size."""
    lh = page.lh
    kx, ky = max(5, int(JOIN * lh) // 2), max(2, lh // 8)
    small = cv2.resize(mask, (page.width // 2, page.height // 2), interpolation=cv2.INTER_AREA)
    blob = cv2.dilate((small > 0).astype(np.uint8), cv2.getStructuringElement(cv2.MORPH_RECT, (kx, ky)))
    stats, _ = components(blob)
    return stats * np.array([2, 2, 2, 2, 1]) + np.array([0, 0, 2, 2, 0])


def candidates(page: Page, ctx: NoteInk):
    """Every joined blob of the note ink as (box, why not): WHY is None for a note, else the
    reason it is none (a rule, typing, specks...), for the bench's and a reader's sake."""
    words = page.words
    lh = page.lh
    mask, free = ctx.mask, ctx.free
    text_top = min(w.bbox[1] for w in words)
    text_bottom = max(w.bbox[3] for w in words)
    # a blob too tall for one note is the notes written one under another, told apart
    blobs, cut, ctx.cuts = split_tall(_blobs(page, mask), mask, lh, TALL, JOIN)
    for (x, y, bw, bh, _), piece in zip(blobs, cut):
        sub = mask[y:y + bh, x:x + bw]
        ink_in = int(sub.sum() / 255)
        if not (bw >= 1.5 * lh and lh * 0.4 <= bh <= lh * TALL and ink_in > lh * 4 and text_top - lh < y < text_bottom):
            yield [int(x), int(y), int(x + bw), int(y + bh)], "size"
            continue
        # a ruled or dashed line (a form's, a teletype's) is long and its ink lies along one
        # straight line, however skewed it runs (a written word's strokes are thin in each
        # column too, but spread over its letters' height)
        ys, xs = np.nonzero(sub)
        b = [int(x + xs.min()), int(y + ys.min()), int(x + xs.max() + 1), int(y + ys.max() + 1)]
        if bw > 4 * lh and _straight(xs, ys, lh):
            yield b, "straight"
            continue
        # a long row of thin strokes (few rows of ink in each column) is typing in a
        # light face that OCR did not read, or a dotted leader, unless it leans as a hand
        cols = np.count_nonzero(sub, axis=0)
        if bw > 4 * lh and cols.any() and np.median(cols[cols > 0]) < 0.3 * lh and not sloping(sub):
            yield b, "thin row"
            continue
        # back from the dilated blob to the ink in it, as large as a written word, and out
        # to the whole of the strokes it holds: a note written close above a typed line dips
        # into its band (or the band of the line above reaches down into it), and what the
        # bands leave of it is its middle, cut level like a typed line's letters
        b = _whole_strokes(b, mask, free, ctx.strip, lh)
        b = _off_the_line(b, free, ctx.strip)
        why = _judge(b, free, ctx, lh)
        if why is None and piece and not hand_like(free[b[1]:b[3], b[0]:b[2]], lh):
            # a piece of a tangle of ink (notes, an oval drawn round them, specks) must
            # show a hand of its own
            why = "piece, no hand"
        parts = _unaligned_parts(b, ctx, lh) if why in ("typeset", "tall, no hand") else []
        if parts:
            yield from (_drawn_in(p, free, lh) for p in parts)
        elif why is None:
            yield _drawn_in(b, free, lh)
        else:
            yield b, why


def _drawn_in(b, free, lh: int):
    """(box, why not) of the note in box B drawn in to its letters (``_to_letters``): what is
    left must be a letter's size at least and no hairline, under a quarter of a line across
    (a speck, or a rule's stub left of a blob that passed, is none)."""
    b = _to_letters(b, free, lh)
    w, h = b[2] - b[0], b[3] - b[1]
    return b, ("speck or hairline" if max(w, h) < 0.9 * lh or min(w, h) < 0.25 * lh else None)


def _unaligned_parts(b, ctx: NoteInk, lh: int) -> list[list[int]]:
    """The notes within box B, whose ink as a whole looks typed (typing OCR did not read, a
    note written beside it and joined to it): its large marks (a line tall or two wide, more
    than a typed letter) with no neighbour on their line, grouped as strokes are into notes,
    each of which must show a hand of its own."""
    x0, y0, x1, y1 = b
    patch = ctx.free[y0:y1, x0:x1]
    stats, labels = components(patch, 8)
    keep = np.nonzero(stats[:, 3] >= max(4, int(0.3 * lh)))[0]
    if len(keep) < 4:
        return []
    marks = stats[keep]
    alone = ~aligned(marks, max(2.0, 0.1 * float(np.median(marks[:, 3]))))
    big = alone & ((marks[:, 3] >= lh) | (marks[:, 2] >= 2 * lh))
    if not big.any() or big.all():
        return []
    ink = np.isin(labels, keep[big] + 1).astype(np.uint8)
    k = cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, int(JOIN * lh)), max(3, lh // 4)))
    groups, _ = components(cv2.dilate(ink, k))
    out = []
    for gx, gy, gw, gh, _ in groups:
        ys, xs = np.nonzero(ink[gy:gy + gh, gx:gx + gw])
        gx, gy = int(gx), int(gy)
        p = [x0 + gx + int(xs.min()), y0 + gy + int(ys.min()), x0 + gx + int(xs.max()) + 1, y0 + gy + int(ys.max()) + 1]
        if _judge(p, ctx.free, ctx, lh) is None and hand_like(ctx.free[p[1]:p[3], p[0]:p[2]], lh):
            out.append(p)
    return _rejoined(out, ctx, lh)


def _rejoined(parts: list[list[int]], ctx: NoteInk, lh: int) -> list[list[int]]:
    """PARTS (``_unaligned_parts``) side by side on one line of writing, closer than strokes
    are joined or the gap between them inked most of the way across, made one note where the
    whole passes as one: the letters of a file number written between them keep to their
    line as type does ("2-50" of 62-5038-11), and were no part."""
    parts = sorted(parts)
    i = 0
    while i < len(parts) - 1:
        a, b = parts[i], parts[i + 1]
        shared = min(a[3], b[3]) - max(a[1], b[1])
        gap = ctx.free[max(a[1], b[1]):min(a[3], b[3]), a[2]:b[0]]
        if 0 < b[0] - a[2] < 8 * lh and shared >= 0.4 * min(a[3] - a[1], b[3] - b[1]) \
                and (b[0] - a[2] < JOIN * lh or gap.any(axis=0).mean() >= 0.6):
            j = [a[0], min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])]
            if _judge(j, ctx.free, ctx, lh) is None and hand_like(ctx.free[j[1]:j[3], j[0]:j[2]], lh):
                parts[i:i + 2] = [j]
                continue
        i += 1
    return parts


def _judge(b, free, ctx: NoteInk, lh: int) -> str | None:
    """Why the ink in box B is no note, or None if it is one."""
    if b[2] - b[0] < 1.2 * lh or b[3] - b[1] < 0.45 * lh:
        return "small"
    # low and short, it is a speck, a stray tick or a typed mark, not a written word
    # (a word written in is as tall as the typing, or longer than a short typed word)
    if b[3] - b[1] < 0.8 * lh and b[2] - b[0] < 2.5 * lh:
        return "low and short"
    # words read as print are judged by what OCR made of them here, not cut out of the ink
    # with the typing: cut out, what is left of a blob they are part of passes for a note
    # (the share of B drawn in to its letters they cover, a rule's stub or a speck at its
    # edge left out; words' boxes do not overlap)
    core = _to_letters(b, free, lh)
    if sum(overlap(core, x) for x in ctx.printed) >= 0.6:
        return "read as print"
    if _labels_a_blank(core, ctx.rules, lh):
        return "a blank's label"
    # what the ink there looks like, the typed lines about it left in (a note is
    # judged by all its letters, an unread typed word by its neighbours' feet)
    patch = free[b[1]:b[3], b[0]:b[2]]
    if _blotted(patch, lh):
        return "blot"
    measured = measures(patch, lh)
    if typeset_like(patch, lh, measured):
        return "typeset"
    # a line tall or so, upright, in separate marks: print OCR did not read (a form's label, a
    # line of small type), its letters' feet too worn or specked to keep to one line; a hand
    # that small leans or runs its letters together
    n, _, _, sl = measured
    if b[3] - b[1] < SMALL * lh and n >= 2 and abs(sl) < 0.1:
        return "small upright marks"
    if stippled(patch, lh):
        return "stippled"       # specks (a seal's or a punch mark's stipple, dust)
    if circled(patch, lh):
        return "circled"        # a form's printed numbered field
    if on_typed_row(ctx.rows, ctx.slope, b):
        return "on a typed row"
    if _one_straight_stroke(ctx.mask[b[1]:b[3], b[0]:b[2]], lh):
        return "one straight stroke"
    # a note taller than two lines must show a hand (a stamp's or form's print,
    # unread, does not)
    if b[3] - b[1] > 2.2 * lh and not hand_like(patch, lh):
        return "tall, no hand"
    return None


def _one_straight_stroke(patch, lh: int) -> bool:
    """The note ink of PATCH is one straight stroke a line and a fifth long or more, at any
    angle: a pen's line drawn across the typing (cut into pieces by the typed lines), a
    rule's stub; no writing, whose letters spread across their line."""
    ys, xs = np.nonzero(patch)
    if len(xs) < 10:
        return False
    across, length = _along_a_line(xs, ys)
    return length >= 1.2 * lh and across <= max(3.0, 0.1 * lh)


def _labels_a_blank(b, rules: np.ndarray, lh: int) -> bool:
    """The ink in box B is a form's printed label for the blank ruled just after it ("Via
    ______"): a rule along its foot from its right end (or within a line of it) on for three
    lines, and none under the label itself (what is written into a blank lies over its
    rule)."""
    y0, y1 = max(0, b[3] - int(0.4 * lh)), b[3] + int(0.3 * lh)
    x = b[2]
    after = rules[y0:y1, x + int(0.6 * lh):x + int(3.6 * lh)].any(axis=0)
    under = rules[y0:y1, b[0]:max(b[0] + 1, x - int(0.2 * lh))].any(axis=0)
    return after.size > 0 and after.mean() >= 0.9 and under.mean() < 0.2


def _to_letters(b, free, lh: int) -> list[int]:
    """Box B drawn in to the marks of FREE in it a third of a line tall or more, its letters:
    specks, a dash or a stray dot at its edge (dust, a faint rule's dots) are not the note."""
    marks = letters(free[b[1]:b[3], b[0]:b[2]], max(4, int(0.3 * lh)))
    if not len(marks):
        return b
    return [b[0] + int(marks[:, 0].min()), b[1] + int(marks[:, 1].min()),
            b[0] + int((marks[:, 0] + marks[:, 2]).max()), b[1] + int((marks[:, 1] + marks[:, 3]).max())]


def _blotted(patch, lh: int) -> bool:
    """Most of the ink of PATCH lies in solid marks a line across or more, each filling more
    than BLOT of its box, or round a wide disc: a punched hole, a blot (a pen's strokes fill
    little of theirs)."""
    _, labels, stats, _ = cv2.connectedComponentsWithStats(patch, connectivity=8)
    stats = stats[1:]
    if not (stats[:, 4] >= 8).any():
        return False
    solid = 0
    for i in np.flatnonzero((stats[:, 2] >= lh) & (stats[:, 3] >= lh)):
        x, y, w, h, area = stats[i]
        if area > BLOT * w * h:
            solid += area
        else:
            # a punched hole's torn rim, or specks on it, stand out of its box: solid all the
            # same if a disc inside it (as wide as the pen's strokes are not) holds half its ink
            r = float(cv2.distanceTransform((labels[y:y + h, x:x + w] == i + 1).astype(np.uint8), cv2.DIST_L2, 5).max())
            if r >= 0.6 * lh and np.pi * r * r >= 0.5 * area:
                solid += area
    return solid > 0.5 * int(stats[stats[:, 4] >= 8, 4].sum())


def _whole_strokes(b, mask, free, strip, lh: int) -> list[int]:
    """Box B grown to the strokes (components of the ink FREE) that the ink left in MASK
    inside it belongs to, by half a line at most up and down and a line at most to each side
    (a note that touches the typing below must not take its letters in whole), but not to
    strokes lying mostly (seven tenths) in a typed line's STRIP and mostly not in MASK: typed
    letters that a caret under the note touches (a note written on the line is in MASK)."""
    x0, y0, x1, y1 = b
    X0, Y0 = max(0, x0 - lh), max(0, y0 - lh // 2)
    X1, Y1 = min(free.shape[1], x1 + lh), min(free.shape[0], y1 + lh // 2)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(free[Y0:Y1, X0:X1], connectivity=8)
    ids = np.unique(labels[y0 - Y0:y1 - Y0, x0 - X0:x1 - X0][mask[y0:y1, x0:x1] > 0])
    outside = np.bincount(labels[strip[Y0:Y1, X0:X1] == 0], minlength=len(stats))
    noted = np.bincount(labels[mask[Y0:Y1, X0:X1] > 0], minlength=len(stats))
    area = stats[ids, 4]
    ids = ids[(ids > 0) & ((outside[ids] > 0.3 * area) | (noted[ids] > 0.5 * area))]
    if not ids.size:
        return b
    s = stats[ids]
    return [X0 + int(s[:, 0].min()), Y0 + int(s[:, 1].min()),
            X0 + int((s[:, 0] + s[:, 2]).max()), Y0 + int((s[:, 1] + s[:, 3]).max())]


def _rules(ink: np.ndarray, k: int) -> np.ndarray:
    """Straight strokes of INK K pixels long or more, level or upright, found at half the
    size (long openings are the costly part), grown back a little to cover the full-size ones."""
    h, w = ink.shape
    small = cv2.resize(ink, (w // 2, h // 2), interpolation=cv2.INTER_AREA)
    small = cv2.threshold(small, 100, 255, cv2.THRESH_BINARY)[1]
    k = max(3, k // 2)
    lines = cv2.bitwise_or(cv2.morphologyEx(small, cv2.MORPH_OPEN, np.ones((1, k), np.uint8)),
                           cv2.morphologyEx(small, cv2.MORPH_OPEN, np.ones((k, 1), np.uint8)))
    lines = cv2.resize(cv2.dilate(lines, np.ones((2, 2), np.uint8)), (w, h), interpolation=cv2.INTER_NEAREST)
    return cv2.bitwise_and(lines, ink)


def _alone(words) -> np.ndarray:
    """For each word, whether no other of WORDS sits beside it on its line (middles closer
    than half the taller's height, a gap under twice its height, as ``visual_lines`` joins)."""
    if not words:
        return np.zeros(0, bool)
    b = np.array([w.bbox for w in words], float)
    cy, h = (b[:, 1] + b[:, 3]) / 2, b[:, 3] - b[:, 1]
    hh = np.maximum(h[:, None], h[None, :])
    gap = np.maximum(b[None, :, 0] - b[:, None, 2], b[:, None, 0] - b[None, :, 2])
    near = (np.abs(cy[:, None] - cy[None, :]) < 0.45 * hh) & (gap < 2.2 * hh)
    np.fill_diagonal(near, False)
    return ~near.any(axis=1)


def _off_the_line(b, free, strip) -> list[int]:
    """Box B drawn in to the ink outside the typed lines' strips when little of its ink lies
    in them: a caret under a note, a loop dipping into the line below, are not the note."""
    x0, y0, x1, y1 = b
    ink = free[y0:y1, x0:x1] > 0
    out = ink & (strip[y0:y1, x0:x1] == 0)
    n, m = int(ink.sum()), int(out.sum())
    if not m or m == n or m < 0.7 * n:
        return b
    ys, xs = np.nonzero(out)
    return [int(x0 + xs.min()), int(y0 + ys.min()), int(x0 + xs.max() + 1), int(y0 + ys.max() + 1)]


def _merge_overlapping(regions: list[Region], lh: int, bands, cuts=()) -> list[Region]:
    """Notes whose boxes overlap are one (a large hand's strokes, a signature's loops, fall
    apart into pieces the joining of neighbouring strokes leaves side by side), and so are
    pieces one above the other closer than half a line (a tall initial written over a typed
    word, its top and foot), or with no typed line (BANDS) between them and closer than the
    strokes of a note are joined (a file number written down the margin; notes written
    between typed lines have a typed line between them), unless a cut between lines of
    writing (CUTS, ``hand_split``) parts them."""
    boxes = [list(r.bbox) for r in regions]

    def together(a, b) -> bool:
        if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]:
            # pieces of one line of writing (a signature's) overlap side by side, on the
            # same line; one overlapping the other by its corner only, a line up or down,
            # is a note beside it (a box grown to a flourish reaches over its neighbour's)
            high = min(a[3], b[3]) - max(a[1], b[1])
            return high >= MERGE * min(a[3] - a[1], b[3] - b[1]) or overlap(a, b) >= MERGE or overlap(b, a) >= MERGE
        x0, x1 = max(a[0], b[0]), min(a[2], b[2])
        y0, y1 = min(a[3], b[3]), max(a[1], b[1])      # the gap between them
        if x1 - x0 <= 0.5 * min(a[2] - a[0], b[2] - b[0]) or y1 - y0 >= JOIN * lh:
            return False
        if any(t[0] < x1 and x0 < t[2] and t[1] < y1 and y0 < t[3] for t in cuts):
            return False
        if min(a[3] - a[1], b[3] - b[1]) >= STACKED * lh and min(a[2] - a[0], b[2] - b[0]) >= STACKED * lh:
            return False    # two lines of a large hand, each a note's size, one under the other
        return y1 - y0 < 0.5 * lh or not any(t[0] < x1 and x0 < t[2] and t[1] < y1 and y0 < t[3] for t in bands)

    merged = True
    while merged:
        merged = False
        for i in range(len(boxes)):
            for j in range(i + 1, len(boxes)):
                a, b = boxes[i], boxes[j]
                if together(a, b):
                    boxes[i] = [min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])]
                    del boxes[j]
                    merged = True
                    break
            if merged:
                break
    return [Region("insertion", b, score=0.6) for b in boxes]
