"""Analysing many frames in worker processes, with the library as cache."""
from __future__ import annotations

import os

from ocr.engine import FrameOcr, OcrSettings
from ocr.runner import KIND as OCR_KIND
from reel.worker import _reel
from work import ProcessPool, wait_some

from .detect import VERSION, analyze_image
from .regions import FrameAnalysis

KIND = "analysis"
SETTINGS = f"detect-v{VERSION}"   # a new detector is a new cache key


def analyze_frame(path: str, password: str | None, n: int, ocr: dict | None) -> dict:
    """In a worker: render frame n at 300 dpi and find its regions."""
    words = FrameOcr.from_json(ocr).words if ocr else []
    return analyze_image(_reel(path, password).render(n), n, words).to_json()


def run_analysis(reel, frames: list[int], cache=None, pool: ProcessPool | None = None, jobs: int | None = None,
                 password: str | None = None, progress=None) -> dict[int, FrameAnalysis]:
    """Regions of FRAMES; cached by frame content, using the frames' OCR words where the
    cache has them (the key says whether words were used, so a later OCR refines it)."""
    ocr_key = OcrSettings().key()
    results, todo = {}, []
    for n in frames:
        digest = reel.frame_digest(n)
        ocr = cache.get_cached(OCR_KIND, digest, ocr_key) if cache else None
        key = SETTINGS + ("+ocr" if ocr else "")
        hit = cache.get_cached(KIND, digest, key) if cache else None
        if hit is not None:
            results[n] = FrameAnalysis.from_json(hit)
        else:
            todo.append((n, digest, key, ocr))
    own = pool is None
    pool = pool or ProcessPool(workers=jobs or os.cpu_count() or 1, warm_modules=("analysis.runner",))
    try:
        futures = {pool.submit(analyze_frame, str(reel.path), password, n, ocr): (n, digest, key)
                   for n, digest, key, ocr in todo}
        pending = set(futures)
        while pending:
            done, pending = wait_some(pool, pending)
            for future in done:
                n, digest, key = futures[future]
                data = future.result()
                if cache:
                    cache.put_cached(KIND, digest, key, data)
                results[n] = FrameAnalysis.from_json(data)
                if progress:
                    progress(len(results), len(frames), "Analysing")
    finally:
        if own:
            pool.shutdown()
    return dict(sorted(results.items()))
