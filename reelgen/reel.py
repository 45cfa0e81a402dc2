"""Making a whole reel: transcript(s) in, ``.pdf`` + ``.md`` + ``.truth.json`` out.

``plan`` lays a transcript out into frames (``paginate.py``) and writes the frame
markers into it; ``render`` draws and films one frame; ``make_reel`` does both for
every frame, in worker processes when there are many (drawing is numpy and Pillow
work that holds the GIL; the pool is ``work.pool.ProcessPool``), and writes the three files side by side.

A long reel (``frames`` larger than the transcripts' own frame count, for benchmarks)
cycles through the rendered frames again, each copy moved by a few pixels and lit a
little differently and encoded afresh, so no two pages are the same bytes and no cache
keyed by content can cheat a benchmark; its truth moves with it.
"""
from __future__ import annotations

import os
from collections import deque
from dataclasses import asdict, dataclass
from pathlib import Path

import cv2
import numpy as np

from transcript.frames import FRAME_MARKER_RE, marker_for, split_frames
from transcript.markup import parse
from work.pool import ProcessPool

from . import truth as truth_mod
from .blocks import blocks_of
from .draw import Drawer, Style
from .film import expose
from .paginate import FramePlan, Paginator, insert_markers
from .pdfout import PdfReelWriter, encode_jpeg
from .truth import OffsetMap


@dataclass
class Planned:
    """One transcript laid out: its frames and its text with frame markers."""
    name: str
    source: str
    marked: str
    frames: list[FramePlan]
    text_spans: list[tuple[int, int]]     # each frame's text in ``marked`` (after its marker)
    offsets: OffsetMap
    drawer: Drawer


def plan(source: str, style: Style, name: str = "transcript") -> Planned:
    """Lay ``source`` out into frames and write the frame markers into it (a source
    that has markers already keeps them: one frame per marker, as the app splits it)."""
    t = parse(source)
    if FRAME_MARKER_RE.search(source):
        # Each piece parsed alone, as the window shows it; offsets shifted to the whole.
        pieces, corrections = [], []
        marked = [pc for pc in split_frames(source) if pc.frame is not None]
        numbers = [pc.frame for pc in marked]
        if numbers != list(range(1, len(numbers) + 1)):
            shown = ", ".join(map(str, numbers[:8])) + (", ..." if len(numbers) > 8 else "")
            raise ValueError(f"{name} has frame markers that do not number the frames 1, 2, 3... "
                             f"in order (found {shown}); renumber them or remove them all.")
        # Text before the first marker belongs to no frame (as in the window): not drawn.
        for pc in marked:
            sub = parse(pc.text)
            corrections += [c.shifted(pc.text_start) for c in sub.corrections]
            pieces.append((pc.start, True, [b.shifted(pc.text_start) for b in blocks_of(sub)]))
        drawer = Drawer(style, t, corrections)
        pag = Paginator(style.geometry(), drawer.measure_stamp, drawer.measure_print)
        frames = pag.run_marked(pieces)
    else:
        drawer = Drawer(style, t)
        pag = Paginator(style.geometry(), drawer.measure_stamp, drawer.measure_print)
        frames = pag.run(blocks_of(t))
    if not frames and source.strip():
        frames = [FramePlan("document", 0)]   # markup with nothing to draw: a blank page
    if not frames:
        raise ValueError(f"{name} has no text to put on a frame; write some text in it and try again.")
    marked, where = insert_markers(source, frames)
    if any(f.marked for f in frames):
        offsets = OffsetMap([], [])
        starts = []
        for f in frames:
            m = FRAME_MARKER_RE.match(marked, f.start) if f.marked else None
            starts.append(m.end() if m else f.start)
    else:
        lens = [len(marker_for(n)) for n in range(1, len(frames) + 1)]
        offsets = OffsetMap([f.start for f in frames], lens)
        starts = [w + ln for w, ln in zip(where, lens)]
    ends = [w for w in where[1:]] + [len(marked)]
    return Planned(name, source, marked, frames, list(zip(starts, ends)), offsets, drawer)


def render(p: Planned, k: int, index: int, style: Style) -> tuple[np.ndarray, dict]:
    """Draw and film frame ``k`` (from 0) of ``p`` as frame ``index`` of the reel."""
    canvas, ft = p.drawer.draw(p.frames[k], index)
    ft.text_span = list(p.text_spans[k])
    exp = expose(canvas.ink, np.random.default_rng([style.seed, 3, index]), style.noise, style.skew)
    return exp.image, ft.finish(exp.matrix, p.offsets)


# -- worker processes ------------------------------------------------------------------
# A worker lays the transcripts out once and keeps the plans for the jobs that follow.
_PLANS: dict = {}


def _work(sources: list[tuple[str, str]], style: Style, job: tuple[int, int, int, int, int]
          ) -> tuple[bytes, int, int, dict]:
    key = (tuple(sources), style)
    if key not in _PLANS:
        _PLANS.clear()
        _PLANS[key] = [plan(src, style, name) for name, src in sources]
    s, k, index, quality, dpi = job
    img, rec = render(_PLANS[key][s], k, index, style)
    return encode_jpeg(img, quality, dpi), img.shape[1], img.shape[0], rec


def _vary(img: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, int, int]:
    """A cheap variation of a rendered frame: shifted a few pixels, lit differently."""
    dx, dy = (int(v) for v in rng.integers(-9, 10, 2))
    out = np.empty_like(img)
    h, w = img.shape
    src = img[max(0, -dy):h - max(0, dy), max(0, -dx):w - max(0, dx)]
    out[:] = int(np.median(img[::16, ::16]))
    out[max(0, dy):max(0, dy) + src.shape[0], max(0, dx):max(0, dx) + src.shape[1]] = src
    gain = rng.uniform(0.96, 1.04)
    lut = np.clip(np.arange(256) * gain + rng.uniform(-5, 5), 0, 255).astype(np.uint8)
    return lut[out], dx, dy


def _shift_record(rec: dict, index: int, dx: int, dy: int, delta: int) -> dict:
    w, h = rec["width"], rec["height"]

    def mv(b):
        x0, y0, x1, y1 = max(0, b[0] + dx), max(0, b[1] + dy), min(w, b[2] + dx), min(h, b[3] + dy)
        return [x0, y0, x1, y1] if x1 > x0 and y1 > y0 else None

    def item(d):
        d = dict(d)
        d["bbox"] = mv(d["bbox"])
        if d.get("caret"):
            d["caret"] = mv(d["caret"])
        for k in ("span", "deletion_span", "insertion_span"):
            if k in d:
                d[k] = [d[k][0] + delta, d[k][1] + delta]
        return d if d["bbox"] else None

    out = dict(rec, index=index, text_span=[rec["text_span"][0] + delta, rec["text_span"][1] + delta])
    out["words"] = [x for x in map(item, rec["words"]) if x]
    out["regions"] = [x for x in map(item, rec["regions"]) if x]
    return out


def _rendered(plans: list[Planned], sources, style: Style, work: list, jobs: int):
    """The distinct frames' (jpeg, width, height, truth record), in reel order, drawn in
    worker processes when it pays; at most a few frames wait in memory at a time."""
    if jobs <= 1 or len(work) <= 2:
        for s, k, index, q, d in work:
            img, rec = render(plans[s], k, index, style)
            yield encode_jpeg(img, q, d), img.shape[1], img.shape[0], rec
        return
    workers = min(jobs, len(work))
    pool = ProcessPool(workers, warm_modules=("reelgen.reel",))
    try:
        pending: deque = deque()
        todo = iter(work)
        for job in todo:
            pending.append(pool.submit(_work, sources, style, job))
            if len(pending) >= 2 * workers:
                break
        while pending:
            result = pending.popleft().result()
            job = next(todo, None)
            if job is not None:
                pending.append(pool.submit(_work, sources, style, job))
            yield result
    finally:
        pool.shutdown(wait=True)


def make_reel(transcripts: list[Path | tuple[str, str]], out: Path, style: Style | None = None,
              frames: int | None = None, quality: int = 45, dpi: int = 300,
              jobs: int | None = None, progress=None) -> dict:
    """Write ``out`` (.pdf), its transcript ``.md`` with frame markers and its ground
    truth ``.truth.json``.  ``transcripts`` are paths or (name, text) pairs.
    Returns a summary (frames, files)."""
    style = style or Style()
    out = Path(out)
    sources: list[tuple[str, str]] = []
    for t in transcripts:
        if isinstance(t, tuple):
            sources.append(t)
        else:
            with open(t, encoding="utf-8", newline="") as f:   # keep \r\n as it is
                sources.append((Path(t).name, f.read()))
    plans = [plan(src, style, name) for name, src in sources]
    distinct = [(s, k) for s, p in enumerate(plans) for k in range(len(p.frames))]
    total = frames or len(distinct)
    n_render = min(total, len(distinct))
    jobs = jobs if jobs is not None else min(os.cpu_count() or 1, 4)
    work = [(s, k, i + 1, quality, dpi) for i, (s, k) in enumerate(distinct[:n_render])]

    rendered = _rendered(plans, sources, style, work, jobs)
    keep = total > n_render          # copies are made from the distinct frames' JPEGs
    kept: list[tuple[bytes, int, int, dict]] = []

    md_path = out.with_suffix(".md")
    truth_path = out.with_name(out.stem + ".truth.json")
    single = total == len(distinct) and len(plans) == 1
    writer = PdfReelWriter(out, title=", ".join(n for n, _ in sources))
    truth = truth_mod.TruthWriter(truth_path, {
        "schema": truth_mod.SCHEMA_VERSION, "generator": "reelgen", "reel": out.name,
        "transcript": md_path.name, "sources": [n for n, _ in sources], "style": asdict(style),
        "dpi": 300, "image_dpi": dpi, "frame_count": total})
    md_parts: list[str] = []
    pos = 0
    try:
        for i in range(total):
            s, k = distinct[i % len(distinct)]
            p = plans[s]
            if i < n_render:
                jpeg, w, h, rec = next(rendered)
                if keep:
                    kept.append((jpeg, w, h, rec))
                if progress:
                    progress(i + 1, total)
            else:
                jpeg, w, h, rec = kept[i % n_render]
            if single:
                truth.add(rec)
            else:
                piece = p.marked[p.text_spans[k][0]:p.text_spans[k][1]]
                marker = marker_for(i + 1)
                if md_parts and not md_parts[-1].endswith(("\n", "\r")):
                    md_parts.append("\n")   # a marker starts its own line
                    pos += 1
                md_parts += [marker, piece]
                delta = pos + len(marker) - p.text_spans[k][0]
                pos += len(marker) + len(piece)
                dx = dy = 0
                if i >= n_render:   # a copy: moved, lit differently, its own bytes
                    img = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_GRAYSCALE)
                    if dpi != 300:
                        img = cv2.resize(img, (w, h), interpolation=cv2.INTER_LINEAR)
                    img, dx, dy = _vary(img, np.random.default_rng([style.seed, 4, i]))
                    jpeg = encode_jpeg(img, quality, dpi)
                    if progress:
                        progress(i + 1, total)
                truth.add(_shift_record(rec, i + 1, dx, dy, delta))
            writer.add_jpeg(jpeg, w, h)
        md = plans[0].marked if single else "".join(md_parts)
        writer.close()
    except BaseException:
        writer.abort()
        truth.abort()
        raise
    finally:
        rendered.close()   # the worker pool goes with it
    truth.close()
    with open(md_path, "w", encoding="utf-8", newline="") as f:
        f.write(md)
    return {"frames": total, "pdf": str(out), "transcript": str(md_path), "truth": str(truth_path)}
