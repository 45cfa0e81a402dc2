"""Preparing a frame for Tesseract, where it measurably helps (bench/bench_ocr.py).

Measured on the corpus scans and generated reels: Tesseract's own Otsu binarisation
does well on clean and on generated grey frames; flattening the background helps on
dark, unevenly lit microfilm (a frame whose background is far from white). So "auto"
flattens only such frames. Nothing here moves pixels, so boxes need no mapping back.
"""
from __future__ import annotations

import cv2
import numpy as np

MODES = ("auto", "none", "flatten")


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


def prepare(image: np.ndarray, mode: str = "auto"):
    if mode not in MODES:
        raise ValueError(f"unknown preprocessing '{mode}': choose one of {', '.join(MODES)}")
    if mode == "flatten" or (mode == "auto" and needs_flattening(image)):
        return flatten(image), _identity
    return image, _identity
