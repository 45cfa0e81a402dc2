"""Where a find's query is on the scan: the boxes of its occurrences among a frame's OCR
words, and of its occurrences in the transcript through the transcript's alignment to
those words (ocr/align.py). No Qt.

    hits = hit_boxes("IL-28", frame_ocr.words, text=transcript, aligned=aligned)
    for hit in hits: hit.boxes        # one rectangle per line the occurrence spans

On the OCR side a query's words are matched case-insensitively and fuzzily (rapidfuzz
ratio >= THRESHOLD on words of four characters or more, so OCR misreadings such as
"Kuznctsov" still count), a multi-word query as a run of consecutive words (a line break
or a hyphenated word Tesseract split in two does not interrupt it). A query found inside
a longer word ("Volga" in "Volgales") outlines only its part of the word, as the find
bar selects only its part of the text.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

THRESHOLD = 80          # fuzzy ratio (0-100) at which an OCR word is taken for a query word
MIN_FUZZY = 4           # shorter query words must match exactly ("of" is not "or")
MIN_PART = 3            # shortest query word looked for inside longer words
_WORDCHAR = re.compile(r"\w")

Rect = tuple[int, int, int, int]


@dataclass
class Hit:
    boxes: list[Rect]                        # x0, y0, x1, y1 in frame pixels, one per line
    words: tuple[int, ...] = ()              # indices of the OCR words it covers
    src: tuple[int, int] | None = None       # where it is in the transcript (offsets), if it is
    exact: bool = True                       # False: placed by the alignment between read words
    order: float = field(default=0.0, repr=False)


def _norm(text: str, case: bool) -> tuple[str, list[int]]:
    """The word characters of TEXT (lower-cased unless CASE) and where each is in TEXT."""
    keep = [i for i, c in enumerate(text) if _WORDCHAR.match(c)]
    norm = "".join(text[i] for i in keep)
    return (norm if case else norm.lower()), keep


def query_terms(query: str, case: bool = False) -> list[str]:
    """The query's words as they are compared: word characters only."""
    return [t for t in (_norm(w, case)[0] for w in query.split()) if t]


def _part(bbox, raw: str, keep: list[int], a: int, b: int) -> Rect:
    """The part of a word's box under its normalised characters a..b (by character share)."""
    x0, y0, x1, y1 = (int(v) for v in bbox)
    if not raw or (a == 0 and b == len(keep)):
        return (x0, y0, x1, y1)
    width = x1 - x0
    left = x0 + width * keep[a] / len(raw)
    right = x0 + width * (keep[b - 1] + 1) / len(raw)
    return (int(left), y0, max(int(left) + 1, int(round(right))), y1)


def _match(term: str, word: str, where: str, threshold: float) -> tuple[int, int] | None:
    """Where TERM matches normalised WORD: (a, b) of the word's characters, or None.
    WHERE: "whole" (the whole word, fuzzily), "any" (or anywhere inside it), "prefix"
    (or at its start: the last word of a phrase), "suffix" (or at its end: the first)."""
    if not word:
        return None
    if term == word:
        return 0, len(word)
    if len(term) >= MIN_FUZZY and fuzz.ratio(term, word) >= threshold:
        return 0, len(word)
    if len(term) >= MIN_PART and len(word) > len(term):
        if where == "any":
            i = word.find(term)
            return (i, i + len(term)) if i >= 0 else None
        if where == "prefix" and word.startswith(term):
            return 0, len(term)
        if where == "suffix" and word.endswith(term):
            return len(word) - len(term), len(word)
    return None


def _merge_lines(rects: list[Rect]) -> list[Rect]:
    """Boxes of consecutive words on the same line become one box."""
    out: list[Rect] = []
    for r in rects:
        if out:
            p = out[-1]
            overlap = min(p[3], r[3]) - max(p[1], r[1])
            if overlap > 0.5 * min(p[3] - p[1], r[3] - r[1]) and r[0] >= p[0]:
                out[-1] = (min(p[0], r[0]), min(p[1], r[1]), max(p[2], r[2]), max(p[3], r[3]))
                continue
        out.append(r)
    return out


def _ocr_hits(terms: list[str], words, case: bool, threshold: float, phrase: bool) -> list[Hit]:
    normed = [_norm(w.text, case) for w in words]
    runs = [terms] if phrase else [[t] for t in dict.fromkeys(terms)]
    hits: list[Hit] = []
    for run in runs:
        j = 0
        while j < len(words):
            found = _run_at(run, j, words, normed, threshold)
            if found is None:
                j += 1
                continue
            used, rects = found
            hits.append(Hit(_merge_lines(rects), tuple(used), order=used[0]))
            j = used[-1] + 1
    return hits


def _run_at(run: list[str], j: int, words, normed, threshold: float):
    """The words from J that RUN (a query's words) matches: (indices, boxes), or None."""
    used: list[int] = []
    rects: list[Rect] = []
    n = len(run)
    for k, term in enumerate(run):
        where = "any" if n == 1 else "suffix" if k == 0 else "prefix" if k == n - 1 else "whole"
        while j < len(words) and not normed[j][0]:   # stray punctuation Tesseract read as a word
            if not used:
                return None
            j += 1
        if j >= len(words):
            return None
        norm, keep = normed[j]
        span = _match(term, norm, where, threshold)
        if span is not None:
            used.append(j)
            rects.append(_part(words[j].bbox, words[j].text, keep, *span))
            j += 1
            continue
        if j + 1 < len(words):   # one word split in two by Tesseract: "IL-" "28", "Kuz-" "netsov"
            joined = norm + normed[j + 1][0]
            if norm and term.startswith(norm) and _match(term, joined, "whole", threshold) is not None:
                used += [j, j + 1]
                rects += [tuple(int(v) for v in words[j].bbox), tuple(int(v) for v in words[j + 1].bbox)]
                j += 2
                continue
        return None
    return used, rects


def _occurrences(query: str, text: str, case: bool, phrase: bool) -> list[tuple[int, int]]:
    """Where the query is in the transcript, as the find bar finds it (plain substrings)."""
    needles = [query.strip()] if phrase else list(dict.fromkeys(query.split()))
    hay = text if case else text.lower()
    out = []
    for needle in needles:
        needle = needle.rstrip("*") if not phrase and len(needle) > 1 else needle
        if not needle:
            continue
        needle = needle if case else needle.lower()
        i = hay.find(needle)
        while i >= 0:
            out.append((i, i + len(needle)))
            i = hay.find(needle, i + len(needle))
    return sorted(out)


def _transcript_hits(query: str, text: str, aligned, case: bool, phrase: bool) -> list[Hit]:
    placed = sorted((a for a in aligned if a.bbox and 0 <= a.src_start < a.src_end <= len(text)
                     and a.text in text[a.src_start:a.src_end]),   # stale alignment of older text: left out
                    key=lambda a: a.src_start)
    starts = [a.src_start for a in placed]
    hits = []
    for s, e in _occurrences(query, text, case, phrase):
        first = bisect.bisect_left(starts, e)
        over = [a for a in placed[max(0, bisect.bisect_right(starts, s) - 1):first]
                if a.src_start < e and a.src_end > s]
        if not over:
            continue
        rects, ocr_words = [], []
        for a in over:
            at = a.src_start + text[a.src_start:a.src_end].find(a.text)   # the word inside its markup
            lo, hi = max(s, at) - at, min(e, at + len(a.text)) - at
            if hi <= lo:
                continue
            keep = list(range(len(a.text)))
            rects.append(_part(a.bbox, a.text, keep, lo, hi))
            if a.matched and a.ocr_index is not None:
                ocr_words.append(a.ocr_index)
        if not rects:
            continue
        before = [a.ocr_index for a in placed[:first] if a.matched and a.ocr_index is not None]
        order = min(ocr_words) if ocr_words else (before[-1] + 0.5 if before else -0.5)
        hits.append(Hit(_merge_lines(rects), tuple(ocr_words), (s, e), bool(ocr_words), order))
    return hits


def _overlaps(a: Rect, b: Rect) -> bool:
    ix = min(a[2], b[2]) - max(a[0], b[0])
    iy = min(a[3], b[3]) - max(a[1], b[1])
    if ix <= 0 or iy <= 0:
        return False
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return ix * iy > 0.5 * max(1, smaller)


def hit_boxes(query: str, words, *, text: str | None = None, aligned=None, case: bool = False,
              threshold: float = THRESHOLD, phrase: bool = True) -> list[Hit]:
    """Every occurrence of QUERY on a frame, in reading order.

    WORDS are the frame's OCR words (anything with .text and .bbox, in reading order).
    TEXT and ALIGNED (ocr.align.align(text, ocr)) add the occurrences in the transcript,
    placed on the scan by the alignment, with their transcript offsets in Hit.src; an
    OCR occurrence that is one of them is not repeated. PHRASE: the query's words as one
    run (the find bar); else each word on its own (the library search, which finds
    frames holding all of the words anywhere)."""
    terms = query_terms(query, case)
    if not terms:
        return []
    found = _transcript_hits(query, text, aligned, case, phrase) if text and aligned else []
    taken = {i for h in found for i in h.words}
    for hit in _ocr_hits(terms, list(words), case, threshold, phrase):
        if taken.intersection(hit.words):
            continue
        if any(_overlaps(a, b) for t in found if not t.words for a in t.boxes for b in hit.boxes):
            continue
        found.append(hit)
    found.sort(key=lambda h: (h.order, h.src or (0, 0)))
    return found
