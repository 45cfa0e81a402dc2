"""Where the words of the text layer come from: an interface and its simple sources.

An export asks a ``WordSource`` for each frame's words (in reading order, with boxes).
The sources that matter in the app are the aligned transcript and OCR (ocrwords.py);
``GivenWords`` serves words someone already has (the GUI's cache, a test that knows
where it put its words).  A source may need work before it can answer (recognising
frames): the export asks ``needs_recognition`` first and runs ``recognise`` with
progress and cancel before it writes any page.
"""
from __future__ import annotations

from typing import Callable, Iterable, Protocol

from .model import FrameWords

__all__ = ["WordSource", "NoWords", "GivenWords"]

Progress = Callable[[int, int, str], None]


class WordSource(Protocol):
    def frame_words(self, frame: int) -> FrameWords | None:
        """The frame's words, or None when the source has none for it."""

    def needs_recognition(self, frames: Iterable[int]) -> list[int]:
        """Of ``frames``, those whose words must be recognised before they can be given."""

    def recognise(self, frames: list[int], progress: Progress, cancelled: Callable[[], bool]) -> dict[int, str]:
        """Recognise ``frames`` (and keep the results); return {frame: reason} of failures."""


class NoWords:
    """No text layer."""

    def frame_words(self, frame: int) -> FrameWords | None:
        return None

    def needs_recognition(self, frames: Iterable[int]) -> list[int]:
        return []

    def recognise(self, frames, progress, cancelled) -> dict[int, str]:
        return {}


class GivenWords(NoWords):
    """Words already known, frame by frame."""

    def __init__(self, frames: dict[int, FrameWords]):
        self._frames = dict(frames)

    def frame_words(self, frame: int) -> FrameWords | None:
        return self._frames.get(frame)
