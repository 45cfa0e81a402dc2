"""Ground truth of a generated reel: what was drawn where.

Written beside the reel as ``<stem>.truth.json``; the schema is described in
``reelgen/README.md``.  While a frame is drawn, boxes are collected in page pixels;
``FrameTruth.finish`` maps them through the frame's skew (the same matrix the film
stage used), rounds them outward to whole pixels and clips them to the frame.
"""
from __future__ import annotations

import json
import os
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .canvas import Box, transform_box

SCHEMA_VERSION = 1


@dataclass
class FrameTruth:
    index: int
    kind: str
    width: int
    height: int
    words: list[dict] = field(default_factory=list)
    regions: list[dict] = field(default_factory=list)
    text_span: list[int] = field(default_factory=lambda: [0, 0])

    def word(self, bbox: Box | None, text: str, span, style: str, **extra) -> None:
        if bbox is not None and text:
            self.words.append({"text": text, "bbox": bbox, "span": list(span), "style": style, **extra})

    def region(self, kind: str, bbox: Box | None, **attrs) -> dict | None:
        if bbox is None:
            return None
        r = {"kind": kind, "bbox": bbox, **attrs}
        self.regions.append(r)
        return r

    def finish(self, m: np.ndarray, offsets: "OffsetMap") -> dict:
        """The frame's JSON record: boxes through ``m``, spans into the marked text."""
        def fix(b):
            x0, y0, x1, y1 = transform_box(b, m)
            x0, y0 = max(0, int(np.floor(x0))), max(0, int(np.floor(y0)))
            x1, y1 = min(self.width, int(np.ceil(x1))), min(self.height, int(np.ceil(y1)))
            return [x0, y0, x1, y1] if x1 > x0 and y1 > y0 else None

        def fix_item(d: dict) -> dict | None:
            out = dict(d)
            out["bbox"] = fix(d["bbox"])
            if out["bbox"] is None:
                return None
            for k in ("caret",):
                if out.get(k) is not None:
                    out[k] = fix(out[k])
            if "span" in out:
                out["span"] = offsets.span(out["span"])
            for k in ("deletion_span", "insertion_span"):
                if k in out:
                    out[k] = offsets.span(out[k])
            return out

        words = [w for w in (fix_item(w) for w in self.words) if w]
        regions = [r for r in (fix_item(r) for r in self.regions) if r]
        order = {"stamp": 0, "checkbox": 1, "classification": 2, "redaction": 3,
                 "correction": 4, "deletion": 5, "insertion": 6, "xout": 7}
        regions.sort(key=lambda r: (order.get(r["kind"], 9), r["bbox"][1], r["bbox"][0]))
        words.sort(key=lambda w: (w["span"][0], w["bbox"][1]))
        return {"index": self.index, "kind": self.kind, "width": self.width, "height": self.height,
                "text_span": list(self.text_span), "words": words, "regions": regions}


class OffsetMap:
    """Source offsets -> offsets in the transcript written with frame markers."""

    def __init__(self, marker_at: list[int], marker_len: list[int]):
        self._at = marker_at
        self._cum = np.cumsum([0] + marker_len).tolist()

    def start(self, off: int) -> int:
        return off + self._cum[bisect_right(self._at, off)]

    def end(self, off: int) -> int:
        return off + self._cum[bisect_left(self._at, off)]

    def span(self, sp) -> list[int]:
        return [self.start(sp[0]), self.end(sp[1])]


def _one(v) -> str:
    return json.dumps(v, ensure_ascii=False, separators=(",", ":"))


def _frame_lines(f: dict) -> list[str]:
    fh = {k: v for k, v in f.items() if k not in ("words", "regions")}
    out = ["  " + _one(fh)[:-1] + ","]
    for key in ("regions", "words"):
        items = f.get(key, [])
        out.append(f"   {_one(key)}:[")
        out += [f"    {_one(x)}{',' if j + 1 < len(items) else ''}" for j, x in enumerate(items)]
        out.append("   ]" + ("," if key == "regions" else ""))
    out.append("  }")
    return out


class TruthWriter:
    """Writes the truth file frame by frame (a long reel's truth never sits in memory
    whole), one word or region per line: small, and readable in a diff.  The file
    appears under its name only when ``close`` has written all of it."""

    def __init__(self, path: Path, head: dict):
        self.path = Path(path)
        self.tmp = self.path.with_name(self.path.name + ".part")
        self.f = open(self.tmp, "w", encoding="utf-8", newline="\n")
        self.f.write("{\n")
        for k, v in head.items():
            self.f.write(f" {_one(k)}:{_one(v)},\n")
        self.f.write(' "frames":[\n')
        self.n = 0

    def add(self, frame: dict) -> None:
        if self.n:
            self.f.write(",\n")
        self.f.write("\n".join(_frame_lines(frame)))
        self.n += 1

    def close(self) -> None:
        self.f.write("\n ]\n}\n")
        self.f.close()
        os.replace(self.tmp, self.path)

    def abort(self) -> None:
        self.f.close()
        if self.tmp.exists():
            self.tmp.unlink()


def write(path: Path, reel: dict) -> None:
    w = TruthWriter(path, {k: v for k, v in reel.items() if k != "frames"})
    for f in reel.get("frames", []):
        w.add(f)
    w.close()


def read(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))
