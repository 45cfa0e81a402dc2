"""Opening a reel from the window: in the background, with its transcript and library."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from library import Library, LibraryError
from reel import Reel, ReelError, open_reel


@dataclass
class OpenedReel:
    reel: Reel
    password: str | None
    transcript: str | None          # the whole transcript as read from a file beside the reel
    transcript_path: Path | None
    texts: dict[int, str] | None    # or the per-frame texts saved in the library (0: not yet split)
    library: Library | None         # None: edits live for this session only
    library_problem: Exception | None = None


def open_library(current: Library | None) -> tuple[Library | None, Exception | None]:
    """The user's library, opened once; a problem with it never stops a reel from opening."""
    if current is not None:
        return current, None
    try:
        return Library.open(os.environ.get("REEL_READER_LIBRARY") or None), None
    except LibraryError as exc:
        return None, exc


def open_reel_with_transcript(path: Path, password: str | None, library: Library | None = None,
                              ctx=None) -> OpenedReel:
    """Runs on a worker thread: opens the reel, its library record and its transcript.

    The library's text wins (it holds the user's edits); a transcript file beside the
    reel is read the first time and imported, so search finds it from then on."""
    reel = open_reel(path, password=password)
    reel.fingerprint   # hashed here, off the GUI thread: windows and remembered places key on it
    library, problem = open_library(library)
    text, source = None, reel.transcript_path()
    saved = {}
    if library is not None:
        try:
            library.ensure_reel(reel.fingerprint, reel.path, len(reel))
            saved = library.transcripts(reel.fingerprint)
        except LibraryError as exc:       # read-only or locked: read the file, say so
            problem = exc
            saved = {}
    if not saved and source is not None:
        text = _read_transcript(reel, source)
        if library is not None and problem is None:
            try:
                library.import_transcript(reel.fingerprint, text)
            except LibraryError as exc:
                problem = exc
    return OpenedReel(reel, password, None if saved else text, source, saved or None, library, problem)


def _read_transcript(reel: Reel, source: Path) -> str:
    try:
        return source.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        reel.close()
        raise ReelError(f"The transcript {source.name} is not UTF-8 text; save it as UTF-8 "
                        "and open the reel again.") from None
    except OSError as exc:
        reel.close()
        raise ReelError(f"The transcript {source.name} cannot be read ({exc.strerror}).") from None
