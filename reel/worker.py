"""Rendering in a worker process: each worker keeps the reels it has opened.

A render worker is lean on purpose: it imports PyMuPDF and this package, but not numpy
(``render_frame_shared`` hands on bytes) nor Pillow unless a reel is made of images; each
of them costs 5-17 MB in every worker process.
"""
from __future__ import annotations

import mmap
import os
import time
from collections import OrderedDict

import pymupdf

from .opening import open_reel

# Per worker process (never shared with the parent): reopening a PDF for every frame
# would cost more than rendering it. A few reels stay open, least recently used first out.
_open_reels: OrderedDict = OrderedDict()
_KEEP_OPEN = 4
# Shared memory blocks this worker has written into (name -> mmap), the newest last. Few:
# a block the window has given up stays mapped (and resident) until it is dropped here.
_blocks: OrderedDict = OrderedDict()
_KEEP_BLOCKS = 2


def _reel(path: str, password: str | None):
    key = (path, password)
    reel = _open_reels.pop(key, None) or open_reel(path, password=password)
    _open_reels[key] = reel
    while len(_open_reels) > _KEEP_OPEN:
        _open_reels.popitem(last=False)[1].close()
    return reel


def open_ahead(path: str, password: str | None) -> tuple[int, int] | None:
    """Open the reel at PATH and find its first frame, before any frame is asked for: a
    long PDF's first page costs ~5 ms a 1,000 pages (MuPDF reads its page tree), which
    this does while the window opens the reel in its own process. Returns the first
    frame's size, which the window then need not read itself; errors are left to the
    render that follows, which reports them (None)."""
    try:
        return _reel(path, password).frame_size(1)
    except Exception:   # noqa: BLE001 - the render that follows reports it to the user
        return None


def _release_store() -> None:
    # MuPDF keeps decoded images in a 256 MB store per process; the window caches the
    # rendered frames itself, so that store would only double the memory.
    pymupdf.TOOLS.store_shrink(100)


def render_frame(path: str, password: str | None, n: int, scale: float, color: bool = False) -> "np.ndarray":
    """Frame n of the reel at PATH as pixels. Raises ReelError/FrameError with a user message."""
    pixels = _reel(path, password).render(n, scale=scale, color=color)
    _release_store()
    return pixels


def render_frame_shared(path: str, password: str | None, n: int, scale: float, block: str | None,
                        color: bool = False) -> tuple:
    """Render frame n into the caller's shared memory BLOCK (a multiprocessing.shared_memory
    name): returns (width, height, channels), the pixels being the block's first
    width * height * channels bytes. When the block is too small the pixels come back in
    the result instead: (width, height, channels, bytes); so they do when BLOCK is None
    or gone (a machine without shared memory).
    """
    px = _reel(path, password).render_pixels(n, scale=scale, color=color)
    try:
        size = px.nbytes
        buf = _block(block) if block else None
        if buf is None or len(buf) < size:
            return (px.width, px.height, px.channels, bytes(px.data))
        buf[:size] = px.data
        return (px.width, px.height, px.channels)
    finally:
        del px
        _release_store()


def render_band_shared(path: str, password: str | None, n: int, scale: float, block: str | None,
                       top: float, bottom: float, color: bool = False) -> tuple:
    """Rows TOP to BOTTOM (fractions of the height) of frame n, written where they stand in the
    whole frame's pixels in BLOCK, so that the bands rendered by two workers make the frame
    there: returns (width, whole height, channels, first row, end row, seconds rendering),
    and the band's bytes after them when BLOCK cannot hold the whole frame."""
    start = time.perf_counter()
    px, row0, height = _reel(path, password).render_band(n, scale, top, bottom, color=color)
    try:
        seconds = time.perf_counter() - start
        row = px.width * px.channels
        head = (px.width, height, px.channels, row0, row0 + px.height, seconds)
        buf = _block(block) if block else None
        if buf is None or len(buf) < height * row:
            return head + (bytes(px.data),)
        buf[row0 * row: row0 * row + px.nbytes] = px.data
        return head
    finally:
        del px
        _release_store()


def _block(name: str):
    """The block NAME mapped into this process (None if it is gone)."""
    buf = _blocks.pop(name, None)
    if buf is None:
        buf = _map(name)
        if buf is None:
            return None
    _blocks[name] = buf
    while len(_blocks) > _KEEP_BLOCKS:
        _blocks.popitem(last=False)[1].close()
    return buf


_SHM_DIR = "/dev/shm"


def _map(name: str):
    """Map the block NAME: on Linux by its path (attaching through SharedMemory would, before
    Python 3.13, register it with the resource tracker again, though the window that made it
    owns and unlinks it); elsewhere through SharedMemory, the portable way."""
    if os.path.isdir(_SHM_DIR):
        try:
            fd = os.open(os.path.join(_SHM_DIR, name.lstrip("/")), os.O_RDWR)
        except FileNotFoundError:
            return None   # the window has given it up
        try:
            size = os.fstat(fd).st_size
            return mmap.mmap(fd, size) if size else None
        finally:
            os.close(fd)
    from multiprocessing import shared_memory
    try:
        try:
            shm = shared_memory.SharedMemory(name, track=False)   # Python 3.13+
        except TypeError:
            shm = shared_memory.SharedMemory(name)
    except (FileNotFoundError, OSError):
        return None
    return _Attached(shm)


class _Attached:
    """A SharedMemory attachment that behaves like the mmap the Linux path yields."""

    def __init__(self, shm):
        self._shm = shm

    def __len__(self) -> int:
        return self._shm.size

    def __setitem__(self, index, value) -> None:
        self._shm.buf[index] = value

    def close(self) -> None:
        self._shm.close()
