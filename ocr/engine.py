"""Tesseract on one frame: words with boxes, confidences and their block/line structure.

Boxes are in pixels of the frame at 300 dpi (DESIGN.md), whatever preprocessing did.
"""
from __future__ import annotations

import functools
import hashlib
from dataclasses import asdict, dataclass, field

import numpy as np
import pytesseract
from PIL import Image

from .preprocess import prepare


@dataclass(frozen=True)
class OcrSettings:
    lang: str = "eng"
    psm: int = 3                 # automatic page segmentation (measured best on the corpus)
    preprocess: str = "auto"     # see ocr/preprocess.py

    def key(self) -> str:
        """Changes whenever the result could: part of the cache key."""
        # (v2: "auto" despeckles speckled frames)
        raw = f"tesseract {tesseract_version()}|{self.lang}|psm {self.psm}|{self.preprocess}|v2"
        return hashlib.blake2b(raw.encode(), digest_size=8).hexdigest()


@functools.cache
def tesseract_version() -> str:
    """Tesseract's version, asked once a process: pytesseract runs `tesseract --version`
    on every call, and the window asked on the GUI thread each time a frame was shown
    (a process spawned and waited for: 10-40 ms of frozen window, and a core taken from
    the render worker). A Tesseract upgraded while the app runs counts from the next start."""
    return str(pytesseract.get_tesseract_version())


@dataclass
class OcrWord:
    text: str
    bbox: list[int]              # [x0, y0, x1, y1]
    conf: float
    block: int = 0
    par: int = 0
    line: int = 0
    word: int = 0


@dataclass
class FrameOcr:
    index: int
    width: int
    height: int
    words: list[OcrWord] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"index": self.index, "width": self.width, "height": self.height,
                "words": [asdict(w) for w in self.words]}

    @classmethod
    def from_json(cls, data: dict) -> "FrameOcr":
        return cls(data["index"], data["width"], data["height"], [OcrWord(**w) for w in data["words"]])

    def text(self) -> str:
        """The words in reading order, a line a line."""
        lines, key = [], None
        for w in self.words:
            k = (w.block, w.par, w.line)
            if k != key:
                lines.append([])
                key = k
            lines[-1].append(w.text)
        return "\n".join(" ".join(line) for line in lines)

    def lines(self) -> list[list[OcrWord]]:
        out, key = [], None
        for w in self.words:
            k = (w.block, w.par, w.line)
            if k != key:
                out.append([])
                key = k
            out[-1].append(w)
        return out


def _uncompressed(image: np.ndarray) -> Image.Image:
    """The frame as pytesseract hands it to `tesseract`: an uncompressed TIFF rather than
    its default PNG, whose deflate cost 0.1-0.25 s a frame (bench/bench_ocr.py). The same
    pixels and no resolution tag either way (Tesseract estimates it as before), so the
    words are the same and so are the cache keys; a BMP would not do, since Pillow writes
    96 dpi into it and Tesseract then reads the frame at that resolution."""
    picture = Image.fromarray(image)
    picture.format = "TIFF"      # pytesseract saves in the image's format when it has one
    return picture


def recognize(image: np.ndarray, index: int = 0, settings: OcrSettings = OcrSettings()) -> FrameOcr:
    """Tesseract's words on a gray frame image (300 dpi)."""
    height, width = image.shape[:2]
    prepared, to_frame = prepare(image, settings.preprocess)
    data = pytesseract.image_to_data(_uncompressed(prepared), lang=settings.lang, config=f"--psm {settings.psm}",
                                     output_type=pytesseract.Output.DICT)
    words = []
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        x, y, w, h = data["left"][i], data["top"][i], data["width"][i], data["height"][i]
        words.append(OcrWord(text, to_frame([x, y, x + w, y + h]), round(conf, 1), data["block_num"][i],
                             data["par_num"][i], data["line_num"][i], data["word_num"][i]))
    return FrameOcr(index, width, height, words)
