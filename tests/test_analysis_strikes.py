"""Struck typed words (analysis/strikes.py): a line through the letters' middle strikes
them; an underline under a date of thin digits does not, though it is the only dense row
of ink in the word's box. Words OCR ran together with dashes may be struck by a paler line;
phrases struck apart side by side are two deletions, one line through two words one."""
import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from analysis.ink import Page, iou
from analysis.strikes import deletions_and_xouts, is_xout, strike_band
from bench.scan_labels import SCANS, ocr_words
from ocr.engine import OcrWord, recognize
from reel import open_reel
from tests import labelled


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


def _real_page(stem: str, index: int) -> Page:
    """Page INDEX of corpus scan STEM with the OCR words stored beside its labels."""
    pdf = SCANS / f"{stem}.pdf"
    if not pdf.is_file():
        pytest.skip(f"the shared corpus is not beside the checkout ({pdf})")
    return Page(open_reel(pdf).render(index), words=ocr_words(pdf, index))


def test_a_real_underlined_date_is_no_strike():
    """docid-34529191 p2: "1964" underlined by hand, the line touching the digits' feet."""
    page = _real_page("docid-34529191", 2)
    date = [w for w in page.words if w.text == "1964" and w.bbox[1] > 1300]
    assert date and strike_band(page, date[0].bbox) is None


def _line_of(words, lines, grey=30):
    """A page of typing whose row 4 holds WORDS [(text, x)], struck by LINES [(x0, x1)] of GREY."""
    img = np.full((900, 1400), 235, np.uint8)
    out = []
    for li in range(8):
        y = 200 + 50 * li
        row = words if li == 4 else [("letter", x) for x in range(100, 1100, 200)]
        for text, x in row:
            cv2.putText(img, text, (x, y + 30), cv2.FONT_HERSHEY_PLAIN, 2.2, 40, 2)
            (w, h), _ = cv2.getTextSize(text, cv2.FONT_HERSHEY_PLAIN, 2.2, 2)
            out.append(OcrWord(text, [x - 2, y + 30 - h - 2, x + w + 2, y + 32], 90.0, 1, 1, li, 0))
    for x0, x1 in lines:
        cv2.line(img, (x0, 418), (x1, 418), grey, 4)
    return Page(img, words=out)


def test_a_pale_line_strikes_words_ocr_ran_together_with_dashes():
    # the line half as dark as the typing: too pale for a word on its own, not for a dashed run
    dashed = _line_of([("the-same-day", 300)], [(296, 560)], grey=135)
    assert [r.kind for r in deletions_and_xouts(dashed, [])] == ["deletion"]
    plain = _line_of([("thesameday", 300)], [(296, 560)], grey=135)
    assert deletions_and_xouts(plain, []) == []
    assert deletions_and_xouts(_line_of([("above-mentioned", 300)], []), []) == []


def test_one_line_through_two_words_is_one_deletion_two_lines_are_two():
    words = [("letters", 300), ("sentence", 450)]
    one = deletions_and_xouts(_line_of(words, [(296, 630)]), [])
    assert len(one) == 1 and one[0].bbox[0] < 310 and one[0].bbox[2] > 610
    two = deletions_and_xouts(_line_of(words, [(296, 428), (448, 630)]), [])
    assert len(two) == 2


def test_an_xout_whose_box_ocr_drew_tall_is_found():
    """X's typed over letters: OCR's box takes in the letters' ascenders and the X's a little
    above them, taller than a typed word's (but not a line and a half)."""
    page = _line_of([("XXHKKMEMMH", 300)], [])
    xw = next(w for w in page.words if w.text.startswith("XX"))
    for grow, found in ((int(0.8 * page.lh), True), (int(1.4 * page.lh), False)):
        xw.bbox = [xw.bbox[0], xw.bbox[3] - page.lh - grow, xw.bbox[2], xw.bbox[3]]
        kinds = [r.kind for r in deletions_and_xouts(page, [])]
        assert (kinds == ["xout"]) == found, (grow, kinds)


def _xs(over: str | None):
    """Row 4 holds X's typed at (300, y), over the letters OVER or over nothing, read as XXXXXX."""
    page = _line_of([("XXXXXX", 300)], [])
    if over:
        cv2.putText(page.gray, over, (300, 430), cv2.FONT_HERSHEY_PLAIN, 2.2, 40, 2)
    return Page(page.gray, words=page.words)


def test_xs_read_alone_are_an_xout_only_over_letters():
    assert [r.kind for r in deletions_and_xouts(_xs("handled"), [])] == ["xout"]
    assert deletions_and_xouts(_xs(None), []) == []


def test_a_cables_xxxxx_placeholder_is_no_xout():
    """104-10326-10060 p2: the CITE line's XXXXX, typed over nothing."""
    page = _real_page("104-10326-10060", 2)
    assert not [r for r in deletions_and_xouts(page, []) if r.kind == "xout"]


def _deleted(page) -> list:
    return [r.bbox for r in deletions_and_xouts(page, []) if r.kind == "deletion"]


def test_a_short_word_struck_by_a_line_running_past_it_is_a_deletion():
    """'he', 'we', 'If': one gap between their letters is too few for the strike band's
    test, but a line through their middle runs on past both ends, alone on its rows there.
    Unstruck, or with a dash on one side only, they are no deletion."""
    for word in ("he", "If"):
        page, bbox = _typed(word, 0.6)
        found = _deleted(page)
        assert len(found) == 1 and found[0][0] == bbox[0] and found[0][2] == bbox[2], (word, found)
        assert _deleted(_typed(word, None)[0]) == [] and _deleted(_typed(word + "-", None)[0]) == [], word


def test_what_ocr_makes_of_xs_over_letters_is_an_xout():
    """X's typed over letters blot into capitals: read with confidence, X's among X-like
    capitals; read with next to none, as few as one X among them. A word read plainly with
    an X in it is none."""
    assert is_xout("XXHKKMEMMH") and is_xout("MMMYEXEK", 0.0) and is_xout("X¥ZBXKMNNG", 10.0)
    assert not is_xout("MMMYEXEK", 90.0) and not is_xout("EXHIBIT", 5.0) and not is_xout("Texas", 0.0)


def test_an_xout_after_the_letters_it_cancels_is_boxed_to_its_xs():
    """DOCID-32989794 p4: a teletype operator's 'IEXXX' (X's after the letters, as a teletype
    cannot strike over): the x-out is the X's."""
    label = "XXX (teletype operator line 'HAVE BEEN IEXXX 838': the X's cancel the letters IE before them)"
    assert labelled.found("DOCID-32989794", 4, "xout", label)


def test_a_rule_or_dash_read_as_a_short_word_is_no_struck_word():
    """A payroll form's rule OCR read as 'of' (180-10060-10494 p14) and a typed '=' on an index
    card (104-10006-10248 p2): a line with specks apart above and below it, no letters it runs
    through; a struck word's letters are half a line tall at least."""
    for stem, index, where in (("180-10060-10494", 14, [2436, 989, 2474, 993]),
                               ("104-10006-10248", 2, [917, 1603, 957, 1616])):
        found, _ = labelled.analysed(stem, index)
        assert not [r for r in found if r.kind == "deletion" and iou(r.bbox, where) > 0.3], (stem, found)


def test_a_bled_copys_words_dark_along_their_middles_are_not_struck():
    """176-10011-10152 p4, a copy whose ink bled until the letters of its bold type run
    together along their middles (two fifths of its words dark there): nothing is struck on
    it, where six words passed the strike test one by one."""
    found, _ = labelled.boxes("176-10011-10152", 4, "deletion")
    assert found == []


def test_a_typed_page_with_struck_words_keeps_them():
    """The page-wide check above leaves a clean page's struck words: the strike through the
    typed file number on DOCID-32989794 p54 is still found."""
    found, labels = labelled.boxes("DOCID-32989794", 54, "deletion")
    assert labels and any(iou(f, b) >= 0.5 for f in found for b in labels.values())


def test_a_punched_hole_on_a_line_is_no_struck_word():
    """The punched holes at the head of 62-116395 p1 (over "GOVERNMENT") and of
    DOCID-32356928 p4: a solid disc with a line's row of dark through its middle, wider than
    any pen's line or typed stroke."""
    for stem, page, hole in (("62-116395-2nd_nr_367", 1, [769, 102, 855, 154]),
                             ("DOCID-32356928", 4, [1581, 84, 1656, 152])):
        found, _ = labelled.boxes(stem, page, "deletion")
        assert not any(iou(f, hole) > 0.3 for f in found), (stem, found)


def test_a_rule_or_speckle_over_a_word_in_ocrs_box_is_no_strike():
    """OCR's boxes of "DISPATCH" (104-10001-10034 p2, the form's rule above it),
    "MOHRENSCHILDT" (104-10006-10248 p2, a rule above it) and "this" (180-10060-10494 p14, a
    speckled band above it) take in what lies over the word across a strip of paper: that
    is no line through the letters, though it, or the capitals' tops below it, is dark all
    along. (The boxes are OCR's as it read those pages before it took a speckled copy's
    specks out: the two speckled pages' words are now boxed to their letters.)"""
    for stem, index, text, where in (("104-10001-10034", 2, "DISPATCH", [1565, 172, 1684, 208]),
                                     ("104-10006-10248", 2, "MOHRENSCHILD?,", [792, 1609, 1119, 1699]),
                                     ("180-10060-10494", 14, "this", [2399, 228, 2470, 290])):
        assert strike_band(_real_page(stem, index), where) is None, text


def test_a_struck_word_ocr_cut_in_two_is_boxed_along_its_whole_line():
    """'94-297' struck by one line, OCR reading '94-' into the word before it and '297' alone
    (DOCID-32989794 p53): the deletion runs along the line to its start, not '297' alone, and
    stops where the line stops (the unstruck word before it is left out)."""
    img = np.full((900, 1400), 235, np.uint8)
    words = []
    for li in range(8):
        y = 200 + 50 * li
        for x in range(100, 1100, 200):
            if li != 4:
                cv2.putText(img, "letter", (x, y + 30), cv2.FONT_HERSHEY_PLAIN, 2.2, 40, 2)
                words.append(OcrWord("letter", [x - 2, y + 6, x + 140, y + 32], 90.0, 1, 1, li, 0))
    cv2.putText(img, "Filed: 94-297", (300, 430), cv2.FONT_HERSHEY_PLAIN, 2.2, 40, 2)
    (w, _), _ = cv2.getTextSize("Filed: 94-297", cv2.FONT_HERSHEY_PLAIN, 2.2, 2)
    (w0, _), _ = cv2.getTextSize("Filed: ", cv2.FONT_HERSHEY_PLAIN, 2.2, 2)
    (w1, _), _ = cv2.getTextSize("Filed: 94-", cv2.FONT_HERSHEY_PLAIN, 2.2, 2)
    cv2.line(img, (300 + w0 - 3, 418), (300 + w + 3, 418), 30, 4)
    words += [OcrWord("Filed:94-", [298, 406, 300 + w1, 432], 40.0, 1, 1, 4, 0),
              OcrWord("297", [300 + w1 + 2, 406, 302 + w, 432], 60.0, 1, 1, 4, 1)]
    found = _deleted(Page(img, words=words))
    assert len(found) == 1, found
    assert abs(found[0][0] - (300 + w0 - 3)) <= 6 and found[0][2] >= 300 + w, (found, 300 + w0)


@pytest.mark.parametrize("note_foot, box_top, box_foot, size", [(12, 25, 0, 1.3), (6, 28, 12, 1.3), (0, 7, 0, 0.6)])
def test_a_struck_word_whose_box_ocr_ran_into_the_note_above_is_found(note_foot, box_top, box_foot, size):
    """A struck word with a note written just above it, OCR's box taking in both: twice a
    typed line tall, the word's own rows are tested; two and a half lines tall, the note's
    strokes run into the letters (no run of rows is the word's alone), the rows of the words
    beside it on its typed line; a line and a half tall (a small note squeezed in just above,
    in a box a word's capitals and descenders might fill), the rows of the words beside it
    too. The deletion is OCR's word (its text goes with it, for the join with the
    transcript), boxed to its letters, the note left out."""
    page, bbox = _typed("letters", 0.55)
    img = page.gray.copy()
    x0, y0, x1, y1 = bbox
    img[y0 - 50:y0 - 2] = 235                            # the typed line above left out
    cv2.putText(img, "note", (x0 + 10, y0 - note_foot), cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, size, 40, 2)
    words = [w for w in page.words if w.bbox != bbox and not y0 - 50 <= w.bbox[1] < y0 - 2]
    words.append(OcrWord("lettexs", [x0, y0 - box_top, x1, y1 + box_foot], 40.0, 1, 1, 4, 1))
    found = [r for r in deletions_and_xouts(Page(img, words=words), []) if r.kind == "deletion"]
    assert len(found) == 1 and found[0].text == "lettexs", found
    assert y0 - 4 <= found[0].bbox[1] and y1 - 8 <= found[0].bbox[3] <= y1 + 8, (found, bbox)


@pytest.mark.parametrize("beside", [None, "label", "word above"])
def test_underscores_typed_alone_on_their_line_are_an_xout(beside):
    """A run of typed underscores alone on its line (``~~\\_\\_\\_\\_\\_~~`` in the transcript
    of the memorandum of conversation, a line the typist cancelled) is an x-out that OCR reads
    nothing of. The same underscores after a label ("Signed:", a form's blank to fill in) or
    under a word (an underline) are none."""
    from tests.test_analysis_shapes import _typed_page
    from analysis.detect import analyze_image
    img, words = _typed_page()
    x, y = 200, 1500           # a line of its own, below the typed paragraph
    if beside == "label":
        cv2.putText(img, "SIGNED:", (x, y), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 30, 2)
        words.append(OcrWord("SIGNED:", [x, y - 24, x + 140, y + 2], 93.0, 2, 1, 1, 0))
        x += 170
    elif beside == "word above":
        cv2.putText(img, "CUBA", (x + 20, y - 8), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 30, 2)
        words.append(OcrWord("CUBA", [x + 20, y - 32, x + 110, y - 6], 93.0, 2, 1, 1, 0))
    # five underscores, each a pitch wide (26 px), typed one after the next into one rule
    cv2.line(img, (x, y + 4), (x + 5 * 26, y + 4), 30, 3)
    xouts = [r for r in analyze_image(img, 1, words).regions if r.kind == "xout"]
    if beside is None:
        assert len(xouts) == 1 and abs(xouts[0].bbox[0] - x) <= 6 and abs(xouts[0].bbox[1] - y) <= 10, xouts
    else:
        assert not xouts, xouts


def test_a_line_inside_a_word_read_with_confidence_is_no_struck_word():
    """A bold face's e's and m's run their bars together into a line through the middle of
    "settlement" that OCR reads well: a line ending inside the word at both ends is the
    letters', not a pen's; one across the whole word is a strike."""
    from analysis.strikes import unread_struck
    page, bbox = _typed("settlement", None)
    x0, y0, x1, y1 = bbox
    words = [w if w.bbox != bbox else OcrWord("settlement", bbox, 94.0, 1, 1, 4, 1) for w in page.words]
    y = int(y0 + 0.6 * (y1 - y0))          # through the x-height
    for start, end, struck in ((0.3, 0.75, False), (-0.03, 1.03, True)):
        img = page.gray.copy()
        cv2.line(img, (x0 + int(start * (x1 - x0)), y), (x0 + int(end * (x1 - x0)), y), 40, 3)
        assert len(unread_struck(Page(img, words=words), [], [])) == struck, (start, end)


def test_a_long_bold_word_struck_by_a_line_past_its_ends_is_a_deletion():
    """"comment" struck in bold courier on a generated frame (tests/data/strikes): its
    letters' middles run together with the line, so no thin dark band tells the line, but the
    line runs on past the letters at both ends, alone on its rows there, and the letters
    reach past it above and below: struck, as a short word so struck is."""
    data = Path(__file__).parent / "data" / "strikes"
    img = cv2.imread(str(data / "dev-a-p5-lines.jpg"), cv2.IMREAD_GRAYSCALE)
    words = [OcrWord(**w) for w in json.loads((data / "dev-a-p5-lines.words.json").read_text())]
    found = [r.bbox for r in deletions_and_xouts(Page(img, words=words), []) if r.kind == "deletion"]
    assert any(iou(b, [338, 159, 561, 191]) >= 0.5 for b in found), found


def test_a_rule_under_a_words_letters_is_no_strike():
    """A form's label between two rules on a speckled copy whose line height OCR's boxes
    measure at 100 pixels, its box taking in the foot rule (180-10060-10494 p11's "Employee
    Name"): the rule lies in the box's middle half, runs past the letters at both ends, and
    specks lie below it; but letters reach below a strike along most of it, and below the
    rule there are only the specks."""
    img = np.full((700, 1100), 235, np.uint8)
    cv2.line(img, (20, 60), (1080, 60), 30, 4)
    cv2.line(img, (20, 140), (1080, 140), 30, 2)
    cv2.putText(img, "Employee Name", (300, 137), cv2.FONT_HERSHEY_DUPLEX, 2.2, 30, 5)    # on the rule
    for x in range(300, 640, 45):
        cv2.circle(img, (x, 158), 1, 30, -1)
    words = [OcrWord("Employee", [290, 70, 560, 170], 35.0, 1, 1, 1, 1), OcrWord("Name", [575, 70, 700, 170], 40.0, 1, 1, 1, 2)]
    for i, t in enumerate(("Office", "Grade", "Series", "Title", "Agency")):
        x = 60 + 200 * i
        cv2.putText(img, t, (x, 460), cv2.FONT_HERSHEY_DUPLEX, 1.6, 30, 4)
        words.append(OcrWord(t, [x - 5, 400, x + 30 * len(t), 500], 80.0, 2, 1, 1, i))
    page = Page(img, words=words)
    assert page.lh == 100
    assert not [r for r in deletions_and_xouts(page, []) if r.kind == "deletion"]


def test_a_struck_word_ocr_read_nothing_of_under_a_note_run_into_it_is_found(tmp_path):
    """A generated reel in blurred bold courier (bench/data/analysis-marks.md, the dev-d style
    of bench_analysis): OCR reads nothing of the struck "Swedish", whose replacement "neutral"
    is written so close above that its strokes run into the letters. The stroke's letters'
    rows, reached from it, take the note in and look struck by nothing; the typed line it
    lies on, from the words read either side of it, gives the rows to test."""
    from analysis.detect import analyze_image
    from tests.labelled import generated_marks_frame
    img, words, label = generated_marks_frame(tmp_path, "deletion", "Swedish", 45, seed=41, noise=0.5,
                                              typeface="courier-bold", pitch=12, hand="cursive", skew=1.6, indent=8)
    assert not [w for w in words if w.text.strip() and iou(w.bbox, label) > 0.2], "OCR read the word: the case is gone"
    found = [r.bbox for r in analyze_image(img, 2, words).regions if r.kind == "deletion"]
    assert any(iou(b, label) >= 0.5 for b in found), (found, label)


def test_a_note_run_into_the_letters_below_it_is_no_struck_word(tmp_path):
    """A generated reel in dev-c's style (single-spaced grey typing, bench_analysis; seed 13):
    "neutral" is squeezed in so low over the struck "Swedish" that its joined letters make a
    long dark run through the typed letters under them, which passed the strike test there.
    A strike's band is a pen line's thickness; this one is the note's letters' height, over
    half a typed line: no struck word, and the note is taken for a note."""
    from analysis.detect import analyze_image
    from tests.labelled import generated_marks_frame
    img, words, label = generated_marks_frame(tmp_path, "insertion", "neutral", 30, seed=13, noise=0.75,
                                              typeface="courier", pitch=12, hand="scriptc", skew=2.5, spacing=1)
    regions = analyze_image(img, 2, words).regions
    assert not [r.bbox for r in regions if r.kind == "deletion" and iou(r.bbox, label) >= 0.3], (regions, label)
    assert [r.bbox for r in regions if r.kind == "insertion" and iou(r.bbox, label) > 0.3], (regions, label)


def test_words_typed_over_with_hyphens_are_struck():
    """The sample reel's frame 3 has "guarantees" and "the same day" typed over with hyphens:
    no line runs all along them (paper where one hyphen ends and the next begins, at the
    letters' own gaps), but the hyphens fill the letters' counters along one row of their
    middle, which no word about them does, and OCR reads them poorly. Read by real Tesseract."""
    gray = open_reel(Path(__file__).resolve().parent.parent / "resources" / "sample-reel.pdf").render(3)
    page = Page(gray, words=[w for w in recognize(gray, 3).words if w.text.strip()])
    found = [r.bbox for r in deletions_and_xouts(page, []) if r.kind == "deletion"]
    for want in ([965, 348, 1213, 385], [1571, 935, 1871, 978]):       # the sample's truth
        assert any(iou(f, want) >= 0.5 for f in found), want


def test_a_real_typed_over_phrase_is_struck_and_rules_and_leaders_are_not():
    """On DOCID-32989794 p8 "SPENDS ANY TIME" is typed over (a bar through its middle as
    dark as the typing); a form's rule or a dotted leader in a poorly read word's box makes
    a row as dark all along, but a few rows thick, no x-height (180-10060-10494 p6's
    "7.05%" and "Salary" over a table's rule, DOCID-32989794 p63's leaders)."""
    assert labelled.found("DOCID-32989794", 8, "deletion", next(
        t for t in labelled.boxes("DOCID-32989794", 8, "deletion")[1] if t.startswith("SPENDS")))
    assert labelled.boxes("180-10060-10494", 6, "deletion")[0] == []
    assert labelled.boxes("DOCID-32989794", 63, "deletion")[0] == []
