"""The export's outline (bookmarks pane): the reel's documents, its title, target and
finding-aid frames, and beneath each document the user's bookmarks on its frames.

Each entry points at the page of its first exported frame; a document only partly
exported points at the first of its frames that is there.  Bookmarks on frames outside
every document stand at the top level in frame order.
"""
from __future__ import annotations

from transcript.frames import with_frame_markers
from transcript.structure import Structure, read_structure

from .model import Bookmark

__all__ = ["reel_structure", "build_outline", "document_title"]

_PART_NAMES = {"title": "Title", "target": "Target", "finding_aid": "Finding aid"}


def reel_structure(transcripts: dict[int, str], preamble: str = "") -> Structure | None:
    """The documents and parts of a reel's per-frame transcripts (None without any)."""
    if not transcripts:
        return None
    return read_structure(with_frame_markers(transcripts, preamble))


def document_title(doc) -> str:
    bits = [doc.id]
    if doc.date:
        bits.append(doc.date)
    title = ", ".join(bits)
    if doc.subject:
        title += " — " + doc.subject
    return title


def build_outline(structure: Structure | None, bookmarks: list[Bookmark],
                  page_of: dict[int, int]) -> list[list]:
    """PyMuPDF ``set_toc`` entries [level, title, page (1-based)] in page order.

    ``page_of`` maps exported frames to their 0-based page index in the export.
    """
    tops: list[tuple[int, str, list[tuple[int, str]], tuple[int, int] | None]] = []
    if structure is not None:
        for part in structure.parts:
            if part.frames is None or part.kind not in _PART_NAMES and part.document is None:
                continue
            first, last = part.frames
            here = [f for f in range(first, last + 1) if f in page_of]
            if not here:
                continue
            if part.document is not None:
                d = part.document
                if any(t[1] == document_title(d) and t[3] == d.frames for t in tops):
                    continue          # a document resumed after a title frame: listed once
                frames = d.frames or part.frames
                in_doc = [f for f in range(frames[0], frames[1] + 1) if f in page_of]
                tops.append((min(in_doc), document_title(d), [], frames))
            else:
                name = _PART_NAMES[part.kind]
                title = f"{name}: {part.title}" if part.title and part.title != name else name
                tops.append((min(here), title, [], None))
    loose: list[tuple[int, str, list, None]] = []
    for b in sorted(bookmarks, key=lambda b: b.frame):
        if b.frame not in page_of:
            continue
        label = b.label.strip() or f"Frame {b.frame}"
        # the document holding the frame that starts last (a document that runs on
        # over the head of the next one does not take the next one's bookmarks)
        homes = [t for t in tops if t[3] and t[3][0] <= b.frame <= t[3][1]]
        home = max(homes, key=lambda t: t[3][0]) if homes else None
        if home is not None:
            home[2].append((b.frame, label))
        else:
            loose.append((b.frame, label, [], None))
    entries = sorted(tops + loose, key=lambda t: (page_of[t[0]], t[1]))
    toc: list[list] = []
    for frame, title, children, _ in entries:
        toc.append([1, title, page_of[frame] + 1])
        for child_frame, label in children:
            toc.append([2, label, page_of[child_frame] + 1])
    return toc
