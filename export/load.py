"""Gather what an export of a reel draws on: the transcript, notes, bookmarks, regions
and the word source of the text layer.

The transcript comes from the library when it holds one for the reel (by its
fingerprint), else from the transcript file beside the reel (same stem, .md or .txt),
which is read, never written.  Notes and bookmarks live only in the library.
"""
from __future__ import annotations

from pathlib import Path

from transcript.frames import split_frames

from .content import ExportContent
from .options import ExportOptions
from .words import NoWords, WordSource

__all__ = ["load_content", "read_transcript_file", "transcript_from_text", "word_source"]

MAX_TRANSCRIPT = 256 * 1024 * 1024


def read_transcript_file(path: Path) -> str:
    """A transcript file's text; ValueError with a one-line reason when it is not one."""
    try:
        if path.stat().st_size > MAX_TRANSCRIPT:
            raise ValueError(f"{path.name} is too large to be a transcript")
        data = path.read_bytes()
    except OSError as exc:
        raise ValueError(f"the transcript {path} cannot be read ({exc.strerror or exc})") from None
    if b"\x00" in data[:8192]:
        raise ValueError(f"{path.name} beside the reel is binary data, not a transcript")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"the transcript {path.name} is not UTF-8 text (bad byte at offset "
                         f"{exc.start}); save it as UTF-8") from None


def transcript_from_text(text: str) -> tuple[dict[int, str], str]:
    """(frame -> markup, text before the first frame marker) of a whole transcript."""
    texts: dict[int, str] = {}
    preamble = ""
    for piece in split_frames(text):
        if piece.frame is None:
            preamble = piece.text
        else:
            texts[piece.frame] = texts.get(piece.frame, "") + piece.text
    return texts, preamble


def word_source(reel, content: ExportContent, options: ExportOptions) -> WordSource:
    """The words of the text layer: the aligned transcript where a frame has one, OCR
    (recognising and caching what is not yet recognised) elsewhere, or OCR alone.

    The OCR pipeline and the alignment (issue 6) are not in this build yet: until they
    are, no frame gets words here, and the export says so rather than pretending.  They
    plug in here, behind the WordSource interface (words.py) the export already uses."""
    if options.text_layer != "none" and options.format == "pdf":
        content.warnings.append(
            "this build has no OCR or transcript alignment yet (issue 6), so image-only frames "
            "get no searchable text layer")
    return NoWords()


def load_content(reel, options: ExportOptions) -> ExportContent:
    content = ExportContent(reel.name, reel.fingerprint)
    if options.library:
        content.warnings.append(
            f"the library ({options.library}) is not in this build yet (issue 5): notes, bookmarks "
            "and saved transcripts are not exported; the transcript beside the reel is used")
    path = reel.transcript_path()
    if path is not None:
        text = read_transcript_file(path)
        texts, preamble = transcript_from_text(text)
        if texts:
            content.transcripts, content.preamble = texts, preamble
            content.transcript_source = f"file: {path.name}"
        elif text.strip():
            content.warnings.append(
                f"the transcript {path.name} has no frame markers, so it cannot be put beside "
                "its frames; import it into the library (main.py import REEL --transcript FILE), "
                "which splits it across the frames")
    content.words = word_source(reel, content, options)
    return content
