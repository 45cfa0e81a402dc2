"""Generated reels opened back with the real reel reader: pages, sizes, and ground-truth
boxes that fall on the ink they describe."""
import json

import numpy as np
import pymupdf
import pytest

from reel import open_reel
from reelgen import Style, make_reel
from reelgen.specimens import ONE_FRAME, REEL
from transcript.frames import FRAME_MARKER_RE

STYLE = Style(seed=11, noise=0.5, skew=0.8)


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    d = tmp_path_factory.mktemp("small")
    out = d / "one.pdf"
    make_reel([("one.md", ONE_FRAME)], out, STYLE, jobs=1)
    truth = json.loads(out.with_name("one.truth.json").read_text(encoding="utf-8"))
    reel = open_reel(out)
    yield out, truth, reel
    reel.close()


@pytest.fixture(scope="module")
def reel6(tmp_path_factory):
    d = tmp_path_factory.mktemp("reel6")
    out = d / "six.pdf"
    make_reel([("six.md", REEL)], out, Style(seed=5, noise=0.7, typeface="courier-bold", pitch=10,
                                             hand="scripts", skew=1.2), jobs=2)
    return out, json.loads(out.with_name("six.truth.json").read_text(encoding="utf-8"))


def _dark(img: np.ndarray) -> np.ndarray:
    """Ink: pixels well below the frame's paper tone."""
    paper = np.percentile(img, 75)
    return img < paper - 60


def _region(mask, box):
    x0, y0, x1, y1 = box
    return mask[y0:y1, x0:x1]


def _longest_run(row: np.ndarray) -> int:
    best = cur = 0
    for v in row:
        cur = cur + 1 if v else 0
        best = max(best, cur)
    return best


def _strike_run(mask, box) -> float:
    """Longest horizontal dark run in ``box``, as a share of its width; rows are merged
    in threes so a line drawn at a slant still counts as one run."""
    r = _region(mask, box).astype(np.uint8)
    merged = np.maximum(np.maximum(r[:-2], r[1:-1]), r[2:]) if len(r) > 2 else r
    return max(_longest_run(row) for row in merged) / max(1, r.shape[1])


def test_pdf_has_one_image_page_per_frame_at_300_dpi(reel6):
    out, truth = reel6
    assert truth["frame_count"] == 6 == len(truth["frames"])
    doc = pymupdf.open(out)
    assert doc.page_count == 6
    for page in doc:
        assert page.get_text().strip() == ""            # image-only, like a scan
        assert len(page.get_images()) == 1
    reel = open_reel(out)
    assert len(reel) == 6
    for f in truth["frames"]:
        assert reel.frame_size(f["index"]) == (f["width"], f["height"]) == (2550, 3300)
    assert [f["kind"] for f in truth["frames"]] == ["document", "document", "target", "title",
                                                    "finding-aid", "document"]
    reel.close()


def test_every_box_is_inside_its_frame_and_every_word_is_on_ink(reel6):
    out, truth = reel6
    reel = open_reel(out)
    for f in truth["frames"]:
        mask = _dark(reel.render(f["index"]))
        assert f["words"], f"frame {f['index']} has no words"
        for item in f["words"] + f["regions"]:
            x0, y0, x1, y1 = item["bbox"]
            assert 0 <= x0 < x1 <= f["width"] and 0 <= y0 < y1 <= f["height"], item
        for w in f["words"]:
            assert _region(mask, w["bbox"]).mean() > 0.04, w
    reel.close()


def test_word_spans_point_at_their_text_in_the_written_transcript(reel6, small):
    for out, truth in (reel6, small[:2]):
        md = out.with_suffix(".md").read_text(encoding="utf-8")
        for f in truth["frames"]:
            a, b = f["text_span"]
            for w in f["words"]:
                s, e = w["span"]
                assert a <= s < e <= b
                if w["style"] in ("typed", "print") and not w.get("xout"):
                    # The word's first and last characters are where the span says.
                    assert md[s] == w["text"][0] and md[e - 1] == w["text"][-1], (w, md[s:e])


def test_small_reel_has_every_kind_of_region(small):
    _, truth, _ = small
    (f,) = truth["frames"]
    kinds = {r["kind"] for r in f["regions"]}
    assert kinds == {"stamp", "checkbox", "classification", "deletion", "insertion",
                     "correction", "xout", "redaction"}
    boxes = [r for r in f["regions"] if r["kind"] == "checkbox"]
    assert sorted(b["checked"] for b in boxes) == [False, False, True, True]
    marks = {r["text"]: r["struck"] for r in f["regions"] if r["kind"] == "classification"}
    assert marks == {"SECRET": True, "CONFIDENTIAL": True}
    corr = {r["deleted"]: r["inserted"] for r in f["regions"] if r["kind"] == "correction"}
    assert corr == {"the": "a", "clear": "clearer", "subsequent": "further"}
    reds = [r for r in f["regions"] if r["kind"] == "redaction"]
    assert sorted(str(r["code"]) for r in reds) == ["(b)(1)", "None", "None"]


def test_marks_are_where_the_truth_says(small):
    _, truth, reel = small
    (f,) = truth["frames"]
    img = reel.render(1)
    mask = _dark(img)
    by = lambda k: [r for r in f["regions"] if r["kind"] == k]  # noqa: E731

    pen = [r for r in by("deletion") if r["strike"] == "pen"]
    assert pen
    for r in pen:   # a struck word carries a line nearly as long as the word
        assert _strike_run(mask, r["bbox"]) > 0.6, r
    struck = [w for w in f["words"] if w.get("struck")]
    plain = [w for w in f["words"] if w["style"] == "typed" and not w.get("struck")
             and not w.get("xout") and len(w["text"]) >= 6]
    assert plain and max(_strike_run(mask, w["bbox"]) for w in plain) < 0.5   # ... and unstruck words do not
    assert struck

    for r in by("classification"):   # struck markings too
        assert _strike_run(mask, r["bbox"]) > 0.6, r

    for r in by("redaction"):
        if r["code"] is None:
            assert _region(mask, r["bbox"]).mean() > 0.85, r
    for r in by("xout"):
        assert _region(mask, r["bbox"]).mean() > 0.2, r
    for r in by("insertion"):
        assert _region(mask, r["bbox"]).mean() > 0.04, r

    def inside(b):  # the middle of a box, away from its printed edges
        x0, y0, x1, y1 = b
        dx, dy = (x1 - x0) // 4, (y1 - y0) // 4
        return [x0 + dx, y0 + dy, x1 - dx, y1 - dy]

    ticked = [_region(mask, inside(r["bbox"])).mean() for r in by("checkbox") if r["checked"]]
    empty = [_region(mask, inside(r["bbox"])).mean() for r in by("checkbox") if not r["checked"]]
    assert min(ticked) > 0.08 and max(empty) < 0.05, (ticked, empty)
    for r in by("checkbox"):   # and each box is printed: its edges are dark
        x0, y0, x1, y1 = r["bbox"]
        assert _region(mask, [x0, y0, x1, y1]).mean() > 0.15
    (stamp,) = by("stamp")
    sx0, sy0, sx1, sy1 = stamp["bbox"]
    for r in by("checkbox"):
        x0, y0, x1, y1 = r["bbox"]
        assert sx0 <= x0 and sy0 <= y0 and x1 <= sx1 and y1 <= sy1


def test_same_seed_same_reel_other_seed_other_reel(tmp_path, small):
    out, truth, _ = small
    again = tmp_path / "again.pdf"
    make_reel([("one.md", ONE_FRAME)], again, STYLE, jobs=1)
    assert again.read_bytes() == out.read_bytes()
    assert json.loads(again.with_name("again.truth.json").read_text())["frames"] == truth["frames"]
    assert again.with_suffix(".md").read_bytes() == out.with_suffix(".md").read_bytes()
    other = tmp_path / "other.pdf"
    make_reel([("one.md", ONE_FRAME)], other, Style(seed=12, noise=0.5), jobs=1)
    assert json.loads(other.with_name("other.truth.json").read_text())["frames"] != truth["frames"]


def test_written_transcript_is_the_source_with_markers(small, reel6):
    for (out, *_), source in ((small, ONE_FRAME), (reel6, REEL)):
        md = out.with_suffix(".md").read_text(encoding="utf-8")
        assert FRAME_MARKER_RE.sub("", md) == source
        assert md.startswith("<!-- frame 1 -->\n")


def test_long_reel_cycles_frames_with_distinct_bytes_and_moved_truth(tmp_path):
    out = tmp_path / "long.pdf"
    make_reel([("one.md", ONE_FRAME)], out, STYLE, frames=3, jobs=1)
    truth = json.loads(out.with_name("long.truth.json").read_text())
    assert [f["index"] for f in truth["frames"]] == [1, 2, 3]
    reel = open_reel(out)
    assert len(reel) == 3
    assert len({reel.frame_digest(n) for n in (1, 2, 3)}) == 3
    md = out.with_suffix(".md").read_text(encoding="utf-8")
    assert FRAME_MARKER_RE.sub("", md) == ONE_FRAME * 3
    for f in truth["frames"]:
        mask = _dark(reel.render(f["index"]))
        a, b = f["text_span"]
        assert md[a:b] == ONE_FRAME
        for w in f["words"]:
            if not w.get("unclear"):
                assert _region(mask, w["bbox"]).mean() > 0.04, (f["index"], w)
        assert len(f["regions"]) == len(truth["frames"][0]["regions"])
    reel.close()


def test_every_redaction_and_marking_of_the_withheld_specimen_is_drawn(tmp_path):
    from reelgen.specimens import WITHHELD_TEXT
    from transcript.markup import parse

    out = tmp_path / "w.pdf"
    make_reel([("withheld.md", WITHHELD_TEXT)], out, Style(seed=21, noise=0.3), jobs=1)
    truth = json.loads(out.with_name("w.truth.json").read_text())
    regions = [r for f in truth["frames"] for r in f["regions"]]
    counts = parse(WITHHELD_TEXT).counts()
    assert sum(r["kind"] == "redaction" for r in regions) == counts["redaction"] == 20
    assert sum(r["kind"] == "checkbox" for r in regions) == counts["checkbox"]
    marks = [(r["text"], r["struck"]) for r in regions if r["kind"] == "classification"]
    assert sorted(marks) == [("SECRET", False), ("SECRET", True), ("TOP SECRET", False),
                             ("TOP SECRET", False)]
    reel = open_reel(out)
    for f in truth["frames"]:
        mask = _dark(reel.render(f["index"]))
        for r in f["regions"]:
            if r["kind"] == "redaction" and r["code"] is None:
                assert _region(mask, r["bbox"]).mean() > 0.85, r
            if r["kind"] == "classification" and not r["struck"]:
                assert _strike_run(mask, r["bbox"]) < 0.5, r   # not struck: no line through it
    reel.close()


def test_pdf_writer_saves_in_chunks_and_stays_deterministic(tmp_path):
    from reelgen.pdfout import PdfReelWriter

    rng = np.random.default_rng(0)
    pages = [rng.integers(100, 220, (330, 255), dtype=np.uint8) for _ in range(5)]
    outs = []
    for name in ("a.pdf", "b.pdf"):
        w = PdfReelWriter(tmp_path / name, chunk=2)
        for img in pages:
            w.add(img)
        w.close()
        outs.append((tmp_path / name).read_bytes())
    assert outs[0] == outs[1]
    assert not list(tmp_path.glob("*.part"))
    reel = open_reel(tmp_path / "a.pdf")
    assert len(reel) == 5 and reel.frame_size(5) == (255, 330)
    assert abs(int(reel.render(4).mean()) - int(pages[3].mean())) <= 2
    reel.close()


@pytest.mark.parametrize("face,pitch", [("courier", 12), ("courier-bold", 10)])
def test_a_word_typed_over_with_hyphens_shows_a_bar_through_its_letters_middle(face, pitch):
    """Courier's own hyphen sits in the x-height's top third, where typed over a word it runs
    into the letters' tops and is lost once filmed: the truth would call a word struck that no
    reader could see was. Typed over to strike out, its bar runs through the letters' middle,
    across the counters of a word with no middle strokes of its own ("nun")."""
    from reelgen.canvas import Canvas
    from reelgen.typewriter import Typewriter

    def middle_row(struck: bool) -> float:
        rng = np.random.default_rng(5)
        tw = Typewriter(rng, face=face, pitch=pitch)
        canvas, base = Canvas(200, 80), 60
        tw.type(canvas, rng, 10, base, "nun")
        if struck:
            for col in range(3):
                tw.strike_out(canvas, rng, 10 + col * tw.advance, base)
        y = int(round(base - tw.x_height / 2))
        rows = canvas.ink[y - 2:y + 3, 12:int(8 + 3 * tw.advance)] > 0.3
        return float(rows.mean(axis=1).max())     # the middle rows' most inked

    assert middle_row(struck=False) < 0.65 and middle_row(struck=True) > 0.8
