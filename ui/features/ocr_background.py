"""OCR of the frames nobody has transcribed yet, while the user reads.

DESIGN: "Frames without a transcript get OCR in the background while she reads; the
status bar shows the progress and she never waits." A few seconds after a reel opens,
one task recognises its untranscribed frames from the frame on screen onwards (then
from the start), through the OCR feature's pool, whose workers run at a low CPU
priority so the window and the frame being rendered come first. Results go to the
library's cache, so a reel reopened tomorrow goes on where it stopped.

A jump to a frame not yet recognised restarts the task from there; a Recognise command
of the user's takes over and this resumes after it. Cancel in the status bar stops it
for this reel; the Tools menu turns it off for good.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction

from ..state import open_settings

SETTING = "ocr/background"
START_DELAY_MS = 3000     # after a reel opens: let the first frames render first
RESTART_DELAY_MS = 1000   # after a jump: the user may be turning on


class BackgroundOcr(QObject):
    recognised = Signal(object)      # a FrameOcr, posted from the task's thread

    def __init__(self, feature):
        super().__init__(feature)
        self.feature = feature
        window = self.window = feature.window
        self.task = None
        self.done: set[int] = set()      # frames of this reel known to be recognised
        self._stopped = False            # the user cancelled it for this reel
        self._restart = False            # our own cancel: start again when it has ended
        self._paused = 0                 # the user's own Recognise commands running
        self.action = QAction("Recognise Untranscribed Frames While Reading", window, checkable=True)
        self.action.setObjectName("ocr_background")
        self.action.setChecked(str(open_settings().value(SETTING, "true")).lower() == "true")
        self.action.toggled.connect(self.set_enabled)
        window.actions["ocr_background"] = self.action
        window.menus["Tools"].addAction(self.action)
        self._later = QTimer(self, singleShot=True)
        self._later.timeout.connect(self.start)
        self.recognised.connect(self._recognised)
        window.reelOpened.connect(self._reel_opened)
        window.session.frameChanged.connect(self._frame_changed)

    @property
    def enabled(self) -> bool:
        return self.action.isChecked()

    def set_enabled(self, on: bool) -> None:
        self.action.setChecked(on)
        open_settings().setValue(SETTING, "true" if on else "false")
        if on:
            self._stopped = False
            self._later.start(START_DELAY_MS)
        else:
            self._later.stop()
            self._stop(restart=False)

    # -- when to run ---------------------------------------------------------------------
    def _reel_opened(self, _path: str) -> None:
        self._stop(restart=False)
        self.done, self._stopped = set(), False
        if self.enabled:
            self._later.start(START_DELAY_MS)

    def _frame_changed(self, frame: int) -> None:
        if self.task is not None and frame not in self.done and self._frame_wanted(frame):
            self._later.start(RESTART_DELAY_MS)   # from the new place, once the user settles

    def pause(self) -> None:
        """A Recognise command of the user's starts: it has the pool to itself."""
        self._paused += 1
        self._later.stop()
        self._stop(restart=False)

    def resume(self) -> None:
        self._paused = max(0, self._paused - 1)
        if not self._paused and self.enabled and not self._stopped:
            self._later.start(RESTART_DELAY_MS)

    def _frame_wanted(self, frame: int) -> bool:
        return not self.window.session.frame_text(frame).strip()

    def todo(self) -> list[int]:
        """Frames without a transcript and not yet recognised, from the frame on screen on."""
        s = self.window.session
        order = list(range(s.frame, s.count + 1)) + list(range(1, s.frame))
        return [n for n in order if n not in self.done and self._frame_wanted(n)]

    # -- running ---------------------------------------------------------------------------
    def start(self) -> None:
        w = self.window
        library = w.library
        if (not self.enabled or self._stopped or self._paused or not w.session.reel
                or library is None or library.readonly):   # nowhere to keep the results
            return
        if self.task is not None:          # restart from where the user is now
            self._stop(restart=True)
            return
        frames = self.todo()
        if not frames:
            return
        reel = w.session.reel
        self.task = self.feature.run_ocr_task(
            "OCR of untranscribed frames", frames, collect=False,
            on_frame=lambda ocr: self.recognised.emit((reel, ocr)))
        self.task.succeeded.connect(lambda results: self._recognised((reel, None), results))
        self.task.cancelled.connect(self._cancelled)
        self.task.ended.connect(self._ended)

    def _stop(self, restart: bool) -> None:
        if self.task is None:
            return
        self._restart = restart
        if not self.task.context.cancelled():
            self.task.cancelled.disconnect(self._cancelled)   # our cancel, not the user's
            self.task.cancel()

    def _recognised(self, reel_ocr, frames=()) -> None:
        reel, ocr = reel_ocr
        if reel is not self.window.session.reel:
            return          # a task of the reel shown before, ending
        if ocr is not None:
            self.done.add(ocr.index)
            self.feature.show_recognised(ocr)
        self.done.update(frames)

    def _cancelled(self) -> None:
        self._stopped = True    # the user's Cancel: not again for this reel

    def _ended(self) -> None:
        self.task = None
        if self._restart:
            self._restart = False
            self.start()
