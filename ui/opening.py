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
                              first_size=None, ctx=None) -> OpenedReel:
    """Runs on a worker thread: opens the reel, its library record and its transcript.

    The library's text wins (it holds the user's edits); a transcript file beside the
    reel is read the first time and imported, so search finds it from then on."""
    reel = open_reel(path, password=password)
    library, problem = open_library(library)
    _fingerprint(reel, library)
    _first_frame_size(reel, first_size)
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


def _first_frame_size(reel: Reel, first_size) -> None:
    """The first frame's size, before the GUI thread asks for it: for a PDF that reads its
    page tree, 5-7 ms a 1,000 pages. FIRST_SIZE (a future) is a render worker's reading of
    it, made meanwhile (FrameRenderer.prepare); taken if it is done, else read here."""
    try:
        if first_size is not None and first_size.done() and first_size.exception() is None \
                and first_size.result() is not None:
            reel.adopt_frame_size(1, first_size.result())
        else:
            reel.frame_size(1)
    except Exception:  # noqa: BLE001 - a damaged first frame is reported when it is shown
        pass


def _fingerprint(reel: Reel, library: Library | None) -> None:
    """The reel's fingerprint, found here, off the GUI thread (windows and remembered places
    key on it): recalled from the library when the file is as it was when last hashed."""
    stamp = reel.file_stamp() if library is not None else None
    try:
        known = library.known_fingerprint(stamp) if stamp else None
    except LibraryError:
        known = None
    if known:
        reel.adopt_fingerprint(known)
        return
    reel.fingerprint
    if stamp:
        try:
            library.remember_fingerprint(stamp, reel.fingerprint)
        except LibraryError:
            pass   # read-only or locked: hashed again next time, and the user told below


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
