"""Frames rendered in worker processes, cached by (frame, scale), newest request first.

Like qpageview: the view asks for what it needs now; what is cached comes back at once,
the rest is queued, the newest request first, stale ones dropped when the queue is
long. Two lanes, each one worker process with one job in flight: the frame on screen
never waits behind prefetching or thumbnails. Results arrive through a Qt signal on
the GUI thread; the GUI thread never decodes an image.
"""
from __future__ import annotations

import math
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool

import numpy as np
from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QImage

from reel.worker import render_frame
from .cache import ByteBudgetCache

# Priorities: the frame on screen, its neighbours, then thumbnails.
SHOWN, PREFETCH, THUMB = 0, 1, 2
MAX_PENDING = {SHOWN: 2, PREFETCH: 4, THUMB: 64}
LANES = {"shown": (SHOWN,), "background": (PREFETCH, THUMB)}
RenderPools = dict  # lane name -> work.ProcessPool of one worker


def quantize_scale(scale: float) -> float:
    """Round a wanted scale up to a step of 2^(1/4), so nearby zooms share a render; cap at
    the frame's own 300 dpi (scans hold no more detail; memory stays bounded)."""
    if scale >= 1.0:
        return 1.0
    # The slack keeps a step already rounded to 4 places on its step (the function must be
    # idempotent: callers quantize, and request() quantizes again).
    step = 2 ** (math.ceil(math.log2(max(scale, 1 / 64)) * 4 - 0.02) / 4)
    return min(1.0, round(step, 4))


def to_qimage(pixels: np.ndarray) -> QImage:
    h, w = pixels.shape[:2]
    if pixels.ndim == 2:
        img = QImage(pixels.data, w, h, pixels.strides[0], QImage.Format.Format_Grayscale8)
    else:
        img = QImage(pixels.data, w, h, pixels.strides[0], QImage.Format.Format_RGB888)
    return img.copy()  # own the pixels: the numpy buffer goes away


class FrameRenderer(QObject):
    """Renders frames of one reel at a time; emits rendered(frame, scale, QImage)."""

    rendered = Signal(int, float, QImage)
    failed = Signal(int, str)
    _finished = Signal(object, object)  # (key, future), posted from the pool's thread

    def __init__(self, pools: "RenderPools", budget_bytes: int = 48 * 2**20, parent=None):
        super().__init__(parent)
        self._pools = pools
        self._cache = ByteBudgetCache(budget_bytes, lambda img: img.sizeInBytes())
        self._pending: dict[int, dict[tuple, None]] = {p: {} for p in MAX_PENDING}
        self._in_flight: dict[tuple, str] = {}   # key -> lane
        self._reel: tuple[str, str | None] | None = None
        self._generation = 0
        self._finished.connect(self._on_finished)

    def set_reel(self, path: str | None, password: str | None = None) -> None:
        self._reel = (str(path), password) if path else None
        self._generation += 1  # results still in flight for the old reel are ignored
        self._cache.clear()
        for queue in self._pending.values():
            queue.clear()

    def cached(self, frame: int, scale: float) -> QImage | None:
        return self._cache.get((frame, quantize_scale(scale)))

    def best_cached(self, frame: int, scale: float) -> QImage | None:
        """The sharpest cached render of FRAME to paint until the wanted one arrives."""
        exact = self.cached(frame, scale)
        if exact is not None:
            return exact
        scales = sorted((k[1] for k in self._cache.keys() if k[0] == frame), reverse=True)
        return self._cache.get((frame, scales[0])) if scales else None

    def request(self, frame: int, scale: float, priority: int = SHOWN) -> QImage | None:
        """The image if cached; otherwise queue a render and return None."""
        key = (frame, quantize_scale(scale))
        img = self._cache.get(key)
        if img is not None or self._reel is None:
            return img
        if key not in self._in_flight:
            for queue in self._pending.values():
                queue.pop(key, None)
            queue = self._pending[priority]
            queue[key] = None
            while len(queue) > MAX_PENDING[priority]:
                del queue[next(iter(queue))]  # the oldest request is the stalest
            self._pump()
        return None

    def busy(self) -> bool:
        """Renders queued or running (for scripts that wait until the window is painted)."""
        return bool(self._in_flight) or any(self._pending.values())

    def cancel_thumbnails(self) -> None:
        self._pending[THUMB].clear()

    def _pump(self) -> None:
        if self._reel is None:
            return
        busy = set(self._in_flight.values())
        for lane, priorities in LANES.items():
            if lane in busy or self._pools[lane].closed:  # closed: the app is quitting
                continue
            key = self._next(priorities)
            if key is None:
                continue
            path, password = self._reel
            future = self._pools[lane].submit(render_frame, path, password, key[0], key[1])
            self._in_flight[key] = lane
            generation = self._generation
            future.add_done_callback(lambda f, tag=(key, generation): self._post(tag, f))

    def _next(self, priorities):
        for priority in priorities:
            queue = self._pending[priority]
            if queue:
                key = next(reversed(queue))  # newest first
                del queue[key]
                return key
        return None

    def _post(self, tag, future: Future) -> None:
        result = _image_or_error(future)
        try:
            self._finished.emit(tag, result)
        except RuntimeError:
            pass  # the renderer was deleted (window closed) while the job ran

    @Slot(object, object)
    def _on_finished(self, tagged, result) -> None:
        key, generation = tagged
        self._in_flight.pop(key, None)
        if generation == self._generation:
            if isinstance(result, QImage):
                self._cache.put(key, result)
                self.rendered.emit(key[0], key[1], result)
            else:
                self.failed.emit(key[0], result)
        self._pump()


def _image_or_error(future: Future):
    """Runs on the pool's result thread, so the pixel copy stays off the GUI thread."""
    try:
        return to_qimage(future.result())
    except BrokenProcessPool:
        return "rendering this frame crashed the renderer: the frame is probably damaged"
    except Exception as exc:  # FrameError/ReelError carry a message for the user
        return str(exc) or type(exc).__name__
