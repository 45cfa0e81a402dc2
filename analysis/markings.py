"""Classification markings (SECRET, CONFIDENTIAL, TOP SECRET ...) standing alone on their
line, struck through or not: from OCR words where Tesseract read them, and from the
image at the head and foot of the page where it did not (a struck marking stamped in
large letters is often not read at all), and struck stamped ones anywhere
(markings_struck.py). A row there read again on its own may read as a stamp's words (CS
COPY) instead: it is that stamp. No Qt."""
from __future__ import annotations

import cv2
import numpy as np
from rapidfuzz import fuzz

from . import reread
from .ink import Page, box, components, ink_rows, inside, iou, overlap, union
from .markings_struck import obliterated, struck_stamped
from .regions import Region
from .strikes import strike_band

CLASSIFICATIONS = ("TOP SECRET", "SECRET", "CONFIDENTIAL", "UNCLASSIFIED", "RESTRICTED", "EYES ONLY",
                   "NOFORN", "LIMITED OFFICIAL USE", "FOR OFFICIAL USE ONLY", "SECRET EYES ONLY")
_SQUEEZED = {c.replace(" ", ""): c for c in CLASSIFICATIONS}
REREAD = 6        # rows a page read again at most (a tenth of a second each)


def visual_lines(words) -> list[list]:
    """Words grouped into lines by where they sit on the page (not by Tesseract's blocks),
    each line cut where a gap wider than twice the words' height opens."""
    rows: list[list] = []
    for w in sorted(words, key=lambda w: (w.bbox[1] + w.bbox[3]) / 2):
        yc, h = (w.bbox[1] + w.bbox[3]) / 2, w.bbox[3] - w.bbox[1]
        for row in rows:
            ry0, ry1 = min(x.bbox[1] for x in row), max(x.bbox[3] for x in row)
            if ry0 <= yc <= ry1 and abs((ry0 + ry1) / 2 - yc) < 0.45 * max(h, ry1 - ry0):
                row.append(w)
                break
        else:
            rows.append([w])
    out = []
    for row in rows:
        row.sort(key=lambda w: w.bbox[0])
        seg = [row[0]]
        for w in row[1:]:
            h = max(seg[-1].bbox[3] - seg[-1].bbox[1], w.bbox[3] - w.bbox[1])
            if w.bbox[0] - seg[-1].bbox[2] > 2.2 * h:
                out.append(seg)
                seg = []
            seg.append(w)
        out.append(seg)
    return out


# stamps set down in a line of capitals, no larger than a marking, that OCR reads only when
# the row is read again on its own
STAMP_PHRASES = ("CS COPY",)


def _stamp_phrase(text: str) -> str | None:
    s = "".join(c for c in text.upper() if c.isalpha())
    return next((p for p in STAMP_PHRASES if fuzz.ratio(s, p.replace(" ", "")) >= 85), None)


def match(text: str) -> str | None:
    """The classification word TEXT stands for, misread or not, else None."""
    s = "".join(c for c in text.upper() if c.isalpha())
    if len(s) < 5:
        return None
    best = max(_SQUEEZED, key=lambda c: fuzz.ratio(s, c))
    if fuzz.ratio(s, best) >= 75 and len(s) <= 1.4 * len(best):
        return _SQUEEZED[best]
    return None


def _strikes(page: Page, band_box) -> list[list[int]]:
    """Long thin strokes in BAND_BOX (pen lines through a marking)."""
    x0, y0, x1, y1 = band_box
    k = int(2.5 * page.cw)
    sub = page.ink[y0:y1, x0:x1]
    lines = cv2.morphologyEx(sub, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1)))
    stats, _ = components(lines, k)
    return [[int(x + x0), int(y + y0), int(x + w + x0), int(y + h + y0)] for x, y, w, h, _ in stats
            if h <= 0.6 * page.lh]


def _finish(page: Page, b, text) -> Region:
    """The marking's box with the strike lines through it, and whether it is struck."""
    h = b[3] - b[1]
    lines = _strikes(page, [max(0, b[0] - 3 * h), max(0, b[1] - h // 2), min(page.width, b[2] + 3 * h),
                            min(page.height, b[3] + h // 2)])
    through = [l for l in lines if l[0] < b[2] and l[2] > b[0] and b[1] + 0.15 * h < (l[1] + l[3]) / 2 < b[3] - 0.1 * h
               and (l[2] - l[0]) > 0.3 * (b[2] - b[0])]
    struck = bool(through) or strike_band(page, b) is not None
    if through:
        b = union([b] + through)
    return Region("classification", [int(v) for v in b], text=text, struck=struck)


def _line_extent(page: Page, b) -> tuple[int, int]:
    """Left and right end of the run of ink on B's line that B is part of: columns with
    ink in the middle half of its rows, gaps narrower than 1.5 letter heights bridged
    (letters a strike line cut short are part of the marking; the rest of a typed line
    with a struck word in it is part of the line)."""
    h = b[3] - b[1]
    rows = page.ink[b[1] + h // 4:b[3] - h // 4]
    cols = (rows.max(axis=0) > 0).astype(np.uint8)[None, :] * 255
    cols = cv2.morphologyEx(cols, cv2.MORPH_CLOSE, np.ones((1, int(1.5 * h)), np.uint8))[0] > 0
    x0, x1 = b[0], b[2] - 1
    if not cols[x0:x1 + 1].any():
        return b[0], b[2]
    while x0 > 0 and cols[x0 - 1]:
        x0 -= 1
    while x1 < page.width - 1 and cols[x1 + 1]:
        x1 += 1
    return x0, x1 + 1


def _boxed(page: Page, b) -> tuple[int, int] | None:
    """Left and right side of a ruled box B's row is printed in, alone (a message form's
    SECRET in its own box, noise and the form's other boxes beside it on the line): upright
    rules as tall as the row and more, within five letter heights either side of it, with
    no letter between them and the row's (a speckled copy's specks are none); None when
    there is none."""
    h = b[3] - b[1]
    reach = 5 * h
    rows = page.ink[max(0, b[1] - h // 3):b[3] + h // 3]
    full = (rows > 0).mean(axis=0) >= 0.9       # a column inked down the whole band: a rule
    left = np.flatnonzero(full[max(0, b[0] - reach):b[0]])
    right = np.flatnonzero(full[b[2]:b[2] + reach])
    if not left.size or not right.size:
        return None
    x0, x1 = max(0, b[0] - reach) + int(left[-1]), b[2] + int(right[0])
    for a, c in ((x0 + 6, b[0] - 2), (b[2] + 2, x1 - 5)):
        if c > a and (components(page.ink[b[1]:b[3], a:c])[0][:, 3] >= 0.5 * h).any():
            return None
    return x0, x1 + 1


def from_words(page: Page, skip: list[Region]) -> list[Region]:
    out = []
    for seg in visual_lines(page.words):
        text = " ".join(w.text for w in seg)
        name = match(text)
        if name is None and (phrase := _stamp_phrase(text)):
            # a stamp set down in a line of capitals no larger than a marking, which OCR read
            # (as it does once a grainy copy's specks are out)
            b = ink_rows(page, union([w.bbox for w in seg]))
            if not any(overlap(b, s.bbox) > 0.5 for s in skip):
                out.append(Region("stamp", b, text=phrase, score=0.7))
            continue
        sure = [w for w in seg if w.conf >= 60]
        if name is None and sure and len(sure) < len(seg):
            # what OCR made of a grainy copy's specks or a box's border beside a marking
            # ("ve ee, Lao SECRET", the marking alone read surely) is no part of its line;
            # the marking then read surely and whole (a stamp's CLASSIFIED is no UNCLASSIFIED)
            text = " ".join(w.text for w in sure)
            name = match(text)
            whole = name and abs(sum(c.isalpha() for c in text) - len(name.replace(" ", ""))) <= 1
            if not whole or min(w.conf for w in sure) < 80:
                continue
            seg = sure
        letters = [c for c in text if c.isalpha()]
        # markings are in capitals: "Secret" typed into a form's classification field is none
        if name is None or sum(c.isupper() for c in letters) < 0.7 * len(letters) or _field_value(page, seg):
            continue
        # (a box's border OCR read as "|" beside it is no part of it)
        b = ink_rows(page, union([w.bbox for w in seg if any(c.isalnum() for c in w.text)]))
        if any(overlap(b, s.bbox) > 0.5 and not _own_row(b, seg, s.bbox) for s in skip):
            continue
        out.append(_finish(page, b, name))
    return out


def _own_row(b, seg, stamp) -> bool:
    """The marking B (words SEG) is read surely, on a row of its own within a block taken
    for a stamp four times its size or more: a form's printed footer (its SECRET box beside
    the GROUP 1 box) passes for a stamp, but a stamp's own words are no marking on a row of
    their own."""
    return (stamp[2] - stamp[0]) * (stamp[3] - stamp[1]) >= 4 * (b[2] - b[0]) * (b[3] - b[1]) \
        and float(np.mean([w.conf for w in seg])) >= 60


def _field_value(page: Page, seg) -> bool:
    """SEG is what a form's field holds: a colon just before it on its row, after a label
    ("CLASSIFICATION : SECRET", "TITLE : [ RESTRICTED ]" on an identification form). Tesseract
    mostly drops a colon standing apart, and at times the label too, so the colon is looked
    for in the ink: two dots one above the other, with nothing between them and SEG. A
    marking stands alone on its line."""
    y0, y1 = min(w.bbox[1] for w in seg), max(w.bbox[3] for w in seg)
    h, x1 = y1 - y0, seg[0].bbox[0]
    # (close by: "END OF MESSAGE: SECRET." ends a cable with its marking set well apart)
    x0 = max(0, x1 - 4 * h)
    before = [w for w in page.words if x0 <= w.bbox[2] <= x1 and y0 < (w.bbox[1] + w.bbox[3]) / 2 < y1]
    if before and max(before, key=lambda w: w.bbox[2]).text.strip().endswith(":"):
        return True
    if x1 - x0 < h:
        return False
    stats, _ = components(page.ink[y0:y1, x0:x1], 4)
    # a colon's dots are round, 4 px across or more, and alike (a grainy copy's specks,
    # slivers and odd sizes, stand everywhere)
    dots = [s for s in stats if 4 <= min(s[2], s[3]) and max(s[2], s[3]) <= min(0.4 * h, 2 * min(s[2], s[3]))
            and s[0] > 0]
    pairs = [(a, b) for a in dots for b in dots if b[1] - a[1] > 0.3 * h and abs(a[0] - b[0]) < 0.3 * h
             and max(a[4], b[4]) <= 2 * min(a[4], b[4])]
    return any(not any(s[0] > max(a[0] + a[2], b[0] + b[2]) for s in stats) for a, b in pairs)


def _letter_groups(mask: np.ndarray, lh: int) -> list[list]:
    """The marks of MASK a large letter's size (or bold letters run together by their
    serifs, not a solid block), in groups side by side on a row, of one height."""
    stats, _ = components(mask, 60)
    cand = [s for s in stats if 0.9 * lh <= s[3] <= 3.5 * lh
            and (s[2] <= 3 * lh or 0.2 <= s[4] / (s[2] * s[3]) <= 0.7)]
    cand.sort(key=lambda s: s[0])
    groups: list[list] = []
    for s in cand:
        yc = s[1] + s[3] / 2
        for g in groups:
            gy = np.mean([t[1] + t[3] / 2 for t in g])
            gh = np.mean([t[3] for t in g])
            last = g[-1]
            if abs(yc - gy) < 0.35 * gh and s[0] - (last[0] + last[2]) < 2.2 * gh and abs(s[3] - gh) < 0.5 * gh:
                g.append(s)
                break
        else:
            groups.append([s])
    return groups


def _words_of_a_line(groups: list[list]) -> list[list]:
    """Groups of letters (words) on one row of letters of one size, a few letters'
    widths apart (TOP SECRET spaced out), taken together."""
    groups = sorted(groups, key=lambda g: g[0][0])
    out: list[list] = []
    for g in groups:
        gy, gh = np.mean([t[1] + t[3] / 2 for t in g]), np.mean([t[3] for t in g])
        for o in out:
            oy, oh = np.mean([t[1] + t[3] / 2 for t in o]), np.mean([t[3] for t in o])
            if abs(gy - oy) < 0.35 * oh and abs(gh - oh) < 0.3 * oh and 0 <= g[0][0] - (o[-1][0] + o[-1][2]) < 5 * oh:
                o.extend(g)
                break
        else:
            out.append(list(g))
    return out


def from_image(page: Page, found: list[Region], skip: list[Region]) -> list[Region]:
    """Rows of large letters, centred, in the top or bottom eighth of the page, that no
    OCR word accounts for."""
    H, W = page.height, page.width
    lh = page.lh
    out, unread = [], []
    for y0, y1 in ((0, int(0.13 * H)), (int(0.87 * H), H)):
        band = page.ink[y0:y1]
        k = int(2.5 * page.cw)
        lines = cv2.morphologyEx(band, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1)))
        letters = cv2.subtract(band, cv2.dilate(lines, np.ones((5, 5), np.uint8)))
        # the letters a strike line (taken out above) cut in two are rejoined by closing them
        # up and down; but closing also joins a marking typed just over a form's rule to the
        # rule's remains, making its letters too tall to be a row: both are looked at
        closed = cv2.morphologyEx(letters, cv2.MORPH_CLOSE, np.ones((max(5, int(0.8 * lh)), 3), np.uint8))
        rows = [(g, mask is closed) for mask in (closed, letters) for g in _words_of_a_line(_letter_groups(mask, lh))]
        for g, rejoined in rows:
            if len(g) < 4 and sum(t[2] for t in g) < 6 * lh:
                continue
            # the letters of about the row's height (a note written just above may have joined
            # one of them, making it taller)
            mh = float(np.median([t[3] for t in g]))
            b = union([box(x, y + y0, w, h) for x, y, w, h, _ in g if h <= 1.3 * mh])
            cx = (b[0] + b[2]) / 2
            if not 0.25 * W < cx < 0.75 * W or b[2] - b[0] < 4 * lh:
                continue
            if any(iou(b, r.bbox) > 0.2 or overlap(b, r.bbox) > 0.5 for r in found + out + [u for u, _ in unread]) \
                    or any(overlap(b, s.bbox) > 0.3 for s in skip):
                continue
            # alone on its line: the run of ink it is part of is no wider than a marking
            own = b
            x0, x1 = _boxed(page, b) or _line_extent(page, b)
            if x1 - x0 > 0.6 * W or abs((x0 + x1) / 2 - W / 2) > 0.12 * W:   # and centred
                continue
            b = [x0, b[1], x1, b[3]]
            # words OCR read well there that are no marking: a heading, not a marking
            words = [w for w in page.words if overlap(w.bbox, b) > 0.5]
            if words and sum(w.conf >= 70 and len(w.text) >= 3 for w in words) >= 2 \
                    and match(" ".join(w.text for w in words)) is None:
                continue
            text = match(" ".join(w.text for w in words)) if words else None
            r = _finish(page, b, text)
            if r.struck and not rejoined:
                continue        # (its letters cut in two are found rejoined, or not at all)
            # OCR reads an unstruck marking in typing; a struck one, or one stamped in a
            # face of its own (condensed, outlined), it misreads: kept when struck, or when
            # OCR made at least two words there whose letters are near a marking's words
            # (or nothing sure there: a row of eight or more letters of one height, alone and
            # centred at the head or foot, that OCR read no word of surely: outline letters
            # it reads as a few odd words, "Tera", "mays", one of them with some confidence)
            even = len(g) >= 8 and float(np.std([t[3] for t in g])) < 0.15 * float(np.mean([t[3] for t in g]))
            # ... and outermost: no word read well beyond it (a faint stamp above a form's
            # footer has the footer's words below it)
            beyond = [w for w in page.words if w.conf >= 60 and len(w.text) >= 3
                      and (w.bbox[3] < b[1] if y0 == 0 else w.bbox[1] > b[3])]
            unsure = not any(w.conf >= 85 for w in words)
            if r.struck or _misread_marking(words) or (page.words and unsure and even and not beyond):
                if r.text is None and not r.struck:
                    r.text = _misread_marking(words)
                out.append(r)
            elif page.words and not any(w.conf >= 60 and len(w.text) >= 3 for w in words):
                unread.append((r, own))
    # a struck marking OCR read nothing of (the line through it can hide the whole row from
    # Tesseract's layout analysis) is named by its row read again, the strike's pieces kept
    nameless = [r for r in out if r.struck and r.text is None][:REREAD]
    for r, text in zip(nameless, reread.read_rows(page, [r.bbox for r in nameless], struck=True)):
        r.text = match(text)
    # rows OCR read nothing of there (a word alone in a ruled box, spaced out, on a speckled
    # copy): read again on their own, a marking if they then read as one; and where the row
    # ran on into other ink (a scrawl, a stamp set down beside it), its letters' row alone
    tries = [(r, bb) for r, own in unread[:REREAD] for bb in ([r.bbox] + ([own] if own != r.bbox else []))]
    # (a row that reads as a stamp's words instead, the CIA's CS COPY set down at the foot,
    # is that stamp)
    done: set[int] = set()
    for (r, bb), text in zip(tries, reread.read_rows(page, [bb for _, bb in tries])):
        if id(r) in done:
            continue
        if match(text):
            r.text, r.bbox = match(text), reread.letters_box(page, bb)
            out.append(r)
            done.add(id(r))
        elif phrase := _stamp_phrase(text):
            out.append(Region("stamp", reread.letters_box(page, bb), text=phrase, score=0.7))
            done.add(id(r))
    # anywhere on the page: a large stamped marking crossed out, its letters run into one blot
    out += struck_stamped(page, found + out, skip, match)
    # at the head and foot: one blacked out with pen strokes
    return out + obliterated(page, found + out, skip, match)


def from_deletions(page: Page, found: list[Region]) -> list[Region]:
    """FOUND with each deletion that is a struck classification marking made one: struck
    typing alone on its line (DESIGN.md: ~~SECRET~~ standing alone is a marking) whose words,
    as OCR read them or read again with the strike taken out, name a marking. A marking
    typed at the typing's size and struck through is found by the strike under it; its
    letters are too small for ``from_image``'s rows, and OCR reads nothing through the line."""
    alone = [r for r in found if r.kind == "deletion" and _alone(page, r.bbox)]
    unread = [r for r in alone if not match(r.text or "")][:REREAD]
    # (the strike's box is a band through the letters: the row read is a line tall)
    rows = [_line_tall(page, r.bbox) for r in unread]
    names = {id(r): match(r.text or "") for r in alone}
    names.update({id(r): match(t) for r, t in zip(unread, reread.read_rows(page, rows, struck=True))})
    out = []
    for r in found:
        name = names.get(id(r))
        if name:
            r = Region("classification", union([r.bbox, reread.letters_box(page, _line_tall(page, r.bbox))]),
                       text=name, struck=True)
        out.append(r)
    return out


def _alone(page: Page, b) -> bool:
    """Nothing else on B's line: the run of ink B is part of is no wider than B and a line
    height either side (struck typing within a line runs on into the next words)."""
    x0, x1 = _line_extent(page, b)
    return x1 - x0 <= b[2] - b[0] + 2 * page.lh


def _line_tall(page: Page, b) -> list[int]:
    """B made a line and a half tall at least, about its middle."""
    half = max(b[3] - b[1], int(1.5 * page.lh)) // 2
    mid = (b[1] + b[3]) // 2
    return [b[0], max(0, mid - half), b[2], min(page.height, mid + half)]


_WORDS = sorted({w for c in CLASSIFICATIONS for w in c.split()} - {"ONLY", "FOR", "USE"})


def _misread_marking(words) -> str | None:
    """The marking OCR WORDS misread, when two of them are near words of one (SEGHET, EVES
    for SECRET, EYES: a ratio of 60 or more each), else None."""
    near = []
    for w in words:
        t = "".join(c for c in w.text.upper() if c.isalpha())
        if len(t) >= 4:
            best = max(_WORDS, key=lambda c: fuzz.ratio(t, c))
            if fuzz.ratio(t, best) >= 60:
                near.append(best)
    if len(near) < 2:
        return None
    return next((c for c in CLASSIFICATIONS if all(n in c.split() for n in near)), " ".join(near))
