"""What kind of frame this is: a target (the resolution chart: a ruled grid with X's in
some of its cells), a title frame (printed, with a heading in large type), a finding-aid
frame (printed, no large heading) or a document (typed). No Qt.

- target: seen on the image, OCR or not (Tesseract reads little of a target: a few
  words of its heading, none of its X's): a lattice of at least 40 ruled cells of one
  size, X's in at least 6 of them, and fewer than 30 words read well;
- printed or typed: from OCR words. A typewriter gives every letter the same width, so
  the width per letter of nearly every word is the page's pitch; type set in Times
  gives an "ill" a third of an "MWM"'s. Words inside stamps and markings are left out
  (their faces are not the typist's).
- title against finding aid: a title frame has a line of words 1.7 times as tall as
  its body text. Either is printed cleanly, for the film: a scanned record that passes
  for typeset (a printed form, a typewriter face OCR reads badly) is a document.
"""
from __future__ import annotations

import cv2
import numpy as np

from .ink import Page, components, overlap
from .markings import visual_lines
from .regions import Region

PITCH_SPREAD = 0.08     # a typed word's width per letter is within 8% of the page's pitch
TYPED_SHARE = 0.68      # ... for at least this share of the words on a typed page (real typed
                        # pages with stamps: 0.72-0.91; generated ones 0.94-1; Times 0.6)


def grid_cells(page: Page, lines: np.ndarray) -> list[list[int]]:
    """Boxes of the cells of the largest lattice of ruled cells of one size: the
    paper enclosed by LINES (ruled strokes), as components that fill their box."""
    paper = cv2.bitwise_not(cv2.dilate(lines, np.ones((3, 3), np.uint8)))
    stats, _ = components(paper, 2000)
    cand = np.array([s for s in stats if 50 <= s[2] <= 400 and 50 <= s[3] <= 400
                     and 0.4 <= s[2] / s[3] <= 2.5 and s[4] >= 0.7 * s[2] * s[3]])
    if len(cand) < 40:
        return []
    w, h = np.median(cand[:, 2]), np.median(cand[:, 3])
    same = cand[(np.abs(cand[:, 2] - w) < 0.25 * w) & (np.abs(cand[:, 3] - h) < 0.25 * h)]
    return [[int(x), int(y), int(x + cw), int(y + ch)] for x, y, cw, ch, _ in same]


# a target holds a heading's few words; a routing sheet's grid of ruled cells, some with
# marks in them, holds a form's labels and entries
TARGET_WORDS = 30


def is_target(page: Page, lines: np.ndarray) -> bool:
    if sum(w.conf >= 60 and len(w.text) >= 3 for w in page.words) >= TARGET_WORDS:
        return False
    cells = grid_cells(page, lines)
    if len(cells) < 40:
        return False
    rows = len({round(c[1] / ((c[3] - c[1]) * 0.5)) for c in cells})
    cols = len({round(c[0] / ((c[2] - c[0]) * 0.5)) for c in cells})
    if rows < 5 or cols < 5:
        return False
    crossed = 0
    for x0, y0, x1, y1 in cells:
        m = max(4, (x1 - x0) // 8)
        inner = page.ink[y0 + m:y1 - m, x0 + m:x1 - m]
        if inner.size == 0:
            continue
        stats, _ = components(inner, 40)
        # an X: one mark spanning much of the cell both ways, its ink thin (not a blot)
        if any(s[2] >= 0.3 * (x1 - x0) and s[3] >= 0.3 * (y1 - y0) and s[4] <= 0.65 * s[2] * s[3] for s in stats):
            crossed += 1
    return crossed >= 6


def printed(page: Page, skip: list[Region]) -> bool | None:
    """True when the page's words are typeset (proportional), False when typed, None
    when too few words tell."""
    words = [w for w in page.words if len(w.text) >= 4 and w.text.isalpha() and w.conf >= 60
             and not any(overlap(w.bbox, s.bbox) > 0.3 for s in skip)]
    if len(words) < 40:
        return None
    per = np.array([(w.bbox[2] - w.bbox[0]) / len(w.text) for w in words], dtype=float)
    pitch = float(np.median(per))
    return float((np.abs(per - pitch) < PITCH_SPREAD * pitch).mean()) < TYPED_SHARE


# a reel's title and finding-aid frames are set and printed for the film: OCR reads 0.97-1.0
# of their words with confidence; a scanned page that passes for typeset (a form, a bold or
# shadowed typewriter face OCR reads badly) reads 0.17-0.9
CLEAN_SHARE = 0.93


def clean(page: Page) -> bool:
    """OCR read nearly every word of the page with confidence 90 or more."""
    words = [w for w in page.words if len(w.text) >= 4 and w.text.isalpha()]
    return bool(words) and sum(w.conf >= 90 for w in words) >= CLEAN_SHARE * len(words)


def has_large_heading(page: Page) -> bool:
    """Three or more words on one line, at least 1.7 times as tall as the body's, in the top
    half. (OCR draws a body word's box tall at times, a speck or the line below run into it:
    a finding aid's few such words stand on lines of their own.)"""
    words = [w for w in page.words if len(w.text) >= 2 and w.text[0].isalnum()]
    if len(words) < 10:
        return False
    body = float(np.median([w.bbox[3] - w.bbox[1] for w in words]))
    big = [w for w in words if w.bbox[3] - w.bbox[1] >= 1.7 * body and w.bbox[1] < page.height / 2
           and w.conf >= 50]
    return any(len(line) >= 3 for line in visual_lines(big))


def frame_kind(page: Page, lines: np.ndarray, found: list[Region]) -> str:
    """document, target, title or finding_aid."""
    if is_target(page, lines) or any(w.text.lower().strip(".,") == "tgt" for w in page.words):
        return "target"
    if typeset(page, found) and clean(page):
        return "title" if has_large_heading(page) else "finding_aid"
    return "document"


def typeset(page: Page, found: list[Region]) -> bool:
    """The page's words are typeset, not typed (stamps and markings left out): a reel's
    printed frame, or a printed form."""
    return bool(printed(page, [r for r in found if r.kind in ("stamp", "classification", "redaction")]))
