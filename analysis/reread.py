"""Rows of print the page's OCR made nothing of, read again on their own. Tesseract's page
layout analysis drops a word standing alone in a ruled box, spaced out letter by letter
(S E C R E T), or on a speckled copy's grain; cut out, cleaned and read as one line
each, the same rows read plainly, at about a tenth of a second a row. No Qt.
"""
from __future__ import annotations

import cv2
import numpy as np
import pytesseract

from .ink import Page

LOW, HIGH = 30, 80    # px: rows lower or higher than this are scaled to it (Tesseract reads
                      # capitals best at their own size within it: a speckled row scaled lost them)


def _row_ink(page: Page, b, struck: bool = False) -> tuple[np.ndarray, int, int]:
    """The ink of box B and half its height round it, less ruled lines (a box's border
    taller than the letters, an underline, a strike) and specks a fortieth of a letter's
    area or smaller (a speckled copy's grain), but for a STRUCK row: taking its strike out
    cuts its letters into pieces a speck's size; with the crop's left and top on the page."""
    x0, y0, x1, y1 = b
    h = y1 - y0
    X0, Y0 = max(0, x0 - h // 2), max(0, y0 - h // 2)
    m = page.ink[Y0:min(page.height, y1 + h // 2), X0:min(page.width, x1 + h // 2)].copy()
    rules = cv2.morphologyEx(m, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (int(2.5 * page.cw), 1)))
    rules |= cv2.morphologyEx(m, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, int(1.15 * h))))
    # (a rule's blurred edges go too; a strike's are left, or the letters lose their middles)
    m = cv2.subtract(m, rules if struck else cv2.dilate(rules, np.ones((3, 3), np.uint8)))
    if not struck:
        _, labels, stats, _ = cv2.connectedComponentsWithStats(m, connectivity=8)
        small = stats[:, cv2.CC_STAT_AREA] < max(12, 0.025 * h * h)
        small[0] = False
        m[small[labels]] = 0
    return m, X0, Y0


def clean_row(page: Page, b, struck: bool = False) -> np.ndarray:
    """Box B's print, black on white, as Tesseract is given it (``_row_ink``)."""
    return 255 - _row_ink(page, b, struck)[0]


def letters_box(page: Page, b) -> list[int]:
    """B drawn to the letters of its row: the cleaned ink's marks (``_row_ink``) centred
    within B's rows and at least two fifths of its height (a box's border, a line's
    specks and the words above and below left out). B itself when it has none."""
    m, X0, Y0 = _row_ink(page, b)
    _, _, stats, _ = cv2.connectedComponentsWithStats(m, connectivity=8)
    x, y, w, h = (stats[1:, i] for i in range(4))
    mid = Y0 + y + h / 2
    keep = (mid >= b[1]) & (mid <= b[3]) & (h >= 0.4 * (b[3] - b[1]))
    if not keep.any():
        return list(b)
    return [int(X0 + x[keep].min()), int(Y0 + y[keep].min()), int(X0 + (x + w)[keep].max()),
            int(Y0 + (y + h)[keep].max())]


def read_rows(page: Page, boxes: list, struck: bool = False) -> list[str]:
    """The text Tesseract reads in each of BOXES (rows of print on PAGE), in order: each
    row cleaned (``clean_row``; rows STRUCK through keep their letters' pieces), scaled
    into ``LOW``-``HIGH`` px and read as one line. One call a row: rows stacked into one
    image were read worse (Tesseract sets its measures by the whole image, and a speckled
    row among clean ones lost its letters)."""
    out = []
    for b in boxes:
        row = clean_row(page, b, struck)
        h = max(1, b[3] - b[1])
        s = min(max(h, LOW), HIGH) / h
        if s != 1:
            row = cv2.resize(row, (max(1, int(row.shape[1] * s)), max(1, int(row.shape[0] * s))),
                             interpolation=cv2.INTER_AREA if s < 1 else cv2.INTER_CUBIC)
        out.append(" ".join(tesseract_text(row).split()))
    return out


def tesseract_text(image: np.ndarray, psm: int = 7) -> str:
    """Tesseract's reading of IMAGE (as one line; PSM 6: as a block of lines), or nothing when
    Tesseract fails or is missing: a row read again is a second opinion, and the marks found
    without it still stand."""
    try:
        return pytesseract.image_to_string(image, config=f"--psm {psm}")
    except (pytesseract.TesseractError, pytesseract.TesseractNotFoundError, OSError, RuntimeError):
        return ""
