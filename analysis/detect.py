"""Finding stamps, check boxes, redactions, struck words, x-outs, classification markings
and handwriting on a frame image, with OpenCV (vector and morphological operations, no
pixel loops), and saying what kind of frame it is. The detectors live one kind a module:

- ``ink.py``: the page flattened, its ink, and the typing's measures (line height, pitch)
- ``shapes.py``: stamp borders, check boxes, redactions (ruled or solid shapes)
- ``markings.py``: classification markings, from OCR words and from the image
- ``strikes.py``: struck typed words and x-outs, from OCR words and the ink under them
- ``hand.py``: handwritten insertions, the ink no typed word explains

OCR words are used where given (text, bbox, conf, block, par, line): without them only
shapes, markings seen on the image and strike lines are found.
"""
from __future__ import annotations

from . import hand, markings, shapes, strikes
from .ink import Page, inside
from .markings import CLASSIFICATIONS  # noqa: F401 (re-exported)
from .regions import FrameAnalysis, Region

VERSION = 4   # bump when what is detected changes: cached results are keyed by it


def frame_kind(page: Page, found: list[Region]) -> str:
    words = page.words
    xs = sum(1 for w in words if w.text.upper().strip(".,") in ("X", "XX", "x"))
    if xs >= 12 or any(w.text.lower() == "tgt" for w in words):
        return "target"
    if not words:
        return "document"
    typed = [w for w in words if len(w.text) >= 2]
    big = [w for w in typed if w.bbox[3] - w.bbox[1] > 1.6 * page.lh]
    if len(typed) <= 40 and big and not any(r.kind in ("stamp", "checkbox") for r in found):
        return "title"
    return "document"


def analyze_image(gray, index: int = 0, words=None) -> FrameAnalysis:
    """Everything found on one frame. WORDS are OCR words (text, bbox, conf, block, par, line)."""
    words = [w for w in (words or []) if w.text.strip()]
    page = Page(gray, words=words)
    lines = shapes.ruled(page, 14)
    found: list[Region] = []
    found += shapes.stamps(page, lines)
    stamp_boxes = [r for r in found if r.kind == "stamp"]
    found += shapes.checkboxes(page, lines)
    found += shapes.redactions(page, lines, stamp_boxes)
    found += markings.from_words(page, stamp_boxes)
    found += markings.from_image(page, [r for r in found if r.kind == "classification"], stamp_boxes)
    skip = [r for r in found if r.kind != "checkbox"]
    if words:
        found += strikes.deletions_and_xouts(page, skip)
    else:
        found += strikes.lines_without_words(page, skip)
    found += hand.insertions_between_lines(page, found)
    return FrameAnalysis(index, frame_kind(page, found), page.width, page.height, found)
