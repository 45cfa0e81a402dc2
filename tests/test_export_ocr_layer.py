"""The exported PDF's text layer comes from the transcript aligned to real OCR: a reel
that was only imported with its transcript is searchable, each word on its own place."""
import json
import subprocess
import sys

import pymupdf

from tests.conftest import ROOT

SAMPLE = ROOT / "resources" / "sample-reel.pdf"


def test_export_recognises_and_places_transcript_words(tmp_path, monkeypatch):
    env_lib = tmp_path / "lib.db"
    monkeypatch.setenv("REEL_READER_LIBRARY", str(env_lib))
    run = lambda *a: subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, a)],  # noqa: E731
                                    capture_output=True, text=True, timeout=300)
    assert run("import", SAMPLE).returncode == 0
    out = tmp_path / "sample.pdf"
    result = run("export", SAMPLE, "--out", out, "--frames", "2", "--library", env_lib)
    assert result.returncode == 0, result.stderr
    truth = json.loads((ROOT / "resources" / "sample-reel.truth.json").read_text())["frames"][1]
    page = pymupdf.open(out)[0]
    scale = page.rect.width / truth["width"]
    layer = [(w[4], pymupdf.Rect(w[:4])) for w in page.get_text("words")]
    placed = 0
    typed = [w for w in truth["words"] if w["style"] == "typed" and len(w["text"]) > 3]
    for word in typed:
        box = pymupdf.Rect(*[v * scale for v in word["bbox"]])
        placed += any(text == word["text"] and _iou(rect, box) >= 0.5 for text, rect in layer)
    assert placed >= 0.9 * len(typed)
    assert page.search_for("Volgales")                     # a reader's search finds it


def _iou(a, b) -> float:
    inter = (a & b).get_area() if a.intersects(b) else 0.0
    return inter / (a.get_area() + b.get_area() - inter)


def test_export_hocr(tmp_path, monkeypatch):
    from lxml import etree
    monkeypatch.setenv("REEL_READER_LIBRARY", str(tmp_path / "lib.db"))
    out = tmp_path / "reel.hocr"
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "export", str(SAMPLE), "--out", str(out),
                             "--frames", "22", "--format", "hocr"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    words = etree.parse(str(out)).findall(".//{http://www.w3.org/1999/xhtml}span[@class='ocrx_word']")
    assert len(words) > 50
