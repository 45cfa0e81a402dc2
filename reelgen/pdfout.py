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
    """``add`` frames in order, then ``close`` to write the file."""

    def __init__(self, path: Path, title: str = "Generated reel"):
        self.path = Path(path)
        self.title = title
        self.doc = pymupdf.open()
        self.count = 0

    def add_jpeg(self, jpeg: bytes, width: int, height: int) -> None:
        """A page of ``width`` x ``height`` pixels at 300 dpi showing ``jpeg``."""
        page = self.doc.new_page(width=width * 72 / BASE_DPI, height=height * 72 / BASE_DPI)
        page.insert_image(page.rect, stream=jpeg)
        self.count += 1

    def add(self, img: np.ndarray, quality: int = 45, dpi: int = BASE_DPI) -> bytes:
        jpeg = encode_jpeg(img, quality, dpi)
        self.add_jpeg(jpeg, img.shape[1], img.shape[0])
        return jpeg

    def close(self) -> None:
        self.doc.set_metadata({"title": self.title, "creator": "Reel Reader reelgen",
                               "producer": "PyMuPDF", "creationDate": "", "modDate": ""})
        tmp = self.path.with_name(self.path.name + ".part")
        try:
            self.doc.save(tmp, garbage=1, deflate=True, no_new_id=True)
            self.doc.close()
            os.replace(tmp, self.path)
        finally:
            if tmp.exists():
                tmp.unlink()
