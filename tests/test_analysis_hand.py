"""Telling handwriting from typing by the shape of its letters (analysis.hand_shape), and the
insertion detector's pieces (analysis.hand): drawn patches, then notes on the labelled real
scans of the shared corpus."""

import cv2
import numpy as np

from analysis import hand, hand_shape
from analysis.ink import iou, overlap
from tests import labelled

LH = 36     # a typed line's height in these patches


WANDER = (0, 9, -7, 12, -4, 6, -10, 3)


def typed_patch(n=8, lean=0.0, wander=False):
    """N upright block letters on one baseline (or leaning by LEAN, or their feet up and down
    by a third of their height), as a typed or printed word looks in the ink mask."""
    img = np.zeros((100, 30 * n + 40), np.uint8)
    for i in range(n):
        x, foot = 20 + 30 * i, 75 + (WANDER[i % len(WANDER)] if wander else 0)
        top = foot - 28
        pts = np.array([[x, foot], [x + int(lean * 28), top]], np.int32)
        cv2.polylines(img, [pts], False, 255, 4)                       # the letter's stem
        cv2.line(img, (x, foot), (x + 14, foot), 255, 4)                 # and its foot
    return img


def test_upright_letters_on_one_line_are_typing():
    assert hand_shape.typeset_like(typed_patch(), LH)
    assert not hand_shape.hand_like(typed_patch(), LH)


def test_leaning_letters_are_not_typing():
    p = typed_patch(lean=0.35)
    assert hand_shape.slant(p) > 0.15
    assert not hand_shape.typeset_like(p, LH)


def test_letters_off_the_line_are_not_typing():
    assert not hand_shape.typeset_like(typed_patch(wander=True), LH)
    assert hand_shape.hand_like(typed_patch(lean=0.35, wander=True), LH)   # leaning and off the line: a hand


def test_one_wide_joined_mark_is_no_typing():
    """Two or three marks with one wider than tall: a hand runs its letters together."""
    img = np.zeros((80, 200), np.uint8)
    cv2.line(img, (20, 60), (25, 30), 255, 4)                            # an upright stroke
    cv2.polylines(img, [np.array([[60, 60], [80, 40], [100, 60], [120, 40], [140, 60], [160, 40]], np.int32)],
                  False, 255, 4)                                          # a run of joined letters
    assert not hand_shape.typeset_like(img, LH)


def test_specks_are_stippled():
    rng = np.random.default_rng(1)
    img = np.zeros((100, 100), np.uint8)
    for x, y in rng.integers(5, 95, (60, 2)):
        cv2.circle(img, (int(x), int(y)), 2, 255, -1)
    assert hand_shape.stippled(img, LH)
    assert not hand_shape.stippled(typed_patch(), LH)


def test_a_ruled_line_is_straight_and_a_written_word_is_not():
    xs = np.arange(0, 400)
    assert hand._straight(xs, (0.03 * xs + 5).astype(int), LH)              # skewed, but straight
    assert not hand._straight(xs, (12 * np.sin(xs / 9.0)).astype(int), LH)   # strokes up and down


# --- on the labelled real scans (tests/data/scan-labels): the notes as the labels draw them ---

def _scan(stem: str, page: int):
    """(insertion boxes found, {label text: box}) on labelled page PAGE of corpus scan STEM."""
    return labelled.boxes(stem, page, "insertion")


def _found(stem: str, page: int, text: str) -> bool:
    return labelled.found(stem, page, "insertion", text)


def test_large_initials_keeping_to_a_line_are_a_hand():
    """'Ewf', three large letters of uneven height written on one line beside a stamp: a hand
    (print that large is a row of more letters, or of letters of one height)."""
    assert _found("62-116395-2nd_nr_250x", 1, "Ewf")


def test_notes_overlapping_by_a_corner_a_line_apart_are_two():
    """The file number written across a stamp and the initials above its right end: their
    boxes overlap by a corner, a line apart, and are two notes, not one."""
    assert _found("62-116395-2nd_nr_250x", 1, "Ewf") and _found("62-116395-2nd_nr_250x", 1, "62-116395")


def test_lines_of_a_large_hand_one_under_another_are_a_note_each():
    """DOCID-32989794 p3: 'noted 5/2/75', '4 Sgd' and 'Read Conference 5/6' written large one
    under another in the foot's margin, each several lines tall and wide, closer than a
    note's strokes are joined: three notes, not one box round them all; and so 'RID/MIS',
    written into its own row of the routing sheet 104-10001-10034 p1 under its neighbour."""
    for text in ("noted 5/2/75 with initials below", "4 Sgd", "Read Conference 5/6 (reading uncertain)"):
        assert _found("DOCID-32989794", 3, text), text
    assert _found("104-10001-10034", 1, "RID/MIS (row 11)")


def test_pieces_of_a_signature_side_by_side_are_one():
    """A signature's pieces overlapping side by side on one line are one note."""
    assert _found("docid-34529191", 2, "signature")


def test_a_seals_stipple_is_no_note_and_a_faint_number_is_one():
    """The agency seal in the letterhead of 124-10180-10295 p2 (a ring of specks a third of a
    line tall, about x 1527-1703, y 175-283) is no note; '361', written faint and broken into
    short strokes at the foot, and the faint marks at the foot of 62-116395 p1 are."""
    found, _ = _scan("124-10180-10295", 2)
    seal = [1527, 175, 1703, 283]
    assert not any(overlap(b, seal) > 0.3 or overlap(seal, b) > 0.3 for b in found)
    assert _found("124-10180-10295", 2, "361")
    assert _found("62-116395-2nd_nr_250x", 1, "faint marks (lower right)")


def test_a_typed_number_level_with_its_lines_nearest_words_is_typing():
    """The typed "13." heading a line of docid-34529191 p2 that OCR read nothing of: the row
    it begins joins a second column's words a little lower down, and the line's middle is
    taken from the words nearest along it, so it is typing, no note."""
    thirteen = [145, 2164, 191, 2201]       # left of "Parents or Guardian"
    found, _ = _scan("docid-34529191", 2)
    assert not any(overlap(b, thirteen) > 0.3 or overlap(thirteen, b) > 0.3 for b in found)


def test_a_punched_hole_is_no_note():
    """The solid punched hole at the head of 62-116395 p1 (about x 820-914, y 95-198)."""
    found, _ = _scan("62-116395-2nd_nr_250x", 1)
    hole = [820, 95, 914, 198]
    assert not any(overlap(hole, b) > 0.5 for b in found)


def test_a_notes_box_is_drawn_to_its_letters():
    """'RA' in the left margin of 124-10180-10295 p2: specks of a faint rule beside it and the
    dash after it are left out of its box, which matches the label's."""
    assert _found("124-10180-10295", 2, "RA")


def test_lines_of_writing_that_wander_and_lean_a_little_are_a_hand():
    """'6/22/61 Recd from Mr. Bundy ackd' on 176-10011-10152 p2, four lines written in the
    right margin: its letters keep to no line and lean a little. Looked for by the insertion
    step itself (the page is taken for a title frame downstream, which drops its notes)."""
    from analysis.ink import Page
    from bench.scan_labels import SCANS, load_labels, ocr_words
    from reel import open_reel
    pdf = SCANS / "176-10011-10152.pdf"
    frame = next(f for p, f in load_labels() if p == pdf and f["index"] == 2)
    words = [w for w in ocr_words(pdf, 2) if w.text.strip()]
    page = Page(open_reel(pdf).render(2), words=words)
    found = [r.bbox for r in hand.insertions_between_lines(page, [])]
    want = next(r["bbox"] for r in frame["regions"] if r["text"].startswith("6/22/61"))
    assert any(iou(b, want) >= 0.5 for b in found)


def test_a_short_row_of_words_taller_than_the_typing_is_written():
    """'3 per SLP', written in above "JUNE 13, 1975" on 62-116395 p1 and read by OCR with
    confidence as a row of words ('3', 'SLP'): its words are taller than the typing, so the
    row is a note, no typed line whose band would hide it."""
    assert _found("62-116395-2nd_nr_250x", 1, "3 per SLP")


def test_a_note_joined_to_unread_typing_is_found_beside_it():
    """'mjg' written after the typed "SFP:mjg" and "(19)" OCR did not read, and the initial
    'B' beside the print of a stamp, on 62-116395 p1: each blob looks typed as a whole, and
    its large marks with no neighbour on their line are the note."""
    assert _found("62-116395-2nd_nr_250x", 1, "mjg (completing typed SFP:mjg)")
    assert _found("62-116395-2nd_nr_250x", 1, "B (initial)")


def test_a_file_numbers_unaligned_figures_and_those_between_them_are_one_note():
    """DOCID-32989794 p23: '62-5038-11' written over an FBI stamp's top, run into one blob with
    the stamp's print: its figures with no neighbour on their line ("6", "38", "11") each
    pass for a note, and the "2-50" between them keeps to its line as type does. The parts
    on one line, the gap between them inked, are the one file number."""
    label = next(t for t in _scan("DOCID-32989794", 23)[1] if t.startswith("file number 62-5038-11"))
    assert _found("DOCID-32989794", 23, label), _scan("DOCID-32989794", 23)


def test_a_row_of_a_typed_table_in_a_larger_face_is_typing():
    """180-10060-10494 p6: a payroll table's row "Gay 36,000 2,500 38,560", its figures
    typed a little taller than the page's typing and read surely: three words all taller than
    the typing would be a note read by OCR ("3 per SLP"), but its figures stand in the
    columns of the table's rows above and below, as no note's do. No note there; and "3 per
    SLP", written in above a line of 62-116395 p1 and read surely, is a note still."""
    from analysis.ink import overlap
    found, _ = labelled.analysed("180-10060-10494", 6)
    row = [0, 1745, 2800, 1810]
    assert not [r.bbox for r in found if r.kind == "insertion" and overlap(r.bbox, row) > 0.5]
    assert _found("62-116395-2nd_nr_250x", 1, "3 per SLP")


def test_a_forms_printed_labels_in_two_rows_of_capitals_are_no_note():
    """104-10001-10034 p1: the routing sheet's printed "ROOM / NO." and "TRACE / REQUEST",
    two short rows of capitals in a box, OCR reading little of them: all their letters on a
    line with their neighbours and of one height, as print's are, though their columns
    from row to row make the slant read as a lean. No notes there."""
    from analysis.ink import overlap
    found, _ = labelled.analysed("104-10001-10034", 1)
    for label in ([606, 1053, 700, 1097], [251, 3690, 401, 3743]):
        assert not [r.bbox for r in found if r.kind == "insertion" and overlap(r.bbox, label) > 0.5], label


def _written_lines(touching: bool):
    """Two lines of Hershey script ("Ray Rocca" under "Staff only") as a pen writes them
    into a form's rows, 50 px tall each: with TOUCHING, a long tail from the upper line
    reaches down into the lower one, as a tall letter's foot does."""
    img = np.zeros((190, 560), np.uint8)
    cv2.putText(img, "Staff only", (20, 70), cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, 1.9, 255, 4)
    cv2.putText(img, "Ray Rocca", (20, 160), cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, 1.9, 255, 4)
    if touching:
        cv2.line(img, (120, 60), (110, 125), 255, 4)
    return img


def test_lines_of_writing_one_under_another_are_cut_apart():
    """A cut falls between the two lines of writing, touching or not (the rows between them
    hold next to no ink), and none within a line."""
    from analysis import hand_split
    for touching in (False, True):
        cuts = hand_split.line_cuts(_written_lines(touching), LH)
        assert len(cuts) == 1 and 75 < cuts[0] < 125, (touching, cuts)


def test_a_column_of_letters_down_the_margin_is_not_cut():
    """Letters written one under another (a file number down the margin) are no lines of
    writing, each no wider than tall: the note stays whole."""
    from analysis import hand_split
    img = np.zeros((420, 80), np.uint8)
    for i, ch in enumerate("62-50"):
        cv2.putText(img, ch, (15, 60 + 80 * i), cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, 1.8, 255, 4)
    assert hand_split.line_cuts(img, LH) == []


def test_a_tall_blob_is_split_into_its_notes():
    """split_tall gives a blob taller than TALL lines the notes within it, one a line, and
    the cut between them; a blob short enough stays as it is."""
    from analysis import hand_split
    mask = np.zeros((400, 700), np.uint8)
    mask[100:290, 50:610] = _written_lines(True)
    blob = np.array([[70, 105, 540, 185, int(np.count_nonzero(mask))]])
    rows, cut, cuts = hand_split.split_tall(blob, mask, LH, 4, hand.JOIN)
    assert len(rows) == 2 and all(cut) and len(cuts) == 1
    assert hand_split.split_tall(blob, mask, LH, 8, hand.JOIN)[0].tolist() == blob.tolist()


def test_large_letters_keeping_to_no_line_are_a_hand():
    """Letters as tall as the typing or taller, none of them on a line with its neighbour,
    upright: a hand; the same letters on one line are print."""
    def letters_row(wander: bool):
        img = np.zeros((160, 420), np.uint8)
        for i in range(7):
            foot = 120 + ((-1) ** i * 14 if wander else 0)
            x = 20 + 55 * i
            cv2.line(img, (x, foot), (x, foot - 44), 255, 4)
            cv2.line(img, (x, foot), (x + 22, foot), 255, 4)
        return img
    assert hand_shape.hand_like(letters_row(True), LH)
    assert not hand_shape.hand_like(letters_row(False), LH)


def test_entries_written_into_a_forms_rows_are_one_note_each():
    """'CI Staff/OG/WF', 'Ray Rocca' and 'AE DOOLEY' written into three rows of the routing
    sheet 104-10001-10034 p1, their letters reaching across the rows' rules into each other:
    one blob too tall for a note, cut between its lines of writing into the three ('Ray
    Rocca', upright and keeping to no line, shows a hand)."""
    for text in ("CI Staff/OG/WF (row 5)", "Ray Rocca (row 6)", "AE DOOLEY (row 7)"):
        assert _found("104-10001-10034", 1, text), text


def test_a_printed_circled_figure_is_no_note():
    """A form's numbered field, a figure in a printed ring (104-10006-10248 p1's (1) (2) (3)),
    touching the ring or not: no note. A ring with nothing in it (a written O), and a hand's
    large uneven loop round a note, are not circled figures."""
    def ring(figure: str | None, r: int = 22, wobble: bool = False):
        img = np.zeros((80, 80), np.uint8)
        if wobble:
            pts = [(40 + (r + 6 * np.sin(3 * t)) * np.cos(t), 40 + (r - 5 * np.cos(2 * t)) * np.sin(t))
                   for t in np.linspace(0, 2 * np.pi, 60)]
            cv2.polylines(img, [np.int32(pts)], True, 255, 3)
        else:
            cv2.circle(img, (40, 40), r, 255, 3)
        if figure:
            cv2.putText(img, figure, (31, 52), cv2.FONT_HERSHEY_SIMPLEX, 0.9, 255, 2)
        return img
    assert hand_shape.circled(ring("1"), LH) and hand_shape.circled(ring("3"), LH)
    assert not hand_shape.circled(ring(None), LH) and not hand_shape.circled(ring("1", wobble=True), LH)
    found, _ = labelled.boxes("104-10006-10248", 1, "insertion")
    assert not [b for b in found if b[0] < 200 and 2600 < b[1] < 3050], found


def test_a_rules_stub_or_a_speck_is_no_note():
    """What is left of a blob that passed once drawn in to its letters can be a hairline (a
    form rule's stub down a routing sheet's column, the film's edge) or a speck: no note is
    narrower than a sixth of a line, nor smaller than a line either way."""
    for stem, index in (("104-10001-10034", 1), ("104-10001-10034", 4), ("180-10060-10494", 6)):
        found, _ = labelled.analysed(stem, index)
        sides = [(r.bbox, sorted((r.bbox[2] - r.bbox[0], r.bbox[3] - r.bbox[1]))) for r in found if r.kind == "insertion"]
        # (the typing's line on these pages is 30-35 px)
        small = [b for b, (short, long_) in sides if short < 5 or long_ < 24]
        assert not small, (stem, index, small)


def test_a_file_number_written_neatly_in_a_sloping_hand_is_a_note():
    """DOCID-32989794's clipping mounts (pages of newspaper print, where only notes too large
    for type are kept): '62-5038-20' and 'Fwd. Bureau 2/20' keep to a line as neatly as print
    but lean as no type does. A payroll form's typed date '5/1/77', whose slashes lean, is a
    few figures and stays typing."""
    assert _found("DOCID-32989794", 54, "62-5038-20")
    assert _found("DOCID-32989794", 62, "Fwd. Bureau 2/20")
    found, _ = labelled.analysed("180-10060-10494", 8)
    assert not [r for r in found if r.kind == "insertion" and iou(r.bbox, [1790, 760, 1986, 819]) > 0.3], found


def test_a_punched_hole_with_a_torn_rim_is_no_note():
    """DOCID-32989794's teletypes: the two punched holes at the head, their rims torn and
    specked so that they fill less of their boxes than a clean disc does, are blots: a wide
    disc inside each holds most of its ink, where a pen's strokes are thin."""
    for index in (5, 9, 30):
        found, _ = labelled.analysed("DOCID-32989794", index)
        assert not [r.bbox for r in found if r.kind == "insertion" and r.bbox[1] < 250], index


def test_a_notes_box_does_not_grow_into_the_typed_letters_its_caret_touches():
    """'said' written above a line with a caret under it whose foot touches the typed 'Amb'
    below (OCR ran note and word into one word of no confidence, so the letters are still in
    the ink): the note's box is its word's, not grown down and along into the typing. A
    note written on the typed line itself (in the note ink) is still grown to whole."""
    free = np.zeros((200, 400), np.uint8)
    cv2.putText(free, "said", (40, 60), cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, 1.2, 255, 3)
    cv2.putText(free, "Ambassador", (90, 130), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 255, 3)
    cv2.polylines(free, [np.array([[70, 128], [80, 95], [92, 128]], np.int32)], False, 255, 3)   # the caret
    strip = np.zeros_like(free)
    strip[92:138, 60:] = 255                                              # the typed line's strip
    mask = free.copy()
    mask[strip > 0] = 0                                                   # the typing taken out
    mask[95:105, 70:92] = free[95:105, 70:92]                             # but for the caret's point
    ys, xs = np.nonzero(mask)
    b = [int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1]
    grown = hand._whole_strokes(b, mask, free, strip, LH)
    assert grown[2] < 160 and grown[3] <= 110, grown
    # the same letters, written on the line as a note (left in the note ink), are grown into
    assert hand._whole_strokes(b, free, free, strip, LH)[3] > 120


def test_notes_side_by_side_each_at_its_own_caret_are_two():
    """'now' and 'been' written close together above one typed line, each going in at its
    own caret in the pen's darker ink ("ONS ^ HAD ^ CREATED"): closer than a hand's words are
    joined, the carets under them part them; with no carets under them they stay one."""
    from analysis import hand_carets
    from analysis.ink import Page
    from tests.test_analysis_shapes import _typed_page
    for carets in (True, False):
        img, words = _typed_page()
        y = 300 + 5 * 70                                # the sixth typed line: its words' top
        note = np.zeros_like(img)
        cv2.putText(note, "now", (560, y - 20), cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, 1.3, 255, 3)
        cv2.putText(note, "been", (690, y - 20), cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, 1.3, 255, 3)
        img[note > 0] = 0
        if carets:
            for x in (600, 740):
                cv2.polylines(img, [np.array([[x - 12, y + 32], [x, y + 6], [x + 12, y + 32]], np.int32)], False, 0, 3)
        ys, xs = np.nonzero(note)
        b = [int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1]
        got = hand_carets.split(Page(img, words=words), note, b, [])
        if carets:
            assert len(got) == 2 and got[0][2] < 680 <= got[1][0], got
        else:
            assert got == [b], got


def test_a_note_written_onto_a_struck_word_keeps_the_loops_it_dips_in():
    """'going by' written onto a struck FIFTH, its g's and y's loops reaching down through the
    struck letters: the deletion found there takes the word's letters out of the note ink, not
    the note's own strokes, and the note's box reaches its loops' foot."""
    from analysis.ink import Page
    from analysis.regions import Region
    from tests.test_analysis_shapes import _typed_page
    img, words = _typed_page()
    word = [w for w in words if w.line == 5][4]
    x0, y0, x1, y1 = word.bbox
    cv2.line(img, (x0 - 4, y0 + 18), (x1 + 4, y0 + 18), 30, 3)
    cv2.putText(img, "going by", (x0 - 10, y0 + 2), cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, 1.5, 30, 3)
    page = Page(img, words=[w for w in words if w is not word])
    notes = hand.insertions_between_lines(page, [Region("deletion", [x0, y0, x1, y1])])
    assert len(notes) == 1 and notes[0].bbox[1] < y0 - 20 and notes[0].bbox[3] > y0 + 10, (notes, word.bbox)


def test_a_notes_box_leaves_out_the_caret_and_the_line_it_goes_into():
    """'the US' written just above a typed line, its caret's point touching the note and its
    feet reaching down between THE and FIFTH, which OCR did not read (it runs note, caret
    and words into one word of no confidence): the note's box ends where the typed line's
    letters begin (a quarter of a line into its strip at most), not at the caret's feet."""
    from analysis.ink import Page
    from tests.test_analysis_shapes import _typed_page
    img, words = _typed_page()
    line = [w for w in words if w.line == 5]
    a, b = line[3], line[4]
    y, gap = a.bbox[1], (a.bbox[2] + b.bbox[0]) // 2
    cv2.putText(img, "the US", (gap - 70, y - 14), cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, 1.3, 30, 3)
    cv2.polylines(img, [np.array([[gap - 16, y + 32], [gap, y - 12], [gap + 16, y + 32]], np.int32)], False, 30, 3)
    notes = hand.insertions_between_lines(Page(img, words=[w for w in words if w not in (a, b)]), [])
    assert len(notes) == 1, notes
    x0, y0, x1, y1 = notes[0].bbox
    assert y0 < y - 30 and y - 10 < y1 <= y + 8 and x0 < gap - 60 and x1 > gap + 30, (notes[0].bbox, y, gap)


def test_figures_and_capitals_read_surely_alone_on_their_line_are_print():
    """Print OCR read all but certainly, standing alone between the lines, where the letters'
    shape does not tell it from a neat hand: the record number "13-00000" at the head of
    104-10012-10070 p2 (in a face of its own), the release date "01/19/96" on 104-10326-10060
    p1 and the typed "9/19/75" on DOCID-32989794 p30 (their slashes lean as a hand does).
    So is a label printed in brackets, "(Priority)" in italics on an FBI airtel form
    (DOCID-32989794 p9, p30; on p13 with specks of the form's rule at its ends, which are no
    letters of it and do not lessen the share of it read as print). The page number "29"
    written neatly at the foot of docid-34529191 p2, read as surely, is two figures, and stays
    a note."""
    for stem, page, box in (("104-10012-10070", 2, [5, 9, 203, 45]), ("104-10326-10060", 1, [802, 1186, 1032, 1229]),
                            ("DOCID-32989794", 30, [1430, 397, 1632, 440]), ("DOCID-32989794", 9, [1295, 634, 1447, 670]),
                            ("DOCID-32989794", 30, [1284, 668, 1438, 705]), ("DOCID-32989794", 13, [1259, 665, 1411, 702])):
        found, _ = _scan(stem, page)
        assert not any(overlap(b, box) > 0.5 or overlap(box, b) > 0.5 for b in found), (stem, page, found)
    assert _found("docid-34529191", 2, "29")


def test_small_upright_marks_off_their_line_are_print_not_a_note():
    """Print OCR did not read, a line tall, upright, its letters' feet worn off one line (a
    form's label on a speckled copy: "Järnvägsgatan 24." on 104-10001-10034 p2, a word of
    small type on DOCID-32989794 p28): no note, whose letters lean or run together at that
    size. The same letters leaning as a hand's do, between the same lines, are one."""
    from analysis.ink import Page
    from tests.test_analysis_shapes import _typed_page

    def page_with(lean: float):
        img, words = _typed_page()
        y = 300 + 5 * 70 + 56              # in the margin, between typed lines 5 and 6
        for i, ch in enumerate("ROOM NO 24"):
            if ch != " ":
                foot = y + (0, 5, -4, 6, -3, 5, -5, 4, -4, 3)[i]
                patch = np.zeros((60, 40), np.uint8)
                cv2.putText(patch, ch, (6, 44), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 255, 2)
                m = np.float32([[1, -lean, lean * 30], [0, 1, 0]])       # leaning right by LEAN
                patch = cv2.warpAffine(patch, m, (40, 60))
                x = 1650 + 28 * i
                img[foot - 44:foot + 16, x:x + 40] = np.minimum(img[foot - 44:foot + 16, x:x + 40], 255 - patch * 0.85)
        return Page(img, words=words), [1650, y - 30, 1650 + 28 * 10 + 10, y + 8]

    page, area = page_with(0.0)
    assert not [r for r in hand.insertions_between_lines(page, []) if overlap(r.bbox, area) > 0.3], area
    page, area = page_with(0.4)
    assert [r for r in hand.insertions_between_lines(page, []) if overlap(r.bbox, area) > 0.3], area
    found, _ = _scan("104-10001-10034", 2)
    assert not any(overlap(b, [1209, 3515, 1626, 3561]) > 0.5 for b in found), found


def test_a_pen_line_drawn_across_the_typing_is_no_note():
    """A long straight pen line drawn aslant across five typed lines (a reader's slash
    through a passage, DOCID-32989794 p3 and p5) leaves a straight piece between each two
    lines: no note. Letters written there spread across their line, and stay notes."""
    from analysis.ink import Page
    from tests.test_analysis_shapes import _typed_page
    img, words = _typed_page()
    cv2.line(img, (300, 400), (900, 700), 20, 4)
    found = hand.insertions_between_lines(Page(img, words=words), [])
    assert not [r.bbox for r in found if r.bbox[0] < 1300 and r.bbox[2] > 300 and 380 < r.bbox[1] < 720], found
    for stem, page, slash in (("DOCID-32989794", 3, [229, 746, 341, 830]), ("DOCID-32989794", 5, [418, 676, 480, 742])):
        got, _ = _scan(stem, page)
        assert not any(iou(b, slash) >= 0.3 for b in got), (page, got)


def test_a_rules_piece_between_the_lines_is_no_note():
    """A piece of a form's rule four lines long and a fifth of a line wide (the foot of a
    box's side, 104-10001-10034 p2, too short to be taken out as a rule): no note, whose
    strokes, however thin, make letters wider than that."""
    from analysis.ink import Page
    from tests.test_analysis_shapes import _typed_page
    img, words = _typed_page()
    x, y = 1700, 300 + 5 * 70 + 40                     # in the margin, from line 5 down
    cv2.rectangle(img, (x, y), (x + 6, y + 4 * 32), 30, -1)
    cv2.rectangle(img, (x + 10, y), (x + 70, y + 2), 30, -1)    # the box's top, worn apart from it
    notes = hand.insertions_between_lines(Page(img, words=words), [])
    assert not [r for r in notes if overlap(r.bbox, [x - 10, y - 10, x + 70, y + 140]) > 0.3], notes
    found, _ = _scan("104-10001-10034", 2)
    assert not any(overlap(b, [798, 174, 805, 310]) > 0.5 for b in found), found


def _squeezed_note(text: str = "had"):
    """A typed page with TEXT written into the narrow gap above the seventh typed line, its
    letters running into the line above's, going in at a caret between MEETING and WAS; both
    in the pen's ink, darker than the typing's; its words 14 pixels apart (as dev-c's hand
    spaces them, wider than the font's space). The note's box."""
    from tests.test_analysis_shapes import _typed_page
    img, words = _typed_page()
    y = 300 + 6 * 70                                # the seventh typed line: its words' top
    note = np.zeros_like(img)
    x = 462
    for word in text.split():
        cv2.putText(note, word, (x, y - 18), cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, 1.1, 255, 3)
        x += cv2.getTextSize(word, cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, 1.1, 3)[0][0] + 14
    img[note > 0] = 0
    cv2.polylines(img, [np.array([[487, y + 32], [499, y + 6], [511, y + 32]], np.int32)], False, 0, 3)
    ys, xs = np.nonzero(note)
    return img, words, [int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1]


def test_a_note_squeezed_in_over_its_caret_is_found_by_the_pens_ink():
    """The joining of the note ink finds nothing of 'had' (its letters run into the typed
    line above); over its caret, the pen's darker ink is the note. On a bilevel scan, where
    all ink is black, the pen is not told from the typing: nothing is looked for so."""
    from analysis import hand_carets
    from analysis.detect import analyze_image
    from analysis.ink import Page
    img, words, note = _squeezed_note()
    found = [r for r in analyze_image(img, 1, words).regions if r.kind == "insertion"]
    assert len(found) == 1 and iou(found[0].bbox, note) >= 0.5, (found, note)
    bilevel = np.where(img < 128, 0, 255).astype(np.uint8)
    assert hand_carets.squeezed(Page(bilevel, words=words), []) == []


def test_a_note_boxed_with_the_typed_word_above_it_gives_way_to_the_pens_note(tmp_path):
    """A generated reel in dev-c's style (bench_analysis, seed 8, single-spaced grey typing):
    'observers' is squeezed in over the struck 'inspectors', its letters run into the typed
    'would' above; the joining of the note ink boxes the two together, a box mostly of the
    typing's grey. Over the struck word the pen's darker ink is the note, and takes its
    place."""
    from analysis.detect import analyze_image
    from tests.labelled import generated_marks_frame
    img, words, label = generated_marks_frame(tmp_path, "insertion", "observers", 30, seed=8, noise=0.75,
                                              typeface="courier", pitch=12, hand="scriptc", skew=2.5, spacing=1)
    found = [r.bbox for r in analyze_image(img, 2, words).regions if r.kind == "insertion"]
    assert any(iou(b, label) >= 0.5 for b in found), (found, label)
    assert not [b for b in found if 0 < iou(b, label) < 0.5], (found, label)


def test_a_squeezed_notes_words_are_one_note_and_a_typed_words_dark_cores_none():
    """'held back' squeezed over the struck WAS is one note, both its words (dev-c p24's 'at
    once'); and over a struck word, a typed word above whose strokes' cores are darker than
    the typing's (a ribbon struck hard, dev-c p20's 'September') is no note: its box is
    mostly the typing's grey."""
    from analysis import hand_carets
    from analysis.ink import Page
    from analysis.regions import Region
    img, words, note = _squeezed_note("held back")
    y = 300 + 6 * 70
    cv2.line(img, (512, y + 18), (590, y + 16), 0, 3)
    found = hand_carets.squeezed(Page(img, words=words), [Region("deletion", [512, y, 590, y + 32])])
    assert len(found) == 1 and iou(found[0], note) >= 0.5, (found, note)

    from tests.test_analysis_shapes import _typed_page
    img, words = _typed_page()
    img[y - 70:y - 20, 600:800] = 235               # a single-spaced line's word just above,
    typed = np.zeros_like(img)                      # grey, with a dark speck in every fourth
    for ci, ch in enumerate("REPORT"):              # stroke pixel (a quarter of its ink)
        cv2.putText(typed, ch, (616 + ci * 26, y - 12), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 255, 3)
    ys, xs = np.nonzero(typed)
    img[ys, xs] = 30
    dark = (xs // 2 + ys // 2) % 4 == 0
    img[ys[dark], xs[dark]] = 0
    struck = [600, y, 800, y + 32]
    cv2.line(img, (600, y + 18), (800, y + 16), 0, 3)
    assert hand_carets.squeezed(Page(img, words=words), [Region("deletion", struck)]) == []


def test_a_forms_label_before_its_blank_is_no_note_but_a_name_written_on_one_is():
    """DOCID-32989794's teletype form prints "Via" in a face OCR reads nothing of, its blank
    ruled on from just after it at its foot (pages 8, 9 and 14): a label, no note. What is
    written into a blank lies over its rule: a note still."""
    from analysis.ink import Page
    from tests.test_analysis_shapes import _typed_page
    for page, via in ((8, [117, 612, 181, 644]), (9, [111, 598, 176, 630]), (14, [108, 649, 172, 682])):
        found, _ = _scan("DOCID-32989794", page)
        assert not any(iou(b, via) >= 0.3 for b in found), (page, found)
    img, words = _typed_page()
    y = 300 + 5 * 70 + 62                           # in the margin, a blank with a name on it
    cv2.line(img, (1650, y), (2400, y), 30, 3)
    note = np.zeros_like(img)
    cv2.putText(note, "Hoover", (1760, y - 6), cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, 1.4, 255, 3)
    img[note > 0] = 0
    ys, xs = np.nonzero(note)
    box = [int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1]
    notes = hand.insertions_between_lines(Page(img, words=words), [])
    assert any(iou(r.bbox, box) >= 0.5 for r in notes), (notes, box)
