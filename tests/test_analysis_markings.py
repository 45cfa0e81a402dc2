"""A classification marking stamped in large letters and struck out by hand, which OCR does
not read, found from the image (analysis/markings_struck.py); struck typing is not one. One
blacked out with pen strokes on a real released form is found; a halftone-shaded field and a
file number over a rule are not markings."""
from pathlib import Path

import cv2
import numpy as np
import pytest

from analysis.ink import iou
from bench.scan_labels import SCANS, ocr_words
from ocr.engine import recognize
from reel import open_reel
from tests import labelled

from analysis.ink import Page
from analysis.markings_struck import obliterated, struck_stamped
from analysis.markings import from_deletions, from_image, from_words, match
from analysis.regions import Region
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


def test_large_letters_on_a_rule_are_no_struck_marking():
    """Large letters written or stamped on a rule (a form's field, a stamp's blank) make one
    blob with it, crossed by a long straight stroke as a struck marking is, but along their
    foot."""
    page = _page(beside=False)
    img = page.gray.copy()
    img[150:270, 380:900] = 235                     # the struck SECRET gone
    cv2.putText(img, "SECRET", (420, 250), cv2.FONT_HERSHEY_SIMPLEX, 3.5, 30, 4)
    cv2.line(img, (390, 252), (870, 252), 20, 5)    # an underline touching the letters' foot
    assert struck_stamped(Page(img, words=page.words), [], [], match) == []


def test_nothing_before_ocr():
    page = _page(beside=False)
    assert struck_stamped(Page(page.gray, words=[]), [], [], match) == []


def _scan_page(name: str, index: int, words=None) -> Page:
    pdf = SCANS / name
    if not pdf.is_file():
        pytest.skip(f"the shared corpus is not beside the checkout ({pdf})")
    gray = open_reel(pdf).render(index)
    return Page(gray, words=words if words is not None else recognize(gray, index).words)


def test_markings_blacked_out_with_pen_strokes_are_found_at_head_and_foot():
    """docid-34529191 p2: FOR OFFICIAL USE ONLY scribbled over at the top and the bottom of the
    form (OCR reads nothing of either); the labelled boxes are matched at IoU 0.5."""
    pdf = Path(SCANS / "docid-34529191.pdf")
    page = _scan_page(pdf.name, 2, ocr_words(pdf, 2))
    found = obliterated(page, [], [], match)
    assert all(r.kind == "classification" and r.struck for r in found)
    for label in ([649, 61, 1445, 175], [645, 3005, 1425, 3092]):
        assert max(iou(r.bbox, label) for r in found) >= 0.5, (label, [r.bbox for r in found])
    assert len(found) == 2


def _blotted_head(halftone: bool) -> Page:
    """The typed page of _page with, at its head, a large marking scribbled over with a thick
    pen, or (HALFTONE) a field of the same size shaded with a screen of fine dots."""
    page = _page(beside=False)
    img = page.gray.copy()
    img[150:260] = 235                                   # no struck SECRET there
    if halftone:
        img[80:170, 360:920][np.random.default_rng(5).random((90, 560)) < 0.62] = 20
    else:
        cv2.putText(img, "FOR OFFICIAL USE", (360, 160), cv2.FONT_HERSHEY_SIMPLEX, 2.6, 30, 6)
        rng = np.random.default_rng(3)
        pts = np.stack([np.linspace(360, 920, 40), np.where(np.arange(40) % 2, 82, 165) + rng.integers(-6, 6, 40)], 1)
        cv2.polylines(img, [pts.astype(np.int32)], False, 15, 8)
    return Page(img, words=page.words)


def test_a_scribbled_over_marking_is_found_and_a_halftone_field_is_not():
    found = obliterated(_blotted_head(halftone=False), [], [], match)
    assert len(found) == 1 and found[0].struck and iou(found[0].bbox, [360, 80, 920, 172]) >= 0.5, found
    # as inked and as wide, but fine dots, not pen strokes
    assert obliterated(_blotted_head(halftone=True), [], [], match) == []


def test_a_halftone_shaded_form_field_is_no_blacked_out_marking():
    """180-10060-10494 p14: two fields at the head of a real form shaded with a halftone screen."""
    assert obliterated(_scan_page("180-10060-10494.pdf", 14), [], [], match) == []


def test_a_file_number_over_a_rule_is_no_struck_marking():
    """docid-34529191 p3: the control number written just above the top edge of an outlined
    redaction box makes a blob crossed by a line, as a struck stamped marking does."""
    page = _scan_page("docid-34529191.pdf", 3)
    assert not [r for r in struck_stamped(page, [], [], match) if r.bbox[1] > 0.13 * page.height]


@pytest.mark.parametrize("name, index", [("104-10012-10070.pdf", 1), ("104-10006-10248.pdf", 1)])
def test_speckled_type_and_a_signature_are_no_struck_stamped_marking(name, index):
    """104-10012-10070 p1: a microfilm copy whose grain runs typed words into blobs with a
    level edge across them; 104-10006-10248 p1: a signature with a long level stroke. Neither
    is a stamped face (its strokes are solid), and neither page has a struck marking."""
    pdf = SCANS / name
    page = _scan_page(name, index, ocr_words(pdf, index))
    assert struck_stamped(page, [], [], match) == []


@pytest.mark.parametrize("name, index", [("DOCID-32989794.pdf", 46), ("DOCID-32989794.pdf", 62),
                                         ("docid-32334643.pdf", 2)])
def test_struck_handwriting_is_no_struck_stamped_marking(name, index):
    """A file number written by hand and struck through by hand (DOCID-32989794 p46, p62), a
    pen signature run through a stamp's blank line (docid-32334643 p2): a blob of a marking's
    size with a pen line across it, but of thin strokes, a fifth of its box inked where a
    stamped word's letters ink a third."""
    page = _scan_page(name, index, ocr_words(SCANS / name, index))
    assert struck_stamped(page, [], [], match) == []


# -- markings OCR read nothing of, read again on their own (analysis.reread) --

def _boxed_head(word: str) -> Page:
    """The typed page of _page with WORD spaced out letter by letter in a ruled box at its
    head, as a message form prints its classification; no OCR word there."""
    page = _page(beside=False)
    img = page.gray.copy()
    img[150:260] = 235                                   # no struck SECRET there
    cv2.rectangle(img, (430, 70), (860, 150), 30, 3)
    cv2.putText(img, " ".join(word), (470, 128), cv2.FONT_HERSHEY_COMPLEX, 1.5, 30, 3)
    return Page(img, words=page.words)


def test_a_spaced_marking_in_a_box_ocr_did_not_read_is_read_again():
    found = from_image(_boxed_head("SECRET"), [], [])
    assert len(found) == 1 and found[0].text == "SECRET" and not found[0].struck, found
    # drawn to the letters, the box's rules left out
    (w, _), _ = cv2.getTextSize("S E C R E T", cv2.FONT_HERSHEY_COMPLEX, 1.5, 3)
    x0, y0, x1, y1 = found[0].bbox
    assert abs(x0 - 470) <= 6 and abs(x1 - 470 - w) <= 6 and 85 <= y0 < y1 <= 132, found[0].bbox


@pytest.mark.parametrize("beside", ["table", "writing"])
def test_a_marking_in_its_box_with_the_forms_other_boxes_on_its_line_is_found(beside):
    """A message form's boxed S E C R E T with speckle about it and, on its line, a routing
    table's box (104-10012-10070 p2): its own box bounds its line, and it is alone there.
    With a typed line run through its box instead (control), it is no marking alone."""
    page = _page(beside=False)
    img = page.gray.copy()
    img[150:260] = 235                                   # no struck SECRET there
    rng = np.random.default_rng(3)
    specks = rng.random((90, 600)) < 0.04                # a speckled copy, in the box too
    img[65:155, 300:900][specks] = 40
    cv2.rectangle(img, (310, 62), (1000, 158), 30, 3)
    cv2.putText(img, "S E C R E T", (470, 128), cv2.FONT_HERSHEY_COMPLEX, 1.5, 30, 3)
    if beside == "table":       # the form's routing table, ruled, close by on the right
        cv2.rectangle(img, (1040, 40), (1700, 180), 30, 3)
        for y in (75, 110, 145):
            cv2.line(img, (1040, y), (1700, y), 30, 2)
        cv2.line(img, (1080, 40), (1080, 180), 30, 2)
        for i, y in enumerate((100, 135, 170)):
            cv2.putText(img, str(i + 1), (1050, y), cv2.FONT_HERSHEY_SIMPLEX, 0.8, 30, 2)
    else:                       # typing running on in the box and out of it
        cv2.putText(img, "CONTINUED FROM THE CABLE", (800, 125), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 30, 3)
    found = from_image(Page(img, words=page.words), [], [])
    (w, _), _ = cv2.getTextSize("S E C R E T", cv2.FONT_HERSHEY_COMPLEX, 1.5, 3)
    hits = [r for r in found if r.text == "SECRET" and iou(r.bbox, [470, 95, 470 + w, 130]) >= 0.5]
    assert bool(hits) == (beside == "table"), found
    if beside == "table":
        assert labelled.found("104-10012-10070", 2, "classification", "SECRET (boxed, message form head; the words, drawn by eye in speckle)")


def test_a_spaced_marking_with_a_scrawl_run_on_into_it_is_read_again_alone():
    """A spaced S E C R E T at the head, OCR reading nothing of it, a pen scrawl written on
    its row a letter's gap after it (104-10001-10034 p2): the row with the scrawl reads as
    nothing, the marking's letters alone as SECRET; the box is the letters'."""
    page = _page(beside=False)
    img = page.gray.copy()
    img[150:260] = 235                                   # no struck SECRET there
    cv2.putText(img, "S E C R E T", (470, 128), cv2.FONT_HERSHEY_COMPLEX, 1.5, 30, 3)
    (w, _), _ = cv2.getTextSize("S E C R E T", cv2.FONT_HERSHEY_COMPLEX, 1.5, 3)
    rng = np.random.default_rng(7)
    xs = np.linspace(470 + w + 25, 470 + w + 300, 30)
    pts = np.stack([xs, 105 + 22 * np.sin(xs / 9.0) + rng.integers(-5, 5, 30)], 1).astype(np.int32)
    cv2.polylines(img, [pts], False, 25, 4)
    found = from_image(Page(img, words=page.words), [], [])
    assert len(found) == 1 and found[0].text == "SECRET", found
    x0, y0, x1, y1 = found[0].bbox
    assert abs(x0 - 470) <= 6 and abs(x1 - 470 - w) <= 10, found[0].bbox
    assert labelled.found("104-10001-10034", 2, "classification", "S E C R E T (head, typed in the CLASSIFICATION field)")


def test_a_spaced_marking_typed_just_over_a_broken_rule_is_read_again():
    """S E C R E T typed in a form's CLASSIFICATION field, just over its rule, which the copy
    broke into dashes (104-10001-10034 p4): the letters closed up to rejoin what a strike cut
    run into the dashes and stand too tall for a row; taken as they are, they make one."""
    page = _page(beside=False)
    img = page.gray.copy()
    img[150:260] = 235                                   # no struck SECRET there
    cv2.putText(img, "S E C R E T", (470, 128), cv2.FONT_HERSHEY_COMPLEX, 1.5, 30, 3)
    # what is left of the rule: specks, under the C, the R and the E; and the field's side
    # touching the T
    (w, _), _ = cv2.getTextSize("S E C R E T", cv2.FONT_HERSHEY_COMPLEX, 1.5, 3)
    for i in (4, 6, 8):
        x = 470 + int(w * (i + 0.3) / 11)
        cv2.line(img, (x, 147), (x + 10, 147), 30, 3)
    cv2.line(img, (470 + w, 92), (470 + w, 170), 30, 3)
    found = from_image(Page(img, words=page.words), [], [])
    assert len(found) == 1 and found[0].text == "SECRET" and not found[0].struck, found
    assert labelled.found("104-10001-10034", 4, "classification", "S E C R E T (head, typed in the CLASSIFICATION field)")


def test_another_word_read_again_is_no_marking():
    assert from_image(_boxed_head("REPORT"), [], []) == []


def test_a_stamps_words_read_again_are_that_stamp():
    """A row at the head or foot that reads, on its own, as the CIA's CS COPY stamp (OCR made
    nothing of it on the page: 104-10001-10034 p4) is that stamp, not a marking; a row reading
    as neither is nothing. Read by the page's OCR, alone on its line (104-10012-10070 p1, once
    the OCR takes the grainy copy's specks out), it is that stamp too."""
    found = from_image(_boxed_head("CS COPY"), [], [])
    assert [(r.kind, r.text) for r in found] == [("stamp", "CS COPY")], found
    assert labelled.found("104-10001-10034", 4, "stamp", "CS COPY")
    assert labelled.found("104-10012-10070", 1, "stamp", "CS COPY")


def test_markings_ocr_did_not_read_on_a_speckled_cable_are_found():
    """104-10012-10070 p1: SECRET spaced out in the message form's box at the head and at the
    foot, on speckled microfilm; the page's OCR made nothing of either (despeckled, it reads
    the foot's in pieces, EF CRE T, and the head's not at all)."""
    assert labelled.found("104-10012-10070", 1, "classification", "SECRET (boxed, message form head)")
    assert labelled.found("104-10012-10070", 1, "classification", "SECRET (boxed, foot)")


def test_a_forms_printed_title_is_no_stamp_and_keeps_its_marking():
    """104-10001-10034 p1: 'SECRET (WHEN FILLED IN)' over 'ROUTING AND RECORD SHEET': FILLED
    and RECORD are no stamp's FILED and RECORDED, so no stamp swallows the marking."""
    stamps, _ = labelled.boxes("104-10001-10034", 1, "stamp")
    assert not [b for b in stamps if b[1] < 300], stamps
    assert labelled.found("104-10001-10034", 1, "classification",
                          "SECRET (head; the printed '(WHEN FILLED IN)' left out)")


def test_a_blob_running_into_typing_read_well_is_no_struck_marking():
    """A note written between the lines joins the descenders of the typed line above into one
    blob with a long stroke across it; a stamped marking stands clear of the typing: a word
    OCR read well lying partly in the blob says it is none."""
    page = _page(beside=False)
    img = page.gray.copy()
    cv2.putText(img, "during", (300, 215), cv2.FONT_HERSHEY_PLAIN, 2.0, 40, 2)
    words = page.words + [OcrWord("during", [300, 180, 460, 222], 95.0, 3, 1, 1, 1)]
    assert struck_stamped(Page(img, words=page.words), [], [], match)
    assert struck_stamped(Page(img, words=words), [], [], match) == []


def _struck_typed_foot(word: str, beside: bool = False):
    """The typed page of _page with WORD typed at the typing's size on the last line, alone
    (or with typing BESIDE it), struck through with a typed line; OCR read nothing there.
    With a deletion over it, as the strike finder makes one."""
    page = _page(beside=False)
    img = page.gray.copy()
    img[150:260] = 235                                   # no struck SECRET at the head
    (w, h), _ = cv2.getTextSize(word, cv2.FONT_HERSHEY_DUPLEX, 1.1, 2)
    x = (img.shape[1] - w) // 2
    cv2.putText(img, word, (x, 1560), cv2.FONT_HERSHEY_DUPLEX, 1.1, 40, 2)
    if beside:
        cv2.putText(img, "letter", (x + w + 30, 1560), cv2.FONT_HERSHEY_DUPLEX, 1.1, 40, 2)
    cv2.line(img, (x - 4, 1560 - h // 2), (x + w + 4, 1560 - h // 2), 30, 3)
    return Page(img, words=page.words), Region("deletion", [x - 4, 1560 - h, x + w + 4, 1560])


def test_struck_typing_alone_on_its_line_reading_as_a_marking_is_one():
    """DESIGN.md: ~~TOP SECRET~~ standing alone on its line is a struck marking, not a
    deletion: read again with the strike taken out, the struck words name one. Other struck
    words, and a marking's words struck within a line of typing, stay deletions."""
    page, struck = _struck_typed_foot("TOP SECRET")
    found = from_deletions(page, [struck])
    assert [(r.kind, r.struck) for r in found] == [("classification", True)], found
    assert found[0].text in ("TOP SECRET", "SECRET") and iou(found[0].bbox, struck.bbox) >= 0.6, found
    for word, beside in (("DISPATCHED", False), ("TOP SECRET", True)):
        page, struck = _struck_typed_foot(word, beside)
        assert from_deletions(page, [struck]) == [struck], word


def test_marks_are_still_found_when_tesseract_cannot_read_a_row_again(monkeypatch):
    """Reading a row again is a second opinion: with Tesseract missing, the frame's other
    marks are found all the same and the row is left unread."""
    import pytesseract

    def missing(*args, **kwargs):
        raise pytesseract.TesseractNotFoundError()
    monkeypatch.setattr(pytesseract, "image_to_string", missing)
    assert from_image(_boxed_head("SECRET"), [], []) == []
    page, struck = _struck_typed_foot("TOP SECRET")
    assert from_deletions(page, [struck]) == [struck]
    assert len(struck_stamped(_page(beside=False), [], [], match)) == 1


@pytest.mark.parametrize("name, index", [("docid-34529191", 1), ("104-10326-10060", 1)])
def test_a_forms_field_value_is_no_marking(name, index):
    """The identification forms' "FROM : [ RESTRICTED ]", "CLASSIFICATION : UNCLASSIFIED",
    "CLASSIFICATION : SECRET" (a colon OCR mostly drops, and at times the label too): what a
    field holds, no marking."""
    found, _ = labelled.analysed(name, index)
    assert not [r for r in found if r.kind == "classification"], found


def test_a_marking_set_well_apart_after_a_colon_is_found():
    """104-10326-10060 p7: a cable's "END OF MESSAGE: SECRET." sets its marking well apart
    from the colon: a marking, no field's value."""
    assert labelled.found("104-10326-10060", 7, "classification", next(
        r["text"] for r in labelled.analysed("104-10326-10060", 7)[1]
        if r["kind"] == "classification" and "END OF MESSAGE" in r["text"]))


def _spaced_secret(conf: float):
    """A typed page with S E C R E T read letter by letter (confidence CONF) on a row of its
    own at the foot, as OCR reads a form's spaced footer marking."""
    page = _page(beside=False)
    img = page.gray.copy()
    img[150:270] = 235                                   # no struck SECRET
    words = list(page.words)
    for i, c in enumerate("SECRET"):
        x = 470 + 60 * i
        cv2.putText(img, c, (x, 1530), cv2.FONT_HERSHEY_COMPLEX, 1.3, 30, 3)
        words.append(OcrWord(c, [x, 1500, x + 32, 1532], conf, 9, 1, 1, i))
    return Page(img, words=words)


@pytest.mark.parametrize("stamp, conf, kept", [
    ([300, 1420, 1150, 1600], 85.0, True),     # a form's footer taken for a stamp: the marking stays
    ([300, 1420, 1150, 1600], 30.0, False),    # ... unless OCR read it poorly
    ([440, 1480, 860, 1550], 85.0, False),     # a stamp about its words: its words are no marking
])
def test_a_marking_on_its_own_row_in_a_block_taken_for_a_stamp_is_found(stamp, conf, kept):
    """104-10012-10070 p2: the message form's footer (its SECRET box, the GROUP 1 box beside it,
    REPRODUCTION ... PROHIBITED under them) passes for a stamp; the S E C R E T OCR read
    surely on its own row within it, a fraction of the block's size, is the page's marking.
    A stamp no larger than the words it is read from holds no marking of its own."""
    found = from_words(_spaced_secret(conf), [Region("stamp", stamp)])
    assert bool([r for r in found if r.text == "SECRET"]) == kept, found
    if kept:
        assert labelled.found("104-10012-10070", 2, "classification", "SECRET (boxed, foot)")


def _outlined_head(conf: float) -> Page:
    """The typed page of _page with a marking stamped large and centred at its head, in
    letters OCR misread as a few odd words, one of them ("Tera") read with CONF."""
    page = _page(beside=False)
    img = page.gray.copy()
    img[150:260] = 235                                   # no struck SECRET there
    cv2.putText(img, "SECRET EYES ONLY", (330, 140), cv2.FONT_HERSHEY_SIMPLEX, 2.2, 30, 3)
    words = page.words + [OcrWord("CPPATT", [330, 85, 560, 142], 29.0, 9, 1, 1, 1),
                          OcrWord("Tera", [600, 85, 760, 142], conf, 9, 1, 1, 2),
                          OcrWord("mays", [790, 85, 950, 142], 43.0, 9, 1, 1, 3)]
    return Page(img, words=words)


def test_a_marking_at_the_head_ocr_misread_as_odd_words_is_found():
    """176-10011-10152 p4: SECRET - EYES ONLY stamped in outline letters at the head, which
    OCR read as "CPPATT Tera mays ...", one word with some confidence (80): a row of even
    letters, alone and centred at the head, with no word there read surely, is a marking.
    A word read surely there (90) is print OCR could read: no marking."""
    found = from_image(_outlined_head(80.0), [], [])
    assert len(found) == 1 and found[0].bbox[1] < 100 < 135 < found[0].bbox[3], found
    assert not from_image(_outlined_head(90.0), [], [])
    label = "SECRET - EYES ONLY (head, stamped in condensed outline capitals)"
    assert labelled.found("176-10011-10152", 4, "classification", label)


def test_a_struck_marking_ocr_read_nothing_of_is_named_by_reading_it_again():
    """The sample reel's frame 3 heads with SECRET struck by a pen line; Tesseract's layout
    analysis can drop the whole struck row (it did once the frame's typed strikes were drawn
    through their words' middles), leaving a marking found on the image with no name, which
    the window then could not join to the transcript's ~~SECRET~~. Its row is read again with
    the strike's pieces kept. (The page's words up there are withheld here, so that the test
    does not hang on Tesseract's whims.)"""
    gray = open_reel(Path(__file__).resolve().parent.parent / "resources" / "sample-reel.pdf").render(3)
    words = [w for w in recognize(gray, 3).words if w.text.strip() and w.bbox[1] > 200]
    page = Page(gray, words=words)
    head = [r for r in from_image(page, [], []) if r.bbox[1] < 200]
    assert [(r.text, r.struck) for r in head] == [("SECRET", True)]
