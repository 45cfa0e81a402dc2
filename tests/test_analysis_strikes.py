"""Struck typed words (analysis/strikes.py): a line through the letters' middle strikes
them; an underline under a date of thin digits does not, though it is the only dense row
of ink in the word's box."""
import cv2
import numpy as np
import pytest

from analysis.ink import Page
from analysis.strikes import strike_band
from bench.scan_labels import SCANS, ocr_words
from ocr.engine import OcrWord
from reel import open_reel


def _typed(text: str, line_at: float | None, thickness: int = 4):
    """A page of typing, with TEXT at (300, 400) and a pen line across it at LINE_AT (a share
    of its height from its top), or none."""
    img = np.full((900, 1200), 235, np.uint8)
    words = []
    for li in range(8):
        y = 200 + 50 * li
        for wi, x in enumerate(range(100, 900, 200)):
            if (li, wi) == (4, 1):
                continue
            cv2.putText(img, "letter", (x, y + 30), cv2.FONT_HERSHEY_PLAIN, 2.2, 40, 2)
            words.append(OcrWord("letter", [x, y + 6, x + 140, y + 34], 92.0, 1, 1, li, wi))
    (w, h), _ = cv2.getTextSize(text, cv2.FONT_HERSHEY_PLAIN, 2.2, 2)
    x, y = 300, 400
    cv2.putText(img, text, (x, y + 30), cv2.FONT_HERSHEY_PLAIN, 2.2, 40, 2)
    bbox = [x - 2, y + 30 - h - 2, x + w + 2, y + 30 + 2 + (thickness if line_at and line_at > 0.9 else 0)]
    if line_at is not None:
        ly = int(bbox[1] + line_at * (bbox[3] - bbox[1]))
        cv2.line(img, (x - 4, ly), (x + w + 4, ly), 30, thickness)
    words.append(OcrWord(text, bbox, 90.0, 1, 1, 4, 1))
    return Page(img, words=words), bbox


def test_a_line_through_the_middle_strikes_a_word():
    page, bbox = _typed("letters", 0.55)
    assert strike_band(page, bbox) is not None
    page, bbox = _typed("letters", None)
    assert strike_band(page, bbox) is None


def test_an_underline_under_thin_digits_is_no_strike():
    page, bbox = _typed("1964", 1.0)
    assert strike_band(page, bbox) is None


def test_a_real_underlined_date_is_no_strike():
    """docid-34529191 p2: "1964" underlined by hand, the line touching the digits' feet."""
    pdf = SCANS / "docid-34529191.pdf"
    if not pdf.is_file():
        pytest.skip(f"the shared corpus is not beside the checkout ({pdf})")
    words = ocr_words(pdf, 2)
    page = Page(open_reel(pdf).render(2), words=words)
    date = [w for w in words if w.text == "1964" and w.bbox[1] > 1300]
    assert date and strike_band(page, date[0].bbox) is None
