"""A classification marking stamped in large letters and struck out by hand, which OCR does
not read, found from the image (analysis/markings_struck.py); struck typing is not one."""
import cv2
import numpy as np

from analysis.ink import Page
from analysis.markings_struck import struck_stamped
from analysis.markings import match
from ocr.engine import OcrWord


def _page(beside: bool):
    """A typed page (words read by OCR) with a large stamped SECRET, struck by a pen line,
    standing alone on its row or (BESIDE) with typing going on to its right."""
    img = np.full((1650, 1275), 235, np.uint8)
    words = []
    for li in range(12):
        y = 500 + 45 * li
        for wi, x in enumerate(range(150, 1000, 170)):
            cv2.putText(img, "letter", (x, y + 25), cv2.FONT_HERSHEY_PLAIN, 2.0, 40, 2)
            words.append(OcrWord("letter", [x, y, x + 130, y + 30], 92.0, 1, 1, li, wi))
    cv2.putText(img, "SECRET", (420, 250), cv2.FONT_HERSHEY_SIMPLEX, 3.5, 30, 4)
    cv2.line(img, (400, 240), (860, 195), 20, 5)
    if beside:
        cv2.putText(img, "letter", (900, 235), cv2.FONT_HERSHEY_PLAIN, 2.0, 40, 2)
        words.append(OcrWord("letter", [900, 210, 1030, 240], 92.0, 2, 1, 1, 1))
    return Page(img, words=words)


def test_a_struck_stamped_marking_alone_on_its_row_is_found():
    found = struck_stamped(_page(beside=False), [], [], match)
    assert len(found) == 1 and found[0].struck and found[0].kind == "classification"
    x0, y0, x1, y1 = found[0].bbox
    assert x0 <= 430 and x1 >= 840 and y0 <= 200 and y1 >= 250


def test_struck_ink_with_typing_beside_it_is_no_marking():
    assert struck_stamped(_page(beside=True), [], [], match) == []


def test_nothing_before_ocr():
    page = _page(beside=False)
    assert struck_stamped(Page(page.gray, words=[]), [], [], match) == []
