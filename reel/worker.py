"""Rendering in a worker process: each worker keeps the reels it has opened."""
from __future__ import annotations

from collections import OrderedDict

import numpy as np
import pymupdf

from .opening import open_reel

# Per worker process (never shared with the parent): reopening a PDF for every frame
# would cost more than rendering it. A few reels stay open, least recently used first out.
_open_reels: OrderedDict = OrderedDict()
_KEEP_OPEN = 4


def _reel(path: str, password: str | None):
    key = (path, password)
    reel = _open_reels.pop(key, None) or open_reel(path, password=password)
    _open_reels[key] = reel
    while len(_open_reels) > _KEEP_OPEN:
        _open_reels.popitem(last=False)[1].close()
    return reel


def render_frame(path: str, password: str | None, n: int, scale: float, color: bool = False) -> np.ndarray:
    """Frame n of the reel at PATH as pixels. Raises ReelError/FrameError with a user message."""
    pixels = _reel(path, password).render(n, scale=scale, color=color)
    # MuPDF keeps decoded images in a 256 MB store per process; the window caches the
    # rendered frames itself, so that store would only double the memory.
    pymupdf.TOOLS.store_shrink(100)
    return pixels
