"""Hand-made ground truth for the mark detector on real scanned pages (issue 7).

The labels live in tests/data/scan-labels/<pdf-stem>.json (see the README there); the scans they describe
live in the shared corpus beside the checkout, ../shared/corpus/scans.
"""
from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "tests" / "data" / "scan-labels"
# pages labelled apart, never looked at while tuning the detector (measured once, for v15; the first
# two such sets, measured once each, for v13 and v14, have since been tuned on and joined LABELS)
HELD_OUT = ROOT / "tests" / "data" / "scan-labels-heldout-3"
# ... and the fifth set, measured once, blind, for v20 (the fourth, measured for v17, joined LABELS):
# the last unlabelled pages of the corpus worth taking, all their marks check boxes
HELD_OUT_5 = ROOT / "tests" / "data" / "scan-labels-heldout-5"
SCANS = ROOT.parent / "shared" / "corpus" / "scans"

KINDS = ("redaction", "stamp", "checkbox", "classification", "deletion", "insertion", "xout")


def label_files(labels: Path = LABELS) -> list[Path]:
    return sorted(labels.glob("*.json"))


def load_labels(labels: Path = LABELS, scans: Path = SCANS) -> list[tuple[Path, dict]]:
    """Every labelled frame as (path of the source PDF, frame dict), in file then page order.

    A frame dict holds index (1-based page), width, height (of the 300-dpi rendering), kind, regions, notes;
    each region has kind, bbox [x0, y0, x1, y1] (pixels at 300 dpi, x1/y1 exclusive), text, and
    checked (checkbox) or struck (classification)."""
    out = []
    for path in label_files(labels):
        data = json.loads(path.read_text(encoding="utf-8"))
        pdf = scans / data["source"]
        for frame in data["frames"]:
            out.append((pdf, frame))
    return out


OCR = LABELS / "ocr"


def ocr_words(pdf: Path, index: int, ocr_dir: Path = OCR) -> list:
    """The OCR words of labelled page INDEX of PDF, as Tesseract read them when the labels
    were checked against the detector, stored beside the labels (ocr/<pdf-stem>-p<n>.json):
    the detector's figures on real scans then do not move with the Tesseract installed, and
    the test needs no OCR run. Made (with the app's OCR settings) when missing."""
    from ocr.engine import FrameOcr
    path = ocr_dir / f"{pdf.stem}-p{index}.json"
    if path.is_file():
        return FrameOcr.from_json(json.loads(path.read_text(encoding="utf-8"))).words
    from ocr.runner import run_ocr
    from reel import open_reel
    frame = run_ocr(open_reel(pdf), [index], jobs=1)[index]
    ocr_dir.mkdir(parents=True, exist_ok=True)
    data = frame.to_json()
    # a word a line keeps the file readable in a diff
    words = ",\n".join(json.dumps(w, separators=(",", ":")) for w in data.pop("words"))
    head = json.dumps(data, separators=(",", ":"))[:-1]
    path.write_text(f'{head},"words":[\n{words}\n]}}\n', encoding="utf-8")
    return frame.words
