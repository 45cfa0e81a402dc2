"""The reel's transcript analysed (corrections, stamps, documents) for the side panels:
recomputed off the GUI thread once typing pauses, so a long transcript never stalls it."""
from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from transcript.report import analyze


class ReportModel(QObject):
    updated = Signal(object)          # transcript.report.Analysis

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.analysis = None
        self._timer = QTimer(self, singleShot=True, interval=500)
        self._timer.timeout.connect(self.refresh)
        window.session.reelChanged.connect(self.refresh)
        window.session.transcriptChanged.connect(lambda _: self._timer.start())

    def refresh(self) -> None:
        text = self.window.session.whole_text()
        self.window.runner.run("Reading the transcript", lambda ctx: analyze(text), cancellable=False,
                               on_done=self._done)

    def _done(self, analysis) -> None:
        self.analysis = analysis
        self.updated.emit(analysis)
