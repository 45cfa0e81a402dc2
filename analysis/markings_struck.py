"""Classification markings stamped in large letters and struck out by hand, found from the
image alone: OCR reads nothing of them (the pen line runs the letters into one blot, and
stamped faces are stencilled or stippled), and they stand anywhere on the page, not only
at its head and foot (a reviewer's stamp mid-page, crossed out when it was downgraded).

What is looked for: one blob of ink the size of a stamped word (taller than the typing,
two to eight times as wide as tall, a fifth to a half of its box inked: letters, not a
smear) with a long, nearly level straight stroke across most of its width, the pen line;
alone on its row (typed words struck out with a note written onto the line make the same
blob, but typing goes on beside it); not inside a stamp or redaction, and not where OCR
read words that are no marking. Only on a page OCR has read: those tests need its words.
"""
from __future__ import annotations

import cv2
import numpy as np

from .ink import Page, box, iou, overlap
from .regions import Region

MAX_TILT = 25          # degrees off level a pen line through a marking may run


def struck_stamped(page: Page, found: list[Region], skip: list[Region], is_marking) -> list[Region]:
    """IS_MARKING(text) says whether OCR's words there name a marking (markings.match)."""
    if not page.words:
        return []
    lh = page.lh
    n, labels, stats, _ = cv2.connectedComponentsWithStats(page.ink, connectivity=8)
    out: list[Region] = []
    for i in range(1, n):
        x, y, w, h, area = (int(v) for v in stats[i])
        if area < 2 * lh * lh or not (1.4 * lh <= h <= 5 * lh and 2 * h <= w <= 8 * h and w >= 5 * lh) \
                or not 0.15 <= area / (w * h) <= 0.5:
            continue
        b = box(x, y, w, h)
        if any(overlap(b, r.bbox) > 0.3 for r in skip) or any(iou(b, r.bbox) > 0.2 for r in found + out):
            continue
        if _typing_beside(page, b) or not _pen_line_across(labels[y:y + h, x:x + w] == i, w):
            continue
        words = [t for t in page.words if overlap(t.bbox, b) > 0.5]
        read = [t for t in words if t.conf >= 60 and sum(c.isalnum() for c in t.text) >= 3]
        if len(read) >= 2 and is_marking(" ".join(t.text for t in words)) is None:
            continue       # words read well there, and no marking: struck typing or a note
        out.append(Region("classification", b, text=is_marking(" ".join(t.text for t in words)), struck=True))
    return out


def _typing_beside(page: Page, b) -> bool:
    """A word read on B's row, within two line heights of its left or right end."""
    x0, y0, x1, y1 = b
    h, w = y1 - y0, x1 - x0
    for t in page.words:
        if t.conf < 40 or not y0 + 0.2 * h <= (t.bbox[1] + t.bbox[3]) / 2 <= y1 - 0.2 * h:
            continue
        at_end = t.bbox[2] <= x0 + 0.1 * w or t.bbox[0] >= x1 - 0.1 * w
        if at_end and max(t.bbox[0] - x1, x0 - t.bbox[2]) < 2 * page.lh:
            return True
    return False


def _pen_line_across(mask: np.ndarray, width: int) -> bool:
    """A straight stroke over more than half the blob's width, within MAX_TILT of level."""
    lines = cv2.HoughLinesP(mask.astype(np.uint8) * 255, 1, np.pi / 180, threshold=int(0.4 * width),
                            minLineLength=int(0.55 * width), maxLineGap=max(2, int(0.06 * width)))
    if lines is None:
        return False
    for x0, y0, x1, y1 in lines.reshape(-1, 4):
        tilt = abs(np.degrees(np.arctan2(int(y1) - int(y0), int(x1) - int(x0))))
        if min(tilt, 180 - tilt) <= MAX_TILT:
            return True
    return False
