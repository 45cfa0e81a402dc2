"""Preparing a frame for Tesseract, where it measurably helps (bench/bench_ocr.py).

Measured on the corpus scans and generated reels: Tesseract's own Otsu binarisation
does well on clean and on generated grey frames; flattening the background helps on
dark, unevenly lit microfilm (a frame whose background is far from white), and taking
out the specks helps on a speckled copy (a bilevel scan of grainy film, its blank paper
strewn with dots: Tesseract's layout analysis takes the text among them for a picture
and drops whole paragraphs). So "auto" flattens only dark frames and despeckles only
speckled ones. Nothing here moves pixels, so boxes need no mapping back; a despeckled
frame's word boxes are drawn in to their letters (``_to_letters``).
"""
from __future__ import annotations

import cv2
import numpy as np

MODES = ("auto", "none", "flatten", "despeckle")

SPECK = 40        # px: an ink spot smaller than this (a 7 px dot at 300 dpi) is a speck...
PRINT = 80        # px: ...and one this large or more is print (or a speck cluster), when
LETTER = 200      # px: no wider or taller than this (a rule's or a border's box would cover
                  # the page)
NEAR = 8          # px: a speck this close to print's box may be part of it (an i's dot, a
                  # full stop, a broken letter's piece) and is not counted as lone
SPECKLED = 600    # lone specks a megapixel from which a frame is a speckled copy: 785-2,970 on
                  # the corpus's grainy film, where despeckling reads 10-250 % more words;
                  # 0-270 on its clean pages (small thin type, whose i's and full stops are
                  # specks' size, included), under 30 on generated frames. Between, 340-590,
                  # four pages of dense handwriting and stamps went both ways (one lost a
                  # tenth of its words), so they are left as they are


def _identity(box):
    return [int(v) for v in box]


def needs_flattening(image: np.ndarray) -> bool:
    """Dark or unevenly lit film: the page background (bright percentile) is grey."""
    small = cv2.resize(image, (image.shape[1] // 8, image.shape[0] // 8), interpolation=cv2.INTER_AREA)
    background = np.percentile(small, 90)
    return background < 170


def flatten(image: np.ndarray) -> np.ndarray:
    """Divide by a blurred background: uneven light and grey film become white paper."""
    background = cv2.morphologyEx(image, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (31, 31)))
    background = cv2.GaussianBlur(background, (0, 0), 15)
    return cv2.divide(image, background, scale=255)


def _spots(image: np.ndarray):
    """The ink's spots: (labels, stats) of its connected components, background first."""
    ink = (image < 128).astype(np.uint8)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    return labels, stats


def lone_specks(image: np.ndarray, stats: np.ndarray | None = None) -> float:
    """Specks a megapixel that lie away from any print: their centres outside every box of
    a letter's size grown by ``NEAR`` (looked up on a grid of 8 px cells, one sum over all boxes,
    rather than by growing the print pixel by pixel: a tenth of the time)."""
    if stats is None:
        stats = _spots(image)[1]
    stats = stats[1:]
    h, w = image.shape[:2]
    cell = 8
    x, y, bw, bh, area = (stats[:, i] for i in range(5))
    big = (area >= PRINT) & (bw <= LETTER) & (bh <= LETTER)
    # each grown box of print adds one to the cells it covers (a 2-D difference array)
    gh, gw = h // cell + 2, w // cell + 2
    diff = np.zeros((gh + 1, gw + 1), np.int32)
    x0 = np.clip((x[big] - NEAR) // cell, 0, gw)
    y0 = np.clip((y[big] - NEAR) // cell, 0, gh)
    x1 = np.clip((x[big] + bw[big] + NEAR) // cell + 1, 0, gw)
    y1 = np.clip((y[big] + bh[big] + NEAR) // cell + 1, 0, gh)
    for dy, dx, s in ((y0, x0, 1), (y0, x1, -1), (y1, x0, -1), (y1, x1, 1)):
        np.add.at(diff, (dy, dx), s)
    covered = diff.cumsum(0).cumsum(1) > 0
    small = area < SPECK
    cx = (x[small] + bw[small] // 2) // cell
    cy = (y[small] + bh[small] // 2) // cell
    lone = int((~covered[cy, cx]).sum())
    return lone / (h * w / 1e6)


def despeckle(image: np.ndarray, labels: np.ndarray | None = None, stats: np.ndarray | None = None) -> np.ndarray:
    """IMAGE with every ink spot smaller than ``SPECK`` made paper. All of them, not only
    the lone ones: on a speckled copy the specks beside the letters are what run them
    into the grain (measured: taking out only the lone ones kept half the gain)."""
    if labels is None:
        labels, stats = _spots(image)
    small = stats[:, cv2.CC_STAT_AREA] < SPECK
    small[0] = False
    out = image.copy()
    out[small[labels]] = 255
    return out


def _to_letters(image: np.ndarray):
    """A box mapping for a despeckled IMAGE: each word's box drawn in to its letters' rows.
    The grain also lies in clumps too large to be specks, and Tesseract takes those next to
    a word into its box (on the corpus's grainiest cable, typed words 37 px tall came out
    60-130 px). The rows kept are the run holding the most ink (gaps of two rows bridged)
    of rows inked across a tenth of the box or more: a clump fills less of a word's width."""
    ink = image < 128

    def to_frame(box):
        x0, y0, x1, y1 = (int(v) for v in box)
        rows = ink[y0:y1, x0:x1].mean(axis=1) if x1 > x0 else np.zeros(0)
        on = np.flatnonzero(rows >= 0.1)
        if not on.size:
            return [x0, y0, x1, y1]
        cuts = np.flatnonzero(np.diff(on) > 3)          # a gap of more than two rows
        runs = np.split(on, cuts + 1)
        best = max(runs, key=lambda r: rows[r[0]:r[-1] + 1].sum())
        return [x0, y0 + int(best[0]), x1, y0 + int(best[-1]) + 1]
    return to_frame


def prepare(image: np.ndarray, mode: str = "auto"):
    if mode not in MODES:
        raise ValueError(f"unknown preprocessing '{mode}': choose one of {', '.join(MODES)}")
    if mode == "flatten" or (mode == "auto" and needs_flattening(image)):
        image = flatten(image)
    if mode == "despeckle":
        image = despeckle(image)
        return image, _to_letters(image)
    if mode == "auto":
        labels, stats = _spots(image)
        if lone_specks(image, stats) >= SPECKLED:
            image = despeckle(image, labels, stats)
            return image, _to_letters(image)
    return image, _identity
