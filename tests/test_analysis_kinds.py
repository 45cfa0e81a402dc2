"""The frame's kind (target, title, finding aid, document) on the sample reel's frames
against its ground truth: the target from the image alone, the printed frames from
Tesseract's words (typed words share one width per letter, Times's do not)."""
import json

import pytest

from analysis.detect import analyze_image
from ocr.engine import recognize
from reel import open_reel
from tests.conftest import ROOT

SAMPLE = ROOT / "resources" / "sample-reel.pdf"


@pytest.fixture(scope="module")
def sample():
    truth = json.loads((ROOT / "resources" / "sample-reel.truth.json").read_text())
    return open_reel(SAMPLE), {f["index"]: f["kind"].replace("-", "_") for f in truth["frames"]}


def test_target_frame_found_without_ocr_and_its_grid_not_taken_for_marks(sample):
    reel, kinds = sample
    n = next(i for i, k in kinds.items() if k == "target")
    found = analyze_image(reel.render(n), n)
    assert found.kind == "target"
    assert found.regions == []          # no stamp for its grid, no x-outs for its X's
    doc = next(i for i, k in kinds.items() if k == "document" and i > n)
    assert analyze_image(reel.render(doc), doc).kind == "document"


def test_title_finding_aid_and_document_frames_from_ocr_words(sample):
    reel, kinds = sample
    title = next(i for i, k in kinds.items() if k == "title")
    aid = next(i for i, k in kinds.items() if k == "finding_aid")
    doc = next(i for i, k in kinds.items() if k == "document" and i > aid)
    for n in (title, aid, doc):
        gray = reel.render(n)
        found = analyze_image(gray, n, recognize(gray, n).words)
        assert found.kind == kinds[n], n
        if found.kind != "document":
            assert not [r for r in found.regions if r.kind in ("checkbox", "insertion")], n
