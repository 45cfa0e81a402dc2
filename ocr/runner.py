"""Recognising many frames: in parallel worker processes, cached, resumable, cancellable.

Debian's Tesseract uses OpenMP and runs several times slower on two cores unless each
process keeps to one thread, so the work is one single-threaded Tesseract per core
(work.ProcessPool sets OMP_THREAD_LIMIT=1 in its workers).
"""
from __future__ import annotations

import os
from concurrent.futures import FIRST_COMPLETED, wait
from typing import Callable, Protocol

from reel.worker import _reel
from work import ProcessPool

from .engine import FrameOcr, OcrSettings, recognize

KIND = "ocr"


class Cache(Protocol):
    def get_cached(self, kind: str, digest: str, settings_key: str) -> dict | None: ...
    def put_cached(self, kind: str, digest: str, settings_key: str, payload: dict) -> None: ...


def ocr_frame(path: str, password: str | None, n: int, settings: OcrSettings) -> dict:
    """In a worker: render frame n at 300 dpi and recognise it (the reel stays open)."""
    image = _reel(path, password).render(n, scale=1.0)
    return recognize(image, n, settings).to_json()


def run_ocr(reel, frames: list[int], settings: OcrSettings = OcrSettings(), cache: Cache | None = None,
            jobs: int | None = None, progress: Callable[[int, int, str], None] | None = None,
            cancelled: Callable[[], bool] | None = None, pool: ProcessPool | None = None,
            on_frame: Callable[[FrameOcr], None] | None = None,
            password: str | None = None) -> dict[int, FrameOcr]:
    """OCR of FRAMES of REEL (a reel.Reel), best from the cache. Frames already cached are
    not recognised again, so a run that was stopped resumes where it stopped. Returns the
    results by frame; a cancelled run returns what it finished."""
    key = settings.key()
    results: dict[int, FrameOcr] = {}
    todo = []
    for n in frames:
        digest = reel.frame_digest(n)
        hit = cache.get_cached(KIND, digest, key) if cache else None
        if hit is not None:
            results[n] = FrameOcr.from_json(hit)
        else:
            todo.append((n, digest))
    total, done = len(frames), len(results)
    if progress:
        progress(done, total, "Recognising")
    own_pool = pool is None
    pool = pool or ProcessPool(workers=jobs or os.cpu_count() or 1, warm_modules=("ocr.runner",))
    try:
        queue = list(todo)
        running = {}
        while queue or running:
            if cancelled and cancelled():
                queue.clear()                 # frames being recognised finish and are kept
            while queue and len(running) < pool.workers * 2:
                n, digest = queue.pop(0)
                running[pool.submit(ocr_frame, str(reel.path), password, n, settings)] = (n, digest)
            if not running:
                break
            finished, _ = wait(running, timeout=0.2, return_when=FIRST_COMPLETED)
            for future in finished:
                n, digest = running.pop(future)
                if future.cancelled():
                    continue
                payload = future.result()
                if cache:   # the worker's own dict: re-made here with asdict, it cost the GUI process's GIL
                    cache.put_cached(KIND, digest, key, payload)
                frame = FrameOcr.from_json(payload)
                results[n] = frame
                done += 1
                if on_frame:
                    on_frame(frame)
                if progress:
                    progress(done, total, "Recognising")
    finally:
        if own_pool:
            pool.shutdown()
    return dict(sorted(results.items()))
