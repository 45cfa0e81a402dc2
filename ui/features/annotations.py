"""Bookmarks (Ctrl+D), notes on the scan or on transcript text, a frame's transcript
history, and search across the whole library (Ctrl+Shift+F)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QTextDocument
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLineEdit, QListWidget, QListWidgetItem,
                               QMessageBox, QVBoxLayout)

from viewer.tools import BoxTool, PanTool

from ..panels.annotations import BookmarksPanel, NotesPanel


def _action(window, name, text, slot, keys=(), menu="Edit"):
    action = QAction(text, window)
    action.setObjectName(name)
    action.setShortcuts([QKeySequence(k) if isinstance(k, str) else k for k in keys])
    action.triggered.connect(slot)
    window.addAction(action)
    window.actions[name] = action
    window.menus[menu].addAction(action)
    return action


class SearchDialog(QDialog):
    """Search every reel of the library; a hit opens its reel at its frame."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.setWindowTitle("Search the Library")
        self.resize(640, 420)
        self.query = QLineEdit()
        self.query.setPlaceholderText("Words to find in every reel: transcripts, notes, bookmarks, OCR text")
        self.query.setAccessibleName("Search the library for")
        self.results = QListWidget()
        self.results.setAccessibleName("Search results")
        self.results.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.results)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.query.returnPressed.connect(self.search)
        self.results.itemActivated.connect(self.open_hit)
        self.results.itemClicked.connect(self.open_hit)
        self.hits = []

    def search(self):
        lib, q = self.window.library, self.query.text()
        if lib is None or not q.strip():
            return None
        return self.window.runner.run("Searching", lambda ctx: lib.search(q), cancellable=False, on_done=self.show_hits)

    def show_hits(self, hits) -> None:
        self.hits = hits
        self.results.clear()
        for hit in hits:
            item = QListWidgetItem(f"{hit.reel} · frame {hit.frame} · {hit.kind}\n{hit.snippet}")
            item.setData(Qt.ItemDataRole.UserRole, hit)
            self.results.addItem(item)
        if not hits:
            self.results.addItem("No hits.")

    def open_hit(self, item) -> None:
        hit = item.data(Qt.ItemDataRole.UserRole)
        if hit is None:
            return
        w = self.window
        words = hit.snippet.split("[", 1)[-1].split("]", 1)[0] if "[" in hit.snippet else self.query.text()
        if w.session.reel is not None and w.session.reel.fingerprint == hit.fingerprint:
            w.session.go_to(hit.frame)
            select_words(w, words)
            return
        paths = [p for r in w.library.reels() if r["fingerprint"] == hit.fingerprint for p in r["paths"]
                 if Path(p).exists()]
        if not paths:
            QMessageBox.information(self, "Reel Not Found", f"{hit.reel} is not at any place it was opened "
                                    "from. Open it (File > Open) and the hit is there.")
            return
        w.reelOpened.connect(self._select_after_open)
        self._pending = words
        w.open_path(Path(paths[0]), None, hit.frame)

    def _select_after_open(self, _path) -> None:
        self.window.reelOpened.disconnect(self._select_after_open)
        select_words(self.window, self._pending)


def select_words(window, words: str) -> None:
    editor = window.transcript.editor
    cursor = editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.Start)
    editor.setTextCursor(cursor)
    editor.find(words, QTextDocument.FindFlag(0))


class AnnotationsFeature:
    def __init__(self, window):
        self.window = window
        self.bookmarks = next(p for p in window.side_panels if isinstance(p, BookmarksPanel))
        self.notes = next(p for p in window.side_panels if isinstance(p, NotesPanel))
        self.box_tool = BoxTool(window.facsimile)
        self.box_tool.drawn.connect(self._box_drawn)
        window.menus["Edit"].addSeparator()
        _action(window, "add_bookmark", "Add &Bookmark…", lambda: self.bookmarks.add(), ("Ctrl+D",), "Go")
        _action(window, "add_note_box", "Add &Note on the Scan", self.draw_note, ("Ctrl+M",))
        _action(window, "add_note_text", "Add Note to Selected &Text", self.note_on_selection, ("Ctrl+Shift+M",))
        _action(window, "history", "Transcript &History…", self.history, ("Ctrl+H",))
        _action(window, "search_library", "&Search the Library…", self.search, ("Ctrl+Shift+F",))
        self.dialog = SearchDialog(window)

    def draw_note(self) -> None:
        if self.notes.usable():
            self.window.facsimile.set_tool(self.box_tool)
            self.window.status.showMessage("Drag a box round what the note is about.", 8000)

    def _box_drawn(self, x0, y0, x1, y1) -> None:
        self.window.facsimile.set_tool(PanTool(self.window.facsimile))
        self.notes.ask_and_add({"rect": [round(x0), round(y0), round(x1), round(y1)]})

    def note_on_selection(self) -> None:
        cursor = self.window.transcript.editor.textCursor()
        if cursor.hasSelection():
            self.notes.ask_and_add({"range": [cursor.selectionStart(), cursor.selectionEnd()]})

    def history(self) -> None:
        w = self.window
        if w.library is None or w.session.reel is None:
            return
        frame = w.session.stored_frame(w.session.frame)
        revisions = w.library.revisions(w.session.reel.fingerprint, frame)
        if not revisions:
            QMessageBox.information(w, "Transcript History", "This frame's transcript has no saved revisions yet.")
            return
        labels = [f"{dt.datetime.fromtimestamp(r.saved_at):%Y-%m-%d %H:%M:%S} — {r.text[:60]!r}" for r in revisions]
        from PySide6.QtWidgets import QInputDialog
        choice, ok = QInputDialog.getItem(w, "Transcript History", "Restore this revision:", labels, 0, False)
        if ok:
            self.restore(revisions[labels.index(choice)])

    def restore(self, revision) -> None:
        """As an edit: undoable, saved as a new revision, nothing lost."""
        self.window.edits.edit_transcript(self.window.session.frame, revision.text)

    def search(self) -> None:
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.query.setFocus()


def install(window) -> AnnotationsFeature:
    return AnnotationsFeature(window)
