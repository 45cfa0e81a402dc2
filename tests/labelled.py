"""The detector run on a hand-labelled real page (tests/data/scan-labels), for tests that ask
whether one labelled mark is found. Each page is analysed once a test process. And a frame
of the generator's marks memorandum in a bench reel's style, with its truth."""
import functools

import pytest

from analysis.ink import iou


@functools.lru_cache(maxsize=None)
def frame_analysis(stem: str, page: int):
    """(FrameAnalysis, labelled frame) of labelled page PAGE of corpus scan STEM, the detector
    given the OCR words stored beside the labels."""
    from tests.conftest import CORPUS
    if not CORPUS.is_dir():
        pytest.fail(f"the shared corpus is missing at {CORPUS}")
    from analysis.detect import analyze_image
    from bench.scan_labels import load_labels, ocr_words
    from reel import open_reel
    for pdf, frame in load_labels():
        if pdf.stem == stem and frame["index"] == page:
            return analyze_image(open_reel(pdf).render(page), page, ocr_words(pdf, page)), frame
    raise LookupError((stem, page))


def analysed(stem: str, page: int):
    """(regions found, labelled regions) on the page (``frame_analysis``)."""
    fa, frame = frame_analysis(stem, page)
    return fa.regions, frame["regions"]


def boxes(stem: str, page: int, kind: str):
    """(boxes of KIND found, {label text: box} of KIND labelled) on the page."""
    found, labels = analysed(stem, page)
    return ([r.bbox for r in found if r.kind == kind],
            {r["text"]: r["bbox"] for r in labels if r["kind"] == kind})


def found(stem: str, page: int, kind: str, text: str) -> bool:
    """The labelled mark of KIND named TEXT is found (IoU 0.5 or more)."""
    got, labels = boxes(stem, page, kind)
    return any(iou(b, labels[text]) >= 0.5 for b in got)


def generated_marks_frame(tmp_path, kind: str, text: str, quality: int, **style):
    """(image, OCR words, box of the KIND mark reading TEXT) of frame 2 of
    bench/data/analysis-marks.md made by the generator in STYLE (``reelgen.Style``'s
    arguments, as bench_analysis makes its reels), read by Tesseract."""
    import json
    from pathlib import Path
    from ocr.runner import run_ocr
    from reel import open_reel
    from reelgen import Style, make_reel
    pdf = tmp_path / "marks.pdf"
    make_reel([Path(__file__).parent.parent / "bench" / "data" / "analysis-marks.md"], pdf, Style(**style),
              quality=quality, jobs=1)
    truth = json.loads(pdf.with_suffix(".truth.json").read_text())
    frame = next(f for f in truth["frames"] if f["index"] == 2)
    label = next(r["bbox"] for r in frame["regions"] if r["kind"] == kind and r.get("text") == text)
    reel = open_reel(pdf)
    return reel.render(2), run_ocr(reel, [2], jobs=1)[2].words, label
