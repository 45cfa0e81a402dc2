"""The open reel as the window sees it: which frame is shown, and its transcript.

A thin Qt model: it holds state and emits what changed; views listen and redraw.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from reel import Reel
from transcript.frames import frame_texts


class ReelSession(QObject):
    reelChanged = Signal()
    frameChanged = Signal(int)
    transcriptChanged = Signal(int)   # frame whose text changed (0: all)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.reel: Reel | None = None
        self.password: str | None = None
        self.frame = 0
        self.transcript_source: Path | None = None
        self._texts: dict[int, str] = {}
        self._whole: str | None = None   # a transcript with no frame markers

    # -- the reel ---------------------------------------------------------------------
    @property
    def count(self) -> int:
        return len(self.reel) if self.reel else 0

    def set_reel(self, reel: Reel, transcript: str | None = None, transcript_source: Path | None = None,
                 password: str | None = None, frame: int = 1, texts: dict[int, str] | None = None) -> None:
        """TRANSCRIPT is a whole transcript to split at its frame markers; TEXTS are
        per-frame texts as the library keeps them (frame 0: a transcript not yet split)."""
        old = self.reel
        self.reel, self.password = reel, password
        self.transcript_source = transcript_source
        self._texts, self._whole = {}, None
        if texts:
            if set(texts) == {0}:
                self._whole = texts[0]
            else:
                self._texts = {n: t for n, t in texts.items() if 1 <= n <= len(reel)}
        elif transcript is not None:
            texts = frame_texts(transcript)
            if texts:
                self._texts = {n: t for n, t in texts.items() if 1 <= n <= len(reel)}
            else:
                self._whole = transcript
        self.frame = 0
        self.reelChanged.emit()
        if old is not None and old is not reel:
            old.close()
        self.go_to(frame)

    # -- navigation -------------------------------------------------------------------
    def go_to(self, frame: int) -> None:
        if not self.reel:
            return
        frame = max(1, min(self.count, int(frame)))
        if frame != self.frame:
            self.frame = frame
            self.frameChanged.emit(frame)

    def next(self) -> None:
        self.go_to(self.frame + 1)

    def previous(self) -> None:
        self.go_to(self.frame - 1)

    def first(self) -> None:
        self.go_to(1)

    def last(self) -> None:
        self.go_to(self.count)

    # -- transcript -------------------------------------------------------------------
    @property
    def has_frame_markers(self) -> bool:
        return bool(self._texts)

    @property
    def has_transcript(self) -> bool:
        return bool(self._texts) or self._whole is not None

    def stored_frame(self, frame: int) -> int:
        """Where FRAME's text is kept in the library: 0 while the transcript is one
        reel-wide text without frame markers."""
        return 0 if self._whole is not None else frame

    def frame_text(self, frame: int) -> str:
        if self._whole is not None:
            return self._whole
        return self._texts.get(frame, "")

    def set_frame_text(self, frame: int, text: str) -> None:
        if text == self.frame_text(frame):
            return
        if self._whole is not None:
            self._whole = text
        else:
            self._texts[frame] = text
        self.transcriptChanged.emit(frame)
