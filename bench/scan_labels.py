"""Hand-made ground truth for the mark detector on real scanned pages (issue 7).

The labels live in tests/data/scan-labels/<pdf-stem>.json (see the README there); the scans they describe
live in the shared corpus beside the checkout, ../shared/corpus/scans.
"""
from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "tests" / "data" / "scan-labels"
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
