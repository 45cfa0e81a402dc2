"""Issue 8's speed and memory figures for the export, as ratios against a floor of the same run.

    .venv/bin/python bench/bench_export.py [--frames 500] [--small 100] [--repeat 3]

Reels built from the real 300 dpi scans of DOCID-32989794.pdf (63 pages, repeated):

* a folder of JPEG frames (the pages scanned to grey JPEGs, each file made unique),
* the PDF reel itself (bilevel CCITT images, as the archive's PDFs hold them).

The export is the whole thing a user gets: every frame's image, an invisible text layer
of the page's real words (Tesseract's, recognised once and kept in bench/out), a note
on every tenth frame, a bookmark on every twentieth, the outline and the metadata.

Floors, in the same run and fresh processes each:

* "insert_image": PyMuPDF inserting the same images into a new PDF with nothing else,
  one new page per frame (the issue's floor).  For the JPEG reel that is
  ``insert_image(stream=file bytes)``; for the PDF reel, whose CCITT images PyMuPDF can
  only insert as pixels, ``insert_image(pixmap=Pixmap(reel, xref))``.
* "page copy" (PDF reel only): ``insert_pdf`` of the same pages, which moves the
  image streams without decoding them, the least any export of that reel can cost.

Memory: the peak resident size of a process exporting 100 and 500 frames (target: flat).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import CORPUS, OUT, long_reel, peak_rss_mb  # noqa: E402

SOURCE = CORPUS / "scans" / "DOCID-32989794.pdf"


# --- material ---------------------------------------------------------------------------
def _ocr_page(args) -> list:
    import numpy as np
    import pymupdf
    import pytesseract
    path, index = args
    page = pymupdf.open(path)[index]
    pix = page.get_pixmap(dpi=300, colorspace=pymupdf.csGRAY)
    img = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width)
    data = pytesseract.image_to_data(img, output_type=pytesseract.Output.DICT)
    return [[t, [x, y, x + w, y + h]] for t, x, y, w, h, c in zip(
        data["text"], data["left"], data["top"], data["width"], data["height"], data["conf"])
        if t.strip() and float(c) >= 0]


def page_words() -> list[list]:
    """Tesseract's words of each source page, recognised once and kept."""
    cache = OUT / f"words-{SOURCE.stem}.json"
    if cache.exists():
        return json.loads(cache.read_text())
    import pymupdf
    from concurrent.futures import ProcessPoolExecutor
    os.environ["OMP_THREAD_LIMIT"] = "1"
    n = pymupdf.open(SOURCE).page_count
    print(f"recognising the {n} source pages once (kept in {cache.name})…", file=sys.stderr)
    with ProcessPoolExecutor(os.cpu_count() or 2) as pool:
        words = list(pool.map(_ocr_page, [(str(SOURCE), i) for i in range(n)]))
    OUT.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(words))
    return words


def jpeg_reel(frames: int) -> Path:
    """A folder of FRAMES JPEG frames: the source pages at 300 dpi, grey, quality 75;
    each file carries its frame number in a comment, so no two are the same bytes."""
    import pymupdf
    pages_dir = OUT / f"jpeg-pages-{SOURCE.stem}"
    if not pages_dir.exists():
        tmp = pages_dir.with_suffix(".tmp")
        tmp.mkdir(parents=True, exist_ok=True)
        src = pymupdf.open(SOURCE)
        for i, page in enumerate(src):
            pix = page.get_pixmap(dpi=300, colorspace=pymupdf.csGRAY)
            (tmp / f"{i}.jpg").write_bytes(pix.tobytes("jpg", jpg_quality=75))
        tmp.rename(pages_dir)
    count = len(list(pages_dir.glob("*.jpg")))
    folder = OUT / f"jpeg-reel-{frames}"
    if not folder.exists():
        tmp = folder.with_suffix(".tmp")
        tmp.mkdir(parents=True, exist_ok=True)
        for n in range(1, frames + 1):
            data = (pages_dir / f"{(n - 1) % count}.jpg").read_bytes()
            note = f"frame {n}".encode()
            data = data[:2] + b"\xff\xfe" + (len(note) + 2).to_bytes(2, "big") + note + data[2:]
            (tmp / f"frame{n:05d}.jpg").write_bytes(data)
        tmp.rename(folder)
    return folder


# --- what each child process measures -----------------------------------------------------
def _peak_mb() -> float:
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across exec.
    return peak_rss_mb([os.getpid()])


def child(mode: str, reel_path: str, out: str) -> dict:
    import pymupdf
    t = time.perf_counter()
    if mode == "floor-jpeg":
        doc = pymupdf.open()
        for f in sorted(Path(reel_path).glob("*.jpg")):
            data = f.read_bytes()
            page = doc.new_page(width=612, height=798)
            page.insert_image(page.rect, stream=data)
        doc.save(out)
    elif mode == "floor-pixmap":
        src = pymupdf.open(reel_path)
        doc = pymupdf.open()
        for sp in src:
            page = doc.new_page(width=sp.rect.width, height=sp.rect.height)
            page.insert_image(page.rect, pixmap=pymupdf.Pixmap(src, sp.get_images()[0][0]))
        doc.save(out)
    elif mode == "floor-copy":
        src = pymupdf.open(reel_path)
        doc = pymupdf.open()
        for i in range(src.page_count):
            doc.insert_pdf(src, from_page=i, to_page=i, final=0)
        doc.save(out)
    elif mode == "export":
        from export import Bookmark, ExportOptions, FrameWords, GivenWords, Note, PlacedWord, export_reel
        from export.load import load_content
        from reel import open_reel
        words = page_words()
        reel = open_reel(reel_path)
        content = load_content(reel, ExportOptions())

        class CachedOcr(GivenWords):
            """Words as a cache hands them out: per frame, when asked."""

            def frame_words(self, n):
                ws = words[(n - 1) % len(words)]
                return FrameWords("ocr", tuple(PlacedWord(t, tuple(b)) for t, b in ws))

        content.words = CachedOcr({})
        content.notes = [Note(n, f"Note on frame {n}: compare with the airtel of the same day.",
                              rect=(300, 400, 1200, 700), author="Bench") for n in range(1, len(reel) + 1, 10)]
        content.bookmarks = [Bookmark(n, f"Bookmark {n}") for n in range(1, len(reel) + 1, 20)]
        t = time.perf_counter()
        report = export_reel(reel, out, ExportOptions(), content=content)
        assert report.ok, report.summary()
    else:
        raise SystemExit(f"unknown mode {mode}")
    return {"seconds": time.perf_counter() - t, "peak_mb": _peak_mb(), "bytes": os.path.getsize(out)}


def run_child(mode: str, reel: Path) -> dict:
    out = OUT / f"bench-{mode}.pdf"
    r = subprocess.run([sys.executable, __file__, "--child", mode, str(reel), str(out)],
                       capture_output=True, text=True, env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    if r.returncode:
        raise SystemExit(f"{mode} on {reel.name} failed:\n{r.stderr}")
    out.unlink(missing_ok=True)
    return json.loads(r.stdout)


def best(mode: str, reel: Path, repeat: int) -> dict:
    runs = [run_child(mode, reel) for _ in range(repeat)]
    return min(runs, key=lambda r: r["seconds"])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--frames", type=int, default=500)
    ap.add_argument("--small", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--child", nargs=3, metavar=("MODE", "REEL", "OUT"), help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        print(json.dumps(child(*a.child)))
        return
    page_words()      # recognised once, before any timing
    words = sum(len(w) for w in page_words()) / len(page_words())
    print(f"text layer: Tesseract's words of the source pages, {words:.0f} a frame on average")

    big, small = jpeg_reel(a.frames), jpeg_reel(a.small)
    # alternate floor and export so that a change of load on the machine hits both
    floor = best("floor-jpeg", big, a.repeat)
    ours = best("export", big, a.repeat)
    floor = min(floor, best("floor-jpeg", big, 1), key=lambda r: r["seconds"])
    print(f"JPEG reel, {a.frames} frames: export {ours['seconds']:.2f} s vs insert_image floor "
          f"{floor['seconds']:.2f} s: ratio {ours['seconds'] / floor['seconds']:.2f} (target <= 1.5); "
          f"{ours['bytes'] / 1e6:.0f} MB vs {floor['bytes'] / 1e6:.0f} MB")
    mem_small, mem_big = run_child("export", small), run_child("export", big)
    print(f"JPEG reel, peak memory of the export: {a.small} frames {mem_small['peak_mb']:.0f} MB, "
          f"{a.frames} frames {mem_big['peak_mb']:.0f} MB (ratio {mem_big['peak_mb'] / mem_small['peak_mb']:.2f}; "
          f"the floor holds the whole PDF: {floor['peak_mb']:.0f} MB)")

    big_pdf, small_pdf = long_reel(a.frames), long_reel(a.small)
    copy = best("floor-copy", big_pdf, a.repeat)
    ours = best("export", big_pdf, a.repeat)
    pix = run_child("floor-pixmap", big_pdf)
    print(f"PDF reel (CCITT), {a.frames} frames: export {ours['seconds']:.2f} s vs insert_image floor "
          f"{pix['seconds']:.2f} s: ratio {ours['seconds'] / pix['seconds']:.2f} (target <= 1.5)")
    print(f"  vs page copy (insert_pdf, images moved undecoded) {copy['seconds']:.2f} s: "
          f"ratio {ours['seconds'] / copy['seconds']:.1f}; the export's own work "
          f"{(ours['seconds'] - copy['seconds']) / a.frames * 1000:.1f} ms a frame")
    mem_small, mem_big = run_child("export", small_pdf), run_child("export", big_pdf)
    print(f"PDF reel, peak memory of the export: {a.small} frames {mem_small['peak_mb']:.0f} MB, "
          f"{a.frames} frames {mem_big['peak_mb']:.0f} MB (ratio {mem_big['peak_mb'] / mem_small['peak_mb']:.2f}; "
          f"page copy floor {copy['peak_mb']:.0f} MB)")


if __name__ == "__main__":
    main()
