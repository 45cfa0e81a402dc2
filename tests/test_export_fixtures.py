"""Reels with words we know, for the export tests (the builders; no tests here).

Each frame is typed with PyMuPDF (Courier, as a typewriter), its deletions struck
through by a line and its insertions written small above the line, then scanned: the
page is rendered at 300 dpi and kept only as an image (JPEG, PNG or G4 TIFF), so the
reel is image-only like a real one.  Where each word was typed is known exactly, in
frame pixels: those are the boxes the text layer must put the words on.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf
from PIL import Image

from export.model import FrameWords, Mark, PlacedWord
from transcript.frames import marker_for

# Three frames: a memorandum's first page (fiche header, subject, a correction, a
# review stamp), its second page (a correction, an x-out), and a page with a struck
# classification marking.  The markup is what the transcript file holds.
FRAME_MARKUP = {
    1: ("**01117**\n\n**1962/11/08**\n\nSUBJECT: CUBA\n\n"
        "The Soviet side gave a ~~clear~~ <sup>clearer</sup> picture of the talks.\n\n"
        "REVIEWED BY JB/Amv DATE 3/2/88  \n☐ RELEASE ☐ DECLASSIFY  \n☒ DENY ☐ EXCISE\n"),
    2: ("Mr. McCloy said the missiles were ~~removed~~ <sup>gone</sup> from the island.\n\n"
        "Ambassador Stevenson agreed with ~~XXXXX~~ the summary.\n"),
    3: ("~~SECRET~~\n\n**01118**\n\n**1962/11/09**\n\nSUBJECT: IL-28 AIRCRAFT\n\n"
        "The bombers would be crated and shipped within thirty days.\n"),
}
TRANSCRIPT = "".join(marker_for(n) + text + "\n" for n, text in FRAME_MARKUP.items())

# What is typed on each frame, line by line: (word, kind) with kind text, deletion,
# insertion (written above the next word's line position) or stamp.
TYPED = {
    1: [[("01117", "text")], [("1962/11/08", "text")], [("SUBJECT:", "text"), ("CUBA", "text")],
        [("The", "text"), ("Soviet", "text"), ("side", "text"), ("gave", "text"), ("a", "text"),
         ("clear", "deletion"), ("clearer", "insertion"), ("picture", "text"), ("of", "text"),
         ("the", "text"), ("talks.", "text")],
        [("REVIEWED", "stamp"), ("BY", "stamp"), ("JB/Amv", "stamp"), ("DATE", "stamp"), ("3/2/88", "stamp")],
        [("RELEASE", "stamp"), ("DECLASSIFY", "stamp")],
        [("DENY", "stamp"), ("EXCISE", "stamp")]],
    2: [[("Mr.", "text"), ("McCloy", "text"), ("said", "text"), ("the", "text"), ("missiles", "text"),
         ("were", "text"), ("removed", "deletion"), ("gone", "insertion"), ("from", "text"),
         ("the", "text"), ("island.", "text")],
        [("Ambassador", "text"), ("Stevenson", "text"), ("agreed", "text"), ("with", "text"),
         ("XXXXX", "xout"), ("the", "text"), ("summary.", "text")]],
    3: [[("SECRET", "classification")], [("01118", "text")], [("1962/11/09", "text")],
        [("SUBJECT:", "text"), ("IL-28", "text"), ("AIRCRAFT", "text")],
        [("The", "text"), ("bombers", "text"), ("would", "text"), ("be", "text"), ("crated", "text"),
         ("and", "text"), ("shipped", "text"), ("within", "text"), ("thirty", "text"), ("days.", "text")]],
}

PAGE = (612, 792)          # Letter, in points: frames of 2550 x 3300 pixels
SIZE = 13                  # typewriter size in points
PX = 300 / 72


@dataclass
class KnownReel:
    path: Path
    frames: int
    words: dict[int, list[PlacedWord]]                   # reading order, frame pixels
    struck: dict[int, list[tuple[str, PlacedWord]]] = field(default_factory=dict)  # (kind, word) struck
    inserted: dict[int, list[PlacedWord]] = field(default_factory=dict)
    stamps: dict[int, tuple[float, float, float, float]] = field(default_factory=dict)
    images: list[bytes] = field(default_factory=list)    # each frame's image file bytes

    def frame_words(self) -> dict[int, FrameWords]:
        """What an aligned transcript would give: reading-order words and marks."""
        out = {}
        for n, words in self.words.items():
            labels = {"deletion": "Deletion (struck through)", "xout": "Typed x-out",
                      "classification_struck": "Classification marking, struck (downgraded)"}
            marks = [Mark(kind, (w.bbox,), labels[kind], w.text) for kind, w in self.struck.get(n, [])]
            marks += [Mark("insertion", (w.bbox,), "Insertion (written above the line)", w.text)
                      for w in self.inserted.get(n, [])]
            if n in self.stamps:
                marks.append(Mark("stamp", (self.stamps[n],), "Review stamp"))
            out[n] = FrameWords("transcript", tuple(words), tuple(marks))
        return out


def _typeset_frame(n: int) -> tuple[pymupdf.Document, list[PlacedWord], list, list, tuple | None]:
    """Type frame n on a vector page; return it and the words' boxes in frame pixels."""
    doc = pymupdf.open()
    page = doc.new_page(width=PAGE[0], height=PAGE[1])
    font = pymupdf.Font("cour")
    reading, struck, inserted, stamp_boxes = [], [], [], []
    y = 100.0
    for line in TYPED[n]:
        x = 72.0
        above = 72.0          # where an insertion goes: above the word before it
        for word, kind in line:
            if kind == "insertion":
                iwidth = font.text_length(word, SIZE * 0.8)
                iy = y - SIZE * 1.05
                page.insert_text((above, iy), word, fontname="cour", fontsize=SIZE * 0.8,
                                 color=(0.1, 0.1, 0.5))
                ibox = (above * PX, (iy - SIZE * 0.6) * PX, (above + iwidth) * PX, (iy + SIZE * 0.16) * PX)
                reading.append(PlacedWord(word, ibox))
                inserted.append(PlacedWord(word, ibox))
                above += iwidth + font.text_length(" ", SIZE * 0.8)
                continue
            width = font.text_length(word, SIZE)
            page.insert_text((x, y), word, fontname="cour", fontsize=SIZE)
            box = (x * PX, (y - SIZE * 0.75) * PX, (x + width) * PX, (y + SIZE * 0.2) * PX)
            pw = PlacedWord(word, box)
            if kind in ("deletion", "xout", "classification"):
                page.draw_line((x - 1, y - SIZE * 0.28), (x + width + 1, y - SIZE * 0.28), width=1.2)
                struck.append(("classification_struck" if kind == "classification" else kind, pw))
            else:
                if kind == "stamp":
                    stamp_boxes.append(box)
                reading.append(pw)
            above = x
            x += width + font.text_length(" ", SIZE)
        y += SIZE * 2.2
    stamp = None
    if stamp_boxes:
        stamp = (min(b[0] for b in stamp_boxes) - 20, min(b[1] for b in stamp_boxes) - 20,
                 max(b[2] for b in stamp_boxes) + 20, max(b[3] for b in stamp_boxes) + 20)
        page.draw_rect(pymupdf.Rect(stamp) / PX, color=(0.2, 0.2, 0.2), width=1.5)
    return doc, reading, struck, inserted, stamp


def scan(n: int, fmt: str = "JPEG") -> tuple[bytes, list[PlacedWord], list, list, tuple | None]:
    doc, reading, struck, inserted, stamp = _typeset_frame(n)
    pix = doc[0].get_pixmap(dpi=300, colorspace=pymupdf.csGRAY)
    img = Image.frombytes("L", (pix.width, pix.height), pix.samples)
    img = img.point(lambda v: 40 + v * 0.75)           # microfilm grey, never pure black or white
    buf = io.BytesIO()
    if fmt == "JPEG":
        img.save(buf, "JPEG", quality=70)
    elif fmt == "PNG":
        img.save(buf, "PNG")
    elif fmt == "G4":
        img.point(lambda v: 255 if v > 128 else 0).convert("1").save(buf, "TIFF", compression="group4")
    return buf.getvalue(), reading, struck, inserted, stamp


def _known(path: Path, scans) -> KnownReel:
    reel = KnownReel(path, len(scans), {})
    for n, (data, reading, struck, inserted, stamp) in enumerate(scans, 1):
        reel.words[n] = reading
        reel.struck[n] = struck
        reel.inserted[n] = inserted
        if stamp:
            reel.stamps[n] = stamp
        reel.images.append(data)
    return reel


def folder_reel(tmp: Path, fmt: str = "JPEG", transcript: bool = True) -> KnownReel:
    """A folder of page images (frame1.jpg …), with the transcript beside it."""
    folder = tmp / "memo-reel"
    folder.mkdir()
    suffix = {"JPEG": "jpg", "PNG": "png", "G4": "tif"}[fmt]
    scans = [scan(n, fmt) for n in FRAME_MARKUP]
    for n, s in enumerate(scans, 1):
        (folder / f"frame{n}.{suffix}").write_bytes(s[0])
    if transcript:
        (tmp / "memo-reel.md").write_text(TRANSCRIPT, encoding="utf-8")
    return _known(folder, scans)


def pdf_reel(tmp: Path, transcript: bool = True, name: str = "memo-reel.pdf") -> KnownReel:
    """An image-only PDF reel: one JPEG a page, as scanners write them."""
    scans = [scan(n, "JPEG") for n in FRAME_MARKUP]
    doc = pymupdf.open()
    for data, *_ in scans:
        page = doc.new_page(width=PAGE[0], height=PAGE[1])
        page.insert_image(page.rect, stream=data)
    path = tmp / name
    doc.save(path)
    if transcript:
        path.with_suffix(".md").write_text(TRANSCRIPT, encoding="utf-8")
    return _known(path, scans)


def tiff_reel(tmp: Path) -> KnownReel:
    """A multi-page G4 TIFF reel, as microfilm scanners write bitonal frames."""
    scans = [scan(n, "G4") for n in FRAME_MARKUP]
    pages = [Image.open(io.BytesIO(s[0])) for s in scans]
    path = tmp / "memo-reel.tif"
    pages[0].save(path, "TIFF", compression="group4", save_all=True, append_images=pages[1:])
    path.with_suffix(".md").write_text(TRANSCRIPT, encoding="utf-8")
    return _known(path, scans)


def truth_content(reel, truth_path: Path, md_path: Path):
    """The content of an export of a generated reel, from its ground truth: each word of
    the reading text on the box where the generator typed or wrote it (what the aligned
    transcript gives), and the marks it drew as the analysis would find them."""
    import json

    from export import ExportOptions, GivenWords, Region
    from export.load import load_content
    from transcript.reading import reading_words

    truth = json.loads(truth_path.read_text())
    content = load_content(reel, ExportOptions())
    frames, expected = {}, {}
    words = reading_words(md_path.read_text(encoding="utf-8"))
    for f in truth["frames"]:
        n = f["index"]
        drawn = [(w["span"][0], w["span"][1], tuple(w["bbox"])) for w in f["words"]]
        placed = []
        for w in words:
            if w.frame != n:
                continue
            boxes = [b for s, e, b in drawn if s < w.src_end and w.src_start < e]
            if boxes:
                placed.append(PlacedWord(w.text, (min(b[0] for b in boxes), min(b[1] for b in boxes),
                                                  max(b[2] for b in boxes), max(b[3] for b in boxes))))
        frames[n] = FrameWords("transcript", tuple(placed))
        expected[n] = placed
        content.regions[n] = [Region(r["kind"], tuple(r["bbox"]), checked=r.get("checked"),
                                     struck=r.get("struck"), text=r.get("text"))
                              for r in f["regions"] if r["kind"] != "correction"]
    content.words = GivenWords(frames)
    return content, expected, truth
