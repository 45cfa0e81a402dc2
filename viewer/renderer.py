"""Frames rendered in worker processes, cached by (frame, scale), newest request first.

Like qpageview: the view asks for what it needs now; what is cached comes back at once,
the rest is queued, the newest request first, stale ones dropped when the queue is
long. Two lanes, each one worker process with one job in flight: the frame on screen
never waits behind prefetching or thumbnails, and no background job starts while it is
being rendered (two renders at once on a two-core machine slow the one the user waits
for; the background worker also runs at a lower CPU priority). The pixels come back
through a block of shared memory per lane, not pickled through the pool's pipe (they
are where no block can be made); the pool's result thread copies them into a QImage and a
Qt signal brings that to the GUI thread, which never decodes an image. Blocks are unlinked
at exit, and those of an app that was killed by the next app.

The frame on screen, when the background lane is idle and the reel renders bands at their
share of the cost (PDF), is rendered in two bands at once, one in each lane, both written
into the shown lane's block: on two cores both bands are done in 0.72-0.8 of the time one
process takes for the frame (a band costs more than its share: a CCITT image is decoded
from its top, and each process decodes). Where the bands meet follows what each took, so
that they end together. The bands make the frame pixel for pixel: where a clipped render
would not (see PdfReel.BAND_MIN_SHRINK), the upper band is the whole frame.
"""
from __future__ import annotations

import math
import os
import secrets
import threading
import weakref
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import shared_memory

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QImage

from reel.worker import open_ahead, render_band_shared, render_frame_shared
from .cache import ByteBudgetCache

# Priorities: the frame on screen, its neighbours, then thumbnails.
SHOWN, PREFETCH, THUMB = 0, 1, 2
MAX_PENDING = {SHOWN: 2, PREFETCH: 4, THUMB: 64}
LANES = {"shown": (SHOWN,), "background": (PREFETCH, THUMB)}
RenderPools = dict  # lane name -> work.ProcessPool of one worker
BLOCK_STEP = 2**20  # shared memory per lane grows in steps of this; fit width needs 1-4 MB
# Where a frame's two bands meet, as a fraction of its height, before any was timed: a
# CCITT scan's lower band costs more a row (its image is decoded from the top).
FIRST_SPLIT = 0.55
SPLIT_RANGE = (0.25, 0.75)


def quantize_scale(scale: float) -> float:
    """The scale a wanted SCALE is rendered at: the view's own scale, rounded up to 4
    decimal places (so the render holds at least one pixel per device pixel and paints
    unscaled, see facsimile._FramePixmap), capped at the frame's own 300 dpi (scans hold no
    more detail; memory stays bounded). Rounding to steps of 2^(1/4) let nearby zooms share
    a render, but every frame then had to be rescaled smoothly on each paint (1.2-2.4 ms of
    the GUI thread's time a turn, against ~0.1 ms for an unscaled paint)."""
    if scale >= 1.0:
        return 1.0
    # Idempotent (callers quantize, and request() quantizes again): a value already on a
    # step of 1e-4 stays on it despite the float product's error.
    return min(1.0, math.ceil(max(scale, 1 / 64) * 10_000 - 1e-6) / 10_000)


def to_qimage(data, width: int, height: int, channels: int) -> QImage:
    """A QImage owning a copy of packed gray (1 channel) or RGB (3) rows in DATA."""
    fmt = QImage.Format.Format_Grayscale8 if channels == 1 else QImage.Format.Format_RGB888
    return QImage(data, width, height, width * channels, fmt).copy()


class FrameRenderer(QObject):
    """Renders frames of one reel at a time; emits rendered(frame, scale, QImage)."""

    rendered = Signal(int, float, QImage)
    failed = Signal(int, str)
    # ((generation, key), (QImage or message, bytes the block lacked, the bands' seconds or
    # None)), from the pool's thread
    _finished = Signal(object, object)

    def __init__(self, pools: "RenderPools", budget_bytes: int = 40 * 2**20, parent=None):
        super().__init__(parent)
        self._pools = pools
        self._cache = ByteBudgetCache(budget_bytes, lambda img: img.sizeInBytes())
        self._pending: dict[int, dict[tuple, None]] = {p: {} for p in MAX_PENDING}
        # (generation, key) -> the lanes rendering it (the first holds the block): a render
        # of an earlier reel still running keeps its lanes busy, but does not stand for the
        # same (frame, scale) of this reel.
        self._in_flight: dict[tuple, tuple[str, ...]] = {}
        self._reel: tuple[str, str | None] | None = None
        self._bands = False
        self._split = FIRST_SPLIT
        self._prepared: tuple[str, str | None] | None = None   # the reel the workers were told to open
        self._generation = 0
        self._blocks: dict[str, shared_memory.SharedMemory] = {}   # lane -> its pixels' block
        self._shared = True   # False once shared memory could not be made: pixels by pipe
        self._release = weakref.finalize(self, _release_blocks, self._blocks)  # also at exit
        # results are posted from the pool's threads: once the window closes, this object is
        # deleted on the GUI thread, and an emit racing that deletion crashed the process
        # (PySide cannot tell an object half deleted). Posting holds the lock; ``close``
        # takes it to say no more are wanted, so none is under way or to come after it.
        self._post_lock = threading.Lock()
        self._closed = False
        self._finished.connect(self._on_finished)

    def set_reel(self, path: str | None, password: str | None = None, bands: bool = False) -> None:
        """BANDS: the reel renders a band of a frame at the band's share of the cost
        (Reel.renders_bands), so the frame on screen is rendered in two at once."""
        self._reel = (str(path), password) if path else None
        self._bands = bands
        self._generation += 1  # results still in flight for the old reel are ignored
        self._cache.clear()
        for queue in self._pending.values():
            queue.clear()
        if self._reel is not None and self._reel != self._prepared:
            self.prepare(*self._reel)

    def prepare(self, path: str, password: str | None = None) -> Future | None:
        """Have every worker open the reel at PATH, before the window has opened it itself
        (it does so on a thread, with its fingerprint and library record): a long PDF's page
        tree then costs the first frame nothing. The frame on screen stays as it is. The
        future is the shown worker's, giving the first frame's size (or None)."""
        self._prepared = (str(path), password)
        futures = [pool.submit(open_ahead, str(path), password)
                   for pool in self._pools.values() if not pool.closed]
        return futures[0] if futures else None

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
        if (self._generation, key) not in self._in_flight:
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

    def close(self) -> None:
        """No more results (the window closes: renders still running are dropped when done),
        and the shared memory given back now (it is otherwise at exit or when this is
        collected)."""
        with self._post_lock:
            self._closed = True
        self._shared = False
        self._release()

    def cancel_thumbnails(self) -> None:
        self._pending[THUMB].clear()

    def _pump(self) -> None:
        if self._reel is None:
            return
        busy = {lane for lanes in self._in_flight.values() for lane in lanes}
        for lane, priorities in LANES.items():
            if lane in busy or self._pools[lane].closed:  # closed: the app is quitting
                continue
            if lane != "shown" and "shown" in busy:
                continue  # the frame the user waits for has both cores to itself
            key = self._next(priorities)
            if key is None:
                continue
            lanes = (lane,)
            if lane == "shown" and self._bands and "background" not in busy \
                    and not self._pools["background"].closed:
                lanes = ("shown", "background")
            self._submit(key, lanes)
            busy.update(lanes)

    def _submit(self, key: tuple, lanes: tuple[str, ...]) -> None:
        """Render KEY in LANES: the whole frame in one, or a band in each of two."""
        path, password = self._reel
        block = self._block(lanes[0])
        name = block.name if block else None
        tag = (self._generation, key)
        self._in_flight[tag] = lanes
        if len(lanes) == 1:
            future = self._pools[lanes[0]].submit(render_frame_shared, path, password, key[0], key[1], name)
            future.add_done_callback(lambda f, tag=tag, b=block: self._post(tag, _image_or_error(f, b)))
            return
        cuts = (0.0, self._split, 1.0)
        # urgent: the background lane's worker renders its band at full priority
        futures = [self._pools[lane].submit_urgent(render_band_shared, path, password, key[0], key[1], name,
                                                   cuts[i], cuts[i + 1]) for i, lane in enumerate(lanes)]
        left, lock = [len(futures)], threading.Lock()

        def one_done(_future, tag=tag, block=block):
            with lock:
                left[0] -= 1
                if left[0]:
                    return
            self._post(tag, _bands_or_error(futures, block))
        for future in futures:
            future.add_done_callback(one_done)

    def _block(self, lane: str, size: int = 0) -> shared_memory.SharedMemory | None:
        """The lane's shared memory, at least SIZE bytes (only called while the lane is idle);
        None where none can be made (no /dev/shm, say): the pixels then come by pipe."""
        block = self._blocks.get(lane)
        if (block is None or block.size < size) and self._shared:
            if block is not None:
                _release_blocks({lane: self._blocks.pop(lane)})
            size = max(1, -(-size // BLOCK_STEP)) * BLOCK_STEP
            try:
                block = self._blocks[lane] = _new_block(size)
            except OSError:
                self._shared, block = False, None
        return block

    def _next(self, priorities):
        for priority in priorities:
            queue = self._pending[priority]
            if queue:
                key = next(reversed(queue))  # newest first
                del queue[key]
                return key
        return None

    def _post(self, tag, result) -> None:
        with self._post_lock:
            if self._closed:
                return
            try:
                self._finished.emit(tag, result)
            except RuntimeError:
                pass  # the renderer was deleted (never closed) while the job ran

    @Slot(object, object)
    def _on_finished(self, tag, result) -> None:
        generation, key = tag
        lanes = self._in_flight.pop(tag, None)
        result, wanted, seconds = result
        if wanted and lanes is not None:
            self._block(lanes[0], wanted)  # the pixels did not fit: a larger block for next time
        if seconds is not None:
            self._rebalance(*seconds)
        if generation == self._generation:
            if isinstance(result, QImage):
                self._cache.put(key, result)
                self.rendered.emit(key[0], key[1], result)
            else:
                self.failed.emit(key[0], result)
        self._pump()

    def _rebalance(self, upper: float, lower: float) -> None:
        """Move where the bands meet halfway to where, at the cost a row each band had,
        both would have taken as long."""
        split = self._split
        if upper <= 0 or lower <= 0:
            return
        up, down = upper / split, lower / (1 - split)      # seconds per whole height
        even = down / (up + down)
        self._split = min(max((split + even) / 2, SPLIT_RANGE[0]), SPLIT_RANGE[1])


def _error_message(exc: BaseException) -> str:
    if isinstance(exc, BrokenProcessPool):
        return "rendering this frame crashed the renderer: the frame is probably damaged"
    return str(exc) or type(exc).__name__   # FrameError/ReelError carry a message for the user


def _image_or_error(future: Future, block: shared_memory.SharedMemory | None):
    """(QImage or message, bytes the lane's block lacked or 0, None). Runs on the pool's
    result thread, so the pixel copy stays off the GUI thread."""
    try:
        result = future.result()
        w, h, c = result[:3]
        if len(result) == 4:   # too large for the block: the pixels came through the pipe
            return to_qimage(result[3], w, h, c), w * h * c, None
        return to_qimage(block.buf[: w * h * c], w, h, c), 0, None
    except Exception as exc:
        return _error_message(exc), 0, None


def _bands_or_error(futures: list[Future], block: shared_memory.SharedMemory | None):
    """As _image_or_error, for a frame rendered in bands (reel.worker.render_band_shared),
    with the seconds each band took."""
    try:
        results = [future.result() for future in futures]
        w, h, c = results[0][:3]
        # the bands' times say where they should meet, unless one was the whole frame
        seconds = tuple(r[5] for r in results) if all(r[4] > r[3] for r in results) else None
        if all(len(r) == 6 for r in results):
            return to_qimage(block.buf[: w * h * c], w, h, c), 0, seconds
        data = bytearray(w * h * c)   # some came through the pipe: the block was too small
        for r in results:
            start, end = r[3] * w * c, r[4] * w * c
            data[start:end] = r[6] if len(r) == 7 else block.buf[start:end]
        return to_qimage(data, w, h, c), w * h * c, seconds
    except Exception as exc:
        return _error_message(exc), 0, None


# Blocks are named after the process that made them, so that the blocks of an app that was
# killed (SIGKILL: no exit handlers, resource tracker killed with it) are unlinked by the next.
BLOCK_PREFIX = "reelreader-"
_SHM_DIR = "/dev/shm"
_swept = [False]


def _new_block(size: int) -> shared_memory.SharedMemory:
    if not _swept[0]:
        _swept[0] = True
        sweep_stale_blocks()
    for _ in range(8):
        name = f"{BLOCK_PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
        try:
            return shared_memory.SharedMemory(name=name, create=True, size=size)
        except FileExistsError:
            continue
    return shared_memory.SharedMemory(create=True, size=size)


def sweep_stale_blocks() -> None:
    """Unlink the blocks left in /dev/shm by app processes no longer running."""
    try:
        names = os.listdir(_SHM_DIR)
    except OSError:
        return   # no /dev/shm: nothing of ours can be there
    for name in names:
        if not name.startswith(BLOCK_PREFIX):
            continue
        try:
            pid = int(name[len(BLOCK_PREFIX):].split("-")[0])
            os.kill(pid, 0)
            continue          # its process is alive (or another user's)
        except ValueError:
            continue
        except ProcessLookupError:
            pass
        except OSError:
            continue
        try:
            os.unlink(os.path.join(_SHM_DIR, name))
        except OSError:
            pass


def _release_blocks(blocks: dict) -> None:
    for block in list(blocks.values()):
        try:
            block.close()
        except BufferError:
            pass  # a copy out of it is under way on the result thread; unlinking suffices
        try:
            block.unlink()
        except FileNotFoundError:
            pass
    blocks.clear()
