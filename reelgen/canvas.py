"""The ink layer of one frame and the geometry shared by everything drawn on it.

A frame is drawn as *ink density* (float32, 0 = bare paper, 1 = full black) at 300 dpi;
``film.py`` later turns density into grey film tones, noise and skew.  Marks are
composited with ``max`` (ink over ink stays as dark as the darker one), which is how a
struck word or an X typed over letters looks on paper.

Boxes are ``[x0, y0, x1, y1]`` in pixels with x1/y1 exclusive, as everywhere in the app.
"""
from __future__ import annotations

import cv2
import numpy as np

Box = list  # [x0, y0, x1, y1], floats until the truth is written


def union(boxes) -> Box | None:
    boxes = [b for b in boxes if b is not None]
    if not boxes:
        return None
    return [min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes)]


def transform_box(box: Box, m: np.ndarray) -> Box:
    """The axis-aligned box around ``box`` mapped by the 2x3 affine matrix ``m``."""
    x0, y0, x1, y1 = box
    pts = np.array([[x0, y0, 1], [x1, y0, 1], [x0, y1, 1], [x1, y1, 1]], np.float64)
    out = pts @ np.asarray(m, np.float64).T
    return [float(out[:, 0].min()), float(out[:, 1].min()),
            float(out[:, 0].max()), float(out[:, 1].max())]


def rotation_about(cx: float, cy: float, degrees: float, tx: float = 0.0, ty: float = 0.0):
    """2x3 matrix rotating by ``degrees`` (counter-clockwise on screen) about (cx, cy)
    and then shifting by (tx, ty)."""
    m = cv2.getRotationMatrix2D((cx, cy), degrees, 1.0)
    m[0, 2] += tx
    m[1, 2] += ty
    return m


def ink_box(patch: np.ndarray, threshold: float = 0.2) -> Box | None:
    """Tight box of the pixels of ``patch`` at or above ``threshold``, in patch pixels."""
    mask = patch >= threshold
    rows = np.flatnonzero(mask.any(axis=1))
    if not len(rows):
        return None
    cols = np.flatnonzero(mask.any(axis=0))
    return [float(cols[0]), float(rows[0]), float(cols[-1] + 1), float(rows[-1] + 1)]


class Canvas:
    """The ink density of one frame, ``height`` x ``width`` pixels at 300 dpi."""

    def __init__(self, width: int, height: int):
        self.width, self.height = width, height
        self.ink = np.zeros((height, width), np.float32)

    def put(self, x: int, y: int, patch: np.ndarray, tone: float = 1.0) -> Box | None:
        """Composite ``patch`` (density 0..1) with its top-left corner at (x, y).
        Returns the page box of the ink that landed on the page."""
        h, w = patch.shape
        x0, y0 = max(0, x), max(0, y)
        x1, y1 = min(self.width, x + w), min(self.height, y + h)
        if x1 <= x0 or y1 <= y0:
            return None
        src = patch[y0 - y:y1 - y, x0 - x:x1 - x]
        if tone != 1.0:
            src = src * np.float32(tone)
        dst = self.ink[y0:y1, x0:x1]
        np.maximum(dst, src, out=dst)
        b = ink_box(src)
        return None if b is None else [b[0] + x0, b[1] + y0, b[2] + x0, b[3] + y0]

    def put_affine(self, patch: np.ndarray, m: np.ndarray, tone: float = 1.0) -> Box | None:
        """Composite ``patch`` mapped into the page by the 2x3 matrix ``m`` (patch pixel
        -> page pixel).  Returns the page box of the ink."""
        h, w = patch.shape
        bx = transform_box([0, 0, w, h], m)
        x0, y0 = int(np.floor(bx[0])) - 1, int(np.floor(bx[1])) - 1
        x1, y1 = int(np.ceil(bx[2])) + 1, int(np.ceil(bx[3])) + 1
        local = np.array(m, np.float64).copy()
        local[0, 2] -= x0
        local[1, 2] -= y0
        warped = cv2.warpAffine(patch, local, (x1 - x0, y1 - y0), flags=cv2.INTER_LINEAR,
                                borderMode=cv2.BORDER_CONSTANT, borderValue=0)
        return self.put(x0, y0, warped, tone)

    def fill(self, box: Box, tone: float = 1.0) -> Box | None:
        """A solid block of ink (a redaction)."""
        x0, y0 = max(0, int(round(box[0]))), max(0, int(round(box[1])))
        x1, y1 = min(self.width, int(round(box[2]))), min(self.height, int(round(box[3])))
        if x1 <= x0 or y1 <= y0:
            return None
        dst = self.ink[y0:y1, x0:x1]
        np.maximum(dst, np.float32(tone), out=dst)
        return [float(x0), float(y0), float(x1), float(y1)]

    def dark_fraction(self, box: Box, threshold: float = 0.5) -> float:
        x0, y0, x1, y1 = (int(round(v)) for v in box)
        region = self.ink[max(0, y0):y1, max(0, x0):x1]
        return float((region >= threshold).mean()) if region.size else 0.0
