"""Shapes on synthetic pages: redactions printed as brackets round an exemption code, and
what is not one (a form's rules with a field between them)."""
import cv2
import numpy as np

from analysis.detect import analyze_image
from ocr.engine import OcrWord


def _page():
    img = np.full((1200, 1700), 235, np.uint8)
    # a few typed lines, so that the page's line height is the typing's
    words = []
    for li in range(6):
        for wi in range(6):
            x, y = 150 + wi * 230, 120 + li * 70
            cv2.putText(img, "Letter", (x, y + 30), cv2.FONT_HERSHEY_SIMPLEX, 1.1, 30, 3)
            words.append(OcrWord("Letter", [x, y, x + 130, y + 33], 92.0, 1, 1, li, wi))
    return img, words


def _bracket(img, x0, y0, x1, y1):
    """Two rules with their ends hooked towards each other (not a closed box)."""
    for y, d in ((y0, 1), (y1 - 8, -1)):
        cv2.rectangle(img, (x0, y), (x1, y + 8), 20, -1)
        for x in (x0, x1 - 6):
            cv2.rectangle(img, (x, y), (x + 6, y + 8 + d * 14 if d > 0 else y - 14), 20, -1)


def test_a_bracketed_postponement_code_is_a_redaction():
    img, words = _page()
    _bracket(img, 300, 700, 800, 775)
    cv2.putText(img, "JFK Act 5 (g)(2)(D)", (320, 750), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 30, 2)
    words += [OcrWord(t, [x, 725, x + 60, 752], 90.0, 2, 1, 1, i)
              for i, (t, x) in enumerate((("JFK", 320), ("Act", 400), ("5", 480), ("(g)(2)(D)", 520)))]
    found = analyze_image(img, 1, words)
    red = [r for r in found.regions if r.kind == "redaction"]
    assert len(red) == 1, found.regions
    x0, y0, x1, y1 = red[0].bbox
    assert abs(x0 - 300) <= 4 and abs(y0 - 700) <= 4 and abs(x1 - 800) <= 4 and abs(y1 - 775) <= 4, red[0].bbox


def test_rules_with_a_field_between_them_are_no_redaction():
    img, words = _page()
    _bracket(img, 300, 700, 800, 775)
    cv2.putText(img, "Bronx, New York", (320, 750), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 30, 2)
    words += [OcrWord(t, [x, 725, x + 100, 752], 90.0, 2, 1, 1, i)
              for i, (t, x) in enumerate((("Bronx,", 320), ("New", 450), ("York", 560)))]
    found = analyze_image(img, 1, words)
    assert not [r for r in found.regions if r.kind == "redaction"], found.regions
