"""Measure how long the GUI thread goes without serving its event loop.

A 5 ms timer notes when it fires; the longest gap beyond its interval is the longest
stall the user could feel (a keystroke or a repaint waits that long).
"""
from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer


class StallMeter(QObject):
    def __init__(self, interval_ms: int = 5, parent=None):
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._last = 0.0
        self.longest = 0.0
        self.ticks = 0

    def start(self) -> None:
        self._last = time.perf_counter()
        self.longest = 0.0
        self.ticks = 0
        self._timer.start()

    def stop(self) -> float:
        self._timer.stop()
        return self.longest

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self._last)
        self._last = now
        self.ticks += 1
