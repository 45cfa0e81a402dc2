"""Stamps found from their rows of print with no OCR word to seed them (analysis.stamps_rows),
on generated pages and on a labelled real scan, and what is no stamp."""
import cv2
import numpy as np
import pytest

from analysis.detect import analyze_image
from analysis.ink import Page, inside, iou
from analysis import stamps_rows, stamps_unruled
from tests.test_analysis_shapes import _typed_page
from ocr.engine import OcrWord


def _stamps(img, words):
    return [r for r in analyze_image(img, 1, words).regions if r.kind == "stamp"]


def _turned_text(img, text, x, y, angle, scale, thick, font=cv2.FONT_HERSHEY_DUPLEX):
    """TEXT printed at (x, y) letter by letter (as a stamp's are cut: apart, in proportion)
    and turned ANGLE degrees about its patch's centre; its box."""
    patch = np.full((200, 900), 255, np.uint8)
    at = 40
    for ch in text:
        cv2.putText(patch, ch, (at, 120), font, scale, 0, thick)
        at += cv2.getTextSize(ch, font, scale, thick)[0][0] + int(4 * scale)
    m = cv2.getRotationMatrix2D((450, 100), angle, 1.0)
    patch = cv2.warpAffine(patch, m, (900, 200), borderValue=255)
    h, w = patch.shape
    img[y:y + h, x:x + w] = np.minimum(img[y:y + h, x:x + w], patch // 255 * 205 + 30)
    ys, xs = np.nonzero(patch < 128)
    if not len(xs):
        return None
    return [x + int(xs.min()), y + int(ys.min()), x + int(xs.max()) + 1, y + int(ys.max()) + 1]


def test_a_date_stamp_turned_off_the_typing_is_a_stamp():
    """One row of a date stamp's figures at the typing's size, OCR reading nothing of it: set
    down turned, it is no typed line."""
    img, words = _typed_page()
    area = _turned_text(img, "14 DEC 26 1963", 1200, 1500, 10, 1.3, 3)
    stamps = _stamps(img, words)
    assert len(stamps) == 1, stamps
    assert iou(stamps[0].bbox, area) >= 0.5, (stamps[0].bbox, area)


def test_a_date_stamp_larger_than_the_typing_is_a_stamp():
    img, words = _typed_page()
    # (letters stepping by whole typed pitches would be typing OCR read nothing of)
    area = _turned_text(img, "61 JAN 6 1964", 900, 2400, 0, 2.0, 4)
    stamps = _stamps(img, words)
    assert len(stamps) == 1, stamps
    assert iou(stamps[0].bbox, area) >= 0.5, (stamps[0].bbox, area)


def test_an_unread_level_line_of_the_typings_size_is_no_stamp():
    """A line of capitals as large as the typing and level with it that OCR did not read (a
    heading, a typed line under a smudge) is no stamp, however its letters are spaced."""
    img, words = _typed_page()
    _turned_text(img, "SUBJECT FILE REVIEW", 300, 1500, 0, 1.3, 3)
    assert not _stamps(img, words)


def test_a_letterhead_at_the_head_of_the_page_is_no_stamp():
    img, words = _typed_page()
    _turned_text(img, "UNITED STATES GOVERNMENT", 500, 20, 0, 2.2, 4, cv2.FONT_HERSHEY_TRIPLEX)
    assert not _stamps(img, words)


def test_handwritten_figures_are_no_stamp():
    """Figures written by hand at a slope, each a different size and off the line: no row."""
    img, words = _typed_page()
    x = 1200
    for i, ch in enumerate("105-93072"):
        s = 2.0 + 0.35 * np.sin(i * 1.7)
        _turned_text(img[:, :], ch, x, 1900 + int(18 * np.cos(i * 2.1)), 15, s, 3, cv2.FONT_HERSHEY_SCRIPT_SIMPLEX)
        x += 48
    assert not _stamps(img, words)


@pytest.fixture(scope="module")
def scan_page():
    from bench.scan_labels import load_labels, ocr_words
    from reel import open_reel
    for pdf, frame in load_labels():
        if pdf.stem == "124-10180-10295" and frame["index"] == 2:
            if not pdf.is_file():
                pytest.skip(f"{pdf} not in the corpus")
            gray = open_reel(pdf).render(2)
            words = [w for w in ocr_words(pdf, 2) if w.text.strip()]
            return gray, words, frame
    pytest.skip("124-10180-10295 p2 not labelled")


def test_unread_date_stamps_on_a_real_scan_are_found_from_their_rows(scan_page):
    """On the FBI memo (124-10180-10295 p2) OCR read no word of the "61 JAN 6 1964" and
    "14 DEC 26 1963" stamps: their rows find them, and nothing the rows find is off a label."""
    gray, words, frame = scan_page
    page = Page(np.asarray(gray), words=words)
    found = stamps_rows.from_rows(page, stamps_unruled.loose_ink(page), [])
    labels = [r for r in frame["regions"] if r["kind"] == "stamp"]
    best = {lab["text"]: max((iou(f.bbox, lab["bbox"]) for f in found), default=0) for lab in labels}
    assert best["61 JAN 6 1964"] >= 0.5 and best["REC- ... 14 DEC 26 1963"] >= 0.5, best
    for f in found:
        assert max(iou(f.bbox, lab["bbox"]) for lab in labels) > 0.3, f.bbox


def test_many_level_unread_lines_larger_than_the_typing_are_no_stamps():
    """A noisy copy's body OCR read little of: its line height is measured from the few words
    read, too small, and its unread lines look larger than the typing. Being many, level and
    of one size, they are the page's own type, not stamps."""
    img, words = _typed_page()
    for i in range(6):
        _turned_text(img, "RECEIVED FROM STATION", 200, 1350 + 110 * i, 0, 2.0, 3)
    assert not _stamps(img, words)


def test_capitals_printed_by_hand_off_their_line_are_no_stamp():
    """Capitals printed by hand, upright and apart but each a little above or below the line
    (a hand keeps near its line, a stamp's letters sit on it)."""
    img, words = _typed_page()
    x = 1000
    for i, ch in enumerate("SCHILDTER"):
        _turned_text(img, ch, x, 1700 + int(4 * (-1) ** i), 0, 2.0, 3)
        x += 55
    assert not _stamps(img, words)


def test_the_same_capitals_on_their_line_are_a_stamp():
    """The control of the test above: set on one line, the same letters make a stamp's row."""
    img, words = _typed_page()
    boxes = [_turned_text(img, ch, 1000 + 55 * i, 1700, 0, 2.0, 3) for i, ch in enumerate("SCHILDTER")]
    area = [min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)]
    stamps = _stamps(img, words)
    assert len(stamps) == 1 and iou(stamps[0].bbox, area) >= 0.5, (stamps, area)


def _outline(img, x0, y0, x1, y1):
    cv2.rectangle(img, (x0, y0), (x1, y1), 30, 5)


def test_an_empty_ruled_outline_is_no_stamp():
    """A blank box the size of a stamp's border (a box left empty, a white-out outlined) holds
    none of a stamp's print."""
    img, words = _typed_page()
    _outline(img, 900, 1800, 1500, 1960)
    assert not _stamps(img, words)


def test_a_ruled_outline_with_print_inside_is_a_stamp():
    """The control of the test above: the same border round a stamp's lines is a stamp."""
    img, words = _typed_page()
    _outline(img, 900, 1800, 1500, 1960)
    cv2.putText(img, "RELEASED 1998", (950, 1870), cv2.FONT_HERSHEY_DUPLEX, 1.2, 30, 2)
    cv2.putText(img, "REVIEW BOARD", (950, 1930), cv2.FONT_HERSHEY_DUPLEX, 1.2, 30, 2)
    stamps = _stamps(img, words)
    assert len(stamps) == 1 and iou(stamps[0].bbox, [900, 1800, 1506, 1966]) >= 0.8, stamps


def test_the_archives_release_banner_is_no_stamp():
    """The boxed banner the archive prints on what it releases ("Released under the John F.
    Kennedy Assassination Records Collection Act ...") has a stamp's border and rows of print
    but is print of the release (the labels leave it out): no stamp, whether OCR read its
    words or the box is read again on its own; as on docid-34529191 p1."""
    from tests import labelled
    lines = ("Released under the John F. Kennedy", "Assassination Records Collection Act of",
             "1992 (44 USC 2107 Note). Case#:NW 54954", "Date: 09-22-2022")
    for read in (False, True):
        img, words = _typed_page()
        _outline(img, 900, 1800, 1700, 2010)
        for i, t in enumerate(lines):
            cv2.putText(img, t, (915, 1840 + 48 * i), cv2.FONT_HERSHEY_SIMPLEX, 0.9, 30, 2)
        if read:
            words += [OcrWord(t, [915, 1815 + 48 * i, 1600, 1845 + 48 * i], 90.0, 30, 1, i, 0)
                      for i, t in enumerate(lines)]
        assert not _stamps(img, words), read
    got, _ = labelled.boxes("docid-34529191", 1, "stamp")
    assert not any(iou(b, [1549, 2098, 2145, 2263]) >= 0.3 for b in got), got


def test_a_ruled_table_is_no_stamp():
    """A form's routing box: an outline the size of a stamp's border, ruled across inside from
    side to side (its rows, a number and a blank each), printed a little off level."""
    img, words = _typed_page()
    x0, y0, x1, y1 = 900, 1800, 1700, 2060
    _outline(img, x0, y0, x1, y1)
    for i in range(1, 4):
        y = y0 + 65 * i
        cv2.line(img, (x0, y), (x1, y + 4), 30, 4)
        cv2.putText(img, str(i), (x0 + 15, y - 18), cv2.FONT_HERSHEY_DUPLEX, 1.0, 30, 2)
    cv2.putText(img, "ROUTING AND/OR INITIALS", (x0 + 150, y0 + 45), cv2.FONT_HERSHEY_DUPLEX, 1.0, 30, 2)
    assert not _stamps(img, words)


def test_an_outline_most_of_the_pages_width_is_no_stamp():
    """A form's section ruled round, across most of the page, with print inside (the payroll
    form's boxes, 180-10060-10494 p8): a rubber stamp is a hand's width. The same print in a
    stamp's outline is a stamp (above)."""
    img, words = _typed_page()
    W = img.shape[1]
    _outline(img, 150, 1800, W - 150, 1960)
    cv2.putText(img, "RELEASED 1998", (950, 1870), cv2.FONT_HERSHEY_DUPLEX, 1.2, 30, 2)
    cv2.putText(img, "REVIEW BOARD", (950, 1930), cv2.FONT_HERSHEY_DUPLEX, 1.2, 30, 2)
    assert not _stamps(img, words)


@pytest.mark.parametrize("index", [7, 13])
def test_the_fbi_date_stamps_words_stacked_seed_it_and_its_blanks_box_it(index):
    """DOCID-32989794 p7, p13: the St. Louis office's SEARCHED / SERIALIZED / INDEXED / FILED
    stamp is cut no larger than the typing, and OCR reads its words (SERIALIZED as typing):
    its words stacked one under the next seed it, and its blanks, taken out of the loose ink
    with the form's rules, draw its box out to the right."""
    from tests import labelled
    got, want = labelled.boxes("DOCID-32989794", index, "stamp")
    assert len(want) == 1 and labelled.found("DOCID-32989794", index, "stamp", next(iter(want))), got


def test_a_do_not_destroy_stamp_is_found_and_the_marking_under_it_stays_its_own():
    """104-10006-10015 p1: "DO NOT DESTROY / CS COPY TEMPORARILY LOST / RETURN TO IP/FILES",
    DESTROY read large, seeds a stamp; the boxed SECRET stamped just under it is a
    classification marking of its own, not a line of the stamp."""
    from tests import labelled
    found, labels = labelled.analysed("104-10006-10015", 1)
    for kind, text in (("stamp", "DO NOT DESTROY"), ("classification", "SECRET (foot")):
        want = next(r["bbox"] for r in labels if r["kind"] == kind and r["text"].startswith(text))
        got = [r.bbox for r in found if r.kind == kind]
        assert any(iou(b, want) >= 0.5 for b in got), (kind, got, want)


@pytest.mark.parametrize("read", [True, False])
def test_a_stamps_words_set_on_their_side_seed_it(read):
    """ORIGINAL FILED stamped up a page's margin, one line of letters about a typed line
    tall, as OCR reads it (two words, each boxed along the way it runs: far taller than a
    line): a word of a stamp's vocabulary set on its side seeds a stamp of one line. Not
    read (control), its one line is no stamp to the finders of rows of print."""
    img, words = _typed_page()
    font, scale = cv2.FONT_HERSHEY_DUPLEX, 1.6
    patch = np.full((70, 420), 235, np.uint8)
    boxes, at = [], 5
    for t in ("ORIGINAL", "FILED"):      # each word's box in the patch, as set level
        (w, h), _ = cv2.getTextSize(t, font, scale, 2)
        cv2.putText(patch, t, (at, 55), font, scale, 30, 2)
        boxes.append((t, [at, 55 - h, at + w, 57]))
        at += w + 30
    # turned a quarter up the margin: a patch point (px, py) goes to (py, 419 - px)
    patch = cv2.rotate(patch, cv2.ROTATE_90_COUNTERCLOCKWISE)
    boxes = [(t, [b[1], 419 - b[2], b[3], 419 - b[0]]) for t, b in boxes]
    x, y = 2050, 1500      # (beside the typing, clear of it)
    img[y:y + patch.shape[0], x:x + patch.shape[1]] = patch
    area = [x + min(b[0] for _, b in boxes), y + min(b[1] for _, b in boxes),
            x + max(b[2] for _, b in boxes), y + max(b[3] for _, b in boxes)]
    if read:
        words += [OcrWord(t, [x + b[0], y + b[1], x + b[2], y + b[3]], 96.0, 30, 1, 1, i)
                  for i, (t, b) in enumerate(boxes)]
    stamps = _stamps(img, words)
    assert any(iou(s.bbox, area) >= 0.5 for s in stamps) == read, (stamps, area)


@pytest.mark.parametrize("stem, page, text", [("62-116395-2nd_nr_367", 1, "ORIGINAL FILED IN"),
                                              ("docid-32334643", 2, "RECORDED - 31")])
def test_a_one_line_stamp_seeded_by_its_word_is_found(stem, page, text):
    """A stamp of one line seeded by its word: ORIGINAL FILED IN set on its side up the
    margin (OCR reads it, turned), RECORDED - 31 cut larger than the typing."""
    from tests import labelled
    got, want = labelled.boxes(stem, page, "stamp")
    label = next(t for t in want if t.startswith(text))
    assert labelled.found(stem, page, "stamp", label), (got, want[label])


def test_a_stamp_on_its_side_that_ocr_misread_is_read_again_turned_upright():
    """62-116395 p1 (the 250x copy): ORIGINAL FILED IN stamped up the right margin, which OCR
    read sideways as "FLEDIN" and "UuINAL", no stamp's words. Read again turned upright it
    reads FILED: the column is a stamp, boxed to its own ink, not to the blob it makes with
    the file number written on up the margin above it (a note, and still one)."""
    from tests import labelled
    got, want = labelled.boxes("62-116395-2nd_nr_250x", 1, "stamp")
    assert labelled.found("62-116395-2nd_nr_250x", 1, "stamp", "ORIGINAL FILED IN (rotated)"), got
    notes, labels = labelled.boxes("62-116395-2nd_nr_250x", 1, "insertion")
    number = next(t for t in labels if t.startswith("62-116464-9"))
    assert any(inside(b, labels[number], 20) for b in notes), (notes, labels[number])


@pytest.mark.parametrize("stem", ["104-10006-10015", "104-10012-10070"])
def test_the_cias_foia_review_stamp_is_found_from_its_words(stem):
    """"Document Number 978-932 / for FOIA Review on SEP 1976": its print is the typing's
    size and OCR reads it as typing, so nothing seeded it; its second line's words name it,
    and the line above is its own. The number stamped large into its blank is no
    handwritten insertion."""
    from tests import labelled
    got, want = labelled.boxes(stem, 1, "stamp")
    label = next(t for t in want if t.startswith("Document Number"))
    assert labelled.found(stem, 1, "stamp", label), (got, want[label])
    found, _ = labelled.analysed(stem, 1)
    assert not [r.bbox for r in found if r.kind == "insertion" and inside(r.bbox, want[label], 20)]


def test_rows_of_print_that_run_into_text_read_surely_are_no_stamp():
    """DOCID-32989794 p59: a few lines of a newspaper column OCR read poorly ("attest
    diferent / congrssigaal") and the FD-350 mount's field "Classification: St. Louis /
    Submitting Office" are rows of print of one size, as a stamp's are; but their rows hold
    or run on into words read surely in small letters ("leaders", "yesterday.", "Louis"),
    and a stamp is cut in capitals: neither is a stamp."""
    from tests import labelled
    got, _ = labelled.boxes("DOCID-32989794", 59, "stamp")
    for area in ([195, 2984, 472, 3095], [1861, 2449, 2396, 2709]):
        assert not any(iou(b, area) >= 0.3 for b in got), (got, area)


def test_a_headlines_small_letters_are_no_stamp():
    """A headline's word in upper and lower case, OCR reading nothing of it: its small letters
    make a row of one height larger than the typing, but the capital beside them rises above
    it (a stamp is cut in capitals of one height: its row takes in all its letters). The
    same word in capitals is the control: a stamp's row."""
    img, words = _typed_page()
    # (the capital set larger, as a headline face's capitals are, half again the small
    # letters' height; the small letters on its line, after it)
    cap = _turned_text(img, "L", 1000, 1700, 0, 3.3, 5, cv2.FONT_HERSHEY_TRIPLEX)
    _turned_text(img, "essons", cap[2] - 30, 1700, 0, 2.6, 4, cv2.FONT_HERSHEY_TRIPLEX)
    assert not _stamps(img, words)
    img, words = _typed_page()
    area = _turned_text(img, "LESSONS", 1000, 1700, 0, 2.0, 4, cv2.FONT_HERSHEY_TRIPLEX)
    stamps = _stamps(img, words)
    assert len(stamps) == 1 and iou(stamps[0].bbox, area) >= 0.5, (stamps, area)


def test_a_newspaper_headline_in_outline_letters_is_no_stamp():
    """The clipping's headline "Lessons From Experience?" (DOCID-32989794 p57), set in
    outline letters OCR reads nothing of: no stamp is found in it."""
    from tests import labelled
    got, _ = labelled.boxes("DOCID-32989794", 57, "stamp")
    assert not [b for b in got if b[1] < 1000], got
