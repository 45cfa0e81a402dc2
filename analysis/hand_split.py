"""Notes told apart within a blob of note ink too tall to be one note: the entries written
into a form's rows one under another, a column of notes in the margin, a signature over a
date. Their strokes touch (a tall capital's foot reaches the line below, a flourish runs
into the next note), so joining neighbouring strokes runs them into one blob; the lines of
writing still show as rows of dense ink with next to none between them. No Qt.

The blob is cut where its rows hold little ink (between lines of writing), each line's ink
joined again into notes as ``hand._blobs`` joins strokes, and any piece still too tall cut
again the same way (its own rows, narrower, show gaps the whole blob's did not).
"""
from __future__ import annotations

import cv2
import numpy as np

GAP = 0.15      # a row with less ink than this share of a written line's busy rows lies between lines
THIN = 0.7      # a line of writing is this many typed lines tall at least (less is letters' tops or tails)
OWN = 0.4       # a piece is a note if this share of its ink is strokes lying mostly within it
WIDE = 1.5      # a line of writing is this many times as wide as it is tall, or more
WORD_GAP = 0.5  # a hand's words on one line lie this share of its height apart or less
DEPTH = 3       # cuts within cuts, at most


def split_tall(blobs: np.ndarray, mask: np.ndarray, lh: int, tall: float, join: float):
    """BLOBS (x, y, w, h, area rows) with each one taller than TALL lines of LH replaced by
    the notes within it (``_pieces``), where its rows show lines of writing; strokes JOIN
    lines apart along a line are one note. A blob with no such rows stays whole. Returns the
    rows, for each whether it is a piece of a blob cut, and the cuts made, as boxes a row or
    two tall across the piece cut: like a typed line, a cut parts the notes above it from
    those below (``hand._merge_overlapping``)."""
    out, cut, cuts = [], [], []
    for x, y, w, h, a in blobs:
        made: list = []
        pieces = _pieces(mask, [x, y, x + w, y + h], lh, tall, join, 0, made) if h > tall * lh else []
        if len(pieces) > 1:
            pieces = _own(pieces, mask, [x, y, x + w, y + h])
            out.extend(pieces)
            cut.extend([True] * len(pieces))
            cuts.extend(made)
        else:
            out.append([x, y, w, h, a])
            cut.append(False)
    return np.array(out, dtype=np.int64).reshape(-1, 5), cut, cuts


def _pieces(mask, box, lh: int, tall: float, join: float, depth: int, cuts: list) -> list[list[int]]:
    """The notes in BOX of MASK as (x, y, w, h, area) rows: the box cut between its lines of
    writing, each line's strokes joined into notes; pieces still too tall cut again. The
    cuts made are added to CUTS."""
    x0, y0, x1, y1 = box
    rows = line_cuts(mask[y0:y1, x0:x1], lh)
    if not rows:
        return [[x0, y0, x1 - x0, y1 - y0, int(np.count_nonzero(mask[y0:y1, x0:x1]))]]
    out = []
    cuts.extend([x0, y0 + c - 1, x1, y0 + c + 1] for c in rows)
    edges = [0] + rows + [y1 - y0]
    for top, foot in zip(edges, edges[1:]):
        for gx, gy, gw, gh, ga in _joined(mask[y0 + top:y0 + foot, x0:x1], lh, join):
            piece = [x0 + gx, y0 + top + gy, x0 + gx + gw, y0 + top + gy + gh]
            if gh > tall * lh and depth < DEPTH:
                out.extend(_pieces(mask, piece, lh, tall, join, depth + 1, cuts))
            else:
                out.append([piece[0], piece[1], gw, gh, ga])
    return out


def line_cuts(sub: np.ndarray, lh: int) -> list[int]:
    """Rows of SUB to cut at, between lines of writing: the emptiest row of each run of rows
    holding less ink than GAP of a busy row's (the lines' own rows), with a line of writing,
    THIN lines tall or more and WIDE times wider than tall, on either side (the letters of
    a note written down the margin, one under another, are no lines: the note stays whole)."""
    prof = np.count_nonzero(sub, axis=1).astype(np.float32)
    k = max(1, lh // 8)
    prof = np.convolve(prof, np.ones(k, np.float32) / k, mode="same")
    busy = prof[prof > 0]
    if not busy.size:
        return []
    low = prof < max(2.0, GAP * float(np.percentile(busy, 80)))
    # runs of busy rows: the lines of writing
    d = np.diff(np.concatenate([[0], (~low).astype(np.int8), [0]]))
    starts, ends = np.nonzero(d == 1)[0], np.nonzero(d == -1)[0]
    lines = [(s, e) for s, e in zip(starts, ends) if e - s >= THIN * lh and _wide(sub[s:e], WIDE * (e - s))]
    # a cut between each two lines, at the emptiest row of the gap
    return [int(a_end + np.argmin(prof[a_end:b_start])) for (_, a_end), (b_start, _) in zip(lines, lines[1:])]


def _joined(sub: np.ndarray, lh: int, join: float) -> np.ndarray:
    """The strokes of SUB, a line of writing, joined into notes as ``hand._blobs`` joins them
    (JOIN lines along, an eighth of a line up and down), or as far as a word's gap in a hand
    the size of the line's (half its height: a large hand spaces its words wider than the
    typing's), as tight (x, y, w, h, area) rows."""
    kx, ky = max(5, int(join * lh), int(WORD_GAP * sub.shape[0])), max(3, lh // 4)
    blob = cv2.dilate((sub > 0).astype(np.uint8), cv2.getStructuringElement(cv2.MORPH_RECT, (kx, ky)))
    n, labels = cv2.connectedComponents(blob, connectivity=8)
    # each joined blob's box drawn in to the ink in it (the dilation's margin left out)
    ys, xs = np.nonzero(sub)
    ids = labels[ys, xs]
    x0, y0 = np.full(n, sub.shape[1]), np.full(n, sub.shape[0])
    x1, y1 = np.full(n, -1), np.full(n, -1)
    np.minimum.at(x0, ids, xs)
    np.minimum.at(y0, ids, ys)
    np.maximum.at(x1, ids, xs)
    np.maximum.at(y1, ids, ys)
    area = np.bincount(ids, minlength=n)
    keep = np.nonzero(area[1:])[0] + 1
    return np.stack([x0[keep], y0[keep], x1[keep] - x0[keep] + 1, y1[keep] - y0[keep] + 1, area[keep]],
                    axis=1).astype(np.int64).reshape(-1, 5)


def _own(pieces: list[list[int]], mask: np.ndarray, box) -> list[list[int]]:
    """PIECES of the blob in BOX less those that are mostly bits of strokes lying largely
    elsewhere (a long pen stroke or an oval drawn across the lines, cut into lengths; the
    tops of a line's tall letters): under OWN of a piece's ink is strokes that have half
    their ink or more inside it."""
    x0, y0, x1, y1 = box
    _, labels = cv2.connectedComponents((mask[y0:y1, x0:x1] > 0).astype(np.uint8), connectivity=8)
    total = np.bincount(labels.ravel())
    out = []
    for px, py, pw, ph, pa in pieces:
        inside = labels[py - y0:py - y0 + ph, px - x0:px - x0 + pw]
        here = np.bincount(inside.ravel(), minlength=len(total))
        here[0] = 0
        own = here[(here >= 0.5 * total) & (here > 0)].sum()
        if own >= OWN * here.sum():
            out.append([px, py, pw, ph, pa])
    return out


def _wide(band: np.ndarray, width: float) -> bool:
    """The ink of BAND spans WIDTH columns or more."""
    cols = np.nonzero(np.count_nonzero(band, axis=0))[0]
    return cols.size > 0 and cols[-1] - cols[0] + 1 >= width
