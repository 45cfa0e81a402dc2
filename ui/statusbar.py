"""The status bar: reel · frame n of N · zoom, and the progress of background work."""
from __future__ import annotations

import time

from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QToolButton

from .tasks import Task


class ReelStatusBar(QStatusBar):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("statusBar")
        self.place = QLabel()
        self.place.setObjectName("statusPlace")
        self.addWidget(self.place, 1)
        self.task_label = QLabel()
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
        self.cancel.clicked.connect(self._cancel)

    def show_place(self, reel: str, frame: int, count: int, zoom: float) -> None:
        self.place.setText(f"{reel} · frame {frame} of {count} · {zoom:.0f}%")

    def track(self, task: Task) -> None:
        """Show TASK's progress until it ends (the newest task wins the bar)."""
        self._task = task
        self.task_label.setText(task.name)
        self.progress.setRange(0, 0)
        for w in (self.task_label, self.progress):
            w.show()
        self.cancel.setVisible(task.cancellable)
        # bound methods, not lambdas: Qt drops the connection if this bar goes first
        task.progress.connect(self._on_progress)
        task.ended.connect(self._on_ended)

    def _on_progress(self, done: int, total: int, message: str) -> None:
        task = self.sender()
        if task is not self._task:
            return
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        left = ""
        if 0 < done < total:
            elapsed = time.monotonic() - task.context.started
            remaining = elapsed / done * (total - done)
            left = f", {_duration(remaining)} left"
        self.task_label.setText(f"{message or task.name} {done}/{total}{left}")

    def _on_ended(self) -> None:
        if self.sender() is self._task:
            self._task = None
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
