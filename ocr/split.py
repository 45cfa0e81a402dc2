"""Splitting a reel-wide transcript that has no frame markers across the reel's frames.

The whole transcript's typed words are aligned to the OCR words of all frames in reel
order (one sequence alignment); each transcript word then belongs to the frame of the
OCR word it matched, and the text is cut where that frame changes. The cut is written
back as <!-- frame N --> markers, each followed by its own line ending, which the frame
splitter takes as part of the marker: removing the markers gives the transcript back
byte for byte.
"""
from __future__ import annotations

from transcript.frames import marker_for

from .align import _norm, match_words, transcript_words
from .engine import FrameOcr


def frame_of_words(text: str, ocr: dict[int, FrameOcr]) -> list[tuple[int, int | None]]:
    """(source offset, frame) for each word of TEXT: the frame its OCR match lies on."""
    words = transcript_words(text)
    typed = [k for k, w in enumerate(words) if not w[3]]
    flat = [(n, w.text) for n, f in sorted(ocr.items()) for w in f.words if _norm(w.text)]
    pairs = match_words([_norm(words[k][0]) for k in typed], [_norm(t) for _, t in flat])
    frames: list[int | None] = [None] * len(words)
    for i, j in pairs.items():
        frames[typed[i]] = flat[j][0]
    # words without a match (insertions, misreadings) go with the word before them
    last = None
    for k, f in enumerate(frames):
        if f is None:
            frames[k] = last
        else:
            last = f
    first = next((f for f in frames if f is not None), None)
    frames = [f if f is not None else first for f in frames]
    return [(w[1], f) for w, f in zip(words, frames)]


def split_by_ocr(text: str, ocr: dict[int, FrameOcr]) -> str:
    """TEXT with frame markers where its words move on to the next frame.

    A frame change that goes backwards (a stray match) is ignored, so markers ascend."""
    cuts: list[tuple[int, int]] = []
    current = None
    for offset, frame in frame_of_words(text, ocr):
        if frame is None:
            continue
        if current is None or frame > current:
            cuts.append((_cut_point(text, offset), frame))
            current = frame
    out, pos = [], 0
    for offset, frame in cuts:
        out.append(text[pos:offset])
        out.append(marker_for(frame))
        pos = offset
    out.append(text[pos:])
    return "".join(out)


def _cut_point(text: str, offset: int) -> int:
    """Cut at the start of the word's line when only blank space precedes it there, so
    markers stand on lines of their own; else right before the word."""
    line_start = text.rfind("\n", 0, offset) + 1
    return line_start if not text[line_start:offset].strip() else offset
