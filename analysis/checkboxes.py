"""Check boxes on forms, ticked or empty: small printed squares told from the letters that
close into squares in blurred or bold type (their holes, bold B, D, o, O), and the boxes a
cross or a heavy tick broke open. No Qt."""
from __future__ import annotations

import cv2
import numpy as np

from .ink import Page, box, components, inside, iou
from .regions import Region
from .shapes import _dedupe, _sides_ruled, ruled, side_cover


def _squares(mask: np.ndarray):
    """(x, y, w, h) of the small closed squares in MASK: outer outlines only (the hole of a
    letter's bowl, the R's or the b's, is square enough in the ruled strokes)."""
    out = []
    contours, tree = cv2.findContours(mask, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    for c, (_, _, _, parent) in zip(contours, tree[0] if tree is not None else []):
        if parent >= 0:
            continue
        x, y, w, h = cv2.boundingRect(c)
        # square, or oblong as a form's boxes often are (a teletype's MAIL ROOM box is 2:1)
        if not (16 <= w <= 100 and 16 <= h <= 60 and 0.7 <= w / h <= 2.2):
            continue
        approx = cv2.approxPolyDP(c, 0.04 * cv2.arcLength(c, True), True)
        if len(approx) != 4 or cv2.contourArea(approx) < 0.75 * w * h:
            continue
        out.append((x, y, w, h))
    return out


# what OCR reads an empty box as, by its bottom corners, sometimes surely: no word
_BOX_READ = {"LJ", "CJ"}


def _in_a_word(page: Page, b) -> bool:
    """B is a letter of a word Tesseract read with confidence (the H of "Havana" in bold,
    blurred type closes into a square), or well within a longer word read less surely (a
    speckled copy's D's and O's); a box is read as 0, O, ©, LJ or nothing, or as the first
    or last letter of its label's word."""
    for w in page.words:
        t = "".join(c for c in w.text if c.isalnum())     # RECORDED™ is a word too
        if len(t) >= 2 and t.isalpha() and w.conf >= 80 and inside(b, w.bbox, 4) and t not in _BOX_READ:
            return True
        # (a box OCR took into its label's word is its first or last letter: "Staff—O")
        x0, _, x1, _ = w.bbox
        c = (x1 - x0) / len(w.text)
        if len(t) >= 4 and w.conf >= 20 and inside(b, w.bbox, 4) and b[0] >= x0 + c and b[2] <= x1 - c:
            return True
    return False


def _between_letters(ink: np.ndarray, x, y, w, h, either: bool = False) -> bool:
    """Ink close on both sides of the square, across its middle rows: a letter of a word
    (an O in a heading OCR did not read), where a box has its label on one side at most.
    EITHER: ink close on one side is enough (for a box found with no outline of its own, a
    letter at a word's end; a box's label starts a space away)."""
    gap = max(4, int(0.5 * min(w, h)))     # a letter's width, about (a box can be oblong)
    rows = ink[y + h // 5:y + h - h // 5]
    left, right = rows[:, max(0, x - gap):max(0, x - 2)], rows[:, x + w + 2:x + w + gap]
    if not (left.size and right.size):
        return False
    # (a letter's ink, over many of the rows: a dash before the box, "Staff—[]", is a few)
    near = tuple(q.mean() / 255 > 0.08 and (q.max(axis=1) > 0).mean() > 0.4 for q in (left, right))
    return any(near) if either else all(near)


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


def _form_boxes(taken: list[Region]) -> tuple[list[Region], int]:
    """The empty boxes found (a form has two or more) and their median side, or ([], 0)."""
    empty = [r for r in taken if not r.checked]
    if len(empty) < 2:
        return [], 0
    return empty, int(np.median([(r.bbox[2] - r.bbox[0] + r.bbox[3] - r.bbox[1]) / 2 for r in empty]))


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
    empty, size = _form_boxes(taken)
    if not empty:
        return []
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
        if any(iou(b, r.bbox) > 0.3 for r in taken) or _in_a_word(page, b) \
                or _between_letters(page.ink, bx, by, bw, bh, either=True):   # an x-out's X
            continue
        out.append(Region("checkbox", b, checked=True))
    return _dedupe(out, 0.3)


def _fill(page: Page, x: int, y: int, w: int, h: int) -> float:
    """The share of the W x H box at (X, Y) inked well inside its sides (a blurred side is a
    fifth of the box thick): a box is ticked when more than a tenth or so is."""
    inner = page.ink[y + h // 4:y + h - h // 4, x + w // 4:x + w - w // 4]
    return float(inner.mean()) / 255 if inner.size else 0.0


def mostly_boxes(b, boxes: list[Region]) -> bool:
    """B is a column or a row of a form's check boxes (a routing slip's offices, a list of
    stations), no stamp, whose boxes are a few in its print: the boxes within it cover half
    its area or more, or three or more of them in line span most of its length and it is
    no more than four boxes across (the names printed beside the column taken in with it);
    a review stamp's column of boxes has its print beside it, wider."""
    area = (b[2] - b[0]) * (b[3] - b[1])
    held = [r.bbox for r in boxes if inside(r.bbox, b, 4)]
    if area > 0 and sum((x1 - x0) * (y1 - y0) for x0, y0, x1, y1 in held) >= 0.5 * area:
        return True
    if len(held) < 3:
        return False
    h = np.array(held, float)
    side = float(np.median(np.maximum(h[:, 2] - h[:, 0], h[:, 3] - h[:, 1])))
    for lo, hi, a0, a1 in ((0, 2, 1, 3), (1, 3, 0, 2)):     # a column, then a row
        mid = (h[:, lo] + h[:, hi]) / 2
        if np.ptp(mid) <= side and b[hi] - b[lo] <= 4 * side \
                and h[:, a1].max() - h[:, a0].min() >= 0.8 * (b[a1] - b[a0]):
            return True
    return False


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
    # and a box printed with broken sides (a worn teletype form's: a dotted side, a gap at a
    # corner) closes once the ruled strokes' small gaps are bridged
    # (each direction's strokes bridged along themselves only, so that letters do not run
    # together; and no smaller than a typed capital: bridged, the bowls of o, a, e close too)
    h = cv2.morphologyEx(cv2.morphologyEx(page.ink, cv2.MORPH_CLOSE, np.ones((1, 5), np.uint8)), cv2.MORPH_OPEN,
                         np.ones((1, 14), np.uint8))
    v = cv2.morphologyEx(cv2.morphologyEx(page.ink, cv2.MORPH_CLOSE, np.ones((5, 1), np.uint8)), cv2.MORPH_OPEN,
                         np.ones((14, 1), np.uint8))
    bridged = cv2.morphologyEx(cv2.bitwise_or(h, v), cv2.MORPH_CLOSE, np.ones((5, 5), np.uint8))
    for x, y, w, h, ruling in [s + (lines,) for s in _squares(page.ink)] + [s + (long,) for s in _squares(long)] \
            + [s + (bridged,) for s in _squares(bridged) if min(s[2], s[3]) >= 0.8 * page.cap]:
        b = box(x, y, w, h)
        if not (_box_like(ruling, x, y, w, h) and _square_corners(page.ink, x, y, w, h) and _thin_sides(page.ink, x, y, w, h)
                and _stands_clear(page.ink, x, y, w, h)) or _in_a_word(page, b) \
                or _between_letters(page.ink, x, y, w, h):
            continue
        fill = _fill(page, x, y, w, h)
        out.append(Region("checkbox", b, checked=fill > 0.12, score=fill))
    out = [r for r in _dedupe(out, 0.3) if _on_the_page(page, r.bbox)]
    out += crossed_boxes(page, out)
    out += boxes_by_ring(page, out)
    out += boxes_by_label(page, out)
    for r in out:
        if not r.checked and _x_beside(page, r.bbox):
            r.checked = True
    return out


def _x_beside(page: Page, b) -> bool:
    """A typed X touches box B from outside: a typist filling in a form struck the X a little
    off the printed square (beside it, or over a corner), which marks the box all the same.
    An X: a piece of ink of about the box's height that touches the box, inks both its
    diagonals and little else; the box's label starts a space away (touching: within a few
    pixels of its side)."""
    x0, y0, x1, y1 = b
    w, h = x1 - x0, y1 - y0
    X0, Y0 = max(0, x0 - w), max(0, y0 - h)
    near = page.ink[Y0:y1 + h, X0:x1 + w].copy()
    bx0, by0, bx1, by1 = x0 - X0, y0 - Y0, x1 - X0, y1 - Y0
    # the box and what is inside it taken out (the fill is judged apart), so that an X
    # touching a side is a piece of its own
    near[max(0, by0 - 1):by1 + 1, max(0, bx0 - 1):bx1 + 1] = 0
    # (a typed X printed faint comes apart in specks: closed up into one)
    near = cv2.morphologyEx(near, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(near, connectivity=8)
    at = np.zeros(near.shape, bool)
    at[max(0, by0 - 6):by1 + 6, max(0, bx0 - 6):bx1 + 6] = True
    t = np.linspace(0.15, 0.85, 15)
    for i in range(1, n):
        x, y, cw, ch, area = stats[i]
        if not (0.5 * h <= ch <= 1.3 * h and 0.5 * h <= cw <= 1.5 * h and area <= 0.6 * cw * ch):
            continue
        piece = labels == i
        if not (piece & at).any():
            continue
        grown = cv2.dilate(piece[y:y + ch, x:x + cw].astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
        cols = (t * (cw - 1)).astype(int)
        down, up = grown[(t * (ch - 1)).astype(int), cols].mean(), grown[((1 - t) * (ch - 1)).astype(int), cols].mean()
        if min(down, up) >= 0.8:
            return True
    return False


def _on_the_page(page: Page, b) -> bool:
    """Box B lies wholly on the page, clear of its edges: the film's dark edge, and a box
    cut by it, ring as a box filled in."""
    return b[0] >= 2 and b[1] >= 2 and b[2] <= page.width - 2 and b[3] <= page.height - 2


def _best_corners(dark: np.ndarray, x: int, y: int, w: int, h: int, c: int, r: int = 2) -> tuple[int, int, float]:
    """(x, y, darkness) of the place within R pixels of (X, Y) where the W x H box's four
    corners are darkest (each corner the darkest of its C x C window and those a pixel out
    from it; a place's darkness its palest corner's), found at once over the patch about
    them: the means of its C x C windows, the darkest of each corner's four, the palest
    corner of each place."""
    m = r + 1                                   # windows R places and a pixel out either way
    X0, Y0 = max(0, x - m), max(0, y - m)
    patch = dark[Y0:min(dark.shape[0], y + h + m), X0:min(dark.shape[1], x + w + m)].astype(np.float32)
    ph, pw = patch.shape
    n = ph - c + 1, pw - c + 1
    if min(n) <= 0:
        return x, y, 0.0
    win = cv2.boxFilter(patch, -1, (c, c), anchor=(0, 0), borderType=cv2.BORDER_CONSTANT)[:n[0], :n[1]]

    def at(yy: int, xx: int) -> np.ndarray:
        """The window means for each place (dy, dx) in -R..R, the window at (yy, xx) of the box."""
        a, b = y + yy - r - Y0, x + xx - r - X0
        out = np.zeros((2 * r + 1, 2 * r + 1), np.float32)
        ys, xs = slice(max(0, -a), min(2 * r + 1, n[0] - a)), slice(max(0, -b), min(2 * r + 1, n[1] - b))
        # (a box reaching past the page's edge, as a ring guessed at the top can: the windows
        # off the patch stay blank; sliced as they stand, win's would count from its far end)
        if ys.stop > ys.start and xs.stop > xs.start:
            out[ys, xs] = win[a + ys.start:a + ys.stop, b + xs.start:b + xs.stop]
        return out

    corners = [np.maximum.reduce([at(cy + dy, cx + dx) for dy in (0, sy) for dx in (0, sx)])
               for cx, cy, sx, sy in ((0, 0, -1, -1), (w - c, 0, 1, -1), (0, h - c, -1, 1), (w - c, h - c, 1, 1))]
    best = np.minimum.reduce(corners)
    # ties (a bitonal scan's broken corners are all blank) go to the place given, not the patch's corner
    dy, dx = (r, r) if best[r, r] >= best.max() else np.unravel_index(int(np.argmax(best)), best.shape)
    return x + int(dx) - r, y + int(dy) - r, float(best[dy, dx])


def _box_size(empty: list[Region]) -> tuple[int, int]:
    """The median width and height of a form's empty boxes (a routing slip's are oblong)."""
    return (int(np.median([r.bbox[2] - r.bbox[0] for r in empty])),
            int(np.median([r.bbox[3] - r.bbox[1] for r in empty])))


def _sides(dark: np.ndarray, x: int, y: int, w: int, h: int, e: int, level: float) -> list[float]:
    """How much of each side of the W x H box at (X, Y) is inked (``side_cover``), ink being
    0.3 of LEVEL dark or more."""
    return side_cover(dark[max(0, y):y + h, max(0, x):x + w] >= 0.3 * level, e)


def _in_a_grid(boxes: list[Region], x: int, y: int, w: int, h: int) -> bool:
    """A W x H box at (X, Y) stands where a form's column and row of BOXES cross (two of them
    in line with it one way, their left sides or tops within a third of a box, one the other
    way), or between two of a column, the next above and below it (a worn row of a routing
    slip, none of its boxes found)."""
    col = [r.bbox[1] - y for r in boxes if abs(r.bbox[0] - x) < w / 3]
    row = sum(abs(r.bbox[1] - y) < h / 3 for r in boxes)
    if (len(col) >= 2 and row >= 1) or (col and row >= 2):
        return True
    return any(-1.5 * h <= d < -h / 2 for d in col) and any(h / 2 < d <= 1.5 * h for d in col)


def _frame_sum(src, kw: int, kh: int, outer, inner) -> tuple[np.ndarray, int]:
    """(sums, area): at each pixel, the sum of SRC over the frame OUTER less INNER, boxes
    (x0, y0, x1, y1) in a window KW x KH centred on the pixel (as filter2D anchors its kernel),
    nothing beyond the page. Two running box sums: filter2D of a kernel this large goes by
    Fourier transform, three to five times as long (half a second or more a form page)."""
    def box_sum(x0, y0, x1, y1):
        return cv2.boxFilter(src, cv2.CV_32F, (x1 - x0, y1 - y0), anchor=(kw // 2 - x0, kh // 2 - y0),
                             normalize=False, borderType=cv2.BORDER_CONSTANT)
    area = (outer[2] - outer[0]) * (outer[3] - outer[1]) - (inner[2] - inner[0]) * (inner[3] - inner[1])
    return cv2.subtract(box_sum(*outer), box_sum(*inner)), area


def _frame_mean(src, kw: int, kh: int, outer, inner) -> np.ndarray:
    """The mean of SRC over the frame (``_frame_sum``) at each pixel."""
    sums, area = _frame_sum(src, kw, kh, outer, inner)
    return sums / area


def boxes_by_ring(page: Page, taken: list[Region]) -> list[Region]:
    """On a form, the rest of its boxes, empty or ticked, that the square finder missed: those
    a heavy tick broke (neither their ink nor their ruled strokes close into a square), and
    those printed so close together (a routing slip's column of offices) that their outlines
    touch and close into one. Found where a ring of the page's empty boxes' size and side lies
    on dark ink all round, the band just outside it mostly paper along the middles of two
    opposite sides at least (a tick's arm crosses it once or twice; stacked boxes touch above
    and below), in line with an empty box found (a form's boxes stand in columns or rows),
    its corners square and sides unbroken, and no letter of a word about it. The ring and
    band are filters over the page."""
    empty, _ = _form_boxes(taken)
    if not empty:
        return []
    level = page.stroke_level()
    w, h = _box_size(empty)
    t = max(2, int(np.median([_side_thickness(page.ink, r.bbox[0], r.bbox[1], r.bbox[2] - r.bbox[0],
                                                r.bbox[3] - r.bbox[1]) for r in empty])))
    kw, kh = w + 8, h + 8
    # each filter is a frame, a box less the box inside it, over a window kw x kh about
    # the pixel: the ring the box's sides would lie on, and the band just outside it
    dark = page.dark
    on = _frame_mean(dark, kw, kh, (4, 4, kw - 4, kh - 4), (4 + t, 4 + t, kw - 4 - t, kh - 4 - t))
    band = _frame_mean(dark, kw, kh, (1, 1, kw - 1, kh - 1), (3, 3, kw - 3, kh - 3))
    # along the middle halves of the sides only: a cross's arms run out past the box's
    # corners and darken the whole band there, a tick's arm crosses a side's middle; and
    # the left and right, or top and bottom, middles alone: a box's neighbour in a column
    # touches its top and bottom
    qx, qy = kw // 4, kh // 4
    across = _frame_sum(dark, kw, kh, (1, qy, kw - 1, kh - qy), (3, qy, kw - 3, kh - qy))
    down = _frame_sum(dark, kw, kh, (qx, 1, kw - qx, kh - 1), (qx, 3, kw - qx, kh - 3))
    mid = (across[0] + down[0]) / (across[1] + down[1])
    offs = [band, mid, across[0] / across[1], down[0] / down[1]]
    # (an inked ring must stand clear at its left and right at least: clear above and below
    # only, a bold letter in a word passes too)
    clear, inked_clear = np.minimum.reduce(offs), np.minimum.reduce(offs[:3])
    score = on - clear
    # peaks a third of a box apart, tried best first: a ring half over a pen-filled box and
    # half over its neighbour can score higher than the box's own, and fails the tests below
    near = np.ones((max(1, h // 3), max(1, w // 3)), np.uint8)
    peaks = (score >= 0.45 * level) & (clear <= 0.25 * level) & (score >= cv2.dilate(score, near))
    out: list[Region] = []
    c = max(2, t)
    corners = float(np.median([_best_corners(page.dark, r.bbox[0], r.bbox[1], w, h, c, 0)[2] for r in empty]))
    ys, xs = np.nonzero(peaks)
    order = np.argsort(-score[ys, xs], kind="stable")
    # again while boxes are added: a box found lets its broken neighbours in its row or
    # column pass (``_in_a_grid``)
    while True:
        before = len(out)
        for i in order:
            cy, cx = ys[i], xs[i]
            x, y = int(cx - kw // 2 + 4), int(cy - kh // 2 + 4)
            if not any(abs(r.bbox[0] - x) < 0.5 * w or abs(r.bbox[1] - y) < 0.5 * h for r in empty + out) \
                    or any(iou(box(x, y, w, h), r.bbox) > 0.2 for r in taken + out):
                continue
            # the ring's best place can be a pixel or two off the box's (its sides blurred, a
            # pixel thicker one way): put it where the four corners are darkest
            x, y, dark_corners = _best_corners(page.dark, x, y, w, h, c)
            b = box(x, y, w, h)
            if not _on_the_page(page, b) or any(iou(b, r.bbox) > 0.2 for r in taken + out) or _in_a_word(page, b):
                continue
            fill = _fill(page, x, y, w, h)
            inked = fill > 0.12
            if inked and (inked_clear[cy, cx] > 0.25 * level or on[cy, cx] - inked_clear[cy, cx] < 0.45 * level):
                continue
            # letters on both sides: an o in a word; an inked one, a letter on either side: a bold
            # e or an x at a word's end (a box's label starts a space away)
            if _between_letters(page.ink, x, y, w, h, either=inked):
                continue
            # square corners, dark all four (a D's or an S's are round), each looked for a pixel
            # either way (the box can be a pixel larger than the page's median one), as dark as
            # the empty boxes' own more or less (a form's boxes are printed paler than a pen; a
            # blurred empty one's can be paler still, its sides tell it from a letter), and each
            # side unbroken (an E's right side is three bars' ends). Where the form's boxes stand
            # in a grid about the place (``_in_a_grid``), a worn or bitonal copy's broken corners
            # and sides will do: its sides mostly there, a pixel or two either way, none missing
            if _in_a_grid(empty + out, x, y, w, h):
                sides = _sides(page.dark, x - 2, y - 2, w + 4, h + 4, t + 6, level)
                if min(sides) < 0.3 or np.mean(sides) < 0.7:
                    continue
            elif dark_corners < min(0.35 * level, (0.6 if inked else 0.4) * corners) \
                    or min(_sides(page.dark, x, y, w, h, t + 2, level)) < 0.85:
                continue
            out.append(Region("checkbox", b, checked=inked, score=fill))
            # a form's ring boxes are a few times its empty ones at most (a routing slip's,
            # 3.4 times); far more is a typed page's letters, one after the next along the
            # typewriter's grid, from a letter or two taken for boxes (with no OCR words to
            # tell them: 700 on a typed page, found in half a minute)
            if len(out) > max(10, 5 * len(empty)):
                return []
        if len(out) == before:
            return out


def _columns(boxes: list[Region]) -> list[list[Region]]:
    """BOXES in columns: their left sides within a third of a box of each other."""
    cols: list[list[Region]] = []
    for r in sorted(boxes, key=lambda r: r.bbox[0]):
        w = r.bbox[2] - r.bbox[0]
        for col in cols:
            if abs(col[-1].bbox[0] - r.bbox[0]) < w / 3:
                col.append(r)
                break
        else:
            cols.append([r])
    return cols


def _lean(col: list[Region], h: int) -> np.ndarray | None:
    """The left side of the column COL of boxes H tall, x as a straight line in y (a stamp's
    column leans with the stamp), or None when it leans more than a few degrees."""
    ys = np.array([r.bbox[1] for r in col], float)
    xs = np.array([r.bbox[0] for r in col], float)
    lean = np.polyfit(ys, xs, 1) if np.ptp(ys) > h else np.array([0.0, float(np.median(xs))])
    return lean if abs(lean[0]) <= 0.1 else None


def _label(words, lean: np.ndarray, w: int, h: int, y: float) -> float | None:
    """How far right of the column's left side (LEAN) the first word on the row of a W x H box
    at Y starts, past the box and within three boxes of it; None if no word does."""
    x = float(np.polyval(lean, y))
    on = [wd.bbox[0] for wd in words if abs((wd.bbox[1] + wd.bbox[3]) / 2 - y - h / 2) < 0.6 * h
          and x + w <= wd.bbox[0] <= x + 4 * w]
    return min(on) - x if on else None


def boxes_by_label(page: Page, taken: list[Region]) -> list[Region]:
    """The boxes of a column of them that the other finders missed, found by their labels: a
    form prints each label a box and a space to the right of its box, so where a word OCR read
    starts as far right of the column as the found boxes' labels do (or, where OCR read too few
    of them, as the form's other labels do), on a row of the column with no box found, the box
    is printed before it: worn to dots (a faint FBI routing form's) or its sides hidden under a
    heavy tick or cross. Something of it must show: ink along three of its four sides at least.
    Ticked when its middle is inked."""
    words = [w for w in page.words if w.conf >= 50 and sum(c.isalpha() for c in w.text) >= 2]
    cols = []
    for col in _columns(taken):
        w = int(np.median([r.bbox[2] - r.bbox[0] for r in col]))
        h = int(np.median([r.bbox[3] - r.bbox[1] for r in col]))
        lean = _lean(col, h) if len(col) >= 2 else None
        if lean is not None:
            offs = [o for o in (_label(words, lean, w, h, r.bbox[1]) for r in col) if o is not None]
            cols.append((col, w, h, lean, offs))
    form = [o for *_, offs in cols for o in offs]
    out: list[Region] = []
    for col, w, h, lean, offs in cols:
        if len(offs) < 2:
            offs = form
        # (most of the labels stand alike: a row's first word may be a second column's)
        dx = float(np.median(offs)) if offs else 0.0
        alike = sum(abs(o - dx) <= 0.2 * w for o in offs)
        if alike < 2 or alike < 0.6 * len(offs):
            continue
        ys = np.array([r.bbox[1] for r in col], float)
        pitch = float(np.median(np.diff(np.sort(ys))))
        # (the rows nearest the column first: a box found widens its reach)
        for wd in sorted(words, key=lambda wd: _gap_to(ys, wd.bbox[1])):
            y = (wd.bbox[1] + wd.bbox[3]) / 2 - h / 2
            if abs(wd.bbox[0] - np.polyval(lean, y) - dx) > 0.4 * w:
                continue        # (not where a label starts: the row's words need not be looked at)
            o = _label(words, lean, w, h, y)
            # (the word is its row's first past the column, and the row within a few of the column's)
            if o is None or abs(o - dx) > 0.4 * w or abs(o + np.polyval(lean, y) - wd.bbox[0]) > 0.5 \
                    or _gap_to(ys, y) > 3.5 * pitch:
                continue
            x, y = int(round(np.polyval(lean, y))), int(round(y))
            b = box(x, y, w, h)
            if not _on_the_page(page, b) or any(iou(b, r.bbox) > 0.2 for r in taken + out) or _in_a_word(page, b):
                continue
            sides = side_cover(page.ink[y:y + h, x:x + w] > 0, max(2, min(w, h) // 6))
            if sorted(sides)[1] < 0.3:
                continue
            fill = _fill(page, x, y, w, h)
            out.append(Region("checkbox", b, checked=fill > 0.12, score=fill))
            ys = np.r_[ys, y]
    return out


def _gap_to(ys: np.ndarray, y: float) -> float:
    return float(np.abs(ys - y).min())
