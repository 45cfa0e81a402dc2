"""The status bar: reel · frame n of N · zoom, and the progress of background work."""
from __future__ import annotations

import time

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QProgressBar, QSizePolicy, QStatusBar, QToolButton, QWidget

from .tasks import Task


class StatusText(QWidget):
    """A line of text that changes often (the frame on every turn, progress on every OCR
    frame) without re-laying out the window. A QLabel's setText asks its layout again each
    time; in the status bar that re-laid out the main window and repainted all of it (the
    facsimile, transcript and thumbnails: 2-5 ms of the GUI thread a turn, and more while a
    render worker waited for the core). Its size is fixed by RESERVE; longer text is elided."""

    def __init__(self, reserve: str = "", parent=None):
        super().__init__(parent)
        self._text = ""
        self._reserve = reserve
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.setAccessibleName(text)
            self.setToolTip(text if self.fontMetrics().horizontalAdvance(text) > self.width() else "")
            self.update()

    def sizeHint(self) -> QSize:
        fm = self.fontMetrics()
        return QSize(fm.horizontalAdvance(self._reserve) + 4, fm.height() + 2)

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self.fontMetrics().height() + 2)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        rect = self.rect().adjusted(2, 0, -2, 0)
        text = self.fontMetrics().elidedText(self._text, Qt.TextElideMode.ElideRight, rect.width())
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), text)
        painter.end()


class ReelStatusBar(QStatusBar):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("statusBar")
        self.place = StatusText()
        self.place.setObjectName("statusPlace")
        self.addWidget(self.place, 1)
        self.task_label = StatusText("Recognising frame 1000 of 1000 1000/1000, 59 min left")
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(160)
        self.progress.setAccessibleName("Background work progress")
        self.cancel = QToolButton()
        self.cancel.setText("Cancel")
        self.cancel.setAccessibleName("Cancel background work")
        for w in (self.task_label, self.progress, self.cancel):
            # keep their room when hidden: the bar changing height would re-lay out and
            # repaint the whole window each time a task starts or ends
            policy = w.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            w.setSizePolicy(policy)
            self.addPermanentWidget(w)
            w.hide()
        self._task: Task | None = None
        self._running: dict[Task, tuple[int, int, str] | None] = {}   # each one's last progress
        self._first: dict[Task, tuple[float, int]] = {}   # when each first reported, and how far
        self.cancel.clicked.connect(self._cancel)

    def show_place(self, reel: str, frame: int, count: int, zoom: float) -> None:
        self.place.setText(f"{reel} · frame {frame} of {count} · {zoom:.0f}%")

    def track(self, task: Task) -> None:
        """Show TASK's progress until it ends. The newest task wins the bar; when it ends,
        a longer one still running (the background OCR of a reel) comes back."""
        self._running[task] = None
        # bound methods, not lambdas: Qt drops the connection if this bar goes first
        task.progress.connect(self._on_progress)
        task.ended.connect(self._on_ended)
        self._show(task)

    def _show(self, task: Task) -> None:
        self._task = task
        self.task_label.setText(task.name)
        self.progress.setRange(0, 0)
        for w in (self.task_label, self.progress):
            w.show()
        self.cancel.setVisible(task.cancellable)
        if self._running.get(task):
            self._show_progress(task, *self._running[task])

    def _on_progress(self, done: int, total: int, message: str) -> None:
        task = self.sender()
        if task in self._running:
            self._running[task] = (done, total, message)
            self._first.setdefault(task, (time.monotonic(), done))
        if task is self._task:
            self._show_progress(task, done, total, message)

    def _show_progress(self, task: Task, done: int, total: int, message: str) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        left = ""
        # the rate since the first report: work found done already (cached) costs no time
        since, done_then = self._first.get(task, (task.context.started, 0))
        if done_then < done < total:
            remaining = (time.monotonic() - since) / (done - done_then) * (total - done)
            left = f", {_duration(remaining)} left"
        self.task_label.setText(f"{message or task.name} {done}/{total}{left}")

    def _on_ended(self) -> None:
        task = self.sender()
        self._running.pop(task, None)
        self._first.pop(task, None)
        if task is self._task:
            self._task = None
            if self._running:
                self._show(list(self._running)[-1])
            else:
                for w in (self.task_label, self.progress, self.cancel):
                    w.hide()

    def _cancel(self) -> None:
        if self._task:
            self._task.cancel()
            self.task_label.setText(f"{self._task.name}: cancelling…")


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.0f} s"
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"
