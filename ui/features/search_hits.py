"""Search hits outlined on the facsimile: while a find is active (the find bar's text, or
a library search hit opened at its frame) every occurrence of the query on the frame on
screen is outlined in amber, the current one more strongly.

The boxes come from the frame's OCR words and from the transcript's alignment to them
(ocr/hits.py), as the OCR feature (ui/features/ocr.py) holds them for the frame on screen;
a frame without OCR gets no boxes (nothing is recognised just for this), only a word in
the status bar. They follow the frame, the query, the Match case box, edits of the
transcript and OCR arriving; closing the find bar clears them.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QColor, QTextCursor

from ocr.hits import Hit, hit_boxes
from viewer.overlays import Box, OverlayStyle

from ..transcript_pane import from_qt, to_qt

LAYER = "search"
HIT, CURRENT = "search_hit", "search_hit_current"
AMBER = QColor(255, 176, 0)
NO_OCR = "This frame has no OCR yet: run OCR (Tools › Recognise This Frame) to see hits on the scan."


class SearchHits(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.bar = window.features["find"]
        self.ocr = window.features["ocr"]
        self.hits: list[Hit] = []
        self.current = -1                 # index in hits; -1: none
        self._key = None                  # what the hits were found from
        self._library_query: str | None = None   # the field holds a library search's words
        overlays = window.facsimile.overlays
        overlays.styles[HIT] = OverlayStyle(AMBER, fill_alpha=45, width=2.0)
        overlays.styles[CURRENT] = OverlayStyle(AMBER, fill_alpha=90, width=4.0)
        overlays.boxClicked.connect(self._box_clicked)
        self.bar.scan_hits = self._step
        self.bar.installEventFilter(self)          # shown: find; hidden: clear
        self.bar.field.textChanged.connect(self._query_edited)
        self.bar.case.toggled.connect(lambda _: self.refresh())
        self.bar.closed.connect(self.clear)
        window.transcript.editor.selectionChanged.connect(self._selection_moved)
        s = window.session
        s.frameChanged.connect(self._frame_changed)
        s.transcriptChanged.connect(lambda f: (f in (0, s.frame)) and self._later.start())
        self._later = QTimer(self, singleShot=True, interval=150)
        self._later.timeout.connect(self.refresh)
        # The OCR of the frame on screen, and its alignment, arrive from background tasks.
        window.runner.started.connect(lambda task: task.ended.connect(self.refresh))
        self._hint = QTimer(self, singleShot=True, interval=1500)   # after the OCR had time to load
        self._hint.timeout.connect(self._hint_no_ocr)
        dialog = getattr(window.features.get("annotations"), "dialog", None)
        if dialog is not None:   # connected after the dialog's own open_hit: runs after it
            dialog.results.itemActivated.connect(self._library_hit_opened)
            dialog.results.itemClicked.connect(self._library_hit_opened)

    # -- what is searched for ----------------------------------------------------------
    def query(self) -> str:
        return self.bar.field.text().strip() if self.bar.isVisible() else ""

    def eventFilter(self, obj, event) -> bool:
        if obj is self.bar and event.type() == QEvent.Type.Show:
            QTimer.singleShot(0, self.refresh)
        elif obj is self.bar and event.type() == QEvent.Type.Hide:
            self.clear()
        return False

    def _query_edited(self, text: str) -> None:
        if text != self._library_query:
            self._library_query = None           # typed: the find bar's own phrase search
        self.refresh()

    def _library_hit_opened(self, item) -> None:
        """A hit of Edit › Search the Library opened at its frame: its words go to the find
        bar (which stays quiet: the dialog has selected the hit already) and are outlined."""
        hit = item.data(Qt.ItemDataRole.UserRole)
        if hit is None:
            return
        words = " ".join(w.rstrip("*") or w for w in self.window.features["annotations"].dialog.query.text().split())
        if not words:
            return
        self._library_query = words
        field = self.bar.field
        field.blockSignals(True)               # no find of its own: it would move the selection
        field.setText(words)
        field.blockSignals(False)
        self.bar.status.setText("")
        self.bar.show()
        self._key = None
        self.refresh()

    # -- finding the boxes -------------------------------------------------------------
    def refresh(self) -> None:
        """Find the hits on the frame on screen again if anything they depend on changed."""
        w, query = self.window, self.query()
        ocr = self.ocr._ocr if self.ocr._ocr is not None and self.ocr._ocr.index == w.session.frame else None
        if not query or w.session.reel is None:
            self.clear()
            return
        text = w.session.frame_text(w.session.frame)
        aligned = self.ocr._aligned
        key = (query, self.bar.case.isChecked(), self._library_query is not None, w.session.frame,
               id(ocr), id(aligned), len(aligned), text)
        if key == self._key:
            return
        first = not self.hits
        self._key = key
        if ocr is None:
            self.hits, self.current = [], -1
            self._hint.start()
        else:
            self.hits = hit_boxes(query, ocr.words, text=text, aligned=aligned,
                                  case=self.bar.case.isChecked(), phrase=self._library_query is None)
            self.current = self._at_selection()
            if self.current < 0 and self.hits:
                self.current = 0
        self._draw()
        if first and self.hits:
            self._show_current()

    def clear(self) -> None:
        self.hits, self.current, self._key = [], -1, None
        self._library_query = None
        self._hint.stop()
        self.window.facsimile.overlays.clear(LAYER)

    def _frame_changed(self, _frame: int) -> None:
        # the facsimile has dropped every box of the old frame; the OCR of this one follows
        self.hits, self.current, self._key = [], -1, None
        self.refresh()

    def _hint_no_ocr(self) -> None:
        if self.query() and self._key is not None and not self.hits and self.ocr._ocr is None:
            self.window.status.showMessage(NO_OCR, 8000)

    # -- the current hit ---------------------------------------------------------------
    def _at_selection(self) -> int:
        """The hit the transcript's selection (the find bar's current match) is on."""
        cursor = self.window.transcript.editor.textCursor()
        if not cursor.hasSelection():
            return -1
        text = self.window.transcript.editor.toPlainText()
        s, e = from_qt(text, cursor.selectionStart()), from_qt(text, cursor.selectionEnd())
        for i, hit in enumerate(self.hits):
            if hit.src and hit.src[0] < e and hit.src[1] > s:
                return i
        return -1

    def _selection_moved(self) -> None:
        if not self.hits:
            return
        i = self._at_selection()
        if i >= 0 and i != self.current:
            self.current = i
            self._draw()

    def _step(self, backward: bool, step: bool) -> int:
        """The find bar found nothing in the transcript: go through the scan's hits."""
        self.refresh()
        if self.hits and step:
            self.current = (self.current + (-1 if backward else 1)) % len(self.hits)
            self._draw()
            self._show_current()
        return len(self.hits)

    def _show_current(self) -> None:
        if 0 <= self.current < len(self.hits):
            self.window.facsimile.scroll_to_box(self.hits[self.current].boxes[0])

    def _box_clicked(self, box: Box) -> None:
        """A hit clicked on the scan becomes the current one (selected in the transcript, if there)."""
        if box.kind not in (HIT, CURRENT) or not isinstance(box.payload, int):
            return
        if box.payload >= len(self.hits):
            return
        self.current = box.payload
        hit = self.hits[self.current]
        self._draw()
        if hit.src:
            editor = self.window.transcript.editor
            text = editor.toPlainText()
            cursor = editor.textCursor()
            cursor.setPosition(to_qt(text, hit.src[0]))
            cursor.setPosition(to_qt(text, hit.src[1]), QTextCursor.MoveMode.KeepAnchor)
            editor.setTextCursor(cursor)

    # -- drawing -----------------------------------------------------------------------
    def _draw(self) -> None:
        n = len(self.hits)
        boxes = []
        for i, hit in enumerate(self.hits):
            kind = CURRENT if i == self.current else HIT
            tip = f"Search hit {i + 1} of {n}: “{self.query()}”"
            if hit.src is None:
                tip += " (read on the scan; not in the transcript)"
            elif not hit.exact:
                tip += " (placed by the transcript; OCR did not read it here)"
            boxes += [Box(kind, tuple(r), tip, payload=i) for r in hit.boxes]
        boxes.sort(key=lambda b: b.kind == CURRENT)   # the current one drawn on top
        self.window.facsimile.overlays.set_boxes(LAYER, boxes)


def install(window) -> SearchHits:
    return SearchHits(window)
