"""Measure how long the GUI thread goes without serving its event loop.

A 5 ms timer notes when it fires; the longest gap beyond its interval is the longest
stall the user could feel (a keystroke or a repaint waits that long).
"""
from __future__ import annotations

import sys
import threading
import time
import traceback

from PySide6.QtCore import QObject, QTimer


class StallMeter(QObject):
    """With WHERE_MS, a watchdog thread also notes where the GUI thread's Python stack was
    in each stall longer than that (self.stalls: (seconds into the run, stack lines))."""

    def __init__(self, interval_ms: int = 5, parent=None, where_ms: float = 0):
        super().__init__(parent)
        self._where = where_ms / 1000
        self._main = threading.main_thread().ident
        self.stalls: list[tuple[float, list[str]]] = []
        self._watching = False
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._last = 0.0
        self.longest = 0.0
        self.ticks = 0

    def start(self) -> None:
        self._last = self._began = time.perf_counter()
        self.longest = 0.0
        self.ticks = 0
        self.stalls = []
        self._timer.start()
        if self._where:
            self._watching = True
            threading.Thread(target=self._watch, daemon=True, name="stall watchdog").start()

    def stop(self) -> float:
        self._timer.stop()
        self._watching = False
        return self.longest

    def _watch(self) -> None:
        noted = 0.0
        while self._watching:
            time.sleep(0.004)
            last = self._last
            if time.perf_counter() - last > self._where and last != noted:
                noted = last
                frames = sys._current_frames()
                frame = frames.get(self._main)
                stack = traceback.format_stack(frame)[-6:] if frame else ["(no Python frame: in Qt)"]
                others = {}
                for t in threading.enumerate():
                    f = frames.get(t.ident)
                    if f is not None and t.ident != self._main and t.name != "stall watchdog":
                        others[f"{t.name}-{t.ident % 1000}"] = traceback.format_stack(f)[-2:]
                self.stalls.append((last - self._began, [line.strip() for line in stack],
                                    {k: [x.strip() for x in v] for k, v in others.items()}))

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self._last)
        self._last = now
        self.ticks += 1
