"""The frame's kind (target, title, finding aid, document) on the sample reel's frames
against its ground truth: the target from the image alone, the printed frames from
Tesseract's words (typed words share one width per letter, Times's do not)."""
import json

import pytest

from analysis.detect import analyze_image
from analysis.ink import iou
from ocr.engine import recognize
from reel import open_reel
from tests import labelled
from tests.conftest import ROOT

SAMPLE = ROOT / "resources" / "sample-reel.pdf"


@pytest.fixture(scope="module")
def sample():
    truth = json.loads((ROOT / "resources" / "sample-reel.truth.json").read_text())
    return open_reel(SAMPLE), {f["index"]: f["kind"].replace("-", "_") for f in truth["frames"]}


def test_target_frame_found_without_ocr_and_its_grid_not_taken_for_marks(sample):
    reel, kinds = sample
    n = next(i for i, k in kinds.items() if k == "target")
    found = analyze_image(reel.render(n), n)
    assert found.kind == "target"
    assert found.regions == []          # no stamp for its grid, no x-outs for its X's
    doc = next(i for i, k in kinds.items() if k == "document" and i > n)
    assert analyze_image(reel.render(doc), doc).kind == "document"


def test_title_finding_aid_and_document_frames_from_ocr_words(sample):
    reel, kinds = sample
    title = next(i for i, k in kinds.items() if k == "title")
    aid = next(i for i, k in kinds.items() if k == "finding_aid")
    doc = next(i for i, k in kinds.items() if k == "document" and i > aid)
    for n in (title, aid, doc):
        gray = reel.render(n)
        found = analyze_image(gray, n, recognize(gray, n).words)
        assert found.kind == kinds[n], n
        if found.kind != "document":
            assert not [r for r in found.regions if r.kind in ("checkbox", "insertion")], n


@pytest.mark.parametrize("one_line, heading", [(True, True), (False, False)])
def test_a_large_heading_is_three_tall_words_on_one_line(one_line, heading):
    """A title frame's heading is a line of words set large; a finding aid's body words whose
    boxes OCR drew tall (a speck or the line below run into them: dev-c frame 14, held-f frame
    22 of the benchmark's reels) stand one to a line, and make no heading."""
    import numpy as np
    from analysis.ink import Page
    from analysis.kinds import has_large_heading
    from ocr.engine import OcrWord
    words = [OcrWord("body", [200 + 150 * (i % 8), 1500 + 60 * (i // 8), 320 + 150 * (i % 8), 1534 + 60 * (i // 8)],
                     95.0, 1, 1, i // 8, i % 8) for i in range(40)]
    for i, t in enumerate(("The", "Cuban", "Crisis")):
        x, y = (300 + 250 * i, 400) if one_line else (300 + 500 * i, 400 + 200 * i)
        words.append(OcrWord(t, [x, y, x + 200, y + 70], 95.0, 2, 1, i, 0))
    assert has_large_heading(Page(np.full((3300, 2550), 235, np.uint8), words=words)) == heading


def test_a_routing_sheets_grid_of_marked_cells_is_no_target():
    """104-10001-10034 p1: a Routing and Record Sheet, a ruled grid with initials in its
    cells, holds a form's words: a document, and its stamps and notes are kept."""
    fa, _ = labelled.frame_analysis("104-10001-10034", 1)
    assert fa.kind == "document" and fa.regions


def test_a_printed_forms_check_boxes_are_kept():
    """180-10060-10494 p4: a typeset payroll form passes for a printed frame, but its check
    boxes are found all the same (nine of its ten labelled at IoU 0.5 at least)."""
    boxes, wanted = labelled.boxes("180-10060-10494", 4, "checkbox")
    assert sum(any(iou(a, b) >= 0.5 for b in boxes) for a in wanted.values()) >= 9


def test_large_notes_on_a_printed_page_are_kept():
    """A printed routing slip (DOCID-32989794 p31) and a memorandum in a bold typewriter face
    (176-10011-10152 p2) pass for typeset, where set type passes for a hand: their notes are
    dropped but those too large for type, initials written large, a note of four lines."""
    assert labelled.found("DOCID-32989794", 31, "insertion", "jlw (initials, second)")
    assert labelled.found("DOCID-32989794", 31, "insertion", "initials (large, lower right)")
    assert labelled.found("176-10011-10152", 2, "insertion",
                          "6/22/61 Recd from Mr. Bundy ackd (one note of four lines)")
    got, _ = labelled.boxes("DOCID-32989794", 31, "insertion")
    assert len(got) <= 3, got       # nothing a line or two tall: the form's print is set type


@pytest.mark.parametrize("name, index", [("176-10011-10152", 2), ("180-10060-10494", 4)])
def test_scanned_pages_that_pass_for_typeset_are_documents(name, index):
    """A bold, shadowed typewriter face OCR reads badly (176-10011-10152 p2) and a printed
    payroll form (180-10060-10494 p4) pass the pitch test for typeset words, but are no
    reel's title or finding-aid frame: those are printed cleanly, OCR reads nearly all of it."""
    fa, _ = labelled.frame_analysis(name, index)
    assert fa.kind == "document"
