"""The detector run on a hand-labelled real page (tests/data/scan-labels), for tests that ask
whether one labelled mark is found. Each page is analysed once a test process."""
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
