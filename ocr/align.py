"""Putting a frame's transcript on the scan: each transcript word gets the box where
Tesseract saw it.

A real sequence alignment over word tokens (rapidfuzz's Levenshtein opcodes on the
normalised words), then, inside each stretch the two sides disagree on, a fuzzy
Needleman-Wunsch pass so that OCR misreadings ("Kuznctsov") still pair with their word.
Words Tesseract missed are placed between their aligned neighbours on the same line;
handwritten insertions, which Tesseract rarely reads, go above the line between the
words they were written between.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from transcript.markup import parse
from transcript.reading import diplomatic_text

from .engine import FrameOcr, OcrWord

MATCH = 60          # fuzzy ratio (0-100) at which two words are taken for the same
_SIGNS = "⟦⟧\\/"
_NORMAL = re.compile(r"[^\w]+")


@dataclass
class AlignedWord:
    text: str
    src_start: int           # offsets in the frame's transcript (markup)
    src_end: int
    bbox: list[int] | None
    matched: bool            # the box is where Tesseract read this word
    inserted: bool           # written in above the line
    ocr_index: int | None = None
    deleted: bool = False    # struck through: on the page, not in the reading text
    alt: list[int] | None = None   # an insertion's other likely place (see _place_insertions)


def _norm(text: str) -> str:
    return _NORMAL.sub("", text.strip(_SIGNS)).lower()


def transcript_words(text: str):
    """The words on the page, in page order: typed words (struck ones too), and the
    handwritten insertions where they were written."""
    out = []
    for w in diplomatic_text(parse(text)).words():
        clean = w.text.strip(_SIGNS)
        if clean:
            out.append((clean, w.src_start, w.src_end, w.inserted, w.deleted))
    return out


def _fuzzy(a: list[str], b: list[str]) -> list[tuple[int, int]]:
    """Best pairing of two short runs (Needleman-Wunsch on word similarity)."""
    n, m = len(a), len(b)
    if n == 0 or m == 0:
        return []
    if n * m > 40000:   # a runaway gap (a page of OCR noise): pair only what lines up
        return [(i, j) for i, j in zip(range(n), range(m)) if fuzz.ratio(a[i], b[j]) >= MATCH]
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            s = fuzz.ratio(a[i - 1], b[j - 1])
            diag = score[i - 1][j - 1] + (s - MATCH if s >= MATCH else -1000)
            score[i][j] = max(diag, score[i - 1][j], score[i][j - 1])
    pairs, i, j = [], n, m
    while i and j:
        s = fuzz.ratio(a[i - 1], b[j - 1])
        if s >= MATCH and score[i][j] == score[i - 1][j - 1] + s - MATCH:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif score[i][j] == score[i - 1][j]:
            i -= 1
        else:
            j -= 1
    return pairs[::-1]


def match_words(left: list[str], right: list[str]) -> dict[int, int]:
    """Index pairs (left -> right) of a fuzzy sequence alignment of two word lists."""
    pairs: dict[int, int] = {}
    for tag, i0, i1, j0, j1 in Levenshtein.opcodes(left, right):
        if tag == "equal":
            pairs.update({i0 + k: j0 + k for k in range(i1 - i0)})
        elif tag == "replace":
            pairs.update({i0 + i: j0 + j for i, j in _fuzzy(left[i0:i1], right[j0:j1])})
    return pairs


def align(text: str, ocr: FrameOcr) -> list[AlignedWord]:
    words = transcript_words(text)
    typed = [k for k, w in enumerate(words) if not w[3]]
    ocr_words = [w for w in ocr.words if _norm(w.text)]
    left, right = [_norm(words[k][0]) for k in typed], [_norm(w.text) for w in ocr_words]
    pairs = match_words(left, right)
    pairs.update(_out_of_order(pairs, left, right))
    out = [AlignedWord(t, s, e, None, False, ins, deleted=dele) for t, s, e, ins, dele in words]
    for i, j in pairs.items():
        k = typed[i]
        out[k].bbox, out[k].matched = _share(_norm(words[k][0]), ocr_words[j]), True
        out[k].ocr_index = ocr.words.index(ocr_words[j])
    _interpolate(out, [k for k in typed], ocr)
    _place_insertions(out)
    return out


def _out_of_order(pairs: dict[int, int], left: list[str], right: list[str]) -> dict[int, int]:
    """More pairs for the runs of LEFT that PAIRS left unmatched, each aligned again with the
    words of RIGHT left over: a block the transcript gives whole that OCR read in another
    order (a stamp set beside another, read line by line across both). A run counts only if
    most of it then matches (a misread struck sentence's few common words do not)."""
    more: dict[int, int] = {}
    used = set(pairs.values())
    runs, run = [], []
    for i in range(len(left) + 1):
        if i < len(left) and i not in pairs:
            run.append(i)
        elif run:
            runs.append(run)
            run = []
    for run in (r for r in runs if len(r) >= 4):
        free = [j for j in range(len(right)) if j not in used]
        got = match_words([left[i] for i in run], [right[j] for j in free])
        if len(got) >= max(3, 0.6 * len(run)):
            more.update({run[a]: free[b] for a, b in got.items()})
            used.update(free[b] for b in got.values())
    return more


def _share(word: str, ocr_word: OcrWord) -> list[int]:
    """The part of OCR_WORD's box that WORD (normalised) takes: all of it, but where Tesseract
    ran the word and its neighbours into one ("conditionsanadacreated" for "conditions now
    had been created", a note written into the line), the stretch of it the word's letters
    match, by their place in its text; the words missed beside it are then placed in the
    rest (``_interpolate``), and a note written between them above it."""
    box = list(ocr_word.bbox)
    text = _norm(ocr_word.text)
    if len(text) < 1.5 * len(word) or len(word) < 3:
        return box
    at = fuzz.partial_ratio_alignment(word, text)
    if at is None or at.score < MATCH:
        return box
    x0, x1 = box[0], box[2]
    return [int(x0 + (x1 - x0) * at.dest_start / len(text)), box[1],
            int(x0 + (x1 - x0) * at.dest_end / len(text)), box[3]]


def _line_height(ocr: FrameOcr) -> float:
    heights = sorted(w.bbox[3] - w.bbox[1] for w in ocr.words if len(w.text) > 2)
    return float(heights[len(heights) // 2]) if heights else 40.0


def _char_width(words: list[AlignedWord]) -> float:
    widths = [(w.bbox[2] - w.bbox[0]) / len(w.text) for w in words if w.matched and len(w.text) >= 3]
    widths.sort()
    return widths[len(widths) // 2] if widths else 25.0


def _edges(out: list[AlignedWord]) -> tuple[float, float]:
    """Where the typed lines start and end: the left and right ends of the matched words,
    but for the outermost (a word read in the margin). No edges when too few words tell."""
    if sum(w.matched for w in out) < 10:
        return float("-inf"), float("inf")
    starts, ends = sorted(w.bbox[0] for w in out if w.matched), sorted(w.bbox[2] for w in out if w.matched)
    return float(starts[1]), float(ends[-2])


def _next_line(a, b, lh: float) -> bool:
    """Box B, after box A in reading order, is on a later line: lower by most of a line, or
    back at the left (a page turned a little sets a line's start higher than the last one's
    end)."""
    return b[1] - a[1] >= 0.6 * lh or b[0] < a[0]


def _interpolate(out: list[AlignedWord], typed: list[int], ocr: FrameOcr) -> None:
    """Typed words Tesseract missed: between their matched neighbours on the same line,
    else after the word before them, or, where they would run past the lines' right end,
    at the start of the next matched word's line (the typist wrapped before them)."""
    cw, lh = _char_width(out), _line_height(ocr)
    space = cw
    left, right = _edges(out)
    for pos, k in enumerate(typed):
        w = out[k]
        if w.bbox is not None:
            continue
        prev = next((out[typed[p]] for p in range(pos - 1, -1, -1) if out[typed[p]].bbox), None)
        at = next((p for p in range(pos + 1, len(typed)) if out[typed[p]].matched), None)
        nxt = out[typed[at]] if at is not None else None
        width = max(cw, cw * len(w.text))
        if prev is not None and nxt is not None and _next_line(prev.bbox, nxt.bbox, lh):
            # the words missed from here to the next matched one, on another line: those that
            # fit before the lines' right end end this line, the rest start the next one,
            # before its first word read, if they fill its start (else they all go on after
            # this line: a run of several lines, a column beside)
            run = [out[typed[p]] for p in range(pos, at)]
            widths = [max(cw, cw * len(r.text)) for r in run]
            x, fit = prev.bbox[2] + space, 0
            while fit < len(run) and x + widths[fit] <= right:
                x += widths[fit] + space
                fit += 1
            needs = sum(widths[fit:]) + space * (len(run) - fit)
            if abs(nxt.bbox[0] - needs - left) > 3 * space:
                fit = len(run)
            x = prev.bbox[2] + space
            for i, (r, rw) in enumerate(zip(run, widths)):
                if i == fit:
                    x = nxt.bbox[0] - needs
                line = prev if i < fit else nxt
                r.bbox = [int(x), line.bbox[1], int(x + rw), line.bbox[3]]
                x += rw + space
            continue
        if prev is not None and nxt is not None and abs(prev.bbox[1] - nxt.bbox[1]) < lh * 0.6 \
                and nxt.bbox[0] > prev.bbox[2]:
            # after the word before, up to the next one at most
            x0 = prev.bbox[2] + space
            w.bbox = [int(x0), prev.bbox[1], int(min(x0 + width, nxt.bbox[0] - space)), prev.bbox[3]]
        elif prev is not None:
            x0 = prev.bbox[2] + space
            w.bbox = [int(x0), prev.bbox[1], int(x0 + width), prev.bbox[3]]
        elif nxt is not None:
            x1 = nxt.bbox[0] - space
            w.bbox = [int(x1 - width), nxt.bbox[1], int(x1), nxt.bbox[3]]
        if w.bbox is not None and w.bbox[2] <= w.bbox[0]:
            w.bbox[2] = w.bbox[0] + int(cw)


def _struck_before(out: list[AlignedWord], k: int) -> list[list[int]]:
    """The boxes of the struck words just before word K, on the line of the last of them
    (an insertion after them replaces them), or none."""
    run: list[list[int]] = []
    for p in range(k - 1, -1, -1):
        if not out[p].deleted or out[p].bbox is None:
            break
        if run and abs(out[p].bbox[1] - run[0][1]) >= 0.6 * (run[0][3] - run[0][1]):
            break
        run.append(out[p].bbox)
    return run


def _place_insertions(out: list[AlignedWord]) -> None:
    """Above the line, between the typed words it was written between, or over the struck
    words just before it, which it replaces."""
    cw = _char_width(out)
    for k, w in enumerate(out):
        if not w.inserted:
            continue
        prev = next((out[p] for p in range(k - 1, -1, -1) if out[p].bbox and not out[p].inserted), None)
        nxt = next((out[p] for p in range(k + 1, len(out)) if out[p].bbox and not out[p].inserted), None)
        anchor = prev or nxt
        if anchor is None:
            continue
        height = anchor.bbox[3] - anchor.bbox[1]
        width = int(max(cw, cw * len(w.text)))
        struck = _struck_before(out, k)
        between_lines = prev is not None and nxt is not None and _next_line(prev.bbox, nxt.bbox, height)
        if struck:
            # written over the words it replaces, as a correction is
            centre = (min(b[0] for b in struck) + max(b[2] for b in struck)) / 2
        elif prev is not None and nxt is not None and not between_lines:
            centre = (prev.bbox[2] + nxt.bbox[0]) / 2
        elif prev is not None:
            centre = prev.bbox[2] + width / 2
        else:
            centre = nxt.bbox[0] - width / 2
        top = anchor.bbox[1] - int(height * 1.3)
        w.bbox = [int(centre - width / 2), max(0, top), int(centre + width / 2), max(1, top + height)]
        if between_lines and not struck:
            # between a line's last word and the next line's first: written at the one's end,
            # or as often over the other's start
            top = nxt.bbox[1] - int(height * 1.3)
            w.alt = [nxt.bbox[0], max(0, top), nxt.bbox[0] + width, max(1, top + height)]
