"""Handwriting: ink that no typed word, stamp, box or line accounts for, grouped into
notes (words written in above the line or in the margin). Needs OCR words: without them
typing and handwriting cannot be told apart. No Qt."""
from __future__ import annotations

import cv2
import numpy as np

from .ink import Page, components
from .regions import Region


def _typed_word(page: Page, w) -> bool:
    """A word Tesseract read as typing (handwriting comes out short of confidence or of
    letters, or too tall for the typed line)."""
    h = w.bbox[3] - w.bbox[1]
    letters = sum(c.isalnum() for c in w.text)
    return w.conf >= 45 and letters >= 1 and h <= 1.5 * page.lh and (w.conf >= 75 or letters >= 3 or len(w.text) <= 2)


CONF_TYPED = 70     # a typed-looking word read this confidently is typing wherever it is
JOIN = 1.6          # strokes this many line heights apart are one note


def _on_pitch(page: Page, w) -> bool:
    """W is typing however poorly OCR read it: four or more letters as wide each as the page's
    typed letters and as tall as its typed words (handwriting read as a word is neither)."""
    n = len(w.text)
    h = w.bbox[3] - w.bbox[1]
    return n >= 4 and abs((w.bbox[2] - w.bbox[0]) / n - page.cw) < 0.12 * page.cw and abs(h - page.lh) < 0.3 * page.lh


def typed_bands(page: Page, words) -> list[list[int]]:
    """Where the typed lines run, as boxes [x0, y0, x1, y1]: in rows of two or more words
    that look typed (``_typed_word``), each word's box and the gap to the next word's (a
    word OCR read nothing of, a struck one, lies in such a gap), from the two words' median
    top to median foot, so that the bands follow a skewed line along (a note written just
    above reaches into them less than a typed word does)."""
    from .markings import visual_lines
    rows: list[list] = []
    for seg in visual_lines([w for w in words if _typed_word(page, w)]):
        # pieces of one typed line, cut where OCR read nothing (a struck word), are one row
        h = float(np.median([w.bbox[3] - w.bbox[1] for w in seg]))
        yc = float(np.median([(w.bbox[1] + w.bbox[3]) / 2 for w in seg]))
        for row in rows:
            if abs(row[0] - yc) < 0.5 * h:
                row[1].extend(seg)
                break
        else:
            rows.append([yc, list(seg)])
    out = []
    full = [sorted(r, key=lambda w: w.bbox[0]) for _, r in rows if len(r) >= 2]
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


def insertions_between_lines(page: Page, taken: list[Region]) -> list[Region]:
    """Ink between the typed lines (``typed_bands``) that no word read with confidence covers:
    handwriting above the line or in the margin, whether OCR read it as words or not."""
    words = page.words
    if not words:
        return []
    mask = page.ink.copy()
    lh = page.lh
    # the typed lines go, struck words and all (OCR often runs a struck word into the note
    # above it), and the words read with confidence elsewhere; what OCR made of the notes
    # written between the lines stays
    for x0, y0, x1, y1 in typed_bands(page, words):
        mask[max(0, y0):y1, max(0, x0 - 4):x1 + 4] = 0
    for w in words:
        if (w.conf >= 85 and len(w.text) >= 2) or (w.conf >= CONF_TYPED and _typed_word(page, w)) \
                or _on_pitch(page, w):
            x0, y0, x1, y1 = w.bbox
            mask[max(0, y0 - 4):y1 + 4, max(0, x0 - 4):x1 + 4] = 0
    for s in taken:
        x0, y0, x1, y1 = s.bbox
        mask[max(0, y0 - 4):y1 + 4, max(0, x0 - 4):x1 + 4] = 0
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    kx, ky = max(9, int(JOIN * lh)), max(3, lh // 4)
    blob = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, (kx, ky)))
    stats, _ = components(blob)
    text_top = min(w.bbox[1] for w in words)
    text_bottom = max(w.bbox[3] for w in words)
    out = []
    for x, y, bw, bh, _ in stats:
        sub = mask[y:y + bh, x:x + bw]
        ink_in = int(sub.sum() / 255)
        if bw >= 1.5 * lh and lh * 0.4 <= bh <= lh * 2.2 and ink_in > lh * 4 and text_top - lh < y < text_bottom:
            # a ruled or dashed line (a form's, a teletype's) is long and no taller than a stroke
            # (thin in each column, however skewed it runs)
            cols = np.count_nonzero(sub, axis=0)
            if bw > 4 * lh and cols.any() and np.median(cols[cols > 0]) < 0.3 * lh:
                continue
            # back from the dilated blob to the ink in it, as large as a written word
            ys, xs = np.nonzero(sub)
            b = [int(x + xs.min()), int(y + ys.min()), int(x + xs.max() + 1), int(y + ys.max() + 1)]
            if b[2] - b[0] >= 1.2 * lh and b[3] - b[1] >= 0.45 * lh:
                out.append(Region("insertion", b, score=0.6))
    return out
