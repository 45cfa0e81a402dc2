"""Cut a reel-wide transcript into per-frame texts at ``<!-- frame N -->`` markers, and
put it back together byte for byte.

The window shows and edits one frame's text at a time and writes the edit back into
the whole transcript with ``replace_frame_text``.  A frame's text is what follows its
marker (and the marker's own line ending) up to the next marker; the marker itself is
kept aside in ``FrameText.marker`` so that joining gives the input back exactly.  Text
before the first marker belongs to no frame (``frame`` None) and is kept.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["FrameText", "FRAME_MARKER_RE", "split_frames", "join_frames", "frame_texts",
           "with_frame_markers", "replace_frame_text", "marker_for"]

# The same marker syntax as the parser's frame_marker token (markup._INLINE_RE), plus
# the marker's own line ending (and blanks before it) when the marker ends its line.
FRAME_MARKER_RE = re.compile(
    r"<!--[ \t]*frame[ \t]+(\d{1,9})[ \t]*-->(?:[ \t]*(?:\r\n|\n|\r))?")


@dataclass(frozen=True, slots=True)
class FrameText:
    """One piece of the transcript: ``marker`` + ``text`` is ``source[start:end]``.

    ``text_start`` is where ``text`` begins in the whole transcript (after the marker),
    so an offset ``i`` in the frame's text is ``text_start + i`` in the whole.
    """
    frame: int | None
    start: int
    end: int
    marker: str
    text: str

    @property
    def text_start(self) -> int:
        return self.start + len(self.marker)


def marker_for(frame: int) -> str:
    return f"<!-- frame {frame} -->\n"


def split_frames(text: str) -> list[FrameText]:
    """The pieces of ``text`` in order; ``join_frames`` of them gives ``text`` back.

    The piece before the first marker (frame None) is present only when non-empty;
    an empty text has no pieces.
    """
    out: list[FrameText] = []
    marks = list(FRAME_MARKER_RE.finditer(text))
    first = marks[0].start() if marks else len(text)
    if first > 0:
        out.append(FrameText(None, 0, first, "", text[:first]))
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        out.append(FrameText(int(m.group(1)), m.start(), end, m.group(0), text[m.end():end]))
    return out


def join_frames(pieces: list[FrameText]) -> str:
    return "".join(p.marker + p.text for p in pieces)


def frame_texts(text: str) -> dict[int, str]:
    """Each frame's text by frame number (a frame marked twice gets both pieces, in
    order).  Text before the first marker is not in the dict: see ``split_frames``."""
    out: dict[int, str] = {}
    for p in split_frames(text):
        if p.frame is not None:
            out[p.frame] = out.get(p.frame, "") + p.text
    return out


def with_frame_markers(texts: dict[int, str], preamble: str = "") -> str:
    """A whole transcript from per-frame texts, frames in ascending order, each marker
    on its own line.  A frame text that does not end its last line gets a line ending
    so that the next marker starts a line; ``frame_texts`` of the result gives the
    texts back (with that line ending)."""
    parts = [preamble]
    if preamble and not preamble.endswith(("\n", "\r")) and texts:
        parts.append("\n")
    items = sorted(texts.items())
    for i, (n, body) in enumerate(items):
        parts.append(marker_for(n))
        parts.append(body)
        if i + 1 < len(items) and body and not body.endswith(("\n", "\r")):
            parts.append("\n")
    return "".join(parts)


def replace_frame_text(text: str, frame: int | None, new_text: str) -> str:
    """``text`` with frame ``frame``'s text replaced by ``new_text``, everything else
    untouched byte for byte.  ``frame`` None replaces the text before the first marker.

    A frame marked more than once gets ``new_text`` in its first piece and its other
    pieces emptied.  A frame not yet marked gets a new marker placed before the first
    marker of a higher frame (or at the end), on its own line.
    """
    pieces = split_frames(text)
    eol = ("\n", "\r")

    def body_for(old: FrameText | None, follows: bool) -> str:
        # Keep the next marker at the start of its line: if the old text ended its
        # line and a marker follows, so does the new one.
        if (follows and old is not None and old.text.endswith(eol)
                and new_text and not new_text.endswith(eol)):
            return new_text + "\n"
        return new_text

    if frame is None:
        old = pieces[0] if pieces and pieces[0].frame is None else None
        follows = len(pieces) > (1 if old else 0)
        if old is None:
            old = FrameText(None, 0, 0, "", "\n")  # a new preamble ends its line
            pieces.insert(0, old)
        pieces[0] = FrameText(None, 0, 0, "", body_for(old, follows))
        return join_frames(pieces)
    hits = [i for i, p in enumerate(pieces) if p.frame == frame]
    if hits:
        for k, i in enumerate(hits):
            p = pieces[i]
            body = body_for(p, i + 1 < len(pieces)) if k == 0 else ""
            pieces[i] = FrameText(p.frame, p.start, p.end, p.marker, body)
        return join_frames(pieces)
    at = next((i for i, p in enumerate(pieces) if p.frame is not None and p.frame > frame),
              len(pieces))
    if at > 0:
        prev = pieces[at - 1]
        if (prev.marker + prev.text) and not (prev.marker + prev.text).endswith(("\n", "\r")):
            pieces[at - 1] = FrameText(prev.frame, prev.start, prev.end, prev.marker,
                                       prev.text + "\n")
    body = new_text
    if at < len(pieces) and body and not body.endswith(("\n", "\r")):
        body += "\n"
    pieces.insert(at, FrameText(frame, 0, 0, marker_for(frame), body))
    return join_frames(pieces)
