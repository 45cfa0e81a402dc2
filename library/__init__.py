"""The library: everything the user adds, in one local SQLite file. No Qt here.

    lib = Library.open()            # or Library.open(path), or $REEL_READER_LIBRARY
    lib.ensure_reel(reel.fingerprint, reel.path, len(reel))
    lib.save_transcript(fp, frame, text)   # one short transaction, a revision kept
    lib.search("IL-28")

Reels are known by their content fingerprint; nothing is ever written beside a reel.
"""
from __future__ import annotations

from pathlib import Path

from .annotations import AnnotationsMixin
from .cache import CacheMixin
from .db import Database, default_path
from .errors import LibraryDamaged, LibraryError, LibraryLocked, LibraryReadOnly
from .reels import ReelsMixin
from .search import Hit, SearchMixin
from .transcripts import Revision, TranscriptsMixin


class Library(ReelsMixin, TranscriptsMixin, AnnotationsMixin, SearchMixin, CacheMixin, Database):
    @classmethod
    def open(cls, path: str | Path | None = None, readonly: bool = False) -> "Library":
        return cls(Path(path).expanduser() if path else None, readonly=readonly)


__all__ = ["Library", "LibraryError", "LibraryDamaged", "LibraryLocked", "LibraryReadOnly", "Hit",
           "Revision", "default_path"]
