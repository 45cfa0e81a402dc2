"""The other formats, and the export verb end to end (a real process, as a script runs it)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pymupdf
import pytest
from lxml import etree

from export import ExportOptions, export_reel
from transcript.tei import TEI_NS
from tests.test_export_fixtures import TRANSCRIPT, pdf_reel

ROOT = Path(__file__).resolve().parent.parent


def test_tei_text_markdown_of_the_chosen_frames(tmp_path):
    known = pdf_reel(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    tei = export_reel(known.path, out / "t.xml", ExportOptions(format="tei", frames="1-2"))
    assert tei.ok and tei.exported == [1, 2]
    root = etree.parse(str(out / "t.xml")).getroot()
    ns = {"t": TEI_NS}
    assert [pb.get("n") for pb in root.iterfind(".//t:pb", ns)] == ["1", "2"]
    assert root.find(".//t:subst/t:del", ns).text == "clear"
    assert root.find(".//t:subst/t:add", ns).text == "clearer"
    assert "IL-28" not in etree.tostring(root, encoding="unicode")       # frame 3 was not chosen

    export_reel(known.path, out / "r.txt", ExportOptions(format="text"))
    reading = (out / "r.txt").read_text()
    assert "gave a clearer picture" in reading and "~~" not in reading and "[frame 3]" in reading
    export_reel(known.path, out / "d.txt", ExportOptions(format="text", text_mode="diplomatic"))
    assert "⟦clear⟧ \\clearer/" in (out / "d.txt").read_text()

    export_reel(known.path, out / "m.md", ExportOptions(format="markdown"))
    assert (out / "m.md").read_text() == TRANSCRIPT            # the whole transcript, byte for byte


def test_annotations_json(tmp_path):
    from export import Bookmark, Note
    from export.load import load_content
    from reel import open_reel
    known = pdf_reel(tmp_path)
    reel = open_reel(known.path)
    content = load_content(reel, ExportOptions())
    content.notes = [Note(2, "see the cable", rect=(1, 2, 3, 4), tags=("x",))]
    content.bookmarks = [Bookmark(3, "bombers"), Bookmark(1, "start")]
    export_reel(reel, tmp_path / "a.json", ExportOptions(format="json", frames="2-3"), content=content)
    data = json.loads((tmp_path / "a.json").read_text())
    assert data["reel"] == {"name": "memo-reel.pdf", "fingerprint": reel.fingerprint}
    assert [b["label"] for b in data["bookmarks"]] == ["bombers"]
    assert data["notes"][0]["rect"] == [1, 2, 3, 4] and data["notes"][0]["tags"] == ["x"]


def test_no_transcript_is_a_clear_error(tmp_path):
    from export import ExportError
    known = pdf_reel(tmp_path, transcript=False)
    with pytest.raises(ValueError, match="no transcript"):
        export_reel(known.path, tmp_path / "t.txt", ExportOptions(format="text"))
    assert not (tmp_path / "t.txt").exists()
    assert issubclass(ExportError, ValueError)


def _main(*args, cwd=None):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "export", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, timeout=120)


def test_verb_end_to_end(tmp_path):
    known = pdf_reel(tmp_path)
    r = _main(known.path, "--out", tmp_path / "x.pdf", "--transcript", "facing", "--json")
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)                  # stdout holds the JSON and nothing else
    assert report["exported"] == [1, 2, 3] and report["failed"] == [] and report["pages"] == 6
    assert report["transcript_source"] == "file: memo-reel.md"
    doc = pymupdf.open(tmp_path / "x.pdf")
    assert doc.page_count == 6 and doc.get_toc()[0][1] == "01117, 1962/11/08 — CUBA"
    # the suffix picks the format
    r = _main(known.path, "--out", tmp_path / "x.md", "--frames", "2")
    assert r.returncode == 0 and r.stdout == "" and "Wrote" in r.stderr
    assert (tmp_path / "x.md").read_text() == "<!-- frame 2 -->\n" + TRANSCRIPT.split("<!-- frame 2 -->\n")[1].split("<!-- frame 3")[0]


@pytest.mark.parametrize("args, says", [
    (["{reel}", "--out", "{reel}"], "the reel itself"),
    (["{reel}", "--out", "{tmp}/x.docx"], "names no format"),
    (["{reel}", "--out", "{tmp}/x.pdf", "--frames", "7-9"], "outside this reel"),
    (["{tmp}/missing.pdf", "--out", "{tmp}/x.pdf"], "does not exist"),
    (["{reel}", "--out", "{tmp}/no/such/folder/x.pdf"], "does not exist"),
    (["{reel}", "--out", "{tmp}/x.pdf", "--transcript", "beside"], "invalid choice"),
    (["{reel}"], "--out"),
])
def test_verb_bad_input(tmp_path, args, says):
    known = pdf_reel(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    r = _main(*[a.format(reel=known.path, tmp=tmp_path) for a in args])
    assert r.returncode == 2 and r.stdout == ""
    assert says in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before          # nothing written
    assert known.path.read_bytes()[:5] == b"%PDF-"


def test_verb_names_the_frames_it_left_out(tmp_path):
    from tests.test_export_fixtures import folder_reel
    known = folder_reel(tmp_path)
    (known.path / "frame3.jpg").write_bytes(b"\xff\xd8\xff\xe0 broken")
    r = _main(known.path, "--out", tmp_path / "x.pdf", "--json")
    assert r.returncode == 0
    assert [f["frame"] for f in json.loads(r.stdout)["failed"]] == [3]
    assert "left out: frame 3 (frame3.jpg) is damaged" in r.stderr
