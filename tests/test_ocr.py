"""Real Tesseract on the sample reel and a real scan: words, boxes, cache, cancel,
alignment against the generator's ground truth, the split, hOCR/ALTO, the verbs."""
import json
import os
import subprocess
import sys

import pytest
from lxml import etree

from library import Library
from ocr.align import align
from ocr.engine import OcrSettings, recognize
from ocr.formats import to_alto, to_hocr
from ocr.preprocess import SPECKLED, lone_specks, prepare
from ocr.runner import run_ocr
from ocr.split import split_by_ocr
from reel import open_reel
from tests.conftest import CORPUS, ROOT
from transcript.frames import FRAME_MARKER_RE, frame_texts, split_frames

SAMPLE = ROOT / "resources" / "sample-reel.pdf"


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory):
    """One library for the module, so each frame is recognised once across these tests."""
    return Library.open(tmp_path_factory.mktemp("ocr") / "cache.db")


@pytest.fixture(scope="module")
def truth():
    return json.loads((ROOT / "resources" / "sample-reel.truth.json").read_text())


def _iou(a, b):
    x0, y0, x1, y1 = max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])
    inter = max(0, x1 - x0) * max(0, y1 - y0)
    return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter)


def test_words_with_boxes_on_a_real_scan():
    reel = open_reel(CORPUS / "scans" / "104-10326-10060.pdf")
    frame = recognize(reel.render(3), 3)
    assert (frame.width, frame.height) == reel.frame_size(3)
    text = frame.text().upper()
    assert "SECRET" in text and len(frame.words) > 100
    for w in frame.words:
        x0, y0, x1, y1 = w.bbox
        assert 0 <= x0 < x1 <= frame.width and 0 <= y0 < y1 <= frame.height


def test_a_speckled_copys_paragraphs_are_read_through_the_grain():
    # a cable on grainy film: Tesseract alone takes its body for a picture and reads nothing
    page = open_reel(CORPUS / "scans" / "104-10012-10070.pdf").render(1)
    body = page[1250:2150, 150:2450]
    assert lone_specks(body) >= SPECKLED
    plain = recognize(body, 1, OcrSettings(preprocess="none")).text().upper()
    frame = recognize(body, 1)
    read = frame.text().upper()
    wanted = ("FREEDOM", "INFORMATION", "DEPARTMENT", "STORE", "CREDIT", "INVESTIGATOR", "DECLASSIFIED", "PHOTOS")
    assert sum(w in read for w in wanted) >= 6 > sum(w in plain for w in wanted)
    # boxed to their letters (capitals 35-40 px tall), not to the clumps of grain beside them
    tall = sorted(w.bbox[3] - w.bbox[1] for w in frame.words if w.conf >= 60 and len(w.text) >= 3)
    assert 30 <= tall[len(tall) // 2] <= 45, tall


def test_clean_and_generated_frames_are_given_to_tesseract_as_they_are():
    for pdf, n in ((SAMPLE, 2), (CORPUS / "scans" / "DOCID-32356928.pdf", 3)):   # (the second: small thin type)
        image = open_reel(pdf).render(n)
        assert lone_specks(image) < SPECKLED
        assert prepare(image)[0] is image


def test_boxes_match_the_ground_truth(shared_cache, truth):
    reel = open_reel(SAMPLE)
    frame = run_ocr(reel, [2], cache=shared_cache)[2]
    truth_words = {w["text"]: w["bbox"] for w in truth["frames"][1]["words"] if w["style"] == "typed"}
    hits = [w for w in frame.words if w.text in truth_words and _iou(w.bbox, truth_words[w.text]) >= 0.5]
    assert len(hits) >= 0.8 * len(truth_words)


def test_cache_means_never_twice_and_cancel_keeps_what_was_done(shared_cache, tmp_path):
    reel = open_reel(SAMPLE)
    lib = Library.open(tmp_path / "own.db")
    stop = {"now": False}

    def progress(done, total, message):
        if done >= 1:
            stop["now"] = True

    first = run_ocr(reel, [19, 20, 21, 22], cache=lib, jobs=1, progress=progress, cancelled=lambda: stop["now"])
    assert 1 <= len(first) < 4                                  # cancelled part way
    seen = []
    again = run_ocr(reel, [19, 20, 21, 22], cache=lib, jobs=1, progress=lambda d, t, m: seen.append(d))
    assert len(again) == 4 and seen[0] == len(first)            # resumed where it stopped
    assert {n: f.words for n, f in again.items() if n in first} == {n: f.words for n, f in first.items()}


def test_alignment_puts_transcript_words_on_their_boxes(shared_cache, truth):
    reel = open_reel(SAMPLE)
    pieces = {p.frame: p for p in split_frames((ROOT / "resources" / "sample-reel.md").read_text()) if p.frame}
    ocr = run_ocr(reel, [3, 5], cache=shared_cache)
    good = total = 0
    for n, frame in ocr.items():
        piece = pieces[n]
        aligned = align(piece.text, frame)
        for w in truth["frames"][n - 1]["words"]:
            if w["style"] != "typed":
                continue
            total += 1
            s, e = w["span"]
            match = [a for a in aligned if a.src_start + piece.text_start <= s and e <= a.src_end + piece.text_start]
            good += bool(match and match[0].bbox and _iou(match[0].bbox, w["bbox"]) >= 0.5)
        inserted = [a for a in aligned if a.inserted]
        assert inserted and all(a.bbox for a in inserted)
    assert good / total >= 0.95


def test_a_word_tesseract_ran_into_its_neighbours_takes_only_its_share_of_the_box():
    """Frame 3 of the sample reel: Tesseract reads "conditions now had been created", two
    notes written into the line, as one word "conditionsanadacreated". "conditions" takes
    the left of its box, the typed words after it the rest, and the notes go above the line
    between them, where they were written (not past the merged word's right end)."""
    from ocr.engine import FrameOcr, OcrWord
    line = [("that", 1128, 1224), ("all", 1278, 1324), ("conditionsanadacreated", 1353, 1903), ("for", 1931, 2000)]
    ocr = FrameOcr(3, 2550, 3300, [OcrWord(t, [x0, 1390, x1, 1425], 90.0, 1, 1, 1, i)
                                   for i, (t, x0, x1) in enumerate(line)])
    aligned = {a.text: a for a in align("that all conditions <sup>now</sup> had <sup>been</sup> created for", ocr)}
    conditions = aligned["conditions"].bbox
    assert conditions[0] == 1353 and conditions[2] < 1353 + 0.55 * (1903 - 1353), conditions
    assert conditions[2] < aligned["had"].bbox[0] < aligned["created"].bbox[0] < 1903, aligned
    now, been = aligned["now"].bbox, aligned["been"].bbox
    assert conditions[2] - 40 < (now[0] + now[2]) / 2 < aligned["had"].bbox[0] + 40 and now[3] <= 1400, now
    assert aligned["had"].bbox[2] - 40 < (been[0] + been[2]) / 2 < aligned["created"].bbox[0] + 40, been


def test_words_tesseract_missed_at_a_line_break_go_where_the_typist_put_them():
    """Struck words Tesseract read nothing of, between the last word read on one line and
    the first on the next: where they cannot fit before the lines' right end (sample reel
    frame 16's "~~wanted to speak~~ but"), they start the next line, before its first word
    read; where they fit, they end the line as before."""
    from ocr.engine import FrameOcr, OcrWord

    def line(y, words):
        return [(t, x0, y, x1) for t, x0, x1 in words]
    head = line(930, [("on", 300, 350), ("Cuban", 375, 500), ("soil", 2170, 2270)]) \
        + line(1000, [("the", 300, 375), ("Soviet", 400, 545), ("side", 570, 670), ("had", 695, 770),
                      ("not", 795, 870), ("yet", 895, 970), ("replied", 995, 1165), ("to", 1190, 1240),
                      ("our", 1265, 1340), ("proposal", 2085, 2280)])
    text = " ".join(t for t, *_ in head) + " Only two days ago. Mr. Kuznetsov ~~wanted to speak~~ but the draft was in"
    # (and on a page turned a little, its lines climbing to the right: the next line's start
    # is no lower than this one's end)
    for end in (1070, 1125):
        words = head + line(1070, [("Only", 300, 400), ("two", 425, 500), ("days", 525, 625)]) \
            + line(end, [("ago.", 1732, 1822), ("Mr.", 1856, 1923), ("Kuznetsov", 1957, 2181)]) \
            + line(1140, [("the", 832, 909), ("draft", 932, 1052), ("was", 1080, 1152), ("in", 1183, 1229)])
        ocr = FrameOcr(16, 2550, 3300, [OcrWord(t, [x0, y, x1, y + 30], 90.0, 1, 1, 1, i)
                                        for i, (t, x0, y, x1) in enumerate(words)])
        aligned = {a.text: a for a in align(text, ocr)}
        wanted, but = aligned["wanted"].bbox, aligned["but"].bbox
        assert wanted[1] == 1140 and 300 <= wanted[0] < aligned["to"].bbox[0] < aligned["speak"].bbox[0] < but[0], aligned
        assert but[2] < 832, but
    # a short word that fits after the last word read stays at the line's end
    text = " ".join(t for t, *_ in head) + " Only two days ago. Mr. ~~Kuz~~ the draft was in"
    ocr.words = [w for w in ocr.words if w.text != "Kuznetsov"]
    kuz = next(a for a in align(text, ocr) if a.text == "Kuz").bbox
    assert kuz[1] == end and kuz[0] > 1923, kuz


def test_two_stamps_side_by_side_read_across_both_still_find_their_words():
    """Two review stamps set side by side: OCR reads them line by line across both, the
    transcript gives one stamp whole, then the other; a sequence alignment can follow only
    one order, the other stamp's words are matched among the words left over."""
    from ocr.engine import FrameOcr, OcrWord
    left = [["REVIEWED", "BY", "JB/Amv", "DATE"], ["RELEASE", "DECLASSIFY", "EXCISE"], ["DENY", "in", "PART"]]
    right = [["IS/FPC/CDS", "OFFICER", "STAMP"], ["CLASSIFY", "as", "CONF"], ["DOWNGRADE", "TS", "to", "SECRET"]]
    words = []
    for row, (a, b) in enumerate(zip(left, right)):
        for col, (x, line) in enumerate([(200, a), (1500, b)]):
            for i, t in enumerate(line):
                words.append(OcrWord(t, [x + 220 * i, 300 + 50 * row, x + 200 + 220 * i, 330 + 50 * row], 90.0,
                                     col, 1, row, i))
    ocr = FrameOcr(1, 2550, 3300, sorted(words, key=lambda w: (w.bbox[1], w.bbox[0])))
    text = "\n".join(" ".join(line) for line in left) + "\n\n" + "\n".join(" ".join(line) for line in right) + "\n"
    aligned = align(text, ocr)
    assert all(a.matched for a in aligned), [a.text for a in aligned if not a.matched]
    boxes = {w.text: w.bbox for w in ocr.words}
    assert all(a.bbox == boxes[a.text] for a in aligned)


def test_a_note_after_struck_words_goes_over_them_as_their_correction():
    """The sample reel's frame 8: "~~agreement~~ <sup>not</sup> be": the note is written over
    the struck word it replaces, not in the gap after it; a note after typed words goes in
    the gap between them, as before."""
    from ocr.engine import FrameOcr, OcrWord
    line = [("the", 200, 275), ("agreement", 312, 621), ("be", 650, 700), ("exceeded", 725, 925), ("and", 950, 1025)]
    ocr = FrameOcr(8, 2550, 3300, [OcrWord(t, [x0, 1000, x1, 1030], 90.0, 1, 1, 1, i)
                                   for i, (t, x0, x1) in enumerate(line)])
    aligned = {a.text: a.bbox for a in align("the ~~agreement~~ <sup>not</sup> be exceeded <sup>so</sup> and", ocr)}
    note, struck = aligned["not"], aligned["agreement"]
    assert abs((note[0] + note[2]) / 2 - (struck[0] + struck[2]) / 2) < 5 and note[3] <= 1000, note
    assert 925 < (aligned["so"][0] + aligned["so"][2]) / 2 < 950, aligned["so"]


def test_split_of_the_memorandum_across_the_sample_reel(shared_cache):
    reel = open_reel(SAMPLE)
    marked = (ROOT / "resources" / "sample-reel.md").read_text()
    source = FRAME_MARKER_RE.sub("", marked)
    assert source == (CORPUS / "transcripts" / "reel-memcon-1962-11-08.md").read_text()
    ocr = run_ocr(reel, list(range(1, len(reel) + 1)), cache=shared_cache)
    split = split_by_ocr(source, ocr)
    assert FRAME_MARKER_RE.sub("", split) == source              # only markers were added
    want, got = frame_texts(marked), frame_texts(split)
    right = sum(len(set(want[n].split()) & set(got.get(n, "").split())) for n in want)
    assert right / sum(len(set(t.split())) for t in want.values()) >= 0.97
    hocr = etree.fromstring(to_hocr(list(ocr.values())[:2], "sample"))
    assert len(hocr.findall(".//{http://www.w3.org/1999/xhtml}span[@class='ocrx_word']")) > 100
    alto = etree.fromstring(to_alto(list(ocr.values())[:2], "sample"))
    assert len(alto.findall(".//{http://www.loc.gov/standards/alto/ns-v4#}String")) > 100


def test_ocr_verb_json(tmp_path):
    env = dict(os.environ, REEL_READER_LIBRARY=str(tmp_path / "lib.db"))
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "ocr", str(SAMPLE), "--frames", "21-22",
                             "--json", "--hocr", str(tmp_path / "r.hocr")], capture_output=True, text=True,
                            env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [f["index"] for f in data["frames"]] == [21, 22]
    word = data["frames"][0]["words"][0]
    assert set(word) == {"text", "bbox", "conf"} and len(word["bbox"]) == 4
    assert (tmp_path / "r.hocr").stat().st_size > 0
    bad = subprocess.run([sys.executable, str(ROOT / "main.py"), "ocr", str(SAMPLE), "--frames", "40"],
                         capture_output=True, text=True, env=env, timeout=60)
    assert bad.returncode == 2 and "outside this reel" in bad.stderr
