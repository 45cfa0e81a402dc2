"""The hand-made scan labels (tests/data/scan-labels, the held-out scan-labels-heldout-3 and
scan-labels-heldout-5) are well-formed and the tuned-on ones cover every kind of mark,
and the detector meets a floor of precision and recall on the tuned-on ones, kind by kind (with the OCR words stored beside the labels, so that
the figures do not move with the Tesseract installed)."""
import json
from collections import Counter

import pytest

from bench.scan_labels import HELD_OUT, KINDS, LABELS, HELD_OUT_5, label_files, load_labels

# the labelled pages are analysed once a module, in the first test that asks for the score:
# a few minutes on two cores, more where the machine is shared (the suite's 300 s a test
# would cut it off there)
pytestmark = pytest.mark.timeout(900)

FRAME_KEYS = {"index", "width", "height", "kind", "regions", "notes"}


@pytest.fixture(params=[LABELS, HELD_OUT, HELD_OUT_5], ids=["tuned-on", "held-out", "held-out-5"])
def labels(request):
    """Every set of labels: the pages the detector was tuned on, and the two sets held out."""
    return request.param


def test_label_files_exist(labels):
    assert label_files(labels), f"no label files in {labels}"
    for path in label_files(labels):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["source"] == path.stem + ".pdf"
        assert data["dpi"] == 300
        assert data["frames"]


def test_regions_are_well_formed(labels):
    for pdf, frame in load_labels(labels):
        assert FRAME_KEYS <= frame.keys(), (pdf.name, frame.keys())
        for r in frame["regions"]:
            where = (pdf.name, frame["index"], r)
            assert r["kind"] in KINDS, where
            x0, y0, x1, y1 = r["bbox"]
            assert all(isinstance(v, int) for v in r["bbox"]), where
            assert 0 <= x0 < x1 <= frame["width"] and 0 <= y0 < y1 <= frame["height"], where
            if r["kind"] == "checkbox":
                assert isinstance(r.get("checked"), bool), where
            else:
                assert "checked" not in r, where
            if r["kind"] == "classification":
                assert isinstance(r.get("struck"), bool), where
            else:
                assert "struck" not in r, where


def test_frame_sizes_match_the_rendered_pages(corpus, labels):
    from reel import open_reel
    reels = {}
    for pdf, frame in load_labels(labels):
        assert pdf.is_file(), pdf
        reel = reels.setdefault(pdf, open_reel(pdf))
        h, w = reel.render(frame["index"]).shape[:2]
        assert (frame["width"], frame["height"]) == (w, h), (pdf.name, frame["index"])


def test_no_page_is_in_two_sets_of_labels():
    sets = [{(pdf.name, f["index"]) for pdf, f in load_labels(d)} for d in (LABELS, HELD_OUT, HELD_OUT_5)]
    assert all(sets)
    for i, a in enumerate(sets):
        for b in sets[i + 1:]:
            assert not a & b, a & b


def _counts():
    return Counter(r["kind"] for _, frame in load_labels() for r in frame["regions"])


def test_every_kind_but_xouts_has_at_least_three_instances():
    short = {k: n for k in KINDS if k != "xout" and (n := _counts()[k]) < 3}
    assert not short, short


@pytest.mark.xfail(strict=True, reason="the corpus holds one typed x-out (a teletype operator's XXX after the "
                   "letters it cancels, DOCID-32989794 p4): no page types X's over words (two labellers looked, "
                   "see tests/data/scan-labels/README.md); real x-outs are measured on the generated reels only")
def test_xouts_have_at_least_three_instances():
    assert _counts()["xout"] >= 3


def _score(labels):
    """The detector's score on every page labelled in LABELS (bench/analysis_score.Score)."""
    from tests.conftest import CORPUS
    if not CORPUS.is_dir():
        pytest.fail(f"the shared corpus is missing at {CORPUS}")
    from analysis.detect import analyze_image
    from bench.analysis_score import Score
    from bench.scan_labels import ocr_words
    from reel import open_reel
    score, reels = Score(), {}
    for pdf, frame in load_labels(labels):
        reel = reels.setdefault(pdf, open_reel(pdf))
        words = ocr_words(pdf, frame["index"], labels / "ocr")
        found = analyze_image(reel.render(frame["index"]), frame["index"], words)
        score.add([r.to_json() for r in found.regions], frame["regions"], f"{pdf.stem} p{frame['index']}")
    return score


@pytest.fixture(scope="module")
def scan_score():
    """The detector's score on the labelled real pages it was tuned on."""
    return _score(LABELS)


# (precision, recall) floors met on the 66 labelled real pages (50 of them held out until v13, v14,
# v15 or v17, where the detector did badly: tests/data/scan-labels/README-held-out-1.md, -2.md, -4.md,
# README.md). Check boxes and redactions meet the targets (0.9 / 0.9), markings its
# precision; the rest fall short, see docs/benchmarks.md.
FLOORS = {"classification": (0.9, 0.78), "redaction": (0.9, 0.9), "stamp": (0.75, 0.4),
          "checkbox": (0.95, 0.93), "insertion": (0.4, 0.21)}


@pytest.mark.parametrize("kind", sorted(FLOORS))
def test_detector_meets_its_floor_on_real_scans(scan_score, kind):
    p, r = scan_score.precision(kind), scan_score.recall(kind)
    want_p, want_r = FLOORS[kind]
    assert p is not None and p >= want_p and r >= want_r, (kind, p, r, scan_score.rows())


def test_few_wrong_marks_on_real_scans(scan_score):
    """Underlined form labels are no struck words, letters no check boxes, punched holes no
    redactions or struck words, a form's 'Secret' field, a speckled copy's type and a large
    initial written over a form's rule no marking, bold or bled type no strikes, nor is a form's
    rule through its large printed label or through a speckled copy's grain; the ID forms hold
    next to nothing to find, and their fields' values ("CLASSIFICATION : SECRET") are no
    markings. (The false stamps are a routing sheet's blocks of hand and print, a NOT RECORDED
    stamp boxed too large, the release banner boxed mid-page on an ID form; a clipping's
    headline and a column of a form's check boxes are none. Three came with the OCR reading
    the grainy copies, once it took their specks out: a form's printed heading over a grain
    bar, and two real stamps boxed in part, under the 0.5 IoU that counts; the FOIA review
    stamp, one of them, is now found whole from its words.)"""
    fp = scan_score.fp
    assert fp["redaction"] == 0 and fp["classification"] <= 2 and fp["checkbox"] <= 9, fp
    assert fp["stamp"] <= 7 and fp["deletion"] <= 1 and fp["xout"] == 0, fp
    wrong = [(where, reg["kind"]) for where, what, reg in scan_score.misses
             if what == "fp" and where in ("124-10180-10295 p1", "176-10011-10152 p1")]
    # (176-10011-10152 p1's one false note is a printed field label, TO:, OCR did not read)
    assert len(wrong) <= 1 and ("124-10180-10295 p1", "insertion") not in wrong, wrong


@pytest.mark.xfail(strict=True, reason="34 of 81 real stamps found: stamps crossed or run into by pen and print, "
                   "turned past 15 degrees or on their side, date stamps of uneven figures, faint impressions, "
                   "a routing sheet's stamps tangled with its hand entries")
def test_stamps_found_on_real_scans(scan_score):
    assert scan_score.recall("stamp") >= 0.5


@pytest.mark.xfail(strict=True, reason="handwriting on real scans is tangled with stamps, form rules and other notes "
                   "(joined into one box), written down the margin (split), or printed form numbers and speckle are "
                   "taken for notes (P 0.42, R 0.22 over 343 notes)")
def test_insertions_found_on_real_scans(scan_score):
    assert scan_score.precision("insertion") >= 0.5 and scan_score.recall("insertion") >= 0.5


@pytest.mark.xfail(strict=True, reason="on the held-out pages (scan-labels-heldout-3, measured once, for v15, on 17 "
                   "pages; three have since joined the tuned-on pages) the detector found 21 of 25 check boxes (1 false) "
                   "and 7 of 8 markings (docs/benchmarks.md, Detector v15): near the targets, not at them; on the 14 left, "
                   "9 of 9 boxes and 3 of 4 markings with v20. Never tune on these pages to make this pass: move "
                   "them to tests/data/scan-labels first")
def test_markings_and_check_boxes_found_on_held_out_real_scans():
    score = _score(HELD_OUT)
    for kind in ("classification", "checkbox"):
        assert (score.precision(kind) or 0) >= 0.9 and (score.recall(kind) or 0) >= 0.9, (kind, score.rows())
