"""Every user edit goes through here: a tiny undo command that calls the session.

The window's one QUndoStack spans all frames, so Ctrl+Z after turning pages brings the
user back to the frame of the edit and undoes it there. Commands only call model
methods (as Orange's do); saving follows from the session's signals (ui/saving.py).
"""
from __future__ import annotations

import time

from PySide6.QtGui import QUndoCommand, QUndoStack

TYPING_BURST = 2.0   # seconds: keystrokes closer than this undo together


class TranscriptEdit(QUndoCommand):
    """Frame FRAME's transcript changed from OLD to NEW."""

    ID = 1001

    def __init__(self, session, frame: int, old: str, new: str):
        super().__init__(f"Edit transcript of frame {frame}")
        self.session, self.frame, self.old, self.new = session, frame, old, new
        self.at = time.monotonic()

    def id(self) -> int:
        return self.ID

    def redo(self) -> None:
        self._apply(self.new)

    def undo(self) -> None:
        self._apply(self.old)

    def _apply(self, text: str) -> None:
        if self.session.frame != self.frame:
            self.session.go_to(self.frame)
        self.session.set_frame_text(self.frame, text)

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, TranscriptEdit) or other.frame != self.frame \
                or other.at - self.at > TYPING_BURST:
            return False
        self.new, self.at = other.new, other.at
        return True


class EditStack(QUndoStack):
    """The window's undo stack, with helpers that build the right command."""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session

    def edit_transcript(self, frame: int, new: str) -> None:
        old = self.session.frame_text(frame)
        if old != new:
            self.push(TranscriptEdit(self.session, frame, old, new))
