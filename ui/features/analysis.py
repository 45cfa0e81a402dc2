"""Marks found on the scan (analysis/), drawn over the facsimile in the transcript's
colours, one toggle per kind: in View › Marks on the Scan and in the legend at the foot
of the facsimile (marks_legend.py).

The marks of the frame on screen are joined to its transcript (analysis.join): clicking
a mark selects its markup, putting the cursor in a mark's markup outlines it on the
scan, and what the two sides disagree on is said in the hover and drawn as its own kind
("marked in the transcript, not found on the scan").
"""
from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QPixmap

from analysis.join import Link, join
from analysis.regions import KINDS
from analysis.runner import run_analysis
from ocr.engine import FrameOcr, OcrSettings
from ocr.runner import KIND as OCR_KIND, run_ocr
from transcript.styles import STYLES
from viewer.overlays import Box, OverlayStyle
from work import LazyPool, ProcessPool

from ..tasks import close_with, user_message
from ..transcript_pane import from_qt
from .marks_legend import MarksLegend

LAYER = "analysis"
UNCONFIRMED = "unconfirmed"    # overlay kind of markup the scan does not bear out
NICENESS = 10                  # finding marks gives way to rendering and the window
STYLE_OF = {"redaction": "redaction", "stamp": "stamp", "checkbox": "checkbox_ticked",
            "classification": "classification", "deletion": "deletion", "insertion": "insertion", "xout": "xout"}
NAMES = {"redaction": "Redactions", "stamp": "Review stamps", "checkbox": "Check boxes",
         "classification": "Classification markings", "deletion": "Struck words", "insertion": "Handwritten insertions",
         "xout": "Typed x-outs", UNCONFIRMED: "Transcript Marks Not Found on the Scan"}
LABELS = {"deletion": "struck through", "insertion": "handwritten insertion", "xout": "typed x-out",
          "stamp": "review stamp", "redaction": "redaction (withheld text)"}


def describe(region) -> str:
    """What a hover says: "handwritten insertion: clearer", "check box, ticked"."""
    k = region.kind
    if k == "checkbox":
        return "check box, ticked" if region.checked else "check box, empty"
    if k == "classification":
        return f"classification marking: {region.text}" + (", struck through" if region.struck else "")
    return f"{LABELS[k]}: {region.text}" if region.text else LABELS[k]


def _color(kind: str) -> QColor:
    if kind == "redaction":
        return QColor("#000000")
    return QColor(STYLES[STYLE_OF.get(kind, kind)].color)


def _swatch(color: QColor) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(color)
    return QIcon(pixmap)


class AnalysisFeature(QObject):
    recognised = Signal(object)    # (reel, FrameOcr), from a job's thread

    def __init__(self, window):
        super().__init__(window)
        self.recognised.connect(self._show_recognised)
        self.window = window
        self._pools = LazyPool(workers=1, warm_modules=("analysis.runner",), niceness=NICENESS)
        self.results: dict[int, object] = {}   # frame -> FrameAnalysis, of the reel on screen
        self.links: list = []                  # the frame on screen: analysis.join.Link
        overlays = window.facsimile.overlays
        for kind in KINDS + (UNCONFIRMED,):
            overlays.styles[kind] = OverlayStyle(_color(kind), fill_alpha={"redaction": 60, UNCONFIRMED: 0}.get(kind, 25),
                                                 dashed=kind in ("insertion", UNCONFIRMED))
        menu = window.menus["View"].addMenu("Marks on the &Scan")
        self.toggles = {}
        for kind in KINDS + (UNCONFIRMED,):
            if kind == UNCONFIRMED:
                menu.addSeparator()
            action = QAction(_swatch(_color(kind)), NAMES[kind], window, checkable=True, checked=True)
            action.setObjectName(f"show_{kind}")
            action.toggled.connect(lambda on, kind=kind: overlays.set_kind_visible(kind, on))
            menu.addAction(action)
            self.toggles[kind] = action
        self.legend = MarksLegend(window.facsimile, self.toggles)
        whole = QAction("&Find Marks on the Whole Reel", window)
        whole.setObjectName("analyze_reel")
        whole.triggered.connect(self.analyze_reel)
        window.menus["Tools"].addSeparator()
        window.menus["Tools"].addAction(whole)
        window.actions["analyze_reel"] = whole
        self._later = QTimer(self, singleShot=True, interval=400)
        self._later.timeout.connect(self.analyze_shown)
        window.facsimile.frameShown.connect(lambda _: self._later.start())
        window.session.reelChanged.connect(self._reel_changed)
        window.session.frameChanged.connect(lambda _: self._set_links([]))
        self._rejoin_later = QTimer(self, singleShot=True, interval=500)   # typing pauses first
        self._rejoin_later.timeout.connect(self._rejoin)
        window.session.transcriptChanged.connect(
            lambda f: f in (0, window.session.frame) and self._rejoin_later.start())
        window.transcript.editor.cursorPositionChanged.connect(self._cursor_moved)
        # new OCR words of the frame on screen (the background OCR's, say) find more marks
        window.features["ocr"].frameRecognised.connect(lambda _: self._later.start())
        overlays.boxClicked.connect(self._clicked)
        close_with(window, self._pools)   # a half-analysed frame is worth nothing

    def pool(self) -> ProcessPool:
        return self._pools.get()

    def analyze_shown(self):
        """The frame on screen; a transcribed frame is recognised first (if it was not),
        since both the detector and the join need its words."""
        return self._run([self.window.session.frame], "Finding marks", recognise=True)

    def analyze_reel(self):
        return self._run(list(range(1, self.window.session.count + 1)), "Finding marks on the reel")

    def _run(self, frames, name, recognise=False):
        w = self.window
        if not w.session.reel:
            return None
        reel, lib, password = w.session.reel, w.library, w.session.password
        cache = lib if lib is not None and not lib.readonly else None
        transcribed = recognise and cache is not None and any(w.session.frame_text(n).strip() for n in frames)

        def job(ctx):
            if transcribed:   # as the OCR feature's own runs do: searchable, and linked on screen
                run_ocr(reel, frames, OcrSettings(), cache=cache, pool=self.pool(), password=password,
                        cancelled=ctx.cancelled, on_frame=lambda ocr: self._recognised_now(reel, ocr, cache))
            return reel, run_analysis(reel, frames, cache=cache, pool=self.pool(), password=password,
                                      progress=ctx.progress)

        def failed(exc):
            if reel is w.session.reel:    # not a reel closed under the job
                w.status.showMessage(f"Finding marks failed: {user_message(exc)}", 8000)

        return w.runner.run(name, job, on_done=self._found, on_error=failed)

    def _recognised_now(self, reel, ocr, library) -> None:
        """On the job's thread: a frame recognised on the way to finding its marks."""
        library.index_ocr_text(reel.fingerprint, ocr.index, ocr.text())
        self.recognised.emit((reel, ocr))

    def _show_recognised(self, reel_ocr) -> None:
        reel, ocr = reel_ocr
        feature = self.window.features.get("ocr")
        if reel is self.window.session.reel and feature is not None:
            feature.show_recognised(ocr)

    def _reel_changed(self) -> None:
        self.results = {}
        self._set_links([])

    def _found(self, result) -> None:
        reel, results = result
        if reel is not self.window.session.reel:
            return
        self.results.update(results)
        if self.window.session.frame in results:
            self._rejoin()

    # -- the join with the transcript --------------------------------------------------
    def _rejoin(self) -> None:
        """Join the frame's marks to its transcript, off the GUI thread (it aligns the
        transcript to the frame's OCR words)."""
        w = self.window
        frame = w.session.frame
        found = self.results.get(frame)
        if found is None:
            return
        reel, lib = w.session.reel, w.library
        # a reel-wide transcript without frame markers is not this frame's: show marks only
        text = w.session.frame_text(frame) if w.session.stored_frame(frame) else ""

        def job(ctx):
            hit = lib.get_cached(OCR_KIND, reel.frame_digest(frame), OcrSettings().key()) if lib else None
            return reel, frame, text, join(found.regions, text, FrameOcr.from_json(hit) if hit else None)

        w.runner.run("Matching marks to the transcript", job, cancellable=False, on_done=self._joined,
                     on_error=lambda exc: None)   # a reel closed meanwhile: nothing to show

    def _joined(self, result) -> None:
        reel, frame, text, links = result
        w = self.window
        if reel is w.session.reel and frame == w.session.frame:
            self._set_links(links)
            if w.transcript.editor.toPlainText() == text:   # else a re-join is due: typing goes on
                w.transcript.editor.set_queries([(k.mark.start, k.mark.end, k.describe()) for k in links if k.queried])

    def _set_links(self, links: list) -> None:
        self.links = links
        boxes = []
        for link in links:
            if link.region is not None:
                tip = describe(link.region) + (f" — {link.describe()}" if link.mark or link.located else "")
                boxes.append(Box(link.region.kind, tuple(link.region.bbox), tip, payload=link))
            elif link.mark.bbox:
                boxes.append(Box(UNCONFIRMED, tuple(link.mark.bbox),
                                 f"{link.mark.text or link.mark.kind}: {link.describe()}", payload=link))
        self.window.facsimile.overlays.set_boxes(LAYER, boxes)
        self.window.facsimile.overlays.outline(None)
        counts: dict[str, int] = {}
        for b in boxes:
            counts[b.kind] = counts.get(b.kind, 0) + 1
        self.legend.show_counts(counts)

    def link_at(self, position: int):
        """The joined mark whose markup holds POSITION of the frame's text."""
        return next((k for k in self.links if k.mark and k.region and k.mark.start <= position < k.mark.end), None)

    def _cursor_moved(self) -> None:
        pane = self.window.transcript
        if pane.is_reading or not self.links:
            return
        # a selection (a panel's jump to a span) counts from its start
        link = self.link_at(from_qt(pane.editor.toPlainText(), pane.editor.textCursor().selectionStart()))
        if link is not None:     # after the OCR's word outline: the mark is the larger thing
            self.window.facsimile.overlays.outline(tuple(link.region.bbox))
            self.window.facsimile.scroll_to_box(tuple(link.region.bbox))

    def _clicked(self, box: Box) -> None:
        link = box.payload
        if box.kind not in self.toggles or not isinstance(link, Link):   # another feature's box
            return
        span = (link.mark.start, link.mark.end) if link.mark else link.words
        if span is not None:
            self.window.transcript.select_span(*span)
            self.window.facsimile.overlays.outline(box.rect)
        else:
            self.window.status.showMessage(f"{box.tooltip}.", 6000)


def install(window) -> AnalysisFeature:
    return AnalysisFeature(window)
