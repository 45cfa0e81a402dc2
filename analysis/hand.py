"""Handwriting: ink that no typed word, stamp, box or line accounts for, grouped into
notes (words written in above the line or in the margin). Needs OCR words: without them
typing and handwriting cannot be told apart. No Qt."""
from __future__ import annotations

import cv2
import numpy as np

from .ink import Page, box, components, drop_small, overlap
from .regions import Region


def _typed_word(page: Page, w) -> bool:
    """A word Tesseract read as typing (handwriting comes out short of confidence or of
    letters, or too tall for the typed line)."""
    h = w.bbox[3] - w.bbox[1]
    letters = sum(c.isalnum() for c in w.text)
    return w.conf >= 45 and letters >= 1 and h <= 1.5 * page.lh and (w.conf >= 75 or letters >= 3 or len(w.text) <= 2)


def insertions(page: Page, taken: list[Region]) -> list[Region]:
    if not page.words:
        return []
    lh, cw = page.lh, page.cw
    mask = page.ink.copy()
    H, W = mask.shape
    pad = 3
    for w in page.words:
        if _typed_word(page, w):
            x0, y0, x1, y1 = w.bbox
            mask[max(0, y0 - pad):y1 + pad, max(0, x0 - pad):x1 + pad] = 0
    for r in taken:
        x0, y0, x1, y1 = r.bbox
        m = 6
        mask[max(0, y0 - m):y1 + m, max(0, x0 - m):x1 + m] = 0
    # long straight rules (form lines, underlines) are not handwriting
    k = int(4 * cw)
    rules = cv2.bitwise_or(
        cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1))),
        cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, k))))
    mask = cv2.subtract(mask, cv2.dilate(rules, np.ones((3, 3), np.uint8)))
    mask = drop_small(mask, max(25, int(0.04 * lh * lh)))
    # strokes of one note join; notes on lines above and below stay apart
    kx, ky = max(9, int(1.1 * cw)), max(3, int(0.12 * lh))
    blob = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, (kx, ky)))
    stats, labels = components(blob)
    typed_lines = [w.bbox for w in page.words if _typed_word(page, w)]
    out = []
    for x, y, w, h, _ in stats:
        # back from the dilated blob to the ink inside it
        b = [x + kx // 2, y + ky // 2, x + w - kx // 2, y + h - ky // 2]
        bw, bh = b[2] - b[0], b[3] - b[1]
        if bw <= 0 or bh <= 0:
            continue
        ink = int(np.count_nonzero(mask[b[1]:b[3], b[0]:b[2]]))
        if bh < 0.45 * lh or bh > 4.5 * lh or bw < 0.9 * lh or ink < 1.2 * lh * lh * 0.25:
            continue
        if bw > 0.5 * W:
            continue
        # a caret or a stray mark sitting inside a typed line's band is not a note
        if bh < 0.9 * lh and bw < 1.6 * lh and any(overlap(b, t) > 0.3 for t in typed_lines):
            continue
        out.append(Region("insertion", [int(v) for v in b]))
    return out


def insertions_between_lines(page: Page, taken: list[Region]) -> list[Region]:
    """Ink between the typed lines that no recognised word covers (the detector of v3:
    fewer notes found than ``insertions`` but far fewer false ones)."""
    words = page.words
    if not words:
        return []
    mask = page.ink.copy()
    lh = page.lh
    for w in words:
        x0, y0, x1, y1 = w.bbox
        mask[max(0, y0 - 4):y1 + 4, max(0, x0 - 4):x1 + 4] = 0
    for s in taken:
        x0, y0, x1, y1 = s.bbox
        mask[max(0, y0 - 4):y1 + 4, max(0, x0 - 4):x1 + 4] = 0
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    blob = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, (max(9, lh), max(3, lh // 4))))
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
            out.append(Region("insertion", box(x, y, bw, bh), score=0.6))
    return out
