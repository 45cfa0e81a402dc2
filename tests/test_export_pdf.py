"""The annotated PDF export, checked for real: opened back with PyMuPDF, rendered by
Poppler (pdftoppm, a second engine), checked by qpdf."""
from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pymupdf
import pytest

from export import (Bookmark, ExportOptions, GivenWords, Note, PlacedWord, Region, export_reel)
from export.load import load_content
from reel import open_reel
from tests.test_export_fixtures import PX, folder_reel, pdf_reel, tiff_reel

NOTE = Note(2, "Compare with the telegram of 6 November.", rect=(300, 350, 1400, 470),
            author="A. Historian", created=dt.datetime(2024, 3, 1, 10, 30), tags=("missiles",))


def _content(reel, known):
    content = load_content(reel, ExportOptions())
    content.words = GivenWords(known.frame_words())
    content.notes = [NOTE, Note(1, "A note without a rectangle", author="A. Historian")]
    content.bookmarks = [Bookmark(2, "McCloy on the missiles"), Bookmark(3, "The IL-28 bombers")]
    content.regions = {1: [Region("checkbox", (1700, 800, 1760, 860), checked=True),
                           Region("redaction", (1500, 1200, 2000, 1260))]}
    return content


def _export(tmp_path, known, **options):
    reel = open_reel(known.path)
    out = tmp_path / "export" / "out.pdf"
    out.parent.mkdir(exist_ok=True)
    report = export_reel(reel, out, ExportOptions(**options), content=_content(reel, known))
    reel.close()
    return report, out


def _checked_by_other_tools(out: Path, tmp_path: Path, pages: int) -> None:
    q = subprocess.run(["qpdf", "--check", str(out)], capture_output=True, text=True)
    assert q.returncode == 0, q.stdout + q.stderr
    assert "No syntax or stream encoding errors" in q.stdout
    png = tmp_path / "pages"
    png.mkdir()
    r = subprocess.run(["pdftoppm", "-r", "40", "-png", str(out), str(png / "p")],
                       capture_output=True, text=True)
    assert r.returncode == 0 and r.stderr == "", r.stderr
    assert len(list(png.glob("p-*.png"))) == pages


def _page_rect(box, page) -> pymupdf.Rect:
    """A frame-pixel box as a rectangle in the page's (unrotated) coordinates."""
    return (pymupdf.Rect(box) * (72 / 300)) * page.derotation_matrix


@pytest.mark.parametrize("make", [folder_reel, pdf_reel, tiff_reel], ids=["jpeg-folder", "pdf", "g4-tiff"])
def test_export_holds_the_frames_words_marks_notes_and_outline(tmp_path, make):
    known = make(tmp_path)
    report, out = _export(tmp_path, known)
    assert report.ok and report.exported == [1, 2, 3] and report.decoded == {}
    doc = pymupdf.open(out)
    assert doc.page_count == 3 == report.pages

    for n in (1, 2, 3):
        page = doc[n - 1]
        # the frame at its original size: 2550 x 3300 pixels at 300 dpi is Letter
        assert page.rect == pymupdf.Rect(0, 0, 612, 792)
        assert page.get_label() == str(n)
        # every word inside its box, and the words in reading order
        for w in known.words[n]:
            found = page.get_text("words", clip=_page_rect(w.bbox, page) + (-1, -1, 1, 1))
            assert [f[4] for f in found] == [w.text], (n, w.text, found)
        assert page.get_text("text").split() == [w.text for w in known.words[n]]
    # the struck words are in no text layer: they are not in the reading text
    assert "clear" not in doc[0].get_text("text").split()

    kinds = {n: [(a.type[1], a.info["subject"]) for a in doc[n - 1].annots()] for n in (1, 2, 3)}
    assert ("Highlight", "Deletion (struck through)") in kinds[1]
    assert ("Highlight", "Insertion (written above the line)") in kinds[1]
    assert ("Square", "Review stamp") in kinds[1]
    assert ("Square", "Ticked box") in kinds[1] and ("Square", "Redaction") in kinds[1]
    assert ("Highlight", "Typed x-out") in kinds[2]
    assert ("Square", "Classification marking, struck (downgraded)") in kinds[3]
    # the highlight lies on the struck word
    page = doc[0]
    clear = next(w for k, w in known.struck[1] if w.text == "clear")
    hl = next(a for a in page.annots() if a.info["subject"].startswith("Deletion"))
    assert hl.rect.intersects(_page_rect(clear.bbox, page))
    assert hl.colors["stroke"] == pytest.approx((0xc0 / 255, 0x39 / 255, 0x2b / 255), abs=0.01)
    # the stamp's box says what the reviewer decided (from the transcript's stamp record)
    stamp = next(a for a in page.annots() if a.info["subject"] == "Review stamp")
    assert stamp.rect.contains(_page_rect(known.stamps[1], page).irect.rect + (2, 2, -2, -2))
    assert "JB/Amv, 3/2/88: DENY" in stamp.info["content"]
    assert "Not ticked: RELEASE, DECLASSIFY, EXCISE" in stamp.info["content"]

    # the user's note: a pop-up note with author and date at its rectangle, grouped with
    # a square round the rectangle
    page = doc[1]
    note = next(a for a in page.annots() if a.type[1] == "Text")
    assert note.info["title"] == "A. Historian"
    assert note.info["content"].startswith("Compare with the telegram")
    assert "missiles" in note.info["content"]
    assert note.info["creationDate"].startswith("D:20240301")
    assert note.has_popup and not note.is_open
    area = _page_rect(NOTE.rect, page)
    assert abs(note.rect.x0 - area.x1) < 30 and abs(note.rect.y0 - area.y0) < 30
    square = next(a for a in page.annots() if a.type[1] == "Square")
    assert square.rect.contains(area.irect.rect + (1, 1, -1, -1))
    assert square.irt_xref == note.xref
    assert doc.xref_get_key(square.xref, "RT") == ("name", "/Group")
    # a note with no rectangle still shows, in the margin of its frame
    assert any(a.info["content"] == "A note without a rectangle" for a in doc[0].annots())

    assert doc.get_toc() == [[1, "01117, 1962/11/08 — CUBA", 1], [2, "McCloy on the missiles", 2],
                             [1, "01118, 1962/11/09 — IL-28 AIRCRAFT", 3], [2, "The IL-28 bombers", 3]]

    meta = doc.metadata
    reel = open_reel(known.path)
    assert meta["creator"].startswith("Reel Reader ") and meta["creator"][12:].strip()
    assert reel.fingerprint in meta["subject"] and reel.name in meta["subject"]
    assert meta["creationDate"].startswith("D:" + dt.date.today().strftime("%Y%m%d"))
    info = int(doc.xref_get_key(-1, "Info")[1].split()[0])
    assert doc.xref_get_key(info, "ReelFingerprint")[1] == reel.fingerprint
    assert doc.xref_get_key(info, "ReelName")[1] == reel.name
    assert reel.fingerprint in doc.get_xml_metadata()
    reel.close()
    _checked_by_other_tools(out, tmp_path, 3)


def test_image_streams_are_the_sources_bytes(tmp_path):
    """No frame is re-encoded: the export's image streams are the reel's own bytes."""
    for make in (folder_reel, pdf_reel, tiff_reel):
        sub = tmp_path / make.__name__
        sub.mkdir()
        known = make(sub)
        report, out = _export(sub, known)
        doc = pymupdf.open(out)
        if make is pdf_reel:
            src = pymupdf.open(known.path)
            for n in (1, 2, 3):
                ours = [doc.xref_stream_raw(i[0]) for i in doc[n - 1].get_images(full=True)]
                theirs = [src.xref_stream_raw(i[0]) for i in src[n - 1].get_images(full=True)]
                assert ours == theirs and len(ours) == 1
        else:
            for n in (1, 2, 3):
                streams = [doc.xref_stream_raw(i[0]) for i in doc[n - 1].get_images(full=True)]
                if make is folder_reel:   # a JPEG file: its bytes as they are
                    assert streams == [known.images[n - 1]]
                else:                     # a G4 TIFF page: each strip, byte for byte
                    import io
                    from PIL import Image
                    data = known.path.read_bytes()
                    img = Image.open(io.BytesIO(data))
                    img.seek(n - 1)
                    strips = [data[o:o + c] for o, c in zip(img.tag_v2[273], img.tag_v2[279])]
                    assert sorted(streams) == sorted(strips)


def test_damaged_frames_are_left_out_and_named(tmp_path):
    known = folder_reel(tmp_path)
    jpg = known.path / "frame2.jpg"
    jpg.write_bytes(jpg.read_bytes()[: len(jpg.read_bytes()) // 3])      # cut short
    report, out = _export(tmp_path, known)
    assert report.exported == [1, 3]
    assert [f.frame for f in report.failed] == [2] and "frame2.jpg" in report.failed[0].reason
    assert not report.ok
    doc = pymupdf.open(out)
    assert doc.page_count == 2
    assert [doc[i].get_label() for i in range(2)] == ["1", "3"]
    # the bookmark on the missing frame is gone; the others point at the right pages
    assert [e[1:] for e in doc.get_toc()] == [["01117, 1962/11/08 — CUBA", 1],
                                               ["01118, 1962/11/09 — IL-28 AIRCRAFT", 2],
                                               ["The IL-28 bombers", 2]]
    assert "frame 2" in report.summary() and "left out" in report.summary()
    _checked_by_other_tools(out, tmp_path, 2)


def test_damaged_page_of_a_pdf_reel_is_left_out(tmp_path):
    known = pdf_reel(tmp_path, name="good.pdf")
    doc = pymupdf.open(known.path)
    xref = doc[1].get_images(full=True)[0][0]
    raw = doc.xref_stream_raw(xref)
    doc.update_stream(xref, raw[: len(raw) // 2], compress=0)     # a JPEG cut in half
    doc.xref_set_key(xref, "Filter", "/DCTDecode")
    damaged = tmp_path / "memo-reel.pdf"
    doc.save(damaged)
    known.path = damaged
    report, out = _export(tmp_path, known)
    assert report.exported == [1, 3] and [f.frame for f in report.failed] == [2]
    assert "cut short or damaged" in report.failed[0].reason
    _checked_by_other_tools(out, tmp_path, 2)


@pytest.mark.parametrize("place", ["facing", "after"])
def test_transcript_pages_are_typeset(tmp_path, place):
    known = pdf_reel(tmp_path)
    report, out = _export(tmp_path, known, transcript=place)
    doc = pymupdf.open(out)
    frame_pages = [0, 2, 4] if place == "facing" else [0, 1, 2]
    text_pages = [p for p in range(doc.page_count) if p not in frame_pages]
    assert text_pages and report.pages == doc.page_count
    spans = [s for p in text_pages for b in doc[p].get_text("dict")["blocks"] for ln in b.get("lines", [])
             for s in ln["spans"]]
    words = " ".join(s["text"] for s in spans)
    assert "<sup>" not in words and "~~" not in words and "**" not in words   # typeset, not markup
    struck = next(s for s in spans if s["text"].strip() == "clear")
    raised = next(s for s in spans if s["text"].strip() == "clearer")
    assert struck["color"] == 0xc0392b                 # the transcript's deletion colour
    assert raised["color"] == 0x1f5fbf and raised["size"] < struck["size"]
    assert raised["origin"][1] < struck["origin"][1]   # set above the line
    assert "☒" in words and "DENY" in words            # the stamp's boxes
    if place == "facing":
        assert [doc[p].get_label() for p in range(doc.page_count)] == [
            "1", "1 transcript", "2", "2 transcript", "3", "3 transcript"]
        assert "frame 2" in doc[3].get_text("text")
    else:
        toc = doc.get_toc()
        assert [1, "Transcripts", 4] in toc and [2, "Frame 2", 4] in toc
    _checked_by_other_tools(out, tmp_path, doc.page_count)


def test_text_layer_sits_right_on_a_rotated_page(tmp_path):
    """A scan stored sideways in a page that /Rotate turns upright: the reader sees the
    frame upright, and the words must be found where the reader sees them."""
    import io
    import numpy as np
    from PIL import Image
    known = pdf_reel(tmp_path, transcript=False, name="plain.pdf")
    upright = Image.open(io.BytesIO(known.images[0]))
    sideways = io.BytesIO()
    upright.rotate(90, expand=True).save(sideways, "JPEG", quality=80)   # turned a quarter left
    doc = pymupdf.open()
    page = doc.new_page(width=792, height=612)
    page.insert_image(page.rect, stream=sideways.getvalue())
    page.set_rotation(90)                                                 # shown turned right
    rotated = tmp_path / "rotated.pdf"
    doc.save(rotated)
    reel = open_reel(rotated)
    assert reel.frame_size(1) == (2550, 3300)
    assert np.abs(reel.render(1).astype(int) - np.asarray(upright).astype(int)).mean() < 8

    content = load_content(reel, ExportOptions())
    content.words = GivenWords(known.frame_words())
    out = tmp_path / "out.pdf"
    export_reel(reel, out, ExportOptions(frames="1"), content=content)
    page = pymupdf.open(out)[0]
    assert page.rotation == 90
    for w in known.words[1]:
        found = page.get_text("words", clip=_page_rect(w.bbox, page) + (-1, -1, 1, 1))
        assert [f[4] for f in found] == [w.text]
    # Poppler, independently, finds each word where the reader sees it (shown coordinates)
    html = subprocess.run(["pdftotext", "-bbox", str(out), "-"], capture_output=True, text=True).stdout
    import re
    boxes = {m.group(5): tuple(float(m.group(i)) for i in range(1, 5)) for m in re.finditer(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]+)</word>', html)}
    for w in known.words[1]:
        if w.text in ("the", "of"):      # not unique on the frame
            continue
        want = pymupdf.Rect(w.bbox) / PX
        assert pymupdf.Rect(boxes[w.text]).intersect(want).get_area() > 0.7 * want.get_area(), w.text


def test_memory_path_saves_in_chunks(tmp_path, monkeypatch):
    """With a budget of one byte, every frame's pages make a chunk of their own, and the
    chunks are joined: the file must still be whole and right."""
    import export.pdf
    monkeypatch.setattr(export.pdf, "CHUNK_BYTES", 1)
    known = folder_reel(tmp_path)
    report, out = _export(tmp_path, known, transcript="facing")
    doc = pymupdf.open(out)
    assert doc.page_count == 6 and len(doc.get_toc()) == 4
    for n, p in ((1, 0), (2, 2), (3, 4)):
        assert doc[p].get_text("text").split() == [w.text for w in known.words[n]]
    _checked_by_other_tools(out, tmp_path, 6)


def test_cancel_writes_nothing(tmp_path):
    known = folder_reel(tmp_path)
    out = tmp_path / "out.pdf"
    out.write_bytes(b"an earlier export")
    calls = []
    report = export_reel(known.path, out, ExportOptions(),
                         progress=lambda d, t, m: calls.append(d), cancelled=lambda: len(calls) >= 2)
    assert report.cancelled and report.out_path is None
    assert out.read_bytes() == b"an earlier export"          # the old file is kept whole
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []


def test_frames_subset_and_no_annotations(tmp_path):
    known = pdf_reel(tmp_path)
    report, out = _export(tmp_path, known, frames="2-3", annotations=False, text_layer="none")
    doc = pymupdf.open(out)
    assert report.exported == [2, 3] and doc.page_count == 2
    assert [doc[i].get_label() for i in range(2)] == ["2", "3"]
    assert all(not list(p.annots()) for p in doc)
    assert all(p.get_text("text").strip() == "" for p in doc)
    assert doc.metadata["title"] == "memo-reel.pdf, frames 2-3"
    assert report.text_layer == {2: "none", 3: "none"}


def test_a_page_that_has_text_keeps_its_own(tmp_path):
    """A PDF reel whose page already carries text (born digital, or OCR'd before) is not
    given a second text layer over it."""
    src = pymupdf.open()
    page = src.new_page(width=612, height=792)
    page.insert_text((72, 100), "Already searchable text", fontsize=12)
    path = tmp_path / "typed.pdf"
    src.save(path)
    from export import FrameWords
    reel = open_reel(path)
    content = load_content(reel, ExportOptions())
    content.words = GivenWords({1: FrameWords("given", (PlacedWord("other", (300, 300, 500, 350)),))})
    report = export_reel(reel, tmp_path / "out.pdf", content=content)
    assert report.text_layer == {1: "source"}
    assert pymupdf.open(tmp_path / "out.pdf")[0].get_text("text").split() == ["Already", "searchable", "text"]


def test_refuses_to_harm_the_reel(tmp_path):
    from export import ExportError
    known = folder_reel(tmp_path)
    with pytest.raises(ExportError, match="inside the reel's folder"):
        export_reel(known.path, known.path / "out.pdf")
    with pytest.raises(ExportError, match="own transcript"):
        export_reel(known.path, tmp_path / "memo-reel.md", ExportOptions(format="markdown"))
    (tmp_path / "p").mkdir()
    pdf = pdf_reel(tmp_path / "p")
    before = pdf.path.read_bytes()
    with pytest.raises(ExportError, match="the reel itself"):
        export_reel(pdf.path, pdf.path)
    assert pdf.path.read_bytes() == before
    assert sorted(p.name for p in (tmp_path / "p").iterdir()) == ["memo-reel.md", "memo-reel.pdf"]
    assert sorted(p.name for p in known.path.iterdir()) == ["frame1.jpg", "frame2.jpg", "frame3.jpg"]


def test_image_formats_pdf_cannot_carry_are_embedded_losslessly(tmp_path):
    import numpy as np
    from PIL import Image
    folder = tmp_path / "pngs"
    folder.mkdir()
    rng = np.random.default_rng(3)
    rgba = np.dstack([rng.integers(0, 255, (200, 150, 3), dtype=np.uint8),
                      np.full((200, 150), 255, np.uint8)])
    Image.fromarray(rgba, "RGBA").save(folder / "a.png")
    Image.fromarray(rgba[..., :3]).save(folder / "b.png")
    report = export_reel(folder, tmp_path / "out.pdf")
    assert report.ok and set(report.decoded) == {1} and "transparency" in report.decoded[1]
    doc = pymupdf.open(tmp_path / "out.pdf")
    reel = open_reel(folder)
    for n in (1, 2):
        pix = doc[n - 1].get_pixmap(dpi=300, colorspace=pymupdf.csRGB)
        got = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, 3)
        assert np.array_equal(got, reel.render(n, color=True))     # lossless either way
    png, idat, i = (folder / "b.png").read_bytes(), b"", 8
    while i < len(png):
        length = int.from_bytes(png[i:i + 4], "big")
        if png[i + 4:i + 8] == b"IDAT":
            idat += png[i + 8:i + 8 + length]
        i += 12 + length
    assert doc.xref_stream_raw(doc[1].get_images()[0][0]) == idat   # the PNG's own image data


def test_joining_chunks_leaves_strings_and_streams_alone(tmp_path, monkeypatch):
    """Text that looks like PDF syntax ("3 0 R", "stream", "endobj", parentheses) inside
    notes must come through the join of chunk files unchanged."""
    import export.pdf
    monkeypatch.setattr(export.pdf, "CHUNK_BYTES", 1)
    known = pdf_reel(tmp_path)
    reel = open_reel(known.path)
    content = _content(reel, known)
    tricky = "See 3 0 R and (stream) endobj \\ ) ( <hex> << >> 12 0 obj — «done»"
    content.notes = [Note(n, f"{tricky} on frame {n}", rect=(100, 100, 400, 300), author="A (B) C")
                     for n in (1, 2, 3)]
    out = tmp_path / "out.pdf"
    report = export_reel(reel, out, ExportOptions(transcript="facing"), content=content)
    doc = pymupdf.open(out)
    assert report.pages == doc.page_count == 6 and not doc.is_repaired
    for n, p in ((1, 0), (2, 2), (3, 4)):
        notes = [a for a in doc[p].annots() if a.type[1] == "Text"]
        assert [a.info["content"] for a in notes] == [f"{tricky} on frame {n}"]
        assert notes[0].info["title"] == "A (B) C"
        assert doc[p].get_text("text").split() == [w.text for w in known.words[n]]
        src = pymupdf.open(known.path)
        assert [doc.xref_stream_raw(i[0]) for i in doc[p].get_images(full=True)] == \
               [src.xref_stream_raw(i[0]) for i in src[n - 1].get_images(full=True)]
    _checked_by_other_tools(out, tmp_path, 6)


def test_zip_and_encrypted_reels(tmp_path):
    import zipfile
    from tests.badinput import encrypted_pdf
    known = folder_reel(tmp_path)
    z = tmp_path / "memo.zip"
    with zipfile.ZipFile(z, "w") as zf:
        for n in (1, 2, 3):
            zf.write(known.path / f"frame{n}.jpg", f"scans/frame{n}.jpg")
    report = export_reel(z, tmp_path / "zip.pdf")
    doc = pymupdf.open(tmp_path / "zip.pdf")
    assert report.ok and doc.page_count == 3
    assert [doc.xref_stream_raw(doc[i].get_images()[0][0]) for i in range(3)] == known.images

    locked = encrypted_pdf(tmp_path)
    from reel import PasswordRequired
    with pytest.raises(PasswordRequired):
        export_reel(locked, tmp_path / "locked.pdf")
    report = export_reel(locked, tmp_path / "locked.pdf", ExportOptions(password="fiche"))
    assert report.ok and pymupdf.open(tmp_path / "locked.pdf").page_count == 2


def test_the_sample_reel_exports_whole(tmp_path):
    """The sample reel (generated from the memorandum, with its ground truth): every
    word of the reading text found on its box, every stamp summarised, every scan the
    reel's own bytes, and both engines happy."""
    from tests.conftest import SAMPLE_REEL
    from tests.test_export_fixtures import truth_content
    reel = open_reel(SAMPLE_REEL)
    content, expected, truth = truth_content(reel, SAMPLE_REEL.with_suffix(".truth.json"),
                                             SAMPLE_REEL.with_suffix(".md"))
    out = tmp_path / "sample.pdf"
    report = export_reel(reel, out, ExportOptions(transcript="facing"), content=content)
    assert report.ok and report.exported == list(range(1, len(reel) + 1))
    doc = pymupdf.open(out)
    src = pymupdf.open(SAMPLE_REEL)
    found = total = 0
    at = {label: i for i, label in enumerate(doc[i].get_label() for i in range(doc.page_count))}
    for n in report.exported:
        page = doc[at[str(n)]]
        assert [doc.xref_stream_raw(i[0]) for i in page.get_images(full=True)] == \
               [src.xref_stream_raw(i[0]) for i in src[n - 1].get_images(full=True)]
        layer = page.get_text("words")
        for w in expected[n]:
            # the word, in the layer, inside its box (handwriting above a line overlaps the
            # line's boxes, so neighbours' edges may be in the box too)
            box = _page_rect(w.bbox, page) + (-1, -1, 1, 1)
            total += 1
            found += any(h[4] == w.text and box.contains(pymupdf.Rect(h[:4])) for h in layer)
        stamps = [a for a in page.annots() if a.info["subject"] == "Review stamp"]
        truth_stamps = [r for r in truth["frames"][n - 1]["regions"] if r["kind"] == "stamp"]
        assert len(stamps) == len(truth_stamps)
    assert total > 2000 and found == total
    first = doc[at["1"]]
    summaries = sorted(a.info["content"].splitlines()[0] for a in first.annots()
                       if a.info["subject"] == "Review stamp")
    assert summaries == ["Review stamp: IS/FPC/CDS, 2/12/92: RELEASE, DECLASSIFY",
                         "Review stamp: JB/Amv, 3/2/88: DENY, CLASSIFY as CONF, DOWNGRADE TS to CONF"]
    assert doc.get_toc()[0] == [1, "01117, 1962/11/08 — CUBA", 1]
    _checked_by_other_tools(out, tmp_path, doc.page_count)
