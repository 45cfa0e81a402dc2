"""Recognising many frames: in parallel worker processes, cached, resumable, cancellable.

Debian's Tesseract uses OpenMP and runs several times slower on two cores unless each
process keeps to one thread, so the work is one single-threaded Tesseract per core
(work.ProcessPool sets OMP_THREAD_LIMIT=1 in its workers).
"""
from __future__ import annotations

import os
from typing import Callable, Protocol

from reel.worker import _reel
from work import ProcessPool, wait_some

from .engine import FrameOcr, OcrSettings, recognize

KIND = "ocr"


class Cache(Protocol):
    def get_cached(self, kind: str, digest: str, settings_key: str) -> dict | None: ...
    def has_cached(self, kind: str, digest: str, settings_key: str) -> bool: ...
    def put_cached(self, kind: str, digest: str, settings_key: str, payload: dict) -> None: ...


def ocr_frame(path: str, password: str | None, n: int, settings: OcrSettings) -> dict:
    """In a worker: render frame n at 300 dpi and recognise it (the reel stays open)."""
    image = _reel(path, password).render(n, scale=1.0)
    return recognize(image, n, settings).to_json()


def run_ocr(reel, frames: list[int], settings: OcrSettings = OcrSettings(), cache: Cache | None = None,
            jobs: int | None = None, progress: Callable[[int, int, str], None] | None = None,
            cancelled: Callable[[], bool] | None = None, pool: ProcessPool | None = None,
            on_frame: Callable[[FrameOcr], None] | None = None,
            password: str | None = None, collect: bool = True) -> dict[int, FrameOcr | None]:
    """OCR of FRAMES of REEL (a reel.Reel), best from the cache. Frames already cached are
    not recognised again, so a run that was stopped resumes where it stopped. Returns the
    results by frame; a cancelled run returns what it finished. Without COLLECT the values
    are None: a reel-wide run in the background keeps no reel's worth of words in memory
    (ON_FRAME sees each frame recognised) and reads no cached result back."""
    key = settings.key()
    results: dict[int, FrameOcr | None] = {}

    def cached(n: int) -> tuple[str, bool]:
        digest = reel.frame_digest(n)
        if cache is None:
            return digest, False
        if not collect:
            if cache.has_cached(KIND, digest, key):
                results[n] = None
                return digest, True
        elif (hit := cache.get_cached(KIND, digest, key)) is not None:
            results[n] = FrameOcr.from_json(hit)
            return digest, True
        return digest, False

    # Frames are looked up in the cache as they come up, not all first: on a long reel the
    # first frame is recognised at once, and a stopped run resumes without a pause.
    queue, running, total, reported = list(frames), {}, len(frames), -1
    workers = pool.workers if pool is not None else max(1, jobs or os.cpu_count() or 1)
    own_pool = pool is None
    try:
        while queue or running:
            while queue and len(running) < workers * 2:
                if cancelled and cancelled():
                    queue.clear()             # frames being recognised finish and are kept
                    break
                n = queue.pop(0)
                digest, hit = cached(n)
                if hit:
                    continue
                if pool is None:
                    pool = ProcessPool(workers=workers, warm_modules=("ocr.runner",))
                running[pool.submit(ocr_frame, str(reel.path), password, n, settings)] = (n, digest)
            if progress and len(results) != reported:
                reported = len(results)
                progress(reported, total, "Recognising")
            if not running:
                continue
            finished, _ = wait_some(pool, running)
            for future in finished:
                n, digest = running.pop(future)
                if future.cancelled():
                    continue
                payload = future.result()
                if cache:   # the worker's own dict: re-made here with asdict, it cost the GUI process's GIL
                    cache.put_cached(KIND, digest, key, payload)
                frame = FrameOcr.from_json(payload)
                results[n] = frame if collect else None
                if on_frame:
                    on_frame(frame)
    finally:
        if own_pool and pool is not None:
            pool.shutdown()
    if progress and len(results) != reported:
        progress(len(results), total, "Recognising")
    return dict(sorted(results.items()))
