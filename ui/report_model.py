"""The reel's transcript analysed (corrections, stamps, documents) for the side panels.

One analysis serves all three panels.  It is recomputed off the GUI thread once typing
pauses (parsing a whole reel's transcript takes 100 ms and more for a long one, which a
keystroke must never wait for); at most one runs at a time, and edits made meanwhile
start one more when it ends, so a result never overtakes a newer one.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal

from transcript.frames import FrameText, split_frames
from transcript.report import Analysis, analyze

from .tasks import TaskRunner

REFRESH_DELAY_MS = 300


@dataclass
class ReelReport:
    """An analysis and where each frame's text sits in the text it was made from."""
    analysis: Analysis
    pieces: list[FrameText]

    def __post_init__(self):
        self._starts = [p.text_start for p in self.pieces]

    def locate(self, start: int, end: int) -> tuple[int | None, int, int]:
        """(frame, start, end): the frame whose text holds whole-transcript offsets
        START..END, and the offsets within that frame's text (frame None: the
        transcript has no frame markers and is shown whole)."""
        i = bisect_right(self._starts, start) - 1
        if i < 0 or self.pieces[i].frame is None:
            return None, start, end
        p = self.pieces[i]
        return p.frame, start - p.text_start, min(end, p.end) - p.text_start


def make_report(text: str, ctx=None) -> ReelReport:
    """Runs on a worker thread."""
    return ReelReport(analyze(text), split_frames(text))


class ReportModel(QObject):
    updated = Signal(object)          # ReelReport

    def __init__(self, window):
        super().__init__(window)
        self.session = window.session
        self.report: ReelReport | None = None
        self._runner = TaskRunner(self)   # its own: a refresh per pause in typing is no news
        self._running = False
        self._dirty = False
        self._timer = QTimer(self, singleShot=True, interval=REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self.session.reelChanged.connect(self.refresh)
        self.session.transcriptChanged.connect(lambda _: self._timer.start())

    @property
    def analysis(self) -> Analysis | None:
        return self.report.analysis if self.report else None

    def refresh(self) -> None:
        self._timer.stop()
        if self._running:
            self._dirty = True
            return
        self._running, self._dirty = True, False
        text = self.session.whole_text() if self.session.has_transcript else ""
        self._runner.run("Reading the transcript", make_report, text, cancellable=False,
                         on_done=self._done, on_error=self._failed)

    def _done(self, report: ReelReport) -> None:
        self._running = False
        if self._dirty:
            self.refresh()
            return
        self.report = report
        self.updated.emit(report)

    def _failed(self, exc: Exception) -> None:
        # The parser never raises on any text; if it did, the panels keep the last
        # analysis rather than going blank, and the next edit tries again.
        self._running = False
        if self._dirty:
            self.refresh()
