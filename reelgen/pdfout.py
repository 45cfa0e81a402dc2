"""Writing frames as an image-only PDF reel: one grey JPEG per page, nothing else.

Pages are sized so that, at 300 dpi, they are exactly the frame's pixels (points =
pixels x 72 / 300), which is how ``reel/`` measures frames; a lower ``dpi`` stores
fewer pixels on the same page (a smaller file, a softer scan).  The file is written
next to its final name and moved into place at the end, so an interrupted run never
leaves a half-written reel under the real name; and it is byte-for-byte the same for
the same frames (fixed metadata, no random file ID).
"""
from __future__ import annotations

import os
from pathlib import Path

import cv2
import numpy as np
import pymupdf

BASE_DPI = 300


def encode_jpeg(img: np.ndarray, quality: int = 45, dpi: int = BASE_DPI) -> bytes:
    if dpi != BASE_DPI:
        h, w = img.shape[:2]
        img = cv2.resize(img, (max(1, round(w * dpi / BASE_DPI)), max(1, round(h * dpi / BASE_DPI))),
                         interpolation=cv2.INTER_AREA)
    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, int(quality),
                                         cv2.IMWRITE_JPEG_OPTIMIZE, 1])
    if not ok:
        raise RuntimeError("JPEG encoding failed")
    return buf.tobytes()


class PdfReelWriter:
    """``add`` frames in order, then ``close`` to write the file.

    Pages are written out every ``chunk`` pages (a full save, then incremental saves
    of the same file) so that a 2,000-frame reel never holds more than one chunk of
    JPEGs in memory.
    """

    def __init__(self, path: Path, title: str = "Generated reel", chunk: int = 100):
        self.path = Path(path)
        self.tmp = self.path.with_name(self.path.name + ".part")
        self.title = title
        self.chunk = max(1, chunk)
        self.doc = pymupdf.open()
        self.count = 0
        self._saved = False
        self._pending = 0

    def add_jpeg(self, jpeg: bytes, width: int, height: int) -> None:
        """A page of ``width`` x ``height`` pixels at 300 dpi showing ``jpeg``."""
        page = self.doc.new_page(width=width * 72 / BASE_DPI, height=height * 72 / BASE_DPI)
        page.insert_image(page.rect, stream=jpeg)
        self.count += 1
        self._pending += 1
        if self._pending >= self.chunk:
            self._flush()

    def add(self, img: np.ndarray, quality: int = 45, dpi: int = BASE_DPI) -> bytes:
        jpeg = encode_jpeg(img, quality, dpi)
        self.add_jpeg(jpeg, img.shape[1], img.shape[0])
        return jpeg

    def _flush(self) -> None:
        if not self._saved:
            self.doc.set_metadata({"title": self.title, "creator": "Reel Reader reelgen",
                                   "producer": "PyMuPDF", "creationDate": "", "modDate": ""})
            self.doc.save(self.tmp, garbage=1, deflate=True, no_new_id=True)
            self._saved = True
        elif self._pending:
            self.doc.save(self.tmp, incremental=True, encryption=pymupdf.PDF_ENCRYPT_KEEP,
                          no_new_id=True)
        self.doc.close()
        self._pending = 0
        self.doc = pymupdf.open(self.tmp)

    def close(self) -> None:
        try:
            if self._pending or not self._saved:
                self._flush()
            self.doc.close()
            os.replace(self.tmp, self.path)
        finally:
            if self.tmp.exists():
                self.tmp.unlink()

    def abort(self) -> None:
        self.doc.close()
        if self.tmp.exists():
            self.tmp.unlink()
