"""Typed words struck through (deletions) and typed x-outs, from OCR words and the ink
under them. No Qt.

A word is struck when a thin band of rows across its middle stays dark all the way
along it: a letter's strokes leave paper between them on every row, a pen line does not.
The test is on the darkness image (grey morphology and percentiles, no thresholds of
one page's making), so blurred bold type, whose letters run together in a binary mask,
is not taken for struck."""
from __future__ import annotations

import re
from dataclasses import dataclass

import cv2
import numpy as np

from .hand_shape import sloping
from .ink import Page, box, components, ink_rows, inside, overlap, union
from .regions import Region

# what Tesseract makes of X's typed over letters: runs of X, K, M, H, N, W, E ...
_XOUT_CHARS = set("XxKMHNWEYV¥%#*»«")
_RULE = re.compile(r"^[_\-—=]{4,}$")
# OCR reads a line struck through the space between two words as a dash joining them
_DASHED = re.compile(r"\w[-—–=]+\w")
MIN_GAPS = 2           # a strike crosses this many gaps between letters at least
# struck places are few on a page: more than MAX_STRUCK and STRUCK_SHARE of its words means the
# type itself (bold, shadowed, run together) looks struck to the test
MAX_STRUCK, STRUCK_SHARE = 8, 0.04
# ... and so does it when more than DARK_SHARE of the words tested are dark along their
# middles, struck or not (a bled copy's: a tenth to two fifths of them; a typed page's, under
# a twentieth)
DARK_SHARE = 0.1
# a strike is this share as dark as the typing's strokes at least, nearly all along
PEAK = 0.8
# a typed word's box is this many line heights tall at most (a capital's or an ascender's top
# to a descender's foot); taller, OCR ran something above or below into it
SNUG = 1.3
# letters reach this share of a line height at least below a strike line (a blurred line
# thick as a third of the x-height leaves little of them), and no more than UP_SHARE of
# their reach lies above it (an underline has them all above)
DOWN, UP_SHARE = 0.1, 0.85
# ... and this share at least above it (a line along their tops has none: a pen strikes
# words without ascenders high in their x-height, leaving a fifth of a line above)
UP = 0.12
# a line OCR read nothing about is no strike when the letters about it reach more than
# TALL_STRUCK line heights and fill less than SPARSE_STRUCK of their box
TALL_STRUCK, SPARSE_STRUCK = 1.3, 0.4
# a line OCR read nothing about placed on its typed line by the words either side of it is
# this many typed letters long at most
LINE_STRUCK = 16
# ... and the band it darkens through the letters is this many line heights thick at most
THICK_STRUCK = 0.5
# a word typed over with hyphens: a row of its middle is as dark as the typing's strokes
# (BAR_DARK of their level) along BAR_SHARE of it at least and BAR_OVER more of it than the
# page's words' ninth decile, and no darker than typing (BAR_INK of its level: a pen's ink
# is darker, and a note OCR read as a word has its strokes' dark rows too); and OCR,
# troubled by the bar, read it at under BAR_CONF (a word full of e's, whose bars are their
# own, it reads surely); its letters' dense rows (``Middle.dense``) are an x-height, BAR_XH
# line heights (a form's rule or a dotted leader in OCR's box makes them a few rows, the
# "bar" that line)
BAR_DARK, BAR_SHARE, BAR_OVER, BAR_INK, BAR_CONF, BAR_XH = 0.8, 0.7, 0.2, 1.15, 90, (0.45, 0.9)


@dataclass
class Middle:
    """The middle of a word's letters, where a strike runs: the word's CROP (level, PAD px
    round its box), the height of its DENSE rows (its x-height, or a heavy line's), the rows
    LO-HI of their middle, the columns C0-C1 looked at, and for each row of the middle the
    darkness all but its palest columns reach (SCORE)."""
    crop: np.ndarray
    pad: int
    dense: int
    lo: int
    hi: int
    c0: int
    c1: int
    score: np.ndarray

    @property
    def peak(self) -> float:
        return float(self.score.max())


def middle(page: Page, bbox, level: float) -> Middle | None:
    """The middle of the letters in BBOX (``Middle``), or None for a box too small to tell.

    The letters' x-height band is found from the rows' ink (level, after turning the crop
    by the page's skew); a strike runs through its middle, where unstruck letters leave
    paper between and inside them on every row (serifs at the baseline and the x-height
    line do not, so they are left outside the band looked at)."""
    x0, y0, x1, y1 = bbox
    w, h = x1 - x0, y1 - y0
    if w < 1.6 * page.cw or h < 8:
        return None
    pad = 4
    crop = page.level_crop(bbox, pad)
    rows = (crop > 0.5 * level).mean(axis=1)
    dense = np.flatnonzero(rows >= 0.5 * rows.max()) if rows.max() > 0 else np.array([])
    if dense.size < 3:
        return None
    xt, xb = int(dense[0]), int(dense[-1]) + 1
    xh = xb - xt
    lo, hi = xt + int(round(0.28 * xh)), xt + int(round(0.68 * xh))
    if hi - lo < 2:
        return None
    c0, c1 = pad + int(0.06 * w), pad + max(int(0.06 * w) + 1, int(0.94 * w))
    zone = crop[lo:hi, c0:c1]
    # a pen line wobbles a little: each row of the band sees the rows next to it (in the band)
    zone = cv2.dilate(zone, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 5)), borderType=cv2.BORDER_CONSTANT,
                      borderValue=0)
    k = max(0, int(0.08 * zone.shape[1]))
    return Middle(crop, pad, xh, lo, hi, c0, c1, np.partition(zone, k, axis=1)[:, k])


def strike_band(page: Page, bbox, level: float | None = None, peak_share: float = PEAK, mid: Middle | None = None):
    """(y0, y1) of a strike line through the middle of the letters in BBOX, or None. The line
    is PEAK_SHARE as dark as the typing's strokes at least, nearly all along. MID is the
    letters' ``middle`` when it was found already."""
    level = level or page.stroke_level()
    mid = mid or middle(page, bbox, level)
    if mid is None:
        return None
    crop, pad, lo, hi, c0, c1, score = mid.crop, mid.pad, mid.lo, mid.hi, mid.c0, mid.c1, mid.score
    y0, h = bbox[1], bbox[3] - bbox[1]
    k = max(0, int(0.08 * (c1 - c0)))
    peak = mid.peak
    if peak < peak_share * level:
        return None
    # the line crosses the gaps between the letters: of the columns where the letters' rows
    # away from it are paper, most are dark on the line (bold or shadowed type run together
    # is dark along its middle too, but where its letters part they part on every row)
    letters = crop[:, c0:c1]            # all the word's rows (a heavy line can be most of its x-height)
    at = lo + int(np.argmax(score))
    xh = letters.shape[0]
    # the line's rows: those about its darkest that are dark all along, as thick as the line is
    along = np.partition(letters, k, axis=1)[:, k] >= 0.4 * peak
    top, bottom = at, at
    while top > 0 and along[top - 1]:
        top -= 1
    while bottom < xh - 1 and along[bottom + 1]:
        bottom += 1
    near = (np.arange(xh) >= top - 2) & (np.arange(xh) <= bottom + 2)
    if near.all():
        return None
    # where the dense rows were the line's alone (thin digits' rows are sparse: "1964"
    # underlined), the line must have letters on both sides: an underline has none below
    inked = (letters >= 0.5 * level).mean(axis=1) >= 0.05
    if mid.dense < 0.35 * h and (inked[:max(0, top - 2)].sum() < 2 or inked[bottom + 3:].sum() < 2):
        return None
    # and the letters it strikes are joined to it above and below, not across paper from it:
    # a form's rule or a speckled band over the word in OCR's box has none below, nor have
    # the capitals' tops that then make a dark row in what was taken for their middle much
    # above (a pen strikes low, near the letters' foot, but through them)
    blank = np.flatnonzero(~inked)
    above = top - (blank[blank < top].max() + 1 if (blank < top).any() else 0)
    # (below its blurred edge, the two rows about it taken for the line)
    below = (blank[blank > bottom].min() if (blank > bottom).any() else xh) - bottom - 3
    if above < 0.12 * h or below < 1:
        return None
    gaps = (letters[~near] < 0.4 * level).mean(axis=0) >= 0.9
    if gaps.sum() < max(2, 0.03 * letters.shape[1]):
        return None
    crossed = letters[near][:, gaps].max(axis=0) >= 0.5 * level
    if crossed.mean() < 0.6:
        return None
    # ... at least two of them (a bold e's bar run into an m is one dark row over no gap)
    edges = np.diff(np.r_[0, gaps.astype(np.int8), 0])
    if int((edges == 1).sum()) < MIN_GAPS:
        return None
    # a punched hole or a blot on the line is solid: a disc wider than a typed line fits in
    # its ink (a pen's line, a typed letter's strokes, are a fraction of that thick)
    dark = (crop >= 0.5 * level).astype(np.uint8)
    if cv2.distanceTransform(dark, cv2.DIST_L2, 3).max() >= 0.6 * page.lh:
        return None
    return y0 - pad + lo, y0 - pad + hi


def is_xout(text: str, conf: float = 100.0) -> bool:
    """TEXT is what OCR makes of X's typed over letters: X's among the capitals they blot
    into; a long word OCR read with next to no confidence (CONF) may hold more of other
    capitals (B, S, Z, G from the letters under the X's) and as few as one X."""
    t = text.strip(".,;:()")
    if len(t) < 5:
        return False
    xs = sum(c in "Xx" for c in t)
    share = sum(c in _XOUT_CHARS for c in t) / len(t)
    return (xs >= 2 and share >= 0.8) or (conf < 30 and len(t) >= 6 and xs >= 1 and share >= 0.6)


def _xs_only(w) -> list[int]:
    """W's box drawn to its run of X's where letters OCR read plainly stand before or after
    them (a teletype's "IEXXX": the operator typed X's after the letters they cancel, as a
    teletype cannot strike over), each letter taken as wide as the next (typed)."""
    m = re.fullmatch(r"([^Xx]*)([Xx]{3,})([^Xx]*)", w.text)
    if not m or not (m.group(1) or m.group(3)):
        return list(w.bbox)
    x0, y0, x1, y1 = w.bbox
    step = (x1 - x0) / len(w.text)
    return [int(round(x0 + step * m.start(2))), y0, int(round(x0 + step * m.end(2))), y1]


def _over_letters(page: Page, w) -> bool:
    """X's typed over letters, not over nothing (a cable's XXXXX routing placeholder): OCR
    misreads X's struck over letters as a mix of X, K, M, H...; where it read X's alone, the
    letters' upright stems must show among them (an X is two slants, no stem)."""
    if set(c.upper() for c in w.text if c.isalpha()) != {"X"}:
        return True
    x0, y0, x1, y1 = w.bbox
    ink = page.ink[y0:y1, x0:x1]
    stems = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(3, int(0.55 * (y1 - y0))))))
    return int(np.count_nonzero(stems)) >= 0.3 * max(1, int(np.count_nonzero(ink)))


def _typed(page: Page, w) -> bool:
    h = w.bbox[3] - w.bbox[1]
    return 0.55 * page.lh <= h <= 1.6 * page.lh


def _typed_box(page: Page, w) -> list[int] | None:
    """The box of W's typed letters: OCR's box when it is a typed line's height; drawn in to
    the run of rows holding the most ink when it is taller, up to two lines or so (OCR ran a
    struck word into the note written just above it, or into the strike's ends), else to the
    typed line its neighbours sit on (``_on_its_line``), up to three lines; None when no box is
    typing's. (Taller, it is OCR running typed lines together.)"""
    if _typed(page, w):
        # a box a good deal taller than the typing's holds more than the word (a note OCR
        # ran into it): the line its neighbours sit on says where its letters are
        if w.bbox[3] - w.bbox[1] > SNUG * page.lh and (line := _on_its_line(page, w)):
            return line
        return list(w.bbox)
    if not 0.55 * page.lh <= w.bbox[3] - w.bbox[1] <= 3.2 * page.lh:
        return None
    if w.bbox[3] - w.bbox[1] <= 2.4 * page.lh:
        b = ink_rows(page, w.bbox, share=0)
        if 0.55 * page.lh <= b[3] - b[1] <= 1.6 * page.lh:
            return b
    return _on_its_line(page, w)


def _neighbours_line(page: Page, b, on_line) -> list[int] | None:
    """(top, foot) of the typed line the two words read as typing nearest to box B (within six
    letters of it either side) that ON_LINE accepts sit on; None without them, or when they
    are more than a line and a half apart (a word either side on two lines is OCR running
    lines together)."""
    x0, x1 = b[0], b[2]

    def gap(n) -> float:
        return max(n.bbox[0] - x1, x0 - n.bbox[2])

    near = [n for n in page.words if n.conf >= 70 and _typed(page, n) and gap(n) < 6 * page.cw and on_line(n)]
    if not near:
        return None
    near = sorted(near, key=gap)[:2]
    top, foot = min(n.bbox[1] for n in near), max(n.bbox[3] for n in near)
    return [top, foot] if foot - top <= 1.6 * page.lh else None


def _on_its_line(page: Page, w) -> list[int] | None:
    """W's box drawn in to the typed line its neighbours sit on, when the note written onto
    the word runs into its letters (no gap of paper parts them: the rows of ink are one run,
    two or three lines tall): the words beside it lying within its rows give the line's top
    and foot (``_neighbours_line``). None without them, or when more than a line and a half
    of the box stands above the line (more is print or another line)."""
    x0, y0, x1, y1 = w.bbox
    line = _neighbours_line(page, w.bbox, lambda n: n is not w and n.bbox[1] >= y0 - 0.2 * page.lh
                            and n.bbox[3] <= y1 + 0.2 * page.lh)
    return [x0, line[0], x1, line[1]] if line and line[0] - y0 <= 1.6 * page.lh else None


def deletions_and_xouts(page: Page, skip: list[Region]) -> list[Region]:
    """Struck typed words (adjacent ones on a line merged) and x-outs, from OCR words."""
    level = page.stroke_level()
    out = []
    tested = dark = 0
    bars: list[float] = []
    hyphened: list[tuple] = []      # (word, its box, its bar) not found struck by a line
    for w in page.words:
        if any(inside(w.bbox, s.bbox, 6) for s in skip):
            continue
        # X's typed over letters make a taller box of OCR's than a word's (the letters'
        # ascenders and the X's together, a little apart)
        if is_xout(w.text, w.conf) and 0.55 * page.lh <= w.bbox[3] - w.bbox[1] <= 2 * page.lh:
            if _over_letters(page, w):
                out.append(Region("xout", _xs_only(w), text=w.text))
            continue
        bbox = _typed_box(page, w)
        if bbox is None:
            continue
        tested += 1
        # a two-letter word crosses one gap between letters at most: too few to tell a
        # strike from a bold w's and e's middles run together; a short word (or what OCR
        # made of one struck) is struck by a line running on past its letters
        short = sum(c.isalnum() for c in w.text) < 3
        narrow = short or bbox[2] - bbox[0] <= 4.5 * page.cw
        if narrow:
            struck = _struck_past_its_ends(page, bbox, level)
            if struck:
                out.append(Region("deletion", struck, text=w.text))
                continue
            if short:
                continue
        mid = middle(page, bbox, level)
        if mid is not None and mid.peak >= PEAK * level:
            dark += 1
        # words run together by dashes may be struck by a paler line (typed hyphens over the
        # spaces, a faint pen): unstruck, only a hyphen's columns are dark along their middle
        band = strike_band(page, bbox, level, 0.5 if _DASHED.search(w.text) else PEAK, mid)
        if band is not None:
            out.append(Region("deletion", _along_the_line(page, bbox, band), text=w.text))
        elif not narrow and mid is not None and mid.peak >= PEAK * level \
                and (struck := _struck_past_its_ends(page, bbox, level)):
            # a line running on past the letters at both ends strikes a long word too, when
            # bold letters leave too little paper along its middle to tell the line by (a
            # line as dark as the typing: a pale one strikes a word only across dashes)
            out.append(Region("deletion", struck, text=w.text))
        elif mid is not None:
            bar, ink = _bar(mid, level)
            bars.append(bar)
            if w.conf < BAR_CONF and bar >= BAR_SHARE and ink <= BAR_INK * level \
                    and BAR_XH[0] * page.lh <= mid.dense <= BAR_XH[1] * page.lh:
                hyphened.append((w, bbox, bar))
    # (a word a strike line found already runs into is that line's, boxed along it)
    out += [r for r in _typed_over(hyphened, bars) if not any(overlap(r.bbox, d.bbox) > 0 for d in out)]
    out += unread_struck(page, out, skip)
    out += underscored_out(page, out + skip)
    out = merge_runs(out, "deletion", page)
    # the test tells nothing on this type: it finds too many places struck (a phrase struck
    # by one line is one), or the type runs its letters together along their middles (ink
    # bled on a copy) in many words, or grain fills the paper between its letters (a
    # speckled copy: its words are read only once the specks are out, ocr/preprocess.py)
    struck = [r for r in out if r.kind == "deletion"]
    if len(struck) > max(MAX_STRUCK, STRUCK_SHARE * tested) or dark > max(MAX_STRUCK, DARK_SHARE * tested) \
            or (struck and page.speckled):
        out = [r for r in out if r.kind != "deletion"]
    return out


def _bar(mid: Middle, level: float) -> tuple[float, float]:
    """The share of a word's columns as dark as its strokes along the row of its middle
    where most are, and how dark they are there (their median). Hyphens typed over the
    letters fill their counters on that row (paper in an unstruck n, o, u), leaving paper
    only where one hyphen ends and the next begins, so no line runs all along it for
    ``strike_band``."""
    band = mid.crop[mid.lo:mid.hi, mid.c0:mid.c1]
    if not band.size:
        return 0.0, 0.0
    dark = band >= BAR_DARK * level
    at = int(np.argmax(dark.mean(axis=1)))
    row = band[at][dark[at]]
    return float(dark[at].mean()), float(np.median(row)) if row.size else 0.0


def _typed_over(hyphened: list[tuple], bars: list[float]) -> list[Region]:
    """The words (``hyphened``: word, box, bar) typed over with hyphens: their bar stands out
    from the page's words' (``bars``; a bold or blurred face fills its letters' middles on
    every word, and a word full of e's has bars of its own). Ten words to measure by at least."""
    if len(bars) < 10:
        return []
    usual = float(np.percentile(bars, 90))
    return [Region("deletion", list(b), text=w.text) for w, b, bar in hyphened if bar >= usual + BAR_OVER]


def underscored_out(page: Page, skip: list[Region]) -> list[Region]:
    """Typed x-outs of underscores alone on their line (``~~\\_\\_\\_~~``): a short typed
    rule, three to twelve letters long and no thicker than an underscore, with no other ink on
    its line across the page nor just above it (an underline has its words over it, a form's
    blank its label beside it), clear of the page's edges (the film's border) and of marks
    found already. OCR reads nothing of it."""
    lh, cw = page.lh, page.cw
    k = max(10, int(2.5 * cw))
    rules = cv2.morphologyEx(page.ink, cv2.MORPH_OPEN, np.ones((1, k), np.uint8))
    m = int(0.05 * page.width)
    out = []
    for x, y, w, h, _ in components(rules, k)[0]:
        b = [int(x), int(y), int(x + w), int(y + h)]
        if not (3 * cw <= w <= 12 * cw and h <= 0.3 * lh) \
                or not (0.03 * page.height < y < 0.97 * page.height and 0.03 * page.width < x < x + w < 0.97 * page.width) \
                or any(overlap(b, r.bbox) > 0.3 for r in skip):
            continue
        y0, y1 = max(0, int(y - lh)), int(y + h + 0.3 * lh)
        line = page.ink[y0:y1].copy()
        line[:, max(0, x - 3):x + w + 3] = 0
        above = page.ink[y0:max(y0 + 1, y - 3), x:x + w]
        if int(((line[:, m:-m] > 0).sum(axis=0) > 2).sum()) > 0.5 * cw or float((above > 0).mean()) > 0.02:
            continue
        out.append(Region("xout", b, text="_" * max(1, round(w / cw))))
    return out


def _along_the_line(page: Page, bbox, band) -> list[int]:
    """BBOX of a struck word drawn out along its strike line where the line runs on past it
    through letters OCR read into a word of their own, or into the word before ("94-297"
    struck, read as "Classification:94" and "297"): the line's row is followed left and
    right while ink stays on it, gaps of two pixels bridged (a pen's line skips no more;
    typed letters leave more paper between them on every row). A line across one word stops
    at the space after it."""
    x0, y0, x1, y1 = bbox
    b0, b1 = band
    rows = page.ink[b0:b1, x0:x1]
    if not rows.size:
        return list(bbox)
    r = b0 + int(np.argmax((rows > 0).mean(axis=1)))
    on = page.ink[max(0, r - 1):r + 2].any(axis=0)
    skip = 3
    # (no further than a few letters: a line running on as far again is a rule, not a strike)
    reach = int(6 * page.cw)
    a = x0
    while a > max(0, x0 - reach) and on[max(0, a - skip):a].any():
        a -= 1
    b = x1
    while b < min(page.width, x1 + reach) and on[b:b + skip].any():
        b += 1
    # (drawn back to the letters the line crosses: its own overshoot is no word)
    t = max(4, int(0.2 * page.lh))
    letters = np.r_[page.ink[y0:max(y0, r - t), a:b], page.ink[r + t + 1:y1, a:b]].any(axis=0)
    left, right = np.flatnonzero(letters[:x0 - a]), np.flatnonzero(letters[x1 - a:])
    a = a + int(left[0]) if left.size else x0
    b = x1 + int(right[-1]) + 1 if right.size else x1
    return [int(a), y0, int(b), y1]


def merge_runs(regions: list[Region], kind: str, page: Page) -> list[Region]:
    """Regions of KIND side by side on one line are one."""
    others = [r for r in regions if r.kind != kind]
    runs: list[Region] = []
    gap = 2.0 * page.cw
    for r in sorted((r for r in regions if r.kind == kind), key=lambda r: (r.bbox[0])):
        for last in runs:
            lh = last.bbox[3] - last.bbox[1]
            ymid = (r.bbox[1] + r.bbox[3]) / 2
            if last.bbox[1] - 0.2 * lh <= ymid <= last.bbox[3] + 0.2 * lh and r.bbox[0] - last.bbox[2] <= gap \
                    and (kind != "deletion" or _line_across(page, last.bbox, r.bbox)):
                last.bbox = union([last.bbox, r.bbox])
                last.text = " ".join(t for t in (last.text, r.text) if t) or None
                break
        else:
            runs.append(Region(kind, list(r.bbox), text=r.text))
    return others + runs


def _line_across(page: Page, a, b) -> bool:
    """Ink runs across the space between struck words A and B (left to right) on some row of
    their middle: one line strikes both. Two phrases struck apart side by side are two."""
    x0, x1 = a[2], b[0]
    if x1 - x0 <= 4:
        return True
    y0, y1 = max(a[1], b[1]), min(a[3], b[3])
    h = y1 - y0
    if h <= 0:
        return False
    rows = page.ink[y0 + h // 5:y1 - h // 5, x0:x1]
    # a pen line wobbles: each row sees the two next to it
    rows = cv2.dilate(rows, np.ones((5, 1), np.uint8))
    return bool(rows.size) and float((rows > 0).mean(axis=1).max()) >= 0.9


def _letters_across(dark: np.ndarray) -> bool:
    """The rows DARK (above or below a line) hold letters along it: ink in a fifth of its
    columns or more. A rule under a word has its descenders below it and a speckled copy's
    specks, in a few columns; struck letters reach past a strike in most of them."""
    return dark.size > 0 and float(dark.any(axis=0).mean()) >= 0.2


def _struck_past_its_ends(page: Page, bbox, level: float) -> list[int] | None:
    """The box of the word in BBOX (a short one, or a long one in bold letters) when it is
    struck, else None: one row of its middle is dark (as the typing's strokes at half
    strength) all along its ink, and the line runs on a little past the letters at both
    ends, alone on its rows there (paper above and below it: bold letters whose middles run
    together stop at the letters, and a hyphen beside a word is on one side only); letters
    reach above and below it (``_letters_across``). The box is drawn in to the rows of ink
    about the line (OCR's box of a struck word often takes in the note written above it)."""
    x0, y0, x1, y1 = bbox
    h = y1 - y0
    e = max(3, int(0.25 * page.cw))     # the overshoot looked at
    crop = page.level_crop([max(0, x0 - 2 * e), y0, min(page.width, x1 + 2 * e), y1], 0)
    if crop.shape[0] < 8 or crop.shape[1] <= 4 * e:
        return None
    dark = crop >= 0.5 * level
    cols = np.flatnonzero(dark.any(axis=0))
    if cols.size < 2:
        return None
    a, b = int(cols[0]) + e, int(cols[-1]) + 1 - e      # the ink's ends, less the overshoot
    if b - a < 1.2 * page.cw:
        return None
    for row in range(int(0.25 * h), int(0.75 * h)):
        if not dark[max(0, row - 1):row + 2].any(axis=0)[a - e:b + e].all():
            continue
        ends = np.r_[np.arange(a - e, a), np.arange(b, b + e)]
        off = np.r_[np.arange(0, max(0, row - 4)), np.arange(row + 5, crop.shape[0])]
        if dark[np.ix_(off, ends)].mean() < 0.15 and _letters_across(dark[:max(0, row - 4), a:b]) \
                and _letters_across(dark[row + 5:, a:b]):
            # (gaps of two rows bridged)
            inked = dark[:, a - e:b + e].any(axis=1)
            top, foot = row, row
            while top > 0 and inked[max(0, top - 3):top].any():
                top -= 1
            while foot < h - 1 and inked[foot + 1:foot + 4].any():
                foot += 1
            # the letters the line runs through are half a line tall at least: a rule or a
            # dash OCR read as a short word, with specks apart above and below, is none
            if foot + 1 - top < 0.5 * page.lh:
                return None
            return _along_the_line(page, [x0, y0 + top, x1, y0 + foot + 1], (y0 + row - 1, y0 + row + 2))
    return None


def through_the_middle(page: Page, lines: np.ndarray, b):
    """The stroke B (a box in LINES, the long strokes) runs through the middle of the letters
    it crosses, as a strike does, not along their foot (an underline) or their top: the
    letters' ink (the strokes taken out) reaches well above and well below it, along most of it.
    The extents are measured in rows that hold ink in at least a tenth of the stroke's columns;
    they are returned (rows above, rows below), or None."""
    x0, y0, x1, y1 = b
    reach = int(0.9 * page.lh)
    Y0, Y1 = max(0, y0 - reach), min(page.height, y1 + reach)
    letters = cv2.subtract(page.ink[Y0:Y1, x0:x1], cv2.dilate(lines[Y0:Y1, x0:x1], np.ones((5, 1), np.uint8)))
    rows = (letters > 0).mean(axis=1) >= 0.1
    above, below = rows[:y0 - Y0][::-1], rows[y1 - Y0:]
    # rows of letter ink reached from the stroke, a gap of two rows bridged (the stroke's own edge)
    def run(r):
        r = np.r_[r, False, False, False]
        gaps = np.flatnonzero(~r[:-2] & ~r[1:-1] & ~r[2:])
        return int(gaps[0]) if gaps.size else len(r) - 3
    up, down = run(above), run(below)
    if up < UP * page.lh or down < DOWN * page.lh:
        return None                        # an underline (nothing below) or an overline
    # capitals reach further above a strike than below (a note written just above, run into
    # the letters, reaches further still: no further than a typed line counts)
    if not 0.35 <= min(up, page.lh) / (min(up, page.lh) + down) <= UP_SHARE:
        return None
    return up, down


def _line_about(page: Page, b) -> list[int] | None:
    """(top, foot) of the typed line a stroke B runs through the middle of: the words beside
    it whose rows hold its middle (``_neighbours_line``), the middle between the top third
    and the foot fifth of their rows; None without them."""
    mid = (b[1] + b[3]) / 2
    # (beside it, not over it)
    line = _neighbours_line(page, b, lambda n: n.bbox[1] < mid < n.bbox[3] and (n.bbox[0] >= b[2] or n.bbox[2] <= b[0]))
    if line is None or not line[0] + 0.3 * (line[1] - line[0]) <= mid <= line[1] - 0.2 * (line[1] - line[0]):
        return None
    return line


def lines_without_words(page: Page, skip: list[Region]) -> list[Region]:
    """No OCR yet: long thin strokes through the middle of typed letters, crossing the gaps
    between them, still mark struck text (``unread_struck``; an underline runs along the
    letters' foot, a form's rule has no letters about it). More than a few such on a page
    without words to count them by is taken for its type (bold, run together), as with words."""
    out = unread_struck(page, [], skip)
    if len(out) > MAX_STRUCK:
        return []
    return merge_runs(out, "deletion", page)


def _leans(page: Page, lines: np.ndarray, b, cy: int, lean: float = 0.4) -> bool:
    half = int(0.6 * page.lh)
    for y0, y1 in ((max(0, cy - half), cy + half), (b[1], b[3])):
        letters = cv2.subtract(page.ink[y0:y1, b[0]:b[2]], cv2.dilate(lines[y0:y1, b[0]:b[2]], np.ones((5, 1), np.uint8)))
        if sloping(letters, lean):
            return True
    return False


def _within_a_word(page: Page, b) -> bool:
    """Stroke B ends half a letter or more inside both ends of a word OCR read with confidence:
    the bars of a bold face's e's and m's run together ("settlement", "speech"); a pen line
    through a word spans it."""
    y = (b[1] + b[3]) / 2
    m = 0.5 * page.cw
    return any(w.conf >= 80 and w.bbox[1] < y < w.bbox[3] and w.bbox[0] + m < b[0] and b[2] < w.bbox[2] - m
               for w in page.words)


def _letters_rows(page: Page, lines: np.ndarray, b):
    """The boxes of the letters stroke B (of LINES) may strike, the second looked for only if
    the first is no strike: the rows of letter ink reached from it (``through_the_middle``),
    then the typed line it lies on, from the words read either side of it (a note written just
    above a struck word runs into its letters, and the ink reached from the stroke takes it
    in), for a stroke a few words long (a form's rule between its rows of print runs on far
    longer)."""
    x0, y0, x1, y1 = b
    reach = through_the_middle(page, lines, b)
    if reach is not None:
        yield [x0, max(0, y0 - reach[0]), x1, y1 + reach[1]]
    if x1 - x0 <= LINE_STRUCK * page.cw and (line := _line_about(page, b)) is not None:
        yield [x0, line[0], x1, line[1]]


def unread_struck(page: Page, found: list[Region], skip: list[Region]) -> list[Region]:
    """Struck words OCR did not read as words of a line (a word with a heavy line through it
    is often read as nothing, or run into the note written above it): long thin strokes
    through the middle of typed letters that no struck word or x-out found covers. The box
    is the stroke's length and the letters' rows about it."""
    k = int(3 * page.cw)
    lines = cv2.morphologyEx(page.ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1)))
    stats, _ = components(lines, k)
    out = []
    for x, y, w, h, area in stats:
        b = box(x, y, w, h)
        # a pen line is thin, however much it wanders up or down along a long line of
        # words (its box is then taller than the line is thick): its mean thickness counts
        if area / w > 0.4 * page.lh or h > 0.8 * page.lh or w > 0.5 * page.width or any(inside(b, s.bbox, 6) for s in skip) \
                or any(overlap(b, r.bbox) > 0.3 for r in found if r.kind in ("deletion", "xout")) or _within_a_word(page, b):
            continue
        for rows in _letters_rows(page, lines, b):
            if rows[3] - rows[1] < 0.6 * page.lh:     # the letters about it are no typed letters' height
                continue
            # ... nor when they reach much higher and are sparse: a form's rule through its
            # large printed label, a rule or a seal's base in a speckled copy's grain (struck
            # typing is a line tall, and its letters and the line fill much of that)
            if rows[3] - rows[1] > TALL_STRUCK * page.lh \
                    and float((page.ink[rows[1]:rows[3], rows[0]:rows[2]] > 0).mean()) < SPARSE_STRUCK:
                continue
            # and it crosses the gaps between the letters, as a struck word's line does, and
            # the letters, the line taken out, stand upright: a cursive hand's joins run along
            # its letters' middle too, but it leans clearly, over a typed line's height about
            # the line or over the letters' own reach (typed letters cut by a tilted line may
            # look to lean a little)
            # (and the band it darkens is a pen line's thickness: a note squeezed in so low
            # that its joined letters run through the typed ones darkens its letters' height)
            band = strike_band(page, rows)
            if band is not None and band[1] - band[0] <= THICK_STRUCK * page.lh \
                    and not _leans(page, lines, rows, y + h // 2):
                out.append(Region("deletion", rows))
                break
    return out
