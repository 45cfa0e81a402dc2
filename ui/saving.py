"""The one path by which edits reach the library: debounced, ordered, never lost.

The session says what changed; AutoSaver collects the newest text of each changed frame
and, once typing pauses (SAVE_DELAY), hands them to a single writer thread that saves
each frame in its own short transaction. A save that fails (library locked, read-only)
keeps the text pending and says so in the status bar; the next change or close retries.
"""
from __future__ import annotations

import time

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from .tasks import TaskRunner, user_message

SAVE_DELAY_MS = 400
MAX_DELAY_S = 0.7     # continuous typing still saves at least this often
RETRY_MS = 5000


class AutoSaver(QObject):
    saved = Signal(int)          # how many frames were written
    failed = Signal(str)         # a message for the status bar

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.library = None
        self.fingerprint: str | None = None
        self._pending: dict[int, str] = {}
        self._since = 0.0
        self._writer = QThreadPool(self)
        self._writer.setMaxThreadCount(1)        # one writer: saves land in order
        self._runner = TaskRunner(self, self._writer)
        self._timer = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS)
        self._timer.timeout.connect(self.flush)
        session.transcriptChanged.connect(self._changed)

    def attach(self, library, fingerprint: str | None) -> None:
        """Save this reel's edits into LIBRARY (None: edits live for the session only)."""
        self.wait()
        self.library, self.fingerprint = library, fingerprint

    def _changed(self, frame: int) -> None:
        if self.library is None or self.fingerprint is None:
            return
        if not self._pending:
            self._since = time.monotonic()
        self._pending[self.session.stored_frame(frame)] = self.session.frame_text(frame)
        if time.monotonic() - self._since >= MAX_DELAY_S:
            self.flush()
        else:
            self._timer.start()

    @property
    def pending(self) -> dict[int, str]:
        return dict(self._pending)

    def flush(self) -> None:
        """Hand what is pending to the writer now."""
        self._timer.stop()
        self._timer.setInterval(SAVE_DELAY_MS)
        if not self._pending or self.library is None:
            return
        batch, self._pending = self._pending, {}
        self._runner.run("Saving", _save, self.library, self.fingerprint, batch, cancellable=False,
                         on_done=lambda n: self.saved.emit(n),
                         on_error=lambda exc, batch=batch: self._failed(batch, exc))

    def _failed(self, batch: dict[int, str], exc: Exception) -> None:
        for frame, text in batch.items():
            self._pending.setdefault(frame, text)  # keep newer edits made meanwhile
        self.failed.emit(f"Not saved yet: {user_message(exc)}")
        self._timer.start(RETRY_MS)               # a lock passes; try again

    def wait(self, msecs: int = 10000) -> bool:
        """Flush and wait until the writer is done (closing, switching reels)."""
        self.flush()
        return self._writer.waitForDone(msecs)


def _save(library, fingerprint: str, batch: dict[int, str], ctx=None) -> int:
    for frame, text in sorted(batch.items()):
        library.save_transcript(fingerprint, frame, text)
    return len(batch)
