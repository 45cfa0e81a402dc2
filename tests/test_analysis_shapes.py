"""Shapes on synthetic pages: redactions printed as brackets round an exemption code, and
what is not one (a form's rules with a field between them)."""
import json

import cv2
import numpy as np
import pytest

from analysis.detect import analyze_image
from analysis.ink import iou
from ocr.engine import OcrWord
from tests import labelled


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


# -- stamps with no ruled border (analysis.stamps_unruled) --

def _typed_page():
    """A page of typed lines (Hershey simplex at a fixed pitch, one OCR word per word)."""
    img = np.full((3300, 2550), 235, np.uint8)
    words = []
    text = "THE MEETING WAS HELD ON THE FIFTH AND THE REPORT WAS SENT".split()
    for li in range(14):
        x = 200
        for wi, t in enumerate(text[li % 3:li % 3 + 8]):
            y = 300 + li * 70
            for ci, ch in enumerate(t):
                cv2.putText(img, ch, (x + ci * 26, y + 30), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 30, 2)
            words.append(OcrWord(t, [x, y, x + 26 * len(t), y + 32], 91.0, 1, 1, li, wi))
            x += 26 * (len(t) + 1)
    return img, words


def _stamp_block(img, lines, x, y, angle):
    """Rows of bold proportional capitals, set down ANGLE degrees off, at (x, y)."""
    patch = np.full((50 * len(lines) + 80, 1000), 255, np.uint8)
    for i, t in enumerate(lines):
        cv2.putText(patch, t, (30, 70 + 50 * i), cv2.FONT_HERSHEY_DUPLEX, 1.4, 0, 3)
    m = cv2.getRotationMatrix2D((patch.shape[1] / 2, patch.shape[0] / 2), angle, 1.0)
    patch = cv2.warpAffine(patch, m, (patch.shape[1], patch.shape[0]), borderValue=255)
    h, w = patch.shape
    img[y:y + h, x:x + w] = np.minimum(img[y:y + h, x:x + w], patch.astype(np.uint8) // 255 * 205 + 30)
    return [x, y, x + w, y + h]


def test_a_block_of_stamped_capitals_is_a_stamp():
    img, words = _typed_page()
    area = _stamp_block(img, ["ALL INFORMATION CONTAINED", "HEREIN IS UNCLASSIFIED", "EXCEPT WHERE SHOWN",
                              "OTHERWISE"], 900, 1900, 4)
    found = analyze_image(img, 1, words)
    stamps = [r for r in found.regions if r.kind == "stamp"]
    assert len(stamps) == 1, found.regions
    x0, y0, x1, y1 = stamps[0].bbox
    assert area[0] <= x0 and area[1] <= y0 and x1 <= area[2] and y1 <= area[3], (stamps[0].bbox, area)
    assert x1 - x0 > 500 and y1 - y0 > 180, stamps[0].bbox


def test_a_stamp_word_taller_than_the_typing_seeds_a_stamp():
    img, words = _typed_page()
    cv2.putText(img, "RECEIVED", (1200, 1950), cv2.FONT_HERSHEY_DUPLEX, 2.0, 30, 4)
    cv2.putText(img, "JUN 1 1975", (1230, 2010), cv2.FONT_HERSHEY_DUPLEX, 1.6, 30, 3)
    words.append(OcrWord("RECEIVED", [1200, 1905, 1520, 1952], 70.0, 3, 1, 1, 1))
    found = analyze_image(img, 1, words)
    stamps = [r for r in found.regions if r.kind == "stamp"]
    assert len(stamps) == 1, found.regions
    x0, y0, x1, y1 = stamps[0].bbox
    assert x0 <= 1205 and y0 <= 1910 and x1 >= 1500 and y1 >= 2005, stamps[0].bbox


def test_typed_paragraphs_and_typed_stamp_words_are_no_stamps():
    img, words = _typed_page()
    # a typed line naming a stamp's words, at the typing's height and pitch
    y = 1900
    for wi, t in enumerate(["RECEIVED", "AND", "RECORDED", "OBJECTION"]):
        x = 200 + wi * 300
        for ci, ch in enumerate(t):
            cv2.putText(img, ch, (x + ci * 26, y + 30), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 30, 2)
        words.append(OcrWord(t, [x, y, x + 26 * len(t), y + 32], 90.0, 2, 1, 1, wi))
    found = analyze_image(img, 1, words)
    assert not [r for r in found.regions if r.kind == "stamp"], found.regions


# -- check boxes a pen mark broke (analysis.checkboxes.boxes_by_ring, crossed_boxes) --

def _form(marks):
    """A form: typed lines, then a column of printed boxes (pale, as printed boxes are) with a
    typed label after each; MARKS[i] is None, "x" (a heavy cross run out past the corners),
    "tick" (a tick whose arm runs out of the box) or "worn" (an empty box printed in dots)."""
    img, words = _typed_page()
    boxes = []
    for i, mark in enumerate(marks):
        x, y, s = 300, 1500 + 70 * i, 26
        cv2.rectangle(img, (x, y), (x + s - 1, y + s - 1), 120, 3)
        if mark == "worn":
            for d in range(0, s, 8):        # the sides worn to dots three pixels long
                img[y - 1:y + s + 1, x + d + 3:x + d + 8] = img[y + d + 3:y + d + 8, x - 1:x + s + 1] = 235
        if mark == "x":
            cv2.line(img, (x - 7, y - 7), (x + s + 6, y + s + 6), 40, 6)
            cv2.line(img, (x + s + 6, y - 7), (x - 7, y + s + 6), 40, 6)
        elif mark == "tick":
            cv2.line(img, (x + 4, y + 12), (x + 11, y + s - 4), 40, 6)
            cv2.line(img, (x + 11, y + s - 4), (x + s + 14, y - 16), 40, 6)
        label = ("RELEASE", "EXCISE", "DENY", "REFER", "RETAIN")[i % 5]
        for ci, ch in enumerate(label):
            cv2.putText(img, ch, (x + 60 + ci * 26, y + 25), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 30, 2)
        words.append(OcrWord(label, [x + 60, y - 2, x + 60 + 26 * len(label), y + 28], 90.0, 5, 1, i, 1))
        boxes.append((box_ := [x, y, x + s, y + s], mark))
    return cv2.GaussianBlur(img, (3, 3), 0), words, boxes


def test_boxes_crossed_or_ticked_past_their_sides_are_found_checked():
    from bench.analysis_score import iou
    img, words, boxes = _form([None, "x", None, "tick", None, None])
    found = [r for r in analyze_image(img, 1, words).regions if r.kind == "checkbox"]
    for b, mark in boxes:
        hits = [r for r in found if iou(r.bbox, b) >= 0.5]
        assert len(hits) == 1 and hits[0].checked == (mark is not None), (b, mark, found)
    assert len(found) == len(boxes), found


def test_boxes_worn_to_dots_in_a_column_are_found_by_their_labels():
    """A column of a form's boxes, two of them worn to dots (DOCID-32989794 p50, a faint FBI
    routing form): no outline closes, but their labels start where the found boxes' labels do,
    and their dots lie along the sides. Below the column, a typed line starting there has no
    box before it."""
    img, words, boxes = _form([None, "worn", None, "worn", None])
    y = 1500 + 70 * 5
    for ci, ch in enumerate("REMARKS"):
        cv2.putText(img, ch, (360 + ci * 26, y + 25), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 30, 2)
    words.append(OcrWord("REMARKS", [360, y - 2, 360 + 26 * 7, y + 28], 90.0, 5, 1, 5, 1))
    found = [r for r in analyze_image(img, 1, words).regions if r.kind == "checkbox"]
    for b, mark in boxes:
        hits = [r for r in found if iou(r.bbox, b) >= 0.5]
        assert len(hits) == 1 and not hits[0].checked, (b, mark, found)
    assert len(found) == len(boxes), found
    for name in ("SAC: Albany", "SAC: Atlanta", "LEGAT: Beirut"):
        assert labelled.found("DOCID-32989794", 50, "checkbox", name), name


def test_a_column_of_boxes_and_the_names_beside_it_is_no_stamp():
    """A stamp's box that takes in a column of a form's check boxes and the start of the
    names printed beside them (a list of stations stood up for a stamp's row) is the form's;
    a review stamp holding the same column, its print beside it, is a stamp."""
    from analysis.checkboxes import mostly_boxes
    from analysis.regions import Region
    column = [Region("checkbox", [1110, 400 + 34 * i, 1160, 430 + 34 * i]) for i in range(11)]
    assert mostly_boxes([1108, 398, 1283, 764], column)
    assert not mostly_boxes([1108, 398, 1700, 764], column)
    assert not mostly_boxes([1108, 398, 1283, 764], column[:2])
    from tests import labelled
    got, _ = labelled.boxes("DOCID-32989794", 50, "stamp")
    assert not [b for b in got if b[0] < 1200 < b[2] and b[1] < 700], got


def test_boxes_cut_by_the_scans_edge_are_no_check_boxes():
    """Dark blotches ringed like boxes at the very edge of the scan, level with a form's boxes
    (the film's edge, a box cut by it): only the boxes wholly on the page are check boxes."""
    img, words, boxes = _form([None, None, "x", None])
    for y in (1500, 1570):
        cv2.rectangle(img, (0, y), (25, y + 25), 60, 3)
        cv2.rectangle(img, (6, y + 6), (19, y + 19), 60, -1)
    found = [r for r in analyze_image(cv2.GaussianBlur(img, (3, 3), 0), 1, words).regions if r.kind == "checkbox"]
    assert len(found) == len(boxes) and all(r.bbox[0] > 100 for r in found), found


def test_an_oblong_box_with_a_broken_side_is_a_check_box():
    """A worn form's box: 2:1, its left side dotted and a gap in its top (a teletype's MAIL ROOM box)."""
    img, words = _typed_page()
    x, y, w, h = 600, 1600, 74, 38
    cv2.rectangle(img, (x, y), (x + w - 1, y + h - 1), 30, 4)
    img[y + 6:y + h - 6:7, x:x + 4] = 235          # dotted left side
    img[y:y + 4, x + 20:x + 23] = 235               # a gap in the top
    for ci, ch in enumerate("MAIL ROOM"):
        cv2.putText(img, ch, (x - 300 + ci * 26, y + 30), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 30, 2)
    words += [OcrWord("MAIL", [x - 300, y - 2, x - 196, y + 31], 90.0, 6, 1, 1, 1),
              OcrWord("ROOM", [x - 170, y - 2, x - 66, y + 31], 90.0, 6, 1, 1, 2)]
    found = [r for r in analyze_image(img, 1, words).regions if r.kind == "checkbox"]
    assert len(found) == 1 and not found[0].checked, found
    bx0, by0, bx1, by1 = found[0].bbox
    assert abs(bx0 - x) <= 3 and abs(by0 - y) <= 3 and abs(bx1 - x - w) <= 3 and abs(by1 - y - h) <= 3, found[0].bbox


def test_a_routing_slips_column_of_touching_boxes_is_found_box_by_box():
    """A routing slip's offices: oblong boxes (3:2) printed one under the next, the first three
    apart, the rest so close that their outlines touch and close into one tall shape, each with
    its office's name a space after it, one marked in pen."""
    from bench.analysis_score import iou
    img, words = _typed_page()
    x, w, h = 400, 48, 31
    offices = ["Albany", "Atlanta", "Boston", "Buffalo", "Chicago", "Dallas", "Denver", "Detroit"]
    boxes = []
    for i, name in enumerate(offices):
        y = 1500 + (h + 12) * min(i, 2) + (h - 2) * max(0, i - 2)   # from the third, touching
        cv2.rectangle(img, (x, y), (x + w - 1, y + h - 1), 60, 3)
        if name == "Boston":
            cv2.rectangle(img, (x + 8, y + 8), (x + w - 9, y + h - 9), 30, -1)
        for ci, ch in enumerate(name):
            cv2.putText(img, ch, (x + w + 24 + ci * 22, y + 25), cv2.FONT_HERSHEY_SIMPLEX, 0.8, 30, 2)
        words.append(OcrWord(name, [x + w + 24, y + 4, x + w + 24 + 22 * len(name), y + 27], 90.0, 7, 1, i, 1))
        boxes.append(([x, y, x + w, y + h], name == "Boston"))
    img = cv2.GaussianBlur(img, (3, 3), 0)
    found = [r for r in analyze_image(img, 1, words).regions if r.kind == "checkbox"]
    for b, checked in boxes:
        hits = [r for r in found if iou(r.bbox, b) >= 0.5]
        assert len(hits) == 1 and hits[0].checked == checked, (b, checked, found)
    assert len(found) == len(boxes), found


def test_a_scanned_routing_slips_boxes_are_found():
    """DOCID-32989794 p31: 83 oblong boxes in four columns, many touching the next, blurred
    (a ring's best place a pixel or two off the box's); St. Louis filled in by pen."""
    from analysis.ink import iou
    got, want = labelled.boxes("DOCID-32989794", 31, "checkbox")
    hits = sum(any(iou(g, b) >= 0.5 for g in got) for b in want.values())
    assert hits >= 78 and len(got) <= len(want), (hits, len(got))
    for office in ("SAC: Little Rock", "SAC: Philadelphia"):
        assert labelled.found("DOCID-32989794", 31, "checkbox", office), office
    found, _ = labelled.analysed("DOCID-32989794", 31)
    checked = [r.bbox for r in found if r.kind == "checkbox" and r.checked]
    st_louis = want["SAC: St. Louis (filled in black by pen; box = the printed square, the ink runs out to its left)"]
    assert len(checked) == 1 and iou(checked[0], st_louis) >= 0.5, checked
    # and its columns of boxes, rows of marks of one size, are no stamps
    assert not [r.bbox for r in found if r.kind == "stamp"]


def test_unread_lines_in_upper_and_lower_case_are_no_stamp():
    """A form's field typed in upper and lower case that OCR read nothing of (handwriting over
    it) has the rows of a stamp, but its letters are mostly at the x-height: no stamp."""
    img, words = _typed_page()
    _stamp_block(img, ["Transmittal of Letter from", "Wenstrom with a photo", "showing the clenched fist",
                       "For your information"], 900, 1900, 0)
    found = analyze_image(img, 1, words)
    assert not [r for r in found.regions if r.kind == "stamp"], found.regions


def test_the_empty_cells_of_a_ruled_form_are_no_redactions():
    """A routing table: ruled cells a line tall, empty or headed by a word OCR missed; their
    rules run on into the next cells. A lone ruled box in the text is a redaction."""
    img, words = _typed_page()
    x0, y0, cw, ch = 200, 1500, 230, 60
    for r in range(5):     # the form's rules run on across the page
        cv2.line(img, (x0 - 100, y0 + r * ch), (x0 + 5 * cw + 100, y0 + r * ch), 30, 3)
    for c in range(6):
        cv2.line(img, (x0 + c * cw, y0), (x0 + c * cw, y0 + 4 * ch), 30, 3)
    cv2.putText(img, "ROOM", (x0 + cw + 60, y0 + 42), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 30, 2)
    cv2.rectangle(img, (700, 2000), (1100, 2045), 30, 3)      # withheld text, alone
    regions = analyze_image(img, 1, words).regions
    assert not [r for r in regions if r.kind == "stamp"], regions
    found = [r for r in regions if r.kind == "redaction"]
    assert len(found) == 1 and abs(found[0].bbox[0] - 700) <= 4 and abs(found[0].bbox[1] - 2000) <= 4, found


def test_an_empty_box_pasted_over_a_name_is_a_redaction():
    """A white box a few lines tall laid over a form's field (104-10006-10248 p1 hides the
    requester's name so), empty inside: withheld text, as a one-line box is. An empty outline
    as tall but not three times as wide is a box left blank. Three times as wide, it may be
    seven lines tall as the page's line is measured (104-10012-10070 p2: a noisy copy, its
    line measured from the few small words OCR made of it, hides its releasing officer so)."""
    img, words = _typed_page()
    cv2.rectangle(img, (700, 1400), (1300, 1540), 30, 3)      # 140 px: four typed lines
    cv2.rectangle(img, (700, 2000), (1080, 2140), 30, 3)
    cv2.rectangle(img, (700, 2400), (1700, 2640), 30, 3)      # 240 px: seven
    found = sorted((r.bbox for r in analyze_image(img, 1, words).regions if r.kind == "redaction"), key=lambda b: b[1])
    assert len(found) == 2, found
    assert abs(found[0][1] - 1400) <= 4 and abs(found[0][2] - 1303) <= 4, found
    assert abs(found[1][1] - 2400) <= 4 and abs(found[1][2] - 1703) <= 4, found
    assert labelled.found("104-10006-10248", 1, "redaction", "outlined white box over the requester's name")
    assert labelled.found("104-10012-10070", 2, "redaction", "outlined white box over the releasing officer's "
                          "signature, above THEODORE G. SHACKLEY (the outline; drawn from its rows and columns, speckle touches it)")


def test_an_empty_box_on_a_fill_in_line_or_in_a_paragraph_is_a_redaction():
    """Outlined white boxes whose one side lines up with other ink: one laid on a form's
    fill-in line, which runs on past both its bottom corners (104-10001-10034 p2, FROM), one
    in a bold paragraph, the stems of the letters above and below in line with its right side
    (176-10011-10152 p4). A form's cell has rules running on from two of its sides."""
    assert labelled.found("104-10001-10034", 2, "redaction",
                          "outlined white box in FROM, after Acting Chief of Station")
    _, want = labelled.boxes("176-10011-10152", 4, "redaction")
    assert len(want) == 1 and labelled.found("176-10011-10152", 4, "redaction", next(iter(want)))


def test_an_empty_box_over_a_short_word_is_a_redaction():
    """A white box a line tall over a short word (a teletype's REF line, 104-10006-10015 p1),
    under twice as wide as tall, between the line's words: withheld text. A check box of
    that shape is smaller than the typing's line."""
    img, words = _typed_page()
    img[1000:1100, 180:2400] = 235                          # a blank line for it
    cv2.rectangle(img, (700, 1010), (825, 1081), 30, 3)     # 126 x 72: a line and a bit
    cv2.rectangle(img, (1200, 1030), (1247, 1060), 30, 3)   # 48 x 31: a check box's shape
    for x, t in ((500, "REF"), (860, "4654")):
        cv2.putText(img, t, (x, 1060), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 30, 2)
        words.append(OcrWord(t, [x, 1035, x + 26 * len(t), 1062], 90.0, 9, 1, 1, 1))
    words = [w for w in words if not 1000 <= w.bbox[1] < 1100 or w.block == 9]
    found = [r for r in analyze_image(img, 1, words).regions if r.kind == "redaction"]
    assert len(found) == 1 and abs(found[0].bbox[0] - 700) <= 4 and abs(found[0].bbox[2] - 826) <= 4, found
    assert labelled.found("104-10006-10015", 1, "redaction", "outlined white box in the REF line, before 4654")


def test_a_blacked_out_bar_on_a_skewed_page_is_a_redaction():
    """A bar blacked out over a name, turned 2.5 degrees with the page: it fills less of its
    upright box than a blacked-out box must, and all of its own turned one."""
    img, words = _typed_page()
    bar = cv2.boxPoints(((1000, 2020), (260, 42), -2.5)).astype(np.int32)
    cv2.fillPoly(img, [bar], 25)
    found = [r for r in analyze_image(img, 1, words).regions if r.kind == "redaction"]
    x, y, w, h = cv2.boundingRect(bar)
    assert len(found) == 1 and abs(found[0].bbox[0] - x) <= 4 and abs(found[0].bbox[3] - y - h) <= 4, found


def test_a_boxed_exemption_code_ocr_misread_is_a_redaction():
    """'(b)(3)' in a ruled box, read by OCR as '[@) (3)]': the parenthesised figure in a box
    a line tall is the code; a box holding a misread word is read again, and no code."""
    img, words = _typed_page()
    for y, text, read in ((1900, "(b)(3)", ["[@)", "(3)]"]), (2200, "(b)(1)", ["ae"]), (2500, "Boston", ["Bostn]"])):
        cv2.rectangle(img, (1000, y), (1170, y + 52), 30, 3)
        cv2.putText(img, text, (1012, y + 38), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 30, 2)
        words += [OcrWord(t, [1000 + 80 * i, y, 1080 + 80 * i, y + 52], 40.0, 3, 1, 1, i) for i, t in enumerate(read)]
    found = sorted(r.bbox[1] for r in analyze_image(img, 1, words).regions if r.kind == "redaction")
    assert len(found) == 2 and abs(found[0] - 1900) <= 3 and abs(found[1] - 2200) <= 3, found


def test_a_bitonal_routing_slips_worn_boxes_are_found():
    """DOCID-32989794 p50: a routing slip scanned bitonal, 86 boxes whose sides break into
    specks (a whole column, a whole row of them): found where the slip's columns and rows of
    boxes stand."""
    from analysis.ink import iou
    got, want = labelled.boxes("DOCID-32989794", 50, "checkbox")
    hits = sum(any(iou(g, b) >= 0.5 for g in got) for b in want.values())
    assert hits >= 74 and len(got) <= len(want), (hits, len(got))
    for office in ("SAC: Boston", "SAC: Detroit", "SAC: Honolulu", "SAC: Tampa"):
        assert labelled.found("DOCID-32989794", 50, "checkbox", office), office


def test_a_speckled_copys_letters_are_no_check_boxes():
    """104-10006-10248 p2: index cards copied with speckle, whose typed D's and O's close into
    squares; OCR reads their words, if unsurely: no check boxes inside them."""
    got, _ = labelled.boxes("104-10006-10248", 2, "checkbox")
    assert len([b for b in got if 450 <= b[1] <= 700]) <= 3, got


@pytest.mark.parametrize("label", ["Clerical", "Professional"])
def test_a_box_after_a_dash_or_read_as_lj_is_a_check_box(label):
    """180-10060-10494 p8: "Staff—[] Clerical or [] Professional": the dash before the first
    box is no letter beside it (a letter's ink fills many of its rows), and OCR reading the
    second box surely as "LJ", its bottom corners, makes it no letter of a word."""
    assert labelled.found("180-10060-10494", 8, "checkbox", label)


def test_a_typed_x_struck_beside_its_box_ticks_it():
    """180-10060-10494 p13: the typist struck the Salary Adjustment X just left of its square,
    faint and in specks, touching it: the box is checked; its empty neighbours stay empty."""
    found, labels = labelled.analysed("180-10060-10494", 13)
    want = next(r for r in labels if r["kind"] == "checkbox" and r["text"].startswith("Salary Adjustment"))
    got = [r for r in found if r.kind == "checkbox" and iou(r.bbox, want["bbox"]) >= 0.5]
    assert got and got[0].checked, got
    column = [r for r in found if r.kind == "checkbox" and abs(r.bbox[0] - want["bbox"][0]) < 20]
    assert sum(r.checked for r in column) == 1, column


@pytest.mark.parametrize("index", [3, 5, 16, 23, 46, 52])
def test_an_fbi_date_stamp_in_a_worn_frame_is_found_whole(index):
    """DOCID-32989794: the St. Louis office's date stamps, a degree off level, their frames
    worn into pieces, initials written across them and the file number over their tops: a
    stamp boxed by its frame, not by its print and the hand above it (on p3 turned three
    degrees, its foot's rule worn and written across: its sides close it; on p23 the foot's
    rule is dashes, and the rule over the office's name stands in; on p46 the right side is
    dots)."""
    found, labels = labelled.analysed("DOCID-32989794", index)
    want = next(r["bbox"] for r in labels if r["kind"] == "stamp" and r["text"].startswith("SEARCHED"))
    stamps = [r.bbox for r in found if r.kind == "stamp"]
    assert any(iou(b, want) >= 0.5 for b in stamps), (stamps, want)
    assert not [b for b in stamps if iou(b, want) < 0.5 and iou(b, want) > 0], stamps
    # and the frame's result is stored as JSON (the library's cache) whole: plain numbers
    json.dumps(labelled.frame_analysis("DOCID-32989794", index)[0].to_json())


def test_a_routing_box_stamped_a_few_degrees_off_level_is_a_stamp():
    """104-10006-10015 p1: a rubber-stamped routing box (IP/EDI, ABSTRACT, INDEX ...), its
    thin rules across two degrees off level and speckled: a stamp boxed by its frame."""
    found, labels = labelled.analysed("104-10006-10015", 1)
    want = next(r["bbox"] for r in labels if r["kind"] == "stamp" and r["text"].startswith("ruled routing box"))
    stamps = [r.bbox for r in found if r.kind == "stamp"]
    assert any(iou(b, want) >= 0.5 for b in stamps), (stamps, want)


def test_a_worn_turned_frame_is_a_stamp_and_a_headline_between_rules_is_none():
    """A frame of two upright rules a stamp's width apart, ruled across top and foot and
    holding print, is a stamp even broken and a little turned; a newspaper's headline between
    two rules running on past it, its letters' stems as tall as a stamp's sides, is none."""
    img, words = _typed_page()
    # a stamp's frame, turned a little and worn into pieces, with print inside
    for y in range(1800, 2200, 40):
        cv2.line(img, (1400 + (y - 1800) // 60, y), (1400 + (y + 28 - 1800) // 60, y + 28), 30, 3)
        cv2.line(img, (2000 + (y - 1800) // 60, y), (2000 + (y + 28 - 1800) // 60, y + 28), 30, 3)
    for x in range(1400, 2000, 50):
        cv2.line(img, (x, 1800 - (x - 1400) // 60), (x + 42, 1800 - (x + 42 - 1400) // 60), 30, 3)
        cv2.line(img, (x + 6, 2205 - (x - 1400) // 60), (x + 48, 2205 - (x + 48 - 1400) // 60), 30, 3)
    cv2.putText(img, "SEARCHED", (1440, 1870), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 30, 3)
    cv2.putText(img, "MAY 30 1975", (1520, 2030), cv2.FONT_HERSHEY_SIMPLEX, 2.0, 30, 5)
    # a headline in letters taller than the stamp, between two rules
    cv2.line(img, (200, 2400), (1300, 2400), 30, 3)
    cv2.line(img, (200, 2660), (1300, 2660), 30, 3)
    cv2.putText(img, "Editorial", (220, 2620), cv2.FONT_HERSHEY_TRIPLEX, 7.0, 30, 22)
    stamps = [r.bbox for r in analyze_image(img, 1, words).regions if r.kind == "stamp"]
    assert any(iou(b, [1400, 1790, 2010, 2210]) >= 0.7 for b in stamps), stamps
    assert not [b for b in stamps if b[1] > 2300], stamps


@pytest.mark.parametrize("dotted", [True, False])
def test_a_frame_with_one_side_worn_to_dots_is_a_stamp(dotted):
    """A stamp's frame whose right side is worn to dots (DOCID-32989794 p46): its solid side
    and the rules across its top and foot, running the same way to the dotted side, box it.
    Without the dots (control) the rules' ends close nothing: print beside one rule is no
    frame (it is left to the unframed finders, which take no box of this size here)."""
    img, words = _typed_page()
    x0, y0, x1, y1 = 1400, 1800, 2000, 2180
    cv2.line(img, (x0, y0), (x0, y1), 30, 4)
    cv2.line(img, (x0, y0), (x1, y0), 30, 3)
    cv2.line(img, (x0, y1), (x0 + 340, y1), 30, 3)        # the foot's rule worn half away
    if dotted:
        for y in range(y0, y1, 22):
            cv2.line(img, (x1, y), (x1, y + 5), 30, 3)
    cv2.putText(img, "SEARCHED", (1440, 1870), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 30, 3)
    cv2.putText(img, "DEC 10 1975", (1520, 2030), cv2.FONT_HERSHEY_SIMPLEX, 2.0, 30, 5)
    cv2.putText(img, "FBI - ST. LOUIS", (1560, 2140), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 30, 2)
    stamps = [r.bbox for r in analyze_image(img, 1, words).regions if r.kind == "stamp"]
    framed = [b for b in stamps if iou(b, [x0, y0, x1, y1]) >= 0.7]
    assert bool(framed) == dotted, stamps


def test_a_typed_page_analysed_before_its_ocr_gets_no_grid_of_boxes():
    """DOCID-32989794 p35, a typed page analysed before OCR has read it (the window analyses a
    frame as soon as it is shown; ``analyze`` does on a reel never read): with no word to tell
    them, two letters pass for boxes, and the ring finder went from letter to letter along the
    typewriter's grid (700 boxes), until a ring guessed above the page's top edge broke the
    corner measure and the reel's analysis failed."""
    from bench.scan_labels import SCANS
    from reel import open_reel
    found = analyze_image(open_reel(SCANS / "DOCID-32989794.pdf").render(35), 35, [])
    assert sum(r.kind == "checkbox" for r in found.regions) <= 2, len(found.regions)


def test_the_corner_measure_takes_a_box_reaching_past_the_pages_edge():
    """A ring box guessed a few pixels above the page's top: its corners off the page count
    as paper, and the measure says where the box's corners are darkest."""
    from analysis.checkboxes import _best_corners
    dark = np.zeros((200, 200), np.uint8)
    cv2.rectangle(dark, (50, 0), (70, 17), 200, 2)
    x, y, d = _best_corners(dark, 50, -3, 20, 20, 3)
    assert abs(x - 50) <= 2 and -5 <= y <= 2 and d >= 0, (x, y, d)


def test_a_boxed_code_whose_letter_touches_the_box_is_a_redaction():
    """A withheld passage boxed round its exemption code, "(b)(1)", OCR reading nothing of it,
    the b's stem printed up into the box's top rule and a note written under the box, its t
    reaching up into the foot rule: the stem notches the box's inside, the t its outside, and
    the box is found all the same."""
    img, words = _typed_page()
    x, y = 700, 1500
    cv2.rectangle(img, (x, y), (x + 160, y + 48), 30, 3)
    cv2.putText(img, "(b)(1)", (x + 18, y + 38), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 30, 2)
    cv2.line(img, (x + 36, y), (x + 36, y + 30), 30, 3)            # the b's stem, up into the rule
    cv2.line(img, (x + 100, y + 48), (x + 96, y + 80), 30, 3)      # the note's t, up into the foot
    cv2.line(img, (x + 86, y + 66), (x + 112, y + 64), 30, 3)      # and its bar
    found = [r.bbox for r in analyze_image(img, 1, words).regions if r.kind == "redaction"]
    assert len(found) == 1 and abs(found[0][0] - x) <= 6 and abs(found[0][1] - y) <= 6, found


def test_a_blacked_out_bar_a_bold_note_runs_into_is_a_redaction():
    """A bar blacked out over a name with a note written in a bold hand across its lower edge
    ("Mr. Kuznetsov" on dev-c p22): the note's strokes along the edge join the bar's ink, and
    the two fill too little of their box together; the bar is the core its rows and columns
    fill. A punched hole with its rim torn is round, no bar (DOCID-32989794 p3's)."""
    img, words = _typed_page()
    cv2.rectangle(img, (900, 1995), (1160, 2040), 25, -1)
    # (the pen's strokes run together where they cross the bar's corner: a bold scrawl)
    cv2.polylines(img, [np.array([[1100, 2050], [1140, 2030], [1175, 2052], [1215, 2030], [1250, 2050]], np.int32)],
                  False, 25, 20)
    found = [r for r in analyze_image(img, 1, words).regions if r.kind == "redaction"]
    assert len(found) == 1 and abs(found[0].bbox[0] - 900) <= 4 and abs(found[0].bbox[2] - 1161) <= 6 \
        and abs(found[0].bbox[3] - 2041) <= 6, found
    assert not labelled.boxes("DOCID-32989794", 3, "redaction")[0]


def test_a_boxed_code_too_full_for_an_empty_box_is_read_again():
    """"(b)(1)" boxed in a bold face with a note's strokes across it (dev-d p1), OCR running
    code and note into words that lie mostly outside the box: nothing read in it, and its ink
    too much for an empty box (over 0.3 of it); read again on its own, it is a code. A box as
    full of a word that is no code is no redaction."""
    img, words = _typed_page()
    for y, text in ((1900, "(b)(1)"), (2300, "Boston")):
        cv2.rectangle(img, (1000, y), (1170, y + 52), 30, 3)
        cv2.putText(img, text, (1008, y + 42), cv2.FONT_HERSHEY_DUPLEX, 1.3, 30, 8)
        cv2.line(img, (1050, y + 60), (1140, y + 20), 30, 6)     # the note's stroke across it
    found = [r for r in analyze_image(img, 1, words).regions if r.kind == "redaction"]
    assert len(found) == 1 and abs(found[0].bbox[1] - 1900) <= 4, found
