"""Marks found on the scan (analysis/), drawn over the facsimile in the transcript's
colours, one toggle per kind; clicking one selects the matching words in the transcript."""
from __future__ import annotations

import os
import threading

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction, QColor, QTextDocument

from analysis.regions import KINDS
from analysis.runner import run_analysis
from transcript.styles import STYLES
from viewer.overlays import Box, OverlayStyle
from work import ProcessPool

from ..tasks import user_message

LAYER = "analysis"
STYLE_OF = {"redaction": "redaction", "stamp": "stamp", "checkbox": "checkbox_ticked",
            "classification": "classification", "deletion": "deletion", "insertion": "insertion", "xout": "xout"}
NAMES = {"redaction": "Redactions", "stamp": "Review stamps", "checkbox": "Check boxes",
         "classification": "Classification markings", "deletion": "Struck words", "insertion": "Handwritten insertions",
         "xout": "Typed x-outs"}


def describe(region) -> str:
    """What a hover says: "handwritten insertion: clearer", "check box, ticked"."""
    k = region.kind
    if k == "checkbox":
        return "check box, ticked" if region.checked else "check box, empty"
    if k == "classification":
        return f"classification marking: {region.text}" + (", struck through" if region.struck else "")
    label = {"deletion": "struck through", "insertion": "handwritten insertion", "xout": "typed x-out",
             "stamp": "review stamp", "redaction": "redaction (withheld text)"}[k]
    return f"{label}: {region.text}" if region.text else label


class AnalysisFeature(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self._pool = None
        self._pool_lock = threading.Lock()
        overlays = window.facsimile.overlays
        for kind in KINDS:
            color = QColor(STYLES[STYLE_OF[kind]].color if kind != "redaction" else "#000000")
            overlays.styles[kind] = OverlayStyle(color, fill_alpha=25 if kind != "redaction" else 60,
                                                 dashed=kind == "insertion")
        menu = window.menus["View"].addMenu("Marks on the &Scan")
        self.toggles = {}
        for kind in KINDS:
            action = QAction(NAMES[kind], window, checkable=True, checked=True)
            action.setObjectName(f"show_{kind}")
            action.toggled.connect(lambda on, kind=kind: overlays.set_kind_visible(kind, on))
            menu.addAction(action)
            self.toggles[kind] = action
        whole = QAction("&Find Marks on the Whole Reel", window)
        whole.setObjectName("analyze_reel")
        whole.triggered.connect(self.analyze_reel)
        window.menus["Tools"].addSeparator()
        window.menus["Tools"].addAction(whole)
        window.actions["analyze_reel"] = whole
        self._later = QTimer(self, singleShot=True, interval=400)
        self._later.timeout.connect(self.analyze_shown)
        window.facsimile.frameShown.connect(lambda _: self._later.start())
        overlays.boxClicked.connect(self._clicked)
        window.destroyed.connect(self.shutdown)

    def pool(self) -> ProcessPool:
        with self._pool_lock:   # made on a worker thread: spawning is slow
            if self._pool is None:
                self._pool = ProcessPool(workers=1, warm_modules=("analysis.runner",))
        return self._pool

    def shutdown(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()

    def analyze_shown(self):
        return self._run([self.window.session.frame], "Finding marks")

    def analyze_reel(self):
        return self._run(list(range(1, self.window.session.count + 1)), "Finding marks on the reel")

    def _run(self, frames, name):
        w = self.window
        if not w.session.reel:
            return None
        reel, lib, password = w.session.reel, w.library, w.session.password
        cache = lib if lib is not None and not lib.readonly else None
        return w.runner.run(name, lambda ctx: run_analysis(reel, frames, cache=cache, pool=self.pool(),
                                                           password=password, progress=ctx.progress),
                            on_done=self._show,
                            on_error=lambda exc: w.status.showMessage(f"Finding marks failed: {user_message(exc)}", 8000))

    def _show(self, results: dict) -> None:
        frame = self.window.session.frame
        if frame in results:
            boxes = [Box(r.kind, tuple(r.bbox), describe(r), payload=r) for r in results[frame].regions]
            self.window.facsimile.overlays.set_boxes(LAYER, boxes)

    def _clicked(self, box: Box) -> None:
        region = box.payload
        if getattr(region, "text", None) and region.kind in ("deletion", "insertion", "classification", "xout"):
            editor = self.window.transcript.editor
            cursor = editor.textCursor()
            cursor.movePosition(cursor.MoveOperation.Start)
            editor.setTextCursor(cursor)
            editor.find(region.text.split()[0], QTextDocument.FindFlag(0))


def install(window) -> AnalysisFeature:
    return AnalysisFeature(window)
