"""OCR in the window: recognise a frame, a range or the reel in the background, show the
words as a draft where there is no transcript, and link words between text and scan.

Recognition runs in a process pool (ocr.runner); the window only waits on a worker
thread, so it stays responsive. Results go to the library's cache, so nothing is
recognised twice.
"""
from __future__ import annotations

import os

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QTextCursor
from PySide6.QtWidgets import QInputDialog, QLabel, QPushButton

from ocr.align import align
from ocr.engine import FrameOcr, OcrSettings
from ocr.runner import KIND, run_ocr
from reel.framespec import parse_frames
from work import LazyPool, ProcessPool

from ..tasks import close_with, user_message
from .ocr_background import BackgroundOcr

OCR_NICENESS = 10


class OcrFeature(QObject):
    frameRecognised = Signal(int)    # the frame on screen has new OCR words (not from the cache)

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.settings = OcrSettings()
        # niced: recognising gives way to the window and to the frame being rendered
        self._pools = LazyPool(workers=os.cpu_count() or 1, warm_modules=("ocr.runner",), niceness=OCR_NICENESS)
        close_with(window, self._pools)   # a half-recognised frame is worth nothing: quit at once
        self._aligned: list = []          # the frame on screen: transcript words with boxes
        self._ocr: FrameOcr | None = None
        menu = window.menus["Tools"]
        for name, text, slot, key in (
                ("ocr_frame", "&Recognise This Frame", self.recognise_frame, "Ctrl+Shift+R"),
                ("ocr_range", "Recognise &Frames…", self.recognise_range, None),
                ("ocr_reel", "Recognise the Whole &Reel", self.recognise_reel, None)):
            action = QAction(text, window)
            action.setObjectName(name)
            if key:
                action.setShortcut(key)
            action.triggered.connect(slot)
            window.addAction(action)
            window.actions[name] = action
            menu.addAction(action)
        # a frame without a transcript: the OCR text as a draft the user can take in
        pane = window.transcript
        self.draft_label = QLabel("No transcript for this frame: the text below is the OCR draft.")
        self.draft_label.setObjectName("ocrDraftLabel")
        self.take = QPushButton("Use as Transcript")
        self.take.setAccessibleName("Use the OCR draft as the transcript")
        self.take.clicked.connect(self.take_draft)
        pane.layout().insertWidget(1, self.draft_label)
        pane.layout().insertWidget(2, self.take)
        self._show_draft_controls(False)
        window.session.frameChanged.connect(self._frame_changed)
        self._realign_later = QTimer(self, singleShot=True, interval=400)   # typing pauses first
        self._realign_later.timeout.connect(self._realign)
        window.session.transcriptChanged.connect(
            lambda f: f == window.session.frame and self._realign_later.start())
        pane.editor.cursorPositionChanged.connect(self._cursor_moved)
        window.facsimile.clicked.connect(self._page_clicked)
        self._later = QTimer(self, singleShot=True, interval=300)
        self._later.timeout.connect(self._load_frame)
        self.background = BackgroundOcr(self)

    # -- background recognition --------------------------------------------------------
    def pool(self) -> ProcessPool:
        return self._pools.get()

    def recognise_frame(self):
        return self.recognise([self.window.session.frame])

    def recognise_range(self) -> None:
        s = self.window.session
        if not s.reel:
            return
        spec, ok = QInputDialog.getText(self.window, "Recognise Frames", f"Frames (1–{s.count}), e.g. 2-5,9:")
        if ok and spec.strip():
            try:
                self.recognise(parse_frames(spec, s.count))
            except ValueError as exc:
                self.window.status.showMessage(str(exc), 8000)

    def recognise_reel(self):
        return self.recognise(list(range(1, self.window.session.count + 1)))

    def recognise(self, frames: list[int]):
        """The user's command: FRAMES of the reel on screen, the background OCR paused meanwhile."""
        w = self.window
        if not w.session.reel or not frames:
            return None
        reel = w.session.reel
        self.background.pause()
        task = self.run_ocr_task(f"OCR of {len(frames)} frame{'s' * (len(frames) > 1)}", frames,
                                 on_done=lambda results: self._recognised(reel, results))
        task.ended.connect(self.background.resume)
        return task

    def run_ocr_task(self, name: str, frames: list[int], on_done=None, on_frame=None, collect=True):
        """One task recognising FRAMES of the reel on screen into the library's cache and
        search index; ON_FRAME(FrameOcr) is called on the task's thread as each is done.
        The status bar shows NAME with the progress."""
        w = self.window
        reel, library, password = w.session.reel, w.library, w.session.password
        writable = library is not None and not library.readonly

        def job(ctx):
            def recognised(frame):
                if writable:
                    library.index_ocr_text(reel.fingerprint, frame.index, frame.text())
                if on_frame:
                    on_frame(frame)
            return run_ocr(reel, frames, self.settings, cache=library if writable else None,
                           pool=self.pool(), progress=lambda done, total, _: ctx.progress(done, total, name),
                           cancelled=ctx.cancelled,
                           on_frame=recognised, password=password, collect=collect)

        return w.runner.run(name, job, on_done=on_done,
                            on_error=lambda exc: w.status.showMessage(f"OCR failed: {user_message(exc)}", 10000))

    def _recognised(self, reel, results: dict) -> None:
        if reel is self.window.session.reel and self.window.session.frame in results:
            self._show(results[self.window.session.frame])
            self.frameRecognised.emit(self.window.session.frame)
        self.window.status.showMessage(f"Recognised {len(results)} frames", 5000)

    def show_recognised(self, ocr: FrameOcr) -> None:
        """A frame of the reel on screen has just been recognised (in the background)."""
        if ocr.index == self.window.session.frame and self._ocr is None:
            self._show(ocr)
            self.frameRecognised.emit(ocr.index)

    # -- the frame on screen -----------------------------------------------------------
    def _frame_changed(self, frame: int) -> None:
        self._ocr, self._aligned = None, []
        self._show_draft_controls(False)
        self._later.start()   # read the cache once the user stops turning pages

    def _load_frame(self) -> None:
        w = self.window
        if not w.session.reel or w.library is None:
            return
        reel, library, frame, key = w.session.reel, w.library, w.session.frame, self.settings.key()

        def load(ctx):
            hit = library.get_cached(KIND, reel.frame_digest(frame), key)
            return FrameOcr.from_json(hit) if hit else None

        w.runner.run("Reading the OCR", load, cancellable=False, on_done=lambda ocr: ocr and self._show(ocr))

    def _show(self, ocr: FrameOcr) -> None:
        w = self.window
        if ocr.index != w.session.frame:
            return
        self._ocr = ocr
        has_text = bool(w.session.frame_text(ocr.index).strip())
        self._show_draft_controls(not has_text)
        if not has_text:
            w.transcript.editor.setPlaceholderText(ocr.text() or "Tesseract found no words on this frame.")
        self._realign()

    def _realign(self) -> None:
        """Align the frame's transcript to its OCR, off the GUI thread."""
        w = self.window
        ocr = self._ocr
        if ocr is None or ocr.index != w.session.frame:
            return
        text = w.session.frame_text(w.session.frame)

        def job(ctx):
            return ocr.index, [a for a in align(text, ocr) if a.bbox] if text.strip() else []

        w.runner.run("Aligning", job, cancellable=False, on_done=self._aligned_done)

    def _aligned_done(self, result) -> None:
        frame, aligned = result
        if frame == self.window.session.frame:
            self._aligned = aligned

    def _show_draft_controls(self, show: bool) -> None:
        self.draft_label.setVisible(show)
        self.take.setVisible(show)
        if not show:
            self.window.transcript.editor.setPlaceholderText("No transcript for this frame yet. Type one here.")

    def take_draft(self) -> None:
        """The OCR text becomes the frame's transcript (an undoable edit, saved as usual)."""
        if self._ocr is not None:
            self.window.edits.edit_transcript(self._ocr.index, self._ocr.text() + "\n")
            self._show_draft_controls(False)

    # -- linking text and image --------------------------------------------------------
    def _cursor_moved(self) -> None:
        pos = self.window.transcript.editor.textCursor().position()
        for a in self._aligned:
            if a.src_start <= pos <= a.src_end:
                self.window.facsimile.overlays.outline(tuple(a.bbox))
                self.window.facsimile.scroll_to_box(tuple(a.bbox))
                return

    def word_at(self, x: float, y: float):
        """The transcript word whose box holds frame point (x, y)."""
        for a in self._aligned:
            x0, y0, x1, y1 = a.bbox
            if x0 <= x <= x1 and y0 <= y <= y1:
                return a
        return None

    def _page_clicked(self, x: float, y: float) -> None:
        a = self.word_at(x, y)
        if a is not None:
            self.window.facsimile.overlays.outline(tuple(a.bbox))
            editor = self.window.transcript.editor
            cursor = editor.textCursor()
            cursor.setPosition(a.src_start)
            cursor.setPosition(a.src_end, QTextCursor.MoveMode.KeepAnchor)
            editor.setTextCursor(cursor)
            editor.setFocus(Qt.FocusReason.OtherFocusReason)


def install(window) -> OcrFeature:
    return OcrFeature(window)
