"""Finding stamps, check boxes, redactions, struck words, x-outs, classification markings
and handwriting on a frame image, with OpenCV (vector and morphological operations, no
pixel loops), and saying what kind of frame it is. The detectors live one kind a module:

- ``ink.py``: the page flattened, its ink, and the typing's measures (line height, pitch)
- ``shapes.py``: stamp borders, redactions (ruled or solid shapes), the ruled strokes;
  ``stamps_framed.py``: stamps in a frame worn into pieces and turned a little;
  ``stamps_unruled.py``: stamps with no border, from their words and blocks of print;
  ``banner.py``: the archive's release banner, boxed print that is no stamp
- ``checkboxes.py``: check boxes, ticked or empty
- ``markings.py``: classification markings, from OCR words and from the image;
  ``markings_struck.py``: large stamped ones struck out by hand, anywhere on the page
- ``strikes.py``: struck typed words and x-outs, from OCR words and the ink under them
- ``hand.py``: handwritten insertions, the ink no typed word explains; ``hand_shape.py``:
  typing and print told from handwriting by the letters' shape; ``hand_split.py``: notes
  written one under another told apart; ``hand_carets.py``: notes side by side told apart
  by the caret (or struck word) under each, and notes squeezed between single-spaced lines
  found over theirs by the pen's darker ink
- ``reread.py``: rows of print OCR made nothing of, read again one at a time (markings in a
  ruled box or spaced out, struck typing that names a marking, misread exemption codes)
- ``kinds.py``: the frame's kind: target, title, finding aid or document

OCR words are used where given (text, bbox, conf, block, par, line): without them only
shapes, markings seen on the image and strike lines are found.
"""
from __future__ import annotations

from . import checkboxes, hand, kinds, markings, shapes, strikes
from .ink import Page, inside
from .markings import CLASSIFICATIONS  # noqa: F401 (re-exported)
from .regions import FrameAnalysis, Region

VERSION = 80   # bump when what is detected changes: cached results are keyed by it


def analyze_image(gray, index: int = 0, words=None) -> FrameAnalysis:
    """Everything found on one frame. WORDS are OCR words (text, bbox, conf, block, par, line)."""
    words = [w for w in (words or []) if w.text.strip()]
    page = Page(gray, words=words)
    lines = shapes.ruled(page, 14)
    found: list[Region] = []
    boxes = checkboxes.checkboxes(page, lines)
    # (a column of a form's boxes passes for a stamp's rows of print)
    found += [r for r in shapes.stamps(page, lines) if not checkboxes.mostly_boxes(r.bbox, boxes)] + boxes
    stamp_boxes = [r for r in found if r.kind == "stamp"]
    found += shapes.redactions(page, lines, found)      # (none inside a stamp or a check box)
    found += markings.from_words(page, stamp_boxes)
    found += markings.from_image(page, [r for r in found if r.kind == "classification"], stamp_boxes)
    skip = [r for r in found if r.kind != "checkbox"]
    if words:
        found += strikes.deletions_and_xouts(page, skip)
    else:
        found += strikes.lines_without_words(page, skip)
    found = markings.from_deletions(page, found)
    found += hand.insertions_between_lines(page, found)
    kind = kinds.frame_kind(page, lines, found)
    if kind == "target":        # its grid is no stamp, its X's no x-outs, its blanks no handwriting
        found = []
    elif kind != "document":    # printed for the film: its large type passes for a hand
        found = [r for r in found if r.kind != "insertion"]
    elif kinds.typeset(page, found):
        # a printed page (a form, a routing slip): the hand is told from typing by the
        # typewriter's pitch and line, and set type's large or proportional letters pass for
        # a hand; only notes too large for type stay (its check boxes all stay: a form's
        # are found with few false ones)
        found = [r for r in found if r.kind != "insertion" or hand.large_hand(page, r.bbox)]
    return FrameAnalysis(index, kind, page.width, page.height, found)
