"""Marks found on the scan: on the sample reel's first frame (two review stamps and
their check boxes), through the analyze verb, and drawn over the facsimile."""
import json
import os
import subprocess
import sys

import numpy as np

from analysis.detect import analyze_image
from analysis.regions import FrameAnalysis, Region
from reel import open_reel
from tests.conftest import ROOT
from tests.qtwindow import open_and_wait, render_pool, window  # noqa: F401 (fixtures)

SAMPLE = ROOT / "resources" / "sample-reel.pdf"


def _iou(a, b):
    x0, y0, x1, y1 = max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])
    inter = max(0, x1 - x0) * max(0, y1 - y0)
    return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter)


def test_stamps_and_check_boxes_against_the_ground_truth():
    truth = json.loads((ROOT / "resources" / "sample-reel.truth.json").read_text())["frames"][0]
    found = analyze_image(open_reel(SAMPLE).render(1), 1)
    stamps = [r for r in found.regions if r.kind == "stamp"]
    for want in (r for r in truth["regions"] if r["kind"] == "stamp"):
        assert any(_iou(s.bbox, want["bbox"]) >= 0.5 for s in stamps)
    boxes = [r for r in found.regions if r.kind == "checkbox"]
    want_boxes = [r for r in truth["regions"] if r["kind"] == "checkbox"]
    right = sum(any(_iou(b.bbox, w["bbox"]) >= 0.5 and b.checked == w["checked"] for b in boxes) for w in want_boxes)
    assert right >= 0.75 * len(want_boxes)


def test_analyze_verb(tmp_path):
    env = dict(os.environ, REEL_READER_LIBRARY=str(tmp_path / "lib.db"))
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "analyze", str(SAMPLE), "--frames", "1",
                             "--json"], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    frame = json.loads(result.stdout)["frames"][0]
    assert (frame["index"], frame["width"], frame["height"], frame["kind"]) == (1, 2550, 3300, "document")
    kinds = {r["kind"] for r in frame["regions"]}
    assert {"stamp", "checkbox"} <= kinds
    assert all(isinstance(r["checked"], bool) for r in frame["regions"] if r["kind"] == "checkbox")


def test_analyze_verb_recognises_a_frame_never_read_unless_told_not_to(tmp_path):
    """On a fresh library, ``analyze`` recognises the frame first (as the window does in the
    background): the handwriting it finds needs the words. The words stay in the library,
    searchable; with --no-ocr no Tesseract run happens and no insertion is found."""
    from library import Library

    def analyse(*extra):
        env = dict(os.environ, REEL_READER_LIBRARY=str(tmp_path / f"lib{len(extra)}.db"))
        result = subprocess.run([sys.executable, str(ROOT / "main.py"), "analyze", str(SAMPLE), "--frames", "3",
                                 "--json", *extra], capture_output=True, text=True, env=env, timeout=180)
        assert result.returncode == 0, result.stderr
        return {r["kind"] for r in json.loads(result.stdout)["frames"][0]["regions"]}, result.stderr

    kinds, err = analyse()
    assert "insertion" in kinds and "Recognising" in err, (kinds, err)
    assert Library.open(tmp_path / "lib0.db").search("Kuznetsov"), "the words were not indexed"
    kinds, err = analyse("--no-ocr")
    assert "insertion" not in kinds and "Recognising" not in err, (kinds, err)


def test_marks_drawn_and_toggled_in_the_window(qtbot, window):
    open_and_wait(qtbot, window, SAMPLE)
    overlays = window.facsimile.overlays
    qtbot.waitUntil(lambda: bool(overlays.boxes("analysis")), timeout=60000)
    stamps = [b for b in overlays.visible_boxes("analysis") if b.kind == "stamp"]
    assert stamps and stamps[0].tooltip.startswith("review stamp")
    window.features["analysis"].toggles["stamp"].setChecked(False)
    assert not [b for b in overlays.visible_boxes("analysis") if b.kind == "stamp"]
    assert [b for b in overlays.visible_boxes("analysis") if b.kind == "checkbox"]


MARKS = ROOT / "bench" / "data" / "analysis-marks.md"


def _generated_frames(tmp_path_factory):
    """A reel of bench/data/analysis-marks.md made with another seed, face, hand and noise
    than the sample reel, and its ground truth."""
    from reelgen import Style, make_reel
    out = tmp_path_factory.mktemp("marks") / "marks.pdf"
    make_reel([MARKS], out, Style(seed=5, noise=0.4, typeface="courier", pitch=10, hand="futural", skew=1.5),
              quality=50, jobs=1)
    truth = json.loads(out.with_suffix(".truth.json").read_text())
    reel = open_reel(out)
    return [(analyze_image(reel.render(f["index"]), f["index"]), f) for f in truth["frames"]]


def test_shapes_on_a_generated_reel_against_its_ground_truth(tmp_path_factory):
    from bench.analysis_score import Score
    score = Score()
    for found, frame in _generated_frames(tmp_path_factory):
        wanted = [r for r in frame["regions"] if r["kind"] in ("redaction", "stamp", "checkbox", "classification")]
        score.add([r.to_json() for r in found.regions if r.kind in ("redaction", "stamp", "checkbox")], wanted)
    assert score.tp["redaction"] >= 5
    assert score.precision("redaction") >= 0.8 and score.recall("redaction") >= 0.7, score.rows()
    assert score.recall("stamp") == 1.0 and score.precision("stamp") >= 0.6, score.rows()
    assert score.recall("checkbox") >= 0.5 and score.precision("checkbox") >= 0.5, score.rows()


def test_xouts_from_tesseracts_readings_of_typed_xs():
    from analysis.strikes import is_xout
    for misread in ("XXHKKMEMMH", "MXXMKXKMM", "KMMEMXXMHXENX", "X¥XWKEMK", "XXXXXXXXXX"):
        assert is_xout(misread), misread
    for word in ("KENNEDY", "MEXICO", "WHEN", "Moscow", "XX", "Mr."):
        assert not is_xout(word), word


def test_the_bench_counts_a_note_found_in_pieces_by_place_not_by_box():
    """bench.analysis_score: a labelled note found as two pieces (neither at IoU 0.5) misses by
    box, but both pieces are in the right place and the note is found by place; a mark found
    where nothing is labelled is wrong either way."""
    from bench.analysis_score import Score
    score = Score()
    note = {"kind": "insertion", "bbox": [100, 100, 500, 140]}
    pieces = [{"kind": "insertion", "bbox": [100, 100, 260, 140]}, {"kind": "insertion", "bbox": [320, 100, 500, 140]}]
    stray = {"kind": "insertion", "bbox": [100, 600, 200, 640]}
    score.add(pieces + [stray], [note])
    assert (score.tp["insertion"], score.fp["insertion"], score.fn["insertion"]) == (0, 3, 1)
    assert score.placed("insertion") == (2 / 3, 1.0)
    assert score.placed("stamp") == (None, None)
    total = Score()
    total.merge(score)
    total.merge(score)
    assert total.placed("insertion") == (2 / 3, 1.0) and total.fp["insertion"] == 6


def test_a_regions_numpy_numbers_are_stored_as_plain_json():
    """A detector's box may hold numpy integers and its flags numpy booleans: the result
    cached in the library is JSON all the same, and reads back equal."""
    r = Region("checkbox", [np.int64(3), np.int32(4), np.int64(30), 40], checked=np.bool_(True))
    fa = FrameAnalysis(1, "document", 100, 100, [r])
    back = FrameAnalysis.from_json(json.loads(json.dumps(fa.to_json())))
    assert back.regions[0].bbox == [3, 4, 30, 40] and back.regions[0].checked is True
