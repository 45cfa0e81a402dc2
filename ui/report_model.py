"""The reel's transcript analysed (corrections, stamps, documents) for the side panels.

One analysis serves all three panels.  It is remade once typing pauses, never on the
keystroke: at most one runs at a time, and edits made meanwhile start one more when it
ends, so a result never overtakes a newer one.

Where it runs depends on the size of the transcript.  A frame's worth or a short reel
parses in a few ms on a worker thread.  A whole long reel (2 MB parses in ~200 ms of
pure Python) would hold the GIL all that time, and the GUI thread, which hands the GIL
back at every call into Qt, would wait for it again and again while the user types
(measured: keystrokes of 50 ms and more, bench/bench_highlight.py); so a long
transcript is analysed in a worker process, and only the lists the panels show come
back.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from work import LazyPool

from .reel_report import ReelReport, make_report
from .tasks import TaskRunner, close_with

REFRESH_DELAY_MS = 300
PROCESS_THRESHOLD = 200_000     # characters: above this, parse in the worker process


class ReportModel(QObject):
    updated = Signal(object)          # ReelReport

    def __init__(self, window):
        super().__init__(window)
        self.session = window.session
        self.report: ReelReport | None = None
        self._runner = TaskRunner(self)   # its own: a refresh per pause in typing is no news
        self._pools = LazyPool(workers=1, warm_modules=("ui.reel_report",))   # for long transcripts
        self._running = False
        self._dirty = False
        self._timer = QTimer(self, singleShot=True, interval=REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self.session.reelChanged.connect(self.refresh)
        self.session.transcriptChanged.connect(lambda _: self._timer.start())
        close_with(window, self._pools, kill=False)   # a long transcript's report is nearly done: let it end

    def refresh(self) -> None:
        self._timer.stop()
        if self._running:
            self._dirty = True
            return
        self._running, self._dirty = True, False
        text = self.session.whole_text() if self.session.has_transcript else ""
        self._runner.run("Reading the transcript", self._analyse, text, cancellable=False,
                         on_done=self._done, on_error=self._failed)

    def _analyse(self, text: str, ctx=None) -> ReelReport:
        """Runs on a worker thread."""
        if len(text) > PROCESS_THRESHOLD:
            report = self._process_pool().submit(make_report, text).result()
        else:
            report = make_report(text)
        report.source = text
        return report

    def _process_pool(self):
        return self._pools.get()

    def _done(self, report: ReelReport) -> None:
        self._running = False
        if self._dirty:
            self.refresh()
            return
        self.report = report
        self.updated.emit(report)

    def _failed(self, exc: Exception) -> None:
        # The parser never raises on any text; a worker process can die, though.  The
        # panels keep the last analysis rather than going blank; the next edit retries.
        self._running = False
        if self._dirty:
            self.refresh()
